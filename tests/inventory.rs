//! The inventory aggregation (src/inventory/): holders per SKU against a model of who holds
//! what, excluded plans as reconcile computes them, order independence, the SKU filter, and
//! the bulk module's JSON (no serde) against serde_json on the same values.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{plan_id, service_plans, sku_id};
use std::collections::BTreeMap;

use partner_center_licenses::inventory::{Builder, Inventory, Session, UserRef, inventory_json};
use partner_center_licenses::model::{License, ProductSku, SubscribedSku};
use partner_center_licenses::plan::held;
use partner_center_licenses::{CustomerId, Guid, LicenseGroup, PlanId};
use proptest::prelude::*;
use serde_json::{Value, json};

const SKUS: usize = 4;
const PLANS: usize = 3;
const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";

fn user(i: usize) -> UserRef {
    UserRef {
        user_id: Guid::parse(&format!("b0000000-0000-4000-8000-{i:012}")).unwrap(),
        // Names that do not sort like the ids, one with a quote, some differing in case.
        user_principal_name: format!(
            "{}{}.o'neil@contoso.com",
            if i % 2 == 0 { "U" } else { "u" },
            97 - i
        ),
    }
}
fn customer() -> CustomerId {
    CustomerId::parse(CUSTOMER).unwrap()
}

fn product(i: usize) -> ProductSku {
    ProductSku {
        id: sku_id(i),
        name: format!("SKU \"{i}\""),
        sku_part_number: format!("PART_{}", SKUS - i),
        target_type: Some("User".into()),
        license_group_id: if i < 2 {
            LicenseGroup::Group1
        } else {
            LicenseGroup::Group2
        },
    }
}

fn catalog(consumed: &[i64]) -> Vec<SubscribedSku> {
    consumed
        .iter()
        .enumerate()
        .map(|(i, &c)| SubscribedSku {
            available_units: 10 - c,
            active_units: 10,
            consumed_units: c,
            suspended_units: 0,
            total_units: 10,
            warning_units: 0,
            product_sku: product(i),
            service_plans: service_plans(i, PLANS),
            capability_status: Some("Enabled".into()),
            attributes: None,
        })
        .collect()
}

/// A license of SKU `s` without the plans whose bit is set in `mask`.
fn license(skus: &[SubscribedSku], s: usize, mask: u8) -> License {
    let sku = &skus[s];
    License {
        service_plans: sku
            .service_plans
            .iter()
            .enumerate()
            .filter(|(p, _)| mask & (1 << p) == 0)
            .map(|(_, p)| p.clone())
            .collect(),
        product_sku: sku.product_sku.clone(),
        attributes: None,
    }
}

/// Per user: `None` (licenses could not be read) or `sku → mask of excluded plans`.
type World = BTreeMap<usize, Option<BTreeMap<usize, u8>>>;

fn world() -> impl Strategy<Value = World> {
    prop::collection::btree_map(
        0usize..40,
        prop::option::weighted(0.9, prop::collection::btree_map(0..SKUS, 0u8..8, 0..3)),
        0..30,
    )
}

fn build(
    skus: &[SubscribedSku],
    world: &World,
    order: &[usize],
    select: &[String],
) -> Inventory<u32> {
    let mut b = Builder::new(customer(), skus.to_vec(), select).unwrap();
    let users: Vec<_> = world.iter().collect();
    for &k in order {
        let (&u, read) = users[k % users.len()];
        match read {
            None => b.fail(user(u), u as u32),
            Some(held) => {
                let lics: Vec<_> = held.iter().map(|(&s, &m)| license(skus, s, m)).collect();
                b.add(user(u), &lics);
            }
        }
    }
    b.finish()
}

