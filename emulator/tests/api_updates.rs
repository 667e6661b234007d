//! License updates over loopback: the seed assign example verbatim, unit accounting,
//! running out of units, atomicity, any-case bodies, idempotent replay.

mod common;

use common::*;
use partner_center_emulator::TokenKind;
use serde_json::{Value, json};

const C: &str = ids::CUSTOMER_CONTOSO;

#[tokio::test]
async fn seed_assign_example_verbatim_over_raw_http() {
    let e = emulator().await;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/seed/assign.request.http"
    ))
    .unwrap()
    .replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap();
    let mut lines = head.lines();
    let request_line = lines
        .next()
        .unwrap()
        .replace("https://api.partnercenter.microsoft.com", "");
    let mut raw = format!("{request_line}\r\n");
    for l in lines {
        let l = l.replace("<token>", &e.token);
        // The example's Content-Length counts its own line endings; send the real length.
        if l.to_ascii_lowercase().starts_with("content-length:") {
            raw.push_str(&format!("Content-Length: {}\r\n", body.len()));
        } else {
            raw.push_str(&l);
            raw.push_str("\r\n");
        }
    }
    raw.push_str("Connection: close\r\n\r\n");
    raw.push_str(body);
    let resp = raw_exchange(e.emu.addr(), raw.as_bytes(), 5000).await;
    let resp = String::from_utf8(resp).unwrap();
    // Expect: 100-continue is honoured, then the documented 201.
    let final_part = resp.rsplit("HTTP/1.1 ").next().unwrap();
    assert!(final_part.starts_with("201 Created"), "{resp}");
    assert!(
        resp.to_ascii_lowercase()
            .contains("ms-requestid: a37d3009-665d-4e12-b76e-1aa10cf80140")
    );
    assert!(
        resp.to_ascii_lowercase()
            .contains("ms-correlationid: c73c9570-c352-459e-98a3-dafe4bd8c821")
    );
    let json_body: Value =
        serde_json::from_str(final_part.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(
        json_body,
        json!({
            "licensesToAssign": [{ "skuId": "f8a1db68-be16-40ed-86d5-cb42ce701560" }],
            "licenseWarnings": [],
            "attributes": { "objectType": "LicenseUpdate" }
        })
    );
    // Ada now holds Power BI Pro.
    let l = e.get(&licenses_path(C, ids::USER_ADA)).await.json();
    assert_eq!(sku_ids(&l, "/productSku/id"), vec![ids::SKU_POWER_BI_PRO]);
    assert_eq!(e.units(C, ids::SKU_POWER_BI_PRO).await, (1098, 2));
}

