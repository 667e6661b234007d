//! The bulk module's JSON (src/plan/wire.rs, no serde) against serde_json on the same values:
//! what it writes is what serde writes for the models, what it reads is what serde reads.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{plan_id, service_plans, sku_id};
use partner_center_licenses::model::{License, ProductSku, SubscribedSku};
use partner_center_licenses::plan::{
    DesiredInput, DesiredLicenseInput, ReconcileOptions, ReportBuilder, desired_from_json,
    desired_json, licenses_from_json, plan, plan_json, report_json, resolve, skus_from_json,
};
use partner_center_licenses::{LicenseGroup, UserId};
use proptest::prelude::*;
use serde_json::{Value, json};

const SKUS: usize = 4;
const PLANS: usize = 3;

fn user(i: usize) -> String {
    if i % 3 == 0 {
        format!("00000000-0000-4000-a000-0000000000{i:02}")
    } else {
        format!("u{i}.o'neil@contoso.com")
    }
}

fn catalog(available: &[i64]) -> Vec<SubscribedSku> {
    available
        .iter()
        .enumerate()
        .map(|(i, &a)| SubscribedSku {
            available_units: a,
            active_units: 7,
            consumed_units: 3,
            suspended_units: 0,
            total_units: 7,
            warning_units: 0,
            product_sku: ProductSku {
                id: sku_id(i),
                name: format!("SKU \"{i}\""),
                sku_part_number: format!("PART_{i}"),
                target_type: Some("User".into()),
                license_group_id: if i < 2 {
                    LicenseGroup::Group1
                } else {
                    LicenseGroup::Group2
                },
            },
            service_plans: service_plans(i, PLANS),
            capability_status: Some("Enabled".into()),
            attributes: None,
        })
        .collect()
}

/// One desired license: a SKU by id, by part number (any case) or unknown; plans by id, by
/// name, or unknown (a problem); `excludedPlans` absent or a list.
fn desired_license() -> impl Strategy<Value = DesiredLicenseInput> {
    (
        0..SKUS + 1,
        0u8..3,
        prop::option::of(prop::collection::vec((0..PLANS + 1, any::<bool>()), 0..3)),
    )
        .prop_map(|(s, how, plans)| DesiredLicenseInput {
            sku_id: match (s == SKUS, how) {
                (true, _) => "NOT_A_SKU".into(),
                (false, 0) => sku_id(s).to_string(),
                (false, 1) => format!("part_{s}"),
                (false, _) => format!(" PART_{s} "),
            },
            excluded_plans: plans.map(|ps| {
                ps.into_iter()
                    .map(|(p, by_id)| match (p == PLANS, by_id) {
                        (true, _) => "NO_SUCH_PLAN".into(),
                        (false, true) => plan_id(s % SKUS, p).to_string(),
                        (false, false) => format!("plan_{}_{p}", s % SKUS),
                    })
                    .collect()
            }),
        })
}

fn desired() -> impl Strategy<Value = DesiredInput> {
    prop::collection::btree_map(
        (0usize..10).prop_map(user),
        prop::collection::vec(desired_license(), 0..3),
        0..8,
    )
}

fn current_of(skus: &[SubscribedSku], masks: &[(usize, usize, u8)]) -> Vec<(UserId, Vec<License>)> {
    masks
        .iter()
        .map(|&(u, s, mask)| {
            let sku = &skus[s % SKUS];
            let lic = License {
                service_plans: sku
                    .service_plans
                    .iter()
                    .enumerate()
                    .filter(|(p, _)| mask & (1 << p) == 0)
                    .map(|(_, p)| p.clone())
                    .collect(),
                product_sku: sku.product_sku.clone(),
                attributes: None,
            };
            (UserId::parse(&user(u)).unwrap(), vec![lic])
        })
        .collect()
}

