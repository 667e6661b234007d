//! Desired vs current → the minimal set of license updates, and every problem found first.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use serde::Serialize;

use super::held::{Held, held, plans_of, wanted};
use super::quota::{SkuUnits, check_units};
use super::{Current, Desired};
use crate::id::{LicenseGroup, SkuId, UserId};
use crate::model::{LicenseAssignment, LicenseUpdate, SubscribedSku};

/// When an update may be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    /// The update takes no new unit (it removes licenses and/or changes excluded plans):
    /// sent first, so the units it frees are there for the assignments.
    Free,
    /// The update assigns at least one SKU the user does not hold yet: sent once every
    /// `Free` update has been answered.
    Assign,
}

/// One `licenseupdates` request of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedUpdate {
    /// The user.
    pub user: UserId,
    /// The one license group every SKU of the update belongs to.
    pub group: LicenseGroup,
    /// When it may be sent.
    pub phase: Phase,
    /// The request body.
    pub update: LicenseUpdate,
    /// The SKUs the update assigns anew (each takes a unit); the other assignments only
    /// change excluded plans.
    pub acquires: Vec<SkuId>,
}

impl PlannedUpdate {
    /// The SKUs the update removes (each frees a unit).
    pub fn releases(&self) -> &[SkuId] {
        self.update.removals()
    }
}

/// Something that stops the plan from being applied, found before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    ts(rename = "ReconcileProblem")
)]
#[non_exhaustive]
pub enum Problem {
    /// The user should hold (or holds, and should lose) a SKU the customer does not subscribe to.
    SkuNotSubscribed {
        /// The user.
        user: UserId,
        /// The SKU id or part number, as written (or as held).
        sku: String,
    },
    /// An excluded plan is not one of the SKU's service plans.
    PlanNotInSku {
        /// The user.
        user: UserId,
        /// The SKU.
        sku: SkuId,
        /// The plan id or service name, as written.
        plan: String,
    },
    /// The plan needs more units of a SKU than the customer has, counting the units that
    /// the `Free` phase releases first.
    NotEnoughUnits {
        /// The SKU.
        sku: SkuId,
        /// New assignments of the SKU.
        needed: u64,
        /// Units of the SKU released by `Free` updates, before any assignment.
        freed: u64,
        /// The SKU's `availableUnits` before the run.
        available: i64,
    },
}

impl Problem {
    /// The user concerned, if the problem is about one user.
    pub fn user(&self) -> Option<&UserId> {
        match self {
            Self::SkuNotSubscribed { user, .. } | Self::PlanNotInSku { user, .. } => Some(user),
            Self::NotEnoughUnits { .. } => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SkuNotSubscribed { user, sku } => {
                write!(f, "{user}: SKU {sku} is not subscribed by the customer")
            }
            Self::PlanNotInSku { user, sku, plan } => {
                write!(f, "{user}: service plan {plan} is not part of SKU {sku}")
            }
            Self::NotEnoughUnits {
                sku,
                needed,
                freed,
                available,
            } => write!(
                f,
                "SKU {sku}: {needed} units needed, {freed} freed first, {available} available"
            ),
        }
    }
}

/// The updates to send, the users already right, and the problems found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// One update per user per license group that needs one, sorted by user then group.
    pub updates: Vec<PlannedUpdate>,
    /// Users who already hold exactly what they should, sorted.
    pub unchanged: Vec<UserId>,
    /// Every problem; when there is one, nothing should be sent.
    pub problems: Vec<Problem>,
    /// Per SKU the plan touches: units available, needed and freed.
    pub units: Vec<SkuUnits>,
}

impl Plan {
    /// The updates of one phase, in order.
    pub fn phase(&self, phase: Phase) -> impl Iterator<Item = &PlannedUpdate> {
        self.updates.iter().filter(move |u| u.phase == phase)
    }

    /// The users with at least one update, sorted, each once.
    pub fn changed_users(&self) -> Vec<&UserId> {
        let mut users: Vec<&UserId> = self.updates.iter().map(|u| &u.user).collect();
        users.dedup();
        users
    }
}

