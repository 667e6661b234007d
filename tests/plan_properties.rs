//! Property tests of the bulk planner: random catalogs of units, random current and desired
//! licenses, and what must hold for every plan.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::catalog::{PLANS, SKUS, catalog, excluded_set, license, user_id};
use common::{plan_id, sku_id};
use std::collections::{BTreeMap, BTreeSet};

use partner_center_licenses::endpoint::{check_update, check_update_against_skus};
use partner_center_licenses::model::{License, SubscribedSku};
use partner_center_licenses::plan::{
    Current, Desired, DesiredInput, DesiredLicense, DesiredLicenseInput, Held, Outcome, Phase,
    Plan, PlannedUpdate, Problem, ReportBuilder, apply, held, plan, resolve,
};
use partner_center_licenses::{LicenseGroup, PlanId, SkuId, UserId};
use proptest::prelude::*;

/// Per SKU: not held/wanted (None) or held/wanted with this mask of excluded plans.
type Slots = [Option<u8>; SKUS];

#[derive(Clone, Debug)]
struct Case {
    available: Vec<i64>,
    /// Per user: current slots and, when the user is in the desired set, desired slots.
    users: Vec<(Slots, Option<Slots>)>,
}

impl Case {
    fn skus(&self) -> Vec<SubscribedSku> {
        catalog(&self.available)
    }
    fn current(&self) -> Current {
        self.users
            .iter()
            .enumerate()
            .map(|(i, (cur, _))| {
                let lics = cur
                    .iter()
                    .enumerate()
                    .filter_map(|(s, m)| m.map(|m| license(s, m)))
                    .collect();
                (user_id(i), lics)
            })
            .collect()
    }
    fn desired(&self) -> Desired {
        self.users
            .iter()
            .enumerate()
            .filter_map(|(i, (_, want))| {
                let want = want.as_ref()?;
                let lics = want
                    .iter()
                    .enumerate()
                    .filter_map(|(s, m)| {
                        m.map(|m| DesiredLicense {
                            sku_id: sku_id(s),
                            excluded_plans: excluded_set(s, m),
                        })
                    })
                    .collect();
                Some((user_id(i), lics))
            })
            .collect()
    }
}

fn slots() -> impl Strategy<Value = Slots> {
    // Mostly few licenses, so "unchanged" and "only excluded plans differ" both come up.
    prop::array::uniform5(prop::option::weighted(0.4, 0u8..(1 << PLANS)))
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(-1i64..6, SKUS),
        prop::collection::vec(
            (slots(), prop::option::weighted(0.8, slots())).prop_flat_map(|(cur, want)| {
                // A third of the desired users want exactly what they hold.
                (Just(cur), Just(want), any::<u8>()).prop_map(|(cur, want, r)| {
                    let want = want.map(|w| if r % 3 == 0 { cur } else { w });
                    (cur, want)
                })
            }),
            0..12,
        ),
    )
        .prop_map(|(available, users)| Case { available, users })
}

/// SKU → excluded plans, as sets (computed here, independently of the planner's own helpers).
type Map = BTreeMap<SkuId, BTreeSet<PlanId>>;

fn want_of(d: &[DesiredLicense]) -> Map {
    d.iter()
        .map(|l| (l.sku_id, l.excluded_plans.iter().copied().collect()))
        .collect()
}

/// `plan::held`, as sets.
fn held_map(licenses: &[License], skus: &[SubscribedSku]) -> Map {
    let h: Held = held(licenses, skus);
    h.into_iter()
        .map(|(s, p)| (s, p.into_iter().collect()))
        .collect()
}

/// The outcome of sending updates one by one to a service that refuses an update
/// whole when one of its new SKUs has no unit left. Returns the refused updates.
fn simulate<'a>(
    skus: &[SubscribedSku],
    order: impl IntoIterator<Item = &'a PlannedUpdate>,
) -> Vec<&'a PlannedUpdate> {
    let mut units: BTreeMap<SkuId, i64> = skus
        .iter()
        .map(|s| (s.product_sku.id, s.available_units))
        .collect();
    let mut refused = vec![];
    for u in order {
        if u.acquires.iter().any(|s| units[s] < 1) {
            refused.push(u);
            continue;
        }
        for s in &u.acquires {
            *units.get_mut(s).unwrap() -= 1;
        }
        for s in u.releases() {
            *units.get_mut(s).unwrap() += 1;
        }
    }
    refused
}

fn quota_problems(p: &Plan) -> BTreeMap<SkuId, (u64, u64, i64)> {
    p.problems
        .iter()
        .filter_map(|pr| match pr {
            Problem::NotEnoughUnits {
                sku,
                needed,
                freed,
                available,
            } => Some((*sku, (*needed, *freed, *available))),
            _ => None,
        })
        .collect()
}

