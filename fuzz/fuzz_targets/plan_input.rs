//! The planner's input: any CSV or JSON plan file (the JSON read by the bulk module's reader
//! and by serde, which must agree), any current licenses. Never a panic; when
//! the plan reports no problem, every update passes the client's own checks and applying the
//! plan yields exactly the desired SKUs and excluded plans. The every-user row (`*`) is
//! expanded over the fixed users first; the inventory of the current licenses counts each
//! holder once; the inventory readers never panic.
#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use partner_center_licenses::endpoint::{check_update, check_update_against_skus};
use partner_center_licenses::inventory::{self, UserRef};
use partner_center_licenses::model::{License, SubscribedSku};
use partner_center_licenses::plan::{self, Current, DesiredInput};
use partner_center_licenses::{CustomerId, Guid, UserId};

const SKUS: &str = r#"[
 {"availableUnits":2,"totalUnits":5,"activeUnits":5,"consumedUnits":3,
  "productSku":{"id":"6fd2c87f-b296-42f0-b197-1e91e994b900","name":"Office 365 E3","skuPartNumber":"ENTERPRISEPACK","licenseGroupId":"group1"},
  "servicePlans":[{"id":"efb87545-963c-4e0d-99df-69c6916d9eb0","serviceName":"EXCHANGE_S_ENTERPRISE","displayName":"Exchange"},
                  {"id":"a23b959c-7ce8-4e57-9140-b90eb88a9e97","serviceName":"SWAY","displayName":"Sway"}]},
 {"availableUnits":0,"totalUnits":1,"activeUnits":1,"consumedUnits":1,
  "productSku":{"id":"f8a1db68-be16-40ed-86d5-cb42ce701560","name":"Power BI Pro","skuPartNumber":"POWER_BI_PRO","licenseGroupId":"group1"},
  "servicePlans":[{"id":"70d33638-9c74-4d01-bfd3-562de28bd4ba","serviceName":"BI_AZURE_P2","displayName":"Power BI Pro"}]},
 {"availableUnits":3,"totalUnits":3,"activeUnits":3,"consumedUnits":0,
  "productSku":{"id":"984df360-9a74-4647-8cf8-696749f6247a","name":"Minecraft Education Faculty","skuPartNumber":"MEE_FACULTY","licenseGroupId":"group2"},
  "servicePlans":[{"id":"4c246bbc-f513-4311-beff-eba54c353256","serviceName":"MINECRAFT_EDUCATION_EDITION","displayName":"Minecraft"}]}
]"#;

const USERS: [&str; 3] = [
    "ada@contoso.onmicrosoft.com",
    "bob@contoso.onmicrosoft.com",
    "8a5e7c3d-1f2b-4c6d-9e8f-0a1b2c3d4e5f",
];

/// The input's layout, so that seed files are plain text with a short prefix: byte 0 picks
/// CSV (even) or JSON (odd); bytes 1..=12 are four (user, sku, excluded-plan mask) triples of
/// licenses users hold now; the rest is the plan file.
struct Input<'a> {
    csv: bool,
    held: Vec<(u8, u8, u8)>,
    text: &'a str,
}

impl<'a> Input<'a> {
    fn read(data: &'a [u8]) -> Option<Self> {
        let (head, rest) = data.split_at_checked(13)?;
        Some(Self {
            csv: head[0] % 2 == 0,
            held: head[1..]
                .chunks_exact(3)
                .map(|c| (c[0], c[1], c[2]))
                .collect(),
            text: std::str::from_utf8(rest).ok()?,
        })
    }
}

fn current(held: &[(u8, u8, u8)], skus: &[SubscribedSku]) -> Current {
    let mut current = Current::new();
    for &(u, s, mask) in held.iter().take(12) {
        let Ok(user) = UserId::parse(USERS[usize::from(u) % USERS.len()]) else {
            continue;
        };
        let sku = &skus[usize::from(s) % skus.len()];
        let licenses: &mut Vec<License> = current.entry(user).or_default();
        if licenses
            .iter()
            .any(|l| l.product_sku.id == sku.product_sku.id)
        {
            continue;
        }
        licenses.push(License {
            service_plans: sku
                .service_plans
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) == 0)
                .map(|(_, p)| p.clone())
                .collect(),
            product_sku: sku.product_sku.clone(),
            attributes: None,
        });
    }
    current
}

fuzz_target!(|data: &[u8]| {
    let Some(input) = Input::read(data) else {
        return;
    };
    let skus: Vec<SubscribedSku> = serde_json::from_str(SKUS).expect("fixed SKUs decode");
    let mut desired_input: DesiredInput = if input.csv {
        match plan::parse_csv(input.text) {
            Ok(d) => d,
            Err(e) => {
                assert!(!e.to_string().is_empty());
                return;
            }
        }
    } else {
        // The bulk module's own reader (plan::wire, no serde) accepts exactly what serde
        // accepts, and reads the same value; the other readers of a run never panic.
        let ours = plan::desired_from_json(input.text);
        let serde = serde_json::from_str::<DesiredInput>(input.text);
        assert_eq!(ours.is_ok(), serde.is_ok(), "{ours:?} vs {serde:?}");
        let _ = plan::ReconcileOptions::from_json(input.text);
        let _ = plan::skus_from_json(input.text);
        let _ = plan::licenses_from_json(input.text);
        let _ = inventory::InventoryOptions::from_json(input.text);
        let _ = inventory::users_from_json(input.text);
        let _ = inventory::user_from_json(input.text);
        match (ours, serde) {
            (Ok(d), Ok(e)) => {
                assert_eq!(d, e);
                d
            }
            _ => return,
        }
    };
    let listed: Vec<UserRef> = (0..3u8)
        .map(|i| UserRef {
            user_id: Guid::parse(&format!("b0000000-0000-4000-8000-00000000000{i}"))
                .expect("a GUID"),
            user_principal_name: USERS[usize::from(i)].to_owned(),
        })
        .collect();
    plan::expand_every_user(&mut desired_input, &listed);
    assert!(!plan::needs_users(&desired_input));
    let Ok(resolved) = plan::resolve(&desired_input, &skus) else {
        return;
    };
    let current = current(&input.held, &skus);
    let mut inv = inventory::Builder::<u32>::new(
        CustomerId::parse("0c39d6d5-c70d-4c55-bc02-f620844f3fd1").expect("a GUID"),
        skus.clone(),
        &[],
    )
    .expect("no filter");
    for (i, licenses) in current.values().enumerate() {
        inv.add(listed[i % listed.len()].clone(), licenses);
    }
    let inv = inv.finish();
    let held: usize = current.values().map(Vec::len).sum();
    assert_eq!(
        inv.skus.iter().map(|s| s.holders.len()).sum::<usize>(),
        held
    );
    let p = plan::plan(&resolved.desired, &current, &skus);
    for u in &p.updates {
        check_update(&u.update).expect("a planned update passes check_update");
        let g = check_update_against_skus(&u.update, &skus)
            .expect("a planned update passes the SKU checks");
        assert_eq!(g, u.group);
    }
    if !p.problems.is_empty() || !resolved.problems.is_empty() {
        return;
    }
    let after = plan::apply(&p.updates, &current, &skus);
    for (user, want) in &resolved.desired {
        let got: BTreeSet<_> = after
            .get(user)
            .map(|ls| ls.iter().map(|l| l.product_sku.id).collect())
            .unwrap_or_default();
        let want_ids: BTreeSet<_> = want.iter().map(|d| d.sku_id).collect();
        assert_eq!(got, want_ids, "user {user}");
    }
});