#[tokio::test]
async fn unit_accounting_assign_update_remove() {
    let e = emulator().await;
    let user = ids::generated_user(1);
    let before = e.units(C, ids::SKU_M365_E3).await;
    let r = e
        .post(&updates_path(C, &user), &assign_body(&[ids::SKU_M365_E3]))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(
        e.units(C, ids::SKU_M365_E3).await,
        (before.0 - 1, before.1 + 1)
    );
    // Assigning again with excluded plans: no new unit, the plan disappears from the license.
    let plan = "dcf9d2f4-772e-4434-b757-77a453cfbc02";
    let body = json!({"licensesToAssign": [{"skuId": ids::SKU_M365_E3, "excludedPlans": [plan]}]})
        .to_string();
    let r = e.post(&updates_path(C, &user), &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(
        r.json()["licensesToAssign"][0]["excludedPlans"],
        json!([plan])
    );
    assert_eq!(
        e.units(C, ids::SKU_M365_E3).await,
        (before.0 - 1, before.1 + 1)
    );
    let l = e.get(&licenses_path(C, &user)).await.json();
    assert!(
        !l["items"][0]["servicePlans"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == plan)
    );
    // Remove: the unit comes back.
    let r = e
        .post(
            &updates_path(C, &user),
            &json!({"licensesToRemove": [ids::SKU_M365_E3]}).to_string(),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["licensesToRemove"], json!([ids::SKU_M365_E3]));
    assert_eq!(e.units(C, ids::SKU_M365_E3).await, before);
    assert_eq!(
        e.get(&licenses_path(C, &user)).await.json()["totalCount"],
        0
    );
    // Assign and remove in one request (same group).
    let body = json!({"licensesToAssign": [{"skuId": ids::SKU_POWER_BI_PRO}], "licensesToRemove": [ids::SKU_BUSINESS_PREMIUM]}).to_string();
    let r = e.post(&updates_path(C, ids::USER_ALAN), &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(e.units(C, ids::SKU_BUSINESS_PREMIUM).await, (2, 1));
    let ledger = e.ledger().await;
    assert_eq!(ledger["length"], 4);
    assert_eq!(
        ledger["entries"][1]["updated"][0]["skuId"],
        ids::SKU_M365_E3
    );
    assert_eq!(ledger["entries"][2]["removed"], json!([ids::SKU_M365_E3]));
}

#[tokio::test]
async fn last_unit_then_out_of_licenses_60012() {
    let e = emulator().await;
    let r = e
        .post(
            &updates_path(C, ids::USER_ADA),
            &assign_body(&[ids::SKU_BUSINESS_PREMIUM]),
        )
        .await;
    assert_eq!(r.status, 201);
    let r = e
        .post(
            &updates_path(C, ids::USER_BARBARA),
            &assign_body(&[ids::SKU_BUSINESS_PREMIUM]),
        )
        .await;
    let v = r.assert_error(400, 60012);
    assert_eq!(
        v["description"],
        "We are sorry, it looks like you have run out of licenses. Buy more licenses, and then try again."
    );
    assert_eq!(
        v["data"][0],
        format!(
            "LicenseQuotaExceededException : Subscription with Account {C} and SKU {} does not have any available licenses left.",
            ids::SKU_BUSINESS_PREMIUM
        )
    );
    let r = e
        .post(
            &updates_path(C, ids::USER_BARBARA),
            &assign_body(&[ids::SKU_EXCHANGE_P1]),
        )
        .await;
    r.assert_error(400, 60012);
}

#[tokio::test]
async fn failed_update_half_way_changes_nothing() {
    let e = emulator().await;
    let before = e.state().await;
    // The first SKU fits, the second has no unit: nothing is applied.
    let r = e
        .post(
            &updates_path(C, ids::USER_ADA),
            &assign_body(&[ids::SKU_O365_E3, ids::SKU_EXCHANGE_P1]),
        )
        .await;
    r.assert_error(400, 60012);
    // Removing a held license plus an unknown plan: nothing is removed.
    let body = json!({"licensesToAssign": [{"skuId": ids::SKU_M365_E3, "excludedPlans": ["00000000-0000-4000-8000-000000000000"]}], "licensesToRemove": [ids::SKU_POWER_BI_PRO]}).to_string();
    e.post(&updates_path(C, ids::USER_ALAN), &body)
        .await
        .assert_error(400, 60052);
    // Removing a held license and one not held.
    let body = json!({"licensesToRemove": [ids::SKU_POWER_BI_PRO, ids::SKU_EMS_E3]}).to_string();
    e.post(&updates_path(C, ids::USER_ALAN), &body)
        .await
        .assert_error(400, 60053);
    assert_eq!(e.state().await, before);
    assert_eq!(e.ledger().await["length"], 0);
}

#[tokio::test]
async fn pascal_and_any_case_bodies() {
    let e = emulator().await;
    let body = format!(
        r#"{{"LICENSESTOASSIGN": [{{"skuid": "{}", "EXCLUDEDPLANS": null}}], "attributes": {{"objecttype": "LicenseUpdate"}}, "unknownProperty": 1}}"#,
        ids::SKU_EMS_E3
    );
    let r = e.post(&updates_path(C, ids::USER_BARBARA), &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["licensesToAssign"][0]["skuId"], ids::SKU_EMS_E3);
}

#[tokio::test]
async fn repeated_request_id_replays_and_changes_nothing() {
    let e = emulator().await;
    let id = "5a5a5a5a-0000-4000-8000-000000000001";
    let path = updates_path(C, ids::USER_BARBARA);
    let body = assign_body(&[ids::SKU_BUSINESS_PREMIUM]);
    let first = e.post_as(Some(&e.token), &path, &body, Some(id)).await;
    assert_eq!(first.status, 201);
    assert_eq!(first.header("ms-requestid"), Some(id));
    assert_eq!(first.header("x-emulator-replayed"), None);
    let units = e.units(C, ids::SKU_BUSINESS_PREMIUM).await;
    assert_eq!(units, (0, 3));
    for _ in 0..3 {
        let again = e.post_as(Some(&e.token), &path, &body, Some(id)).await;
        assert_eq!(again.status, 201);
        assert_eq!(again.text, first.text);
        assert_eq!(again.header("x-emulator-replayed"), Some("true"));
        assert_eq!(again.header("ms-requestid"), Some(id));
    }
    assert_eq!(e.units(C, ids::SKU_BUSINESS_PREMIUM).await, units);
    let ledger = e.ledger().await;
    assert_eq!(ledger["length"], 1);
    assert_eq!(ledger["entries"][0]["requestId"], id);
    // An error is replayed too: the next user gets 60012, and so does its repeat.
    let id2 = "5a5a5a5a-0000-4000-8000-000000000002";
    let p2 = updates_path(C, ids::USER_ADA);
    e.post_as(Some(&e.token), &p2, &body, Some(id2))
        .await
        .assert_error(400, 60012);
    e.post_as(Some(&e.token), &p2, &body, Some(id2))
        .await
        .assert_error(400, 60012);
    // The same id from another partner is another request.
    let other = e.token_for("woodgrove", TokenKind::AppUser);
    let r = e
        .post_as(
            Some(&other),
            &updates_path(ids::CUSTOMER_NORTHWIND, ids::USER_ANDREW),
            &assign_body(&[ids::SKU_POWER_BI_PRO]),
            Some(id),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.header("x-emulator-replayed"), None);
}