fn value(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Resolve, plan, random answers, report: the texts equal serde's for the same values.
    #[test]
    fn plan_and_report_are_written_as_serde_writes_them(
        available in prop::collection::vec(-2i64..4, SKUS),
        input in desired(),
        masks in prop::collection::vec((0usize..10, 0..SKUS, 0u8..8), 0..8),
        answers in prop::collection::vec(prop::option::of(0u32..5), 0..30),
        dry_run in any::<bool>(),
        duration in any::<u64>(),
    ) {
        let skus = catalog(&available);
        // What the bulk module reads back of the catalog is what the planner needs.
        let read = skus_from_json(&serde_json::to_string(&skus).unwrap()).unwrap();
        for (a, b) in read.iter().zip(&skus) {
            prop_assert_eq!((a.available_units, &a.product_sku.id, &a.product_sku.sku_part_number, a.product_sku.license_group_id),
                (b.available_units, &b.product_sku.id, &b.product_sku.sku_part_number, b.product_sku.license_group_id));
            let plans = |s: &SubscribedSku| s.service_plans.iter().map(|p| (p.id, p.service_name.clone())).collect::<Vec<_>>();
            prop_assert_eq!(plans(a), plans(b));
        }
        prop_assert_eq!(read.len(), skus.len());
        let Ok(resolved) = resolve(&input, &read) else { return Ok(()) };
        let mut current = partner_center_licenses::plan::Current::new();
        for (u, lics) in current_of(&skus, &masks) {
            let back = licenses_from_json(&serde_json::to_string(&lics).unwrap()).unwrap();
            prop_assert_eq!(back.iter().map(|l| l.product_sku.id).collect::<Vec<_>>(), lics.iter().map(|l| l.product_sku.id).collect::<Vec<_>>());
            current.insert(u, back);
        }
        let mut builder = ReportBuilder::<u32>::new(dry_run);
        builder.invalid(resolved.invalid.clone(), resolved.problems.clone());
        builder.planned(plan(&resolved.desired, &current, &read));
        let updates = builder.plan().updates.clone();
        let p = value(&plan_json(builder.should_apply(), &updates));
        prop_assert_eq!(&p["apply"], &json!(builder.should_apply()));
        let steps = p["updates"].as_array().unwrap();
        prop_assert_eq!(steps.len(), updates.len());
        for (step, u) in steps.iter().zip(&updates) {
            prop_assert_eq!(&step["user"], &serde_json::to_value(&u.user).unwrap());
            prop_assert_eq!(&step["phase"], &serde_json::to_value(u.phase).unwrap());
            let mut want = serde_json::Map::new();
            if !u.update.assignments().is_empty() { want.insert("assign".into(), serde_json::to_value(u.update.assignments()).unwrap()); }
            if !u.update.removals().is_empty() { want.insert("remove".into(), serde_json::to_value(u.update.removals()).unwrap()); }
            prop_assert_eq!(&step["update"], &Value::Object(want));
        }
        for (i, a) in answers.iter().enumerate().take(updates.len()) {
            builder.applied(i, a.map_or(Ok(()), Err));
        }
        let report = builder.finish(duration);
        prop_assert_eq!(value(&report_json(&report)), serde_json::to_value(&report).unwrap());
    }

    /// The desired licenses: written as serde writes them, and read back the same.
    #[test]
    fn desired_licenses_round_trip_as_serde(input in desired(), odd in "[a-z\"\\\\\u{1}é😀 ]{0,8}") {
        let mut input = input;
        input.insert(odd.clone(), vec![DesiredLicenseInput { sku_id: odd.clone(), excluded_plans: Some(vec![odd]) }]);
        let text = desired_json(&input);
        prop_assert_eq!(value(&text), serde_json::to_value(&input).unwrap());
        prop_assert_eq!(desired_from_json(&text).unwrap(), input);
    }
}

