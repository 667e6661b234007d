//! The checks of an update before sending: structural, and against the subscribed SKUs.

mod common;

use common::{CUSTOMER, E3, EMS, MINECRAFT, USER};
use partner_center_licenses::endpoint::{UpdateLicenses, check_update_against_skus};
use partner_center_licenses::model::{LicenseAssignment, LicenseUpdate, SubscribedSku};
use partner_center_licenses::*;

fn assignment(sku: &str) -> LicenseAssignment {
    LicenseAssignment {
        sku_id: SkuId::parse(sku).unwrap(),
        excluded_plans: None,
    }
}

#[test]
fn structural_checks_before_sending() {
    let c = CustomerId::parse(CUSTOMER).unwrap();
    let u = UserId::parse(USER).unwrap();
    let make = |assign: Vec<LicenseAssignment>, remove: Vec<&str>| {
        UpdateLicenses::new(
            c,
            u.clone(),
            LicenseUpdate {
                licenses_to_assign: Some(assign),
                licenses_to_remove: Some(remove.iter().map(|s| SkuId::parse(s).unwrap()).collect()),
                ..Default::default()
            },
        )
    };
    let e = make(vec![], vec![]).unwrap_err();
    assert_eq!(e.field, "update");
    let e = make(vec![assignment(E3), assignment(E3)], vec![]).unwrap_err();
    assert_eq!(e.field, "assign[1].skuId");
    assert!(e.message.contains("twice"));
    let e = make(vec![assignment(E3)], vec![E3]).unwrap_err();
    assert!(e.message.contains("both assigned and removed"), "{e}");
    let e = make(vec![], vec![EMS, EMS]).unwrap_err();
    assert_eq!(e.field, "remove[1]");
    assert!(make(vec![assignment(E3)], vec![EMS]).is_ok());
}

fn sku(id: &str, group: &str, plans: &[&str]) -> SubscribedSku {
    let plans: Vec<serde_json::Value> = plans
        .iter()
        .map(|p| serde_json::json!({ "id": p, "serviceName": "S", "displayName": "P" }))
        .collect();
    serde_json::from_value(serde_json::json!({
        "availableUnits": 1, "totalUnits": 1, "activeUnits": 1,
        "productSku": { "id": id, "name": "n", "skuPartNumber": "p", "licenseGroupId": group },
        "servicePlans": plans
    }))
    .unwrap()
}

#[test]
fn checks_against_subscribed_skus() {
    const PLAN: &str = "bea4c11e-220a-4e6d-8eb8-8ea15d019f90";
    let skus = vec![
        sku(E3, "group1", &[PLAN]),
        sku(EMS, "group1", &[]),
        sku(MINECRAFT, "group2", &[]),
    ];
    let up = |assign: Vec<LicenseAssignment>, remove: Vec<&str>| LicenseUpdate {
        licenses_to_assign: Some(assign),
        licenses_to_remove: Some(remove.iter().map(|s| SkuId::parse(s).unwrap()).collect()),
        ..Default::default()
    };
    assert_eq!(
        check_update_against_skus(&up(vec![assignment(E3)], vec![EMS]), &skus).unwrap(),
        LicenseGroup::Group1
    );
    assert_eq!(
        check_update_against_skus(&up(vec![assignment(MINECRAFT)], vec![]), &skus).unwrap(),
        LicenseGroup::Group2
    );
    let mixed =
        check_update_against_skus(&up(vec![assignment(E3)], vec![MINECRAFT]), &skus).unwrap_err();
    assert_eq!(mixed.field, "remove[0]");
    assert!(mixed.message.contains("one license group"), "{mixed}");
    let unknown = check_update_against_skus(
        &up(
            vec![assignment("4b9405b0-7788-4568-add1-99614e613b69")],
            vec![],
        ),
        &skus,
    )
    .unwrap_err();
    assert!(unknown.message.contains("not subscribed"));
    let mut a = assignment(E3);
    a.excluded_plans = Some(vec![
        PlanId::parse(PLAN).unwrap(),
        PlanId::parse(EMS).unwrap(),
    ]);
    let plan = check_update_against_skus(&up(vec![a], vec![]), &skus).unwrap_err();
    assert_eq!(plan.field, "assign[0].excludedPlans[1]");
}