proptest! {
    /// Applying the plan yields the desired state; users not in `desired` are untouched;
    /// planning again from there changes nothing.
    #[test]
    fn applying_the_plan_reaches_the_desired_state(c in case()) {
        let (skus, current, desired) = (c.skus(), c.current(), c.desired());
        let p = plan(&desired, &current, &skus);
        let next = apply(&p.updates, &current, &skus);
        for (user, want) in &desired {
            let got = held_map(next.get(user).map_or(&[], Vec::as_slice), &skus);
            prop_assert_eq!(got, want_of(want), "user {}", user);
        }
        for (user, lics) in &current {
            if !desired.contains_key(user) {
                prop_assert_eq!(&next[user], lics);
            }
        }
        let again = plan(&desired, &next, &skus);
        prop_assert!(again.updates.is_empty(), "{:?}", again.updates);
        prop_assert_eq!(again.unchanged.len(), desired.len());
    }

    /// Users already right get no request and are listed unchanged; every other desired user
    /// gets at least one; each request is one of a kind per user and group, passes the
    /// core's checks, stays in its group, and names only SKUs that differ.
    #[test]
    fn requests_are_minimal_and_never_mix_groups(c in case()) {
        let (skus, current, desired) = (c.skus(), c.current(), c.desired());
        let p = plan(&desired, &current, &skus);
        let only_units = p.problems.iter().all(|pr| matches!(pr, Problem::NotEnoughUnits { .. }));
        prop_assert!(only_units, "{:?}", p.problems);
        let mut seen = BTreeSet::new();
        for u in &p.updates {
            prop_assert!(seen.insert((u.user.clone(), u.group)), "two requests for {} {}", u.user, u.group);
            prop_assert!(check_update(&u.update).is_ok());
            prop_assert_eq!(check_update_against_skus(&u.update, &skus), Ok(u.group));
            let have = held_map(current.get(&u.user).map_or(&[], Vec::as_slice), &skus);
            let want = want_of(&desired[&u.user]);
            for a in u.update.assignments() {
                let ex: BTreeSet<PlanId> = a.excluded_plans.iter().flatten().copied().collect();
                prop_assert_eq!(Some(&ex), want.get(&a.sku_id));
                prop_assert_ne!(have.get(&a.sku_id), Some(&ex), "assigns {} unchanged", a.sku_id);
                prop_assert_eq!(u.acquires.contains(&a.sku_id), !have.contains_key(&a.sku_id));
            }
            for r in u.releases() {
                prop_assert!(have.contains_key(r) && !want.contains_key(r));
            }
            prop_assert_eq!(u.phase == Phase::Free, u.acquires.is_empty());
        }
        for (user, want) in &desired {
            let have = held_map(current.get(user).map_or(&[], Vec::as_slice), &skus);
            let right = have == want_of(want);
            prop_assert_eq!(p.unchanged.contains(user), right);
            prop_assert_eq!(p.updates.iter().any(|u| &u.user == user), !right);
        }
        // Deterministic order: sorted by user, then group.
        let keys: Vec<_> = p.updates.iter().map(|u| (u.user.clone(), u.group)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        prop_assert_eq!(keys, sorted);
    }

    /// A unit problem is reported for a SKU exactly when some order of sending (every Free
    /// update first, Assign updates in any order) would find no unit left.
    #[test]
    fn unit_problems_are_reported_exactly_when_units_run_out(c in case(), seed in any::<u64>()) {
        let (skus, current, desired) = (c.skus(), c.current(), c.desired());
        let p = plan(&desired, &current, &skus);
        let problems = quota_problems(&p);
        let free: Vec<&PlannedUpdate> = p.phase(Phase::Free).collect();
        let mut assign: Vec<&PlannedUpdate> = p.phase(Phase::Assign).collect();
        // The counts are the plan's own.
        for (sku, (needed, freed, available)) in &problems {
            let n = assign.iter().filter(|u| u.acquires.contains(sku)).count() as u64;
            let f = free.iter().filter(|u| u.releases().contains(sku)).count() as u64;
            prop_assert_eq!((*needed, *freed), (n, f));
            prop_assert!(i128::from(*needed) > i128::from(*available) + i128::from(*freed));
        }
        if problems.is_empty() {
            // Any order: shuffle the Assign phase with the seed.
            let mut s = seed;
            for i in (1..assign.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                assign.swap(i, (s >> 33) as usize % (i + 1));
            }
            let refused = simulate(&skus, free.iter().copied().chain(assign.iter().copied()));
            prop_assert!(refused.is_empty(), "refused {:?}", refused);
        } else {
            for sku in problems.keys() {
                // The worst order for this SKU: its new assignments before anything else.
                let (first, rest): (Vec<&PlannedUpdate>, Vec<&PlannedUpdate>) =
                    assign.iter().copied().partition(|u| u.acquires.contains(sku));
                let refused = simulate(
                    &skus,
                    free.iter().copied().chain(first).chain(rest),
                );
                prop_assert!(!refused.is_empty(), "{} reported short but nothing refused", sku);
            }
        }
    }

    /// Written names resolve like ids; a SKU not subscribed or a plan not in its SKU is a
    /// problem for that user only, who is left out of the plan.
    #[test]
    fn resolve_reports_bad_skus_and_plans(c in case(), bad_user in 0usize..12, kind in 0u8..2, by_name in any::<bool>()) {
        let skus = c.skus();
        let desired = c.desired();
        let mut input: DesiredInput = desired
            .iter()
            .map(|(u, lics)| {
                let lics = lics
                    .iter()
                    .map(|l| {
                        let s = skus.iter().position(|s| s.product_sku.id == l.sku_id).unwrap();
                        DesiredLicenseInput {
                            sku_id: if by_name { format!("part_{s}") } else { l.sku_id.to_string() },
                            excluded_plans: Some(
                                l.excluded_plans
                                    .iter()
                                    .map(|p| {
                                        let i = (0..PLANS).find(|&i| plan_id(s, i) == *p).unwrap();
                                        if by_name { format!("Plan_{s}_{i}") } else { p.to_string() }
                                    })
                                    .collect(),
                            ),
                        }
                    })
                    .collect();
                (u.to_string(), lics)
            })
            .collect();
        let bad = user_id(bad_user);
        let bad_in = input.contains_key(&bad.to_string());
        if bad_in {
            let bad_license = if kind == 0 {
                DesiredLicenseInput { sku_id: "NOT_SUBSCRIBED".into(), excluded_plans: None }
            } else {
                DesiredLicenseInput {
                    sku_id: sku_id(4).to_string(),
                    excluded_plans: Some(vec![plan_id(0, 0).to_string()]),
                }
            };
            input.insert(bad.to_string(), vec![bad_license]);
        }
        let r = resolve(&input, &skus).unwrap();
        if bad_in {
            prop_assert_eq!(r.problems.len(), 1);
            prop_assert_eq!(r.problems[0].user(), Some(&bad));
            prop_assert!(r.invalid.contains(&bad) && !r.desired.contains_key(&bad));
            let expected_problem = if kind == 0 {
                matches!(r.problems[0], Problem::SkuNotSubscribed { .. })
            } else {
                matches!(r.problems[0], Problem::PlanNotInSku { .. })
            };
            prop_assert!(expected_problem);
        } else {
            prop_assert!(r.problems.is_empty());
        }
        for (u, lics) in &desired {
            if *u != bad || !bad_in {
                let got = want_of(&r.desired[u]);
                prop_assert_eq!(got, want_of(lics));
            }
        }
    }
}

proptest! {
    /// A run where some updates fail: the report counts users and units from what succeeded,
    /// and a second run plans exactly the failed users' updates again (nothing twice).
    #[test]
    fn a_second_run_after_failures_completes_the_rest(c in case(), fail_mask in any::<u64>()) {
        let (skus, current, desired) = (c.skus(), c.current(), c.desired());
        let p = plan(&desired, &current, &skus);
        let mut b = ReportBuilder::<String>::new(false);
        b.planned(p.clone());
        prop_assume!(b.should_apply());
        let mut ok = vec![];
        for i in b.phase(Phase::Free).into_iter().chain(b.phase(Phase::Assign)) {
            if fail_mask & (1 << (i % 64)) != 0 {
                b.applied(i, Err(format!("boom {i}")));
            } else {
                ok.push(p.updates[i].clone());
                b.applied(i, Ok(()));
            }
        }
        let report = b.finish(7);
        prop_assert!(report.applied && !report.dry_run);
        prop_assert_eq!(report.duration_ms, 7);
        let t = &report.totals;
        prop_assert_eq!(t.users as usize, desired.len());
        prop_assert_eq!(t.unchanged + t.updated + t.failed, t.users);
        prop_assert_eq!(t.updates_succeeded as usize, ok.len());
        prop_assert_eq!((t.updates_succeeded + t.updates_failed) as usize, p.updates.len());
        let failed: BTreeSet<&UserId> = report
            .users
            .iter()
            .filter(|u| u.outcome == Outcome::Failed)
            .map(|u| &u.user)
            .collect();
        for r in &report.units {
            let used = ok.iter().filter(|u| u.acquires.contains(&r.sku)).count() as u64;
            let freed = ok.iter().filter(|u| u.releases().contains(&r.sku)).count() as u64;
            prop_assert_eq!((r.used, r.freed), (used, freed));
        }
        let next = apply(&ok, &current, &skus);
        let again = plan(&desired, &next, &skus);
        let again_users: BTreeSet<&UserId> = again.updates.iter().map(|u| &u.user).collect();
        prop_assert_eq!(again_users, failed);
        let failed_before: BTreeSet<(UserId, LicenseGroup)> = p
            .updates
            .iter()
            .enumerate()
            .filter(|(i, _)| fail_mask & (1 << (i % 64)) != 0)
            .map(|(_, u)| (u.user.clone(), u.group))
            .collect();
        let planned_again: BTreeSet<(UserId, LicenseGroup)> =
            again.updates.iter().map(|u| (u.user.clone(), u.group)).collect();
        prop_assert_eq!(planned_again, failed_before);
    }
}