#[test]
fn desired_is_refused_and_accepted_where_serde_refuses_and_accepts_it() {
    let cases = [
        r#"{"ada@contoso.com":[{"skuId":"X","excludedPlans":["SWAY"]}]}"#,
        r#"{"ada@contoso.com":[{"SkuId":"X","ExcludedPlans":null}]}"#,
        r#"{"ada@contoso.com":[{"sku":"X"}],"bob@contoso.com":[]}"#,
        r#"{}"#,
        r#"{"ada@contoso.com":[{"skuId":"X","excludePlans":["SWAY"]}]}"#,
        r#"{"ada@contoso.com":[{"excludedPlans":[]}]}"#,
        r#"{"ada@contoso.com":{"skuId":"X"}}"#,
        r#"{"ada@contoso.com":[{"skuId":7}]}"#,
        r#"{"ada@contoso.com":[{"skuId":"X","excludedPlans":[1]}]}"#,
        r#"{"ada@contoso.com":[{"skuId":"X","excludedPlans":"SWAY"}]}"#,
        r#"{"ada@contoso.com":[{"skuId":"X","sku":"Y"}]}"#,
        r#"{"ada@contoso.com":[null]}"#,
        r#"[]"#,
        r#""text""#,
        r#"{"ada@contoso.com":[{"skuId":"X"}]} x"#,
    ];
    for text in cases {
        let ours = desired_from_json(text);
        let serde = serde_json::from_str::<DesiredInput>(text);
        assert_eq!(
            ours.is_ok(),
            serde.is_ok(),
            "{text}: ours {ours:?}, serde {serde:?}"
        );
        if let (Ok(a), Ok(b)) = (&ours, &serde) {
            assert_eq!(a, b, "{text}");
        }
        if let Err(e) = ours {
            assert_eq!(e.field, "desired", "{text}");
            assert!(
                e.message.contains("expected { \"<user id>\""),
                "{text}: {}",
                e.message
            );
        }
    }
    let e = desired_from_json(r#"{"ada@contoso.com":[{"skuId":"X","excludePlans":["SWAY"]}]}"#)
        .unwrap_err();
    assert!(
        e.message
            .contains(r#"[ada@contoso.com][0] has an unknown property "excludePlans""#),
        "{}",
        e.message
    );
}

#[test]
fn options_read_as_before() {
    let o = ReconcileOptions::from_json(
        r#"{"dryRun":null,"concurrency":null,"signal":{},"onProgress":1}"#,
    )
    .unwrap();
    assert_eq!(o, ReconcileOptions::default());
    for (bad, field) in [
        (r#"{"concurrency":-1}"#, "concurrency"),
        (r#"{"concurrency":1e1}"#, "concurrency"),
        (r#"{"concurrency":true}"#, "options"),
        ("{", "options"),
        ("true", "options"),
    ] {
        assert_eq!(
            ReconcileOptions::from_json(bad).unwrap_err().field,
            field,
            "{bad}"
        );
    }
    assert_eq!(
        ReconcileOptions::from_json(r#"{"concurrency":64}"#)
            .unwrap()
            .concurrency,
        64
    );
}

#[test]
fn what_cannot_be_read_is_named() {
    assert!(
        skus_from_json(r#"{"items":[]}"#)
            .unwrap_err()
            .contains("not an array")
    );
    assert!(
        skus_from_json(r#"[{"productSku":{"id":"x"}}]"#)
            .unwrap_err()
            .contains("productSku.id")
    );
    assert!(
        skus_from_json(
            r#"[{"availableUnits":1.5,"productSku":{"id":"00000000-0000-4000-8000-000000000000"}}]"#
        )
        .unwrap_err()
        .contains("availableUnits")
    );
    let neg = skus_from_json(r#"[{"availableUnits":-3,"productSku":{"id":"00000000-0000-4000-8000-000000000000","licenseGroupId":"group2"}}]"#).unwrap();
    assert_eq!(
        (neg[0].available_units, neg[0].product_sku.license_group_id),
        (-3, LicenseGroup::Group2)
    );
    assert!(licenses_from_json(r#"[{"productSku":{"id":"00000000-0000-4000-8000-000000000000"},"servicePlans":[{"id":"no"}]}]"#).unwrap_err().contains("servicePlans"));
    assert!(
        licenses_from_json("[{}]")
            .unwrap_err()
            .contains("productSku")
    );
}
