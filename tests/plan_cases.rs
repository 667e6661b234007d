//! The bulk planner on hand-written cases: changed excluded plans, both groups, a swap
//! cycle, units freed in the same run, a SKU no longer subscribed, bad input, a dry run.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::catalog::{catalog, excluded_set, license, user_id};
use common::{plan_id, sku_id};

use partner_center_licenses::LicenseGroup;
use partner_center_licenses::plan::{
    Current, Desired, DesiredInput, DesiredLicense, DesiredLicenseInput, Outcome, Phase, Problem,
    ReportBuilder, plan, resolve,
};

#[test]
fn changed_excluded_plans_are_one_update_without_a_unit() {
    let skus = catalog(&[0, 0, 0, 0, 0]);
    let user = user_id(0);
    let current: Current = [(user.clone(), vec![license(0, 0b001)])].into();
    let desired: Desired = [(
        user.clone(),
        vec![DesiredLicense {
            sku_id: sku_id(0),
            excluded_plans: excluded_set(0, 0b110),
        }],
    )]
    .into();
    let p = plan(&desired, &current, &skus);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.updates.len(), 1);
    let u = &p.updates[0];
    assert_eq!(u.phase, Phase::Free);
    assert!(u.acquires.is_empty() && u.releases().is_empty());
    assert_eq!(
        u.update.assignments()[0].excluded_plans,
        Some(vec![plan_id(0, 1), plan_id(0, 2)])
    );
}

#[test]
fn both_groups_make_two_requests() {
    let skus = catalog(&[5, 5, 5, 5, 5]);
    let user = user_id(1);
    let current: Current = [(user.clone(), vec![license(0, 0), license(3, 0)])].into();
    let desired: Desired = [(
        user.clone(),
        vec![
            DesiredLicense {
                sku_id: sku_id(1),
                excluded_plans: vec![],
            },
            DesiredLicense {
                sku_id: sku_id(4),
                excluded_plans: vec![],
            },
        ],
    )]
    .into();
    let p = plan(&desired, &current, &skus);
    let groups: Vec<LicenseGroup> = p.updates.iter().map(|u| u.group).collect();
    assert_eq!(groups, [LicenseGroup::Group1, LicenseGroup::Group2]);
    assert_eq!(p.updates[0].update.removals(), [sku_id(0)]);
    assert_eq!(p.updates[1].acquires, [sku_id(4)]);
}

#[test]
fn a_swap_cycle_with_no_spare_unit_is_reported() {
    // Ada swaps SKU 0 for SKU 1, Bob SKU 1 for SKU 0, no spare units: in one request each,
    // neither can go first, so both SKUs are reported short (freed counts only Free updates).
    let skus = catalog(&[0, 0, 5, 5, 5]);
    let (ada, bob) = (user_id(0), user_id(2));
    let current: Current = [
        (ada.clone(), vec![license(0, 0)]),
        (bob.clone(), vec![license(1, 0)]),
    ]
    .into();
    let want = |s| {
        vec![DesiredLicense {
            sku_id: sku_id(s),
            excluded_plans: vec![],
        }]
    };
    let desired: Desired = [(ada, want(1)), (bob, want(0))].into();
    let p = plan(&desired, &current, &skus);
    assert_eq!(p.problems.len(), 2, "{:?}", p.problems);
    assert_eq!(
        p.problems[0].to_string(),
        format!(
            "SKU {}: 1 units needed, 0 freed first, 0 available",
            sku_id(0)
        )
    );
    assert_eq!(p.units[0].freed_later, 1);
}

#[test]
fn removals_free_units_for_assignments_in_the_same_run() {
    // Carol gives SKU 0 back (Free phase) so Dan can take it though none is available.
    let skus = catalog(&[0, 0, 0, 0, 0]);
    let (carol, dan) = (user_id(0), user_id(1));
    let current: Current = [(carol.clone(), vec![license(0, 0)]), (dan.clone(), vec![])].into();
    let desired: Desired = [
        (carol.clone(), vec![]),
        (
            dan.clone(),
            vec![DesiredLicense {
                sku_id: sku_id(0),
                excluded_plans: vec![],
            }],
        ),
    ]
    .into();
    let p = plan(&desired, &current, &skus);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.phase(Phase::Free).next().unwrap().user, carol);
    assert_eq!(p.phase(Phase::Assign).next().unwrap().user, dan);
}