/// Plans the updates that make every user of `desired` hold exactly their desired licenses.
///
/// `current` lists the licenses each user holds now; a user absent from it holds nothing.
/// Users absent from `desired` are not touched. For each user and license group: SKUs to
/// assign anew, SKUs held with other excluded plans (assigned again with the new set: one
/// update, no unit taken), and SKUs held but not desired (removed) go in one request.
pub fn plan(desired: &Desired, current: &Current, skus: &[SubscribedSku]) -> Plan {
    let mut out = Plan::default();
    for (user, licenses) in desired {
        let have = held(current.get(user).map_or(&[], Vec::as_slice), skus);
        let want = wanted(licenses);
        let problems = user_problems(user, &want, &have, skus);
        if !problems.is_empty() {
            out.problems.extend(problems);
            continue;
        }
        let updates = user_updates(user, &want, &have, skus);
        if updates.is_empty() {
            out.unchanged.push(user.clone());
        }
        out.updates.extend(updates);
    }
    let (units, quota) = check_units(&out.updates, skus);
    out.units = units;
    out.problems.extend(quota);
    out
}

/// SKUs not subscribed (wanted, or held and to be removed) and plans not in their SKU.
fn user_problems(user: &UserId, want: &Held, have: &Held, skus: &[SubscribedSku]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (sku, excluded) in want {
        let Some(sub) = find(skus, *sku) else {
            problems.push(Problem::SkuNotSubscribed {
                user: user.clone(),
                sku: sku.to_string(),
            });
            continue;
        };
        for plan in excluded {
            if !sub.service_plans.iter().any(|p| p.id == *plan) {
                problems.push(Problem::PlanNotInSku {
                    user: user.clone(),
                    sku: *sku,
                    plan: plan.to_string(),
                });
            }
        }
    }
    for (sku, _) in have {
        if plans_of(want, *sku).is_none() && find(skus, *sku).is_none() {
            problems.push(Problem::SkuNotSubscribed {
                user: user.clone(),
                sku: sku.to_string(),
            });
        }
    }
    problems
}

/// One update per license group where `have` differs from `want`. Every SKU is subscribed.
fn user_updates(
    user: &UserId,
    want: &Held,
    have: &Held,
    skus: &[SubscribedSku],
) -> Vec<PlannedUpdate> {
    #[derive(Default)]
    struct Group {
        assign: Vec<LicenseAssignment>,
        remove: Vec<SkuId>,
        acquires: Vec<SkuId>,
    }
    // Indexed by group: [Group1, Group2].
    let mut groups: [Group; 2] = Default::default();
    let slot = |sku: SkuId| match find(skus, sku).map(|s| s.product_sku.license_group_id) {
        Some(LicenseGroup::Group2) => 1,
        _ => 0,
    };
    for (sku, excluded) in want {
        let held = plans_of(have, *sku);
        if held == Some(excluded) {
            continue;
        }
        let g = &mut groups[slot(*sku)];
        g.assign.push(LicenseAssignment {
            sku_id: *sku,
            excluded_plans: Some(excluded.clone()),
        });
        if held.is_none() {
            g.acquires.push(*sku);
        }
    }
    for (sku, _) in have {
        if plans_of(want, *sku).is_none() {
            groups[slot(*sku)].remove.push(*sku);
        }
    }
    LicenseGroup::ALL
        .into_iter()
        .zip(groups)
        .filter(|(_, g)| !g.assign.is_empty() || !g.remove.is_empty())
        .map(|(group, g)| PlannedUpdate {
            user: user.clone(),
            group,
            phase: if g.acquires.is_empty() {
                Phase::Free
            } else {
                Phase::Assign
            },
            update: LicenseUpdate {
                licenses_to_assign: (!g.assign.is_empty()).then_some(g.assign),
                licenses_to_remove: (!g.remove.is_empty()).then_some(g.remove),
                license_warnings: None,
                attributes: None,
            },
            acquires: g.acquires,
        })
        .collect()
}

/// The subscribed SKU with this id.
fn find(skus: &[SubscribedSku], sku: SkuId) -> Option<&SubscribedSku> {
    skus.iter().find(|s| s.product_sku.id == sku)
}