fn value(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every holder, excluded plan, unlicensed and failed user is what the model says, in
    /// any order of arrival (repeats counted once), and the JSON equals serde's.
    #[test]
    fn inventory_is_who_holds_what(
        consumed in prop::collection::vec(0i64..5, SKUS),
        world in world(),
        shuffle in prop::collection::vec(any::<prop::sample::Index>(), 0..80),
    ) {
        let skus = catalog(&consumed);
        let n = world.len();
        let order: Vec<usize> = (0..n).collect();
        let inv = build(&skus, &world, &order, &[]);
        // Another order, with repeats (a user seen on two pages): the same inventory.
        if n > 0 {
            let mut other: Vec<usize> = (0..n).rev().collect();
            other.extend(shuffle.iter().map(|i| i.index(n)));
            prop_assert_eq!(&build(&skus, &world, &other, &[]), &inv);
        }
        // SKUs by part number (PART_1 is SKU 3): all subscribed ones.
        prop_assert_eq!(inv.skus.iter().map(|s| s.sku_id).collect::<Vec<_>>(), (0..SKUS).rev().map(sku_id).collect::<Vec<_>>());
        for s in &inv.skus {
            let i = (0..SKUS).find(|&i| sku_id(i) == s.sku_id).unwrap();
            let mut want: Vec<(String, Vec<PlanId>)> = world
                .iter()
                .filter_map(|(&u, read)| read.as_ref()?.get(&i).map(|&m| (u, m)))
                .map(|(u, m)| {
                    let mut plans: Vec<_> = (0..PLANS).filter(|p| m & (1 << p) != 0).map(|p| plan_id(i, p)).collect();
                    plans.sort();
                    (user(u).user_principal_name, plans)
                })
                .collect();
            want.sort_by_key(|(upn, _)| upn.to_ascii_lowercase());
            let got: Vec<_> = s.holders.iter().map(|h| (h.user_principal_name.clone(), h.excluded_plans.clone())).collect();
            prop_assert_eq!(got, want);
            prop_assert_eq!((s.total_units, s.consumed_units), (10, consumed[i]));
            // The same excluded plans as reconcile reads them.
            for h in &s.holders {
                let u = world.keys().find(|&&u| user(u).user_id == h.user_id).unwrap();
                let lics: Vec<_> = world[u].as_ref().unwrap().iter().map(|(&s, &m)| license(&skus, s, m)).collect();
                let reconcile = held(&lics, &skus);
                prop_assert_eq!(reconcile.iter().find(|(id, _)| *id == s.sku_id).map(|(_, p)| p), Some(&h.excluded_plans));
            }
        }
        let unlicensed: Vec<_> = world.iter().filter(|(_, r)| r.as_ref().is_some_and(BTreeMap::is_empty)).map(|(&u, _)| user(u).user_id).collect();
        let mut got: Vec<_> = inv.unlicensed_users.iter().map(|u| u.user_id).collect();
        got.sort();
        prop_assert_eq!(got, unlicensed);
        prop_assert_eq!(inv.failed.len(), world.values().filter(|r| r.is_none()).count());
        for m in &inv.mismatches {
            let s = inv.skus.iter().find(|s| s.sku_id == m.sku_id).unwrap();
            prop_assert_ne!(s.holders.len() as i64, s.consumed_units);
            prop_assert_eq!(m.holders, s.holders.len() as u64);
        }
        prop_assert_eq!(inv.mismatches.len(), inv.skus.iter().filter(|s| s.holders.len() as i64 != s.consumed_units).count());
        prop_assert_eq!(value(&inventory_json(&inv)), serde_json::to_value(&inv).unwrap());
    }
}

#[test]
fn selected_skus_by_id_or_part_number_and_unknown_ones_refused() {
    let skus = catalog(&[1, 0, 0, 0]);
    let select = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let world: World = [
        (1, Some([(0, 0b010), (2, 0)].into())),
        (2, Some([(2, 0)].into())),
        (3, Some(BTreeMap::new())),
    ]
    .into();
    let inv = build(
        &skus,
        &world,
        &[0, 1, 2],
        &select(&["part_4", &sku_id(0).to_string(), " PART_4 "]),
    );
    assert_eq!(inv.skus.len(), 1, "named twice, reported once");
    assert_eq!(inv.skus[0].holders.len(), 1);
    assert_eq!(inv.skus[0].holders[0].excluded_plans, vec![plan_id(0, 1)]);
    assert!(inv.mismatches.is_empty(), "one holder, one unit consumed");
    // User 2 holds only a SKU that is not selected: unlicensed as far as this inventory goes.
    assert_eq!(
        inv.unlicensed_users
            .iter()
            .map(|u| u.user_id)
            .collect::<Vec<_>>(),
        vec![user(3).user_id, user(2).user_id]
    );
    let e = Builder::<u32>::new(customer(), skus, &select(&["ENTERPRISEPACK"])).unwrap_err();
    assert_eq!(e.field, "skus");
    assert!(e.message.contains("\"ENTERPRISEPACK\""), "{}", e.message);
}

#[test]
fn a_sku_held_but_not_subscribed_is_reported_and_is_a_mismatch() {
    let skus = catalog(&[0, 0, 0, 0]);
    let gone = License {
        service_plans: vec![],
        product_sku: ProductSku {
            id: sku_id(9),
            name: "Old".into(),
            sku_part_number: "OLD".into(),
            target_type: None,
            license_group_id: LicenseGroup::Group1,
        },
        attributes: None,
    };
    let mut b = Builder::<u32>::new(customer(), skus[..1].to_vec(), &[]).unwrap();
    b.add(user(1), std::slice::from_ref(&gone));
    let inv = b.finish();
    let old = inv.skus.iter().find(|s| s.sku_id == sku_id(9)).unwrap();
    assert_eq!(
        (
            old.sku_part_number.as_str(),
            old.total_units,
            old.holders.len()
        ),
        ("OLD", 0, 1)
    );
    assert!(
        old.holders[0].excluded_plans.is_empty(),
        "its plans are unknown"
    );
    assert_eq!(
        inv.mismatches.iter().map(|m| m.sku_id).collect::<Vec<_>>(),
        vec![sku_id(9)]
    );
    let mut b = Builder::<u32>::new(customer(), skus[..1].to_vec(), &["PART_4".into()]).unwrap();
    b.add(user(1), &[gone]);
    let inv = b.finish();
    assert_eq!(inv.skus.len(), 1);
    assert_eq!(inv.unlicensed_users.len(), 1);
}