#[test]
fn a_held_sku_no_longer_subscribed_is_a_problem() {
    let mut skus = catalog(&[5, 5, 5, 5, 5]);
    skus.remove(2);
    let user = user_id(0);
    let current: Current = [(user.clone(), vec![license(2, 0)])].into();
    let desired: Desired = [(user.clone(), vec![])].into();
    let p = plan(&desired, &current, &skus);
    assert_eq!(
        p.problems,
        [Problem::SkuNotSubscribed {
            user,
            sku: sku_id(2).to_string()
        }]
    );
    assert!(p.updates.is_empty() && p.unchanged.is_empty());
}

#[test]
fn resolve_refuses_bad_input() {
    let skus = catalog(&[5, 5, 5, 5, 5]);
    let lic = |s: &str| DesiredLicenseInput {
        sku_id: s.into(),
        excluded_plans: None,
    };
    let cases: Vec<(DesiredInput, &str)> = vec![
        (
            [("not a user".into(), vec![])].into(),
            "user principal name",
        ),
        (
            [
                ("ada@contoso.com".into(), vec![]),
                ("ADA@contoso.com".into(), vec![]),
            ]
            .into(),
            "same user",
        ),
        (
            [(
                "ada@contoso.com".into(),
                vec![lic("PART_0"), lic(&sku_id(0).to_string())],
            )]
            .into(),
            "named twice",
        ),
    ];
    for (input, msg) in cases {
        let e = resolve(&input, &skus).unwrap_err();
        assert!(e.to_string().contains(msg), "{e}");
    }
}

#[test]
fn a_dry_run_reports_what_would_change() {
    let skus = catalog(&[1, 5, 5, 5, 5]);
    let (ada, bob, cy) = (user_id(0), user_id(2), user_id(4));
    let current: Current = [
        (ada.clone(), vec![license(0, 0)]),
        (bob.clone(), vec![license(1, 0b1)]),
    ]
    .into();
    let want = |s, m| DesiredLicense {
        sku_id: sku_id(s),
        excluded_plans: excluded_set(s, m),
    };
    let desired: Desired = [
        (ada.clone(), vec![want(0, 0)]),
        (bob.clone(), vec![want(1, 0), want(3, 0)]),
    ]
    .into();
    let mut b = ReportBuilder::<String>::new(true);
    b.read_failed(cy.clone(), "read failed".into());
    b.invalid(
        [user_id(6)],
        vec![Problem::SkuNotSubscribed {
            user: user_id(6),
            sku: "NOPE".into(),
        }],
    );
    b.planned(plan(&desired, &current, &skus));
    assert!(!b.should_apply());
    let r = b.finish(3);
    let outcomes: Vec<(String, Outcome)> = r
        .users
        .iter()
        .map(|u| (u.user.to_string(), u.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            (ada.to_string(), Outcome::Unchanged),
            (bob.to_string(), Outcome::Planned),
            (cy.to_string(), Outcome::Failed),
            (user_id(6).to_string(), Outcome::Invalid),
        ]
    );
    assert_eq!(r.users[1].assigned, [sku_id(3)]);
    assert_eq!(r.users[1].changed, [sku_id(1)]);
    assert_eq!(r.users[2].error.as_deref(), Some("read failed"));
    assert_eq!(r.problems.len(), 1);
    assert!(!r.applied && r.dry_run);
    assert_eq!(
        (r.totals.users, r.totals.planned, r.totals.updates_planned),
        (4, 1, 2)
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["users"][1]["outcome"], "planned");
    assert_eq!(json["problems"][0]["kind"], "skuNotSubscribed");
    assert_eq!(json["units"][0]["sku"], sku_id(1).to_string());
    assert_eq!(json["units"][0]["needed"], 0);
    assert_eq!(json["units"][1]["partNumber"], "PART_3");
    assert_eq!(json["units"][1]["toFree"], 0);
    assert_eq!(json["units"][1]["needed"], 1);
    assert_eq!(json["totals"]["updatesPlanned"], 2);
}