#[test]
fn the_session_over_json_text() {
    let skus = catalog(&[1, 0, 0, 0]);
    assert_eq!(
        Session::start(None, "null").unwrap_err().field,
        "customerId"
    );
    assert_eq!(
        Session::start(Some("nope"), "null").unwrap_err().field,
        "customerId"
    );
    assert_eq!(
        Session::start(Some(CUSTOMER), r#"{"concurrency":0}"#)
            .unwrap_err()
            .field,
        "concurrency"
    );
    let mut s = Session::start(Some(CUSTOMER), r#"{"skus":["part_4"],"onProgress":{}}"#).unwrap();
    assert!(s.add("{}", "[]").is_err(), "no user before the SKUs");
    let ids = s.skus(&serde_json::to_string(&skus).unwrap()).unwrap();
    assert_eq!(value(&ids), json!([sku_id(0).to_string()]));
    let ada = r#"{"id":"b0000000-0000-4000-8000-000000000001","userPrincipalName":"ada@contoso.com","displayName":"Ada"}"#;
    s.add(
        ada,
        &serde_json::to_string(&[license(&skus, 0, 0b100)]).unwrap(),
    )
    .unwrap();
    s.fail(
        r#"{"id":"b0000000-0000-4000-8000-000000000002","userPrincipalName":"bob@contoso.com"}"#,
        7,
    )
    .unwrap();
    assert!(s.add(r#"{"id":"x"}"#, "[]").is_err());
    assert!(s.add(ada, "{}").is_err());
    let inv = value(&s.finish());
    assert_eq!(inv["customerId"], CUSTOMER);
    assert_eq!(
        inv["skus"][0]["holders"],
        json!([{ "userId": "b0000000-0000-4000-8000-000000000001", "userPrincipalName": "ada@contoso.com", "excludedPlans": [plan_id(0, 2).to_string()] }])
    );
    assert_eq!(inv["skus"][0]["licenseGroupId"], "group1");
    assert_eq!(
        inv["failed"],
        json!([{ "userId": "b0000000-0000-4000-8000-000000000002", "userPrincipalName": "bob@contoso.com", "error": 7 }])
    );
    assert_eq!(inv["mismatches"], json!([]));
    let mut bad = Session::start(Some(CUSTOMER), r#"{"skus":["NOPE"]}"#).unwrap();
    assert!(
        matches!(bad.skus("[]"), Err(partner_center_licenses::Error::InvalidInput(e)) if e.field == "skus")
    );
}

/// `Session::add_all` (the driver's one crossing per run) counts each entry as `add` or
/// `fail` would, in the same order; an entry whose licenses cannot be read is recorded as
/// failed under the next error number, and its error comes back.
#[test]
fn add_all_is_add_and_fail_one_by_one() {
    let skus = catalog(&[2, 1, 1, 0]);
    let skus_text = serde_json::to_string(&skus).unwrap();
    let mut one = Session::start(Some(CUSTOMER), "null").unwrap();
    let mut all = Session::start(Some(CUSTOMER), "null").unwrap();
    assert!(all.add_all("[]", 0).is_err(), "no user before the SKUs");
    one.skus(&skus_text).unwrap();
    all.skus(&skus_text).unwrap();
    assert!(all.add_all("{}", 0).is_err(), "not an array");
    let unreadable = r#"[{"productSku":{"id":"nope"}}]"#;
    let mut entries = Vec::new();
    for i in 0..9 {
        let u = user(i % 7); // users 7 and 8 repeat users 0 and 1: counted once
        let mut entry =
            json!({ "id": u.user_id.to_string(), "userPrincipalName": u.user_principal_name });
        let user_text = entry.to_string();
        match i {
            3 => {
                entry["error"] = json!(9);
                one.fail(&user_text, 9).unwrap();
            }
            5 => {
                entry["licenses"] = value(unreadable);
                assert!(one.add(&user_text, unreadable).is_err());
                one.fail(&user_text, 99).unwrap();
            }
            _ => {
                let held: Vec<License> = (0..SKUS)
                    .filter(|s| (i + s) % 3 == 0)
                    .map(|s| license(&skus, s, (i % 4) as u8))
                    .collect();
                let text = serde_json::to_string(&held).unwrap();
                one.add(&user_text, &text).unwrap();
                entry["licenses"] = value(&text);
            }
        }
        entries.push(entry);
    }
    let refused = all
        .add_all(&Value::Array(entries.clone()).to_string(), 99)
        .unwrap();
    assert_eq!(refused.len(), 1);
    assert!(
        matches!(&refused[0], partner_center_licenses::Error::Decode(d) if d.message.starts_with("licenses of "))
    );
    let (a, b) = (value(&one.finish()), value(&all.finish()));
    assert_eq!(a, b);
    assert_eq!(a["failed"].as_array().map(Vec::len), Some(2));
}
