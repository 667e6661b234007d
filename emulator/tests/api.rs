//! The three endpoints over loopback: documented bodies and errors, both license groups,
//! unit accounting, atomicity, idempotent replay, cross-partner isolation, CORS, static files.

mod common;

use common::*;
use partner_center_emulator::{Config, TokenKind};
use serde_json::{Value, json};

const C: &str = ids::CUSTOMER_CONTOSO;

fn sku_ids(v: &Value, path: &str) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.pointer(path).unwrap().as_str().unwrap().to_owned())
        .collect()
}

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
async fn get_example_user_has_ems_and_default_group_is_group1() {
    let e = emulator().await;
    let r = e.get(&licenses_path(C, ids::USER_GRACE)).await;
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let v = r.json();
    assert_eq!(v["attributes"]["objectType"], "Collection");
    assert_eq!(v["totalCount"], 3);
    let skus = sku_ids(&v, "/productSku/id");
    assert!(skus.contains(&ids::SKU_EMS_E3.to_owned()));
    let ems = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["productSku"]["id"] == ids::SKU_EMS_E3)
        .unwrap();
    assert_eq!(ems["productSku"]["skuPartNumber"], "EMS");
    assert_eq!(ems["productSku"]["licenseGroupId"], "group1");
    assert_eq!(ems["attributes"]["objectType"], "License");
    assert!(
        ems["servicePlans"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["serviceName"] == "RMS_S_PREMIUM" && p["capabilityStatus"] == "Assigned")
    );

    // Katherine: Business Basic (group1) and Minecraft (group2).
    let k = |q: &str| format!("{}{q}", licenses_path(C, ids::USER_KATHERINE));
    assert_eq!(
        sku_ids(&e.get(&k("")).await.json(), "/productSku/id"),
        vec![ids::SKU_BUSINESS_BASIC]
    );
    assert_eq!(
        sku_ids(
            &e.get(&k("?licenseGroupIds=Group2")).await.json(),
            "/productSku/id"
        ),
        vec![ids::SKU_MINECRAFT_STUDENT]
    );
    let both = e
        .get(&k("?licenseGroupIds=Group1&licenseGroupIds=Group2"))
        .await
        .json();
    assert_eq!(both["totalCount"], 2);
    let g2 = e.get(&k("?licenseGroupIds=group2")).await.json();
    assert_eq!(g2["items"][0]["productSku"]["licenseGroupId"], "group2");
    // A user with nothing: an empty collection.
    let none = e.get(&licenses_path(C, ids::USER_BARBARA)).await.json();
    assert_eq!(none["totalCount"], 0);
    assert_eq!(none["items"], json!([]));
}

#[tokio::test]
async fn upn_user_ids_work_percent_encoded() {
    let e = emulator().await;
    let r = e
        .get(&licenses_path(C, "GRACE%40contoso.onmicrosoft.com"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["totalCount"], 3);
    let r = e
        .post(
            &updates_path(C, &ids::generated_upn(7).replace('@', "%40")),
            &assign_body(&[ids::SKU_O365_E3]),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let l = e
        .get(&licenses_path(C, &ids::generated_user(7)))
        .await
        .json();
    assert_eq!(l["totalCount"], 1);
}

#[tokio::test]
async fn subscribed_skus_by_group_with_consistent_units() {
    let e = emulator().await;
    let g1 = e.get(&skus_path(C)).await.json();
    assert_eq!(g1["totalCount"], 7);
    let g2 = e
        .get(&format!("{}?licenseGroupIds=Group2", skus_path(C)))
        .await
        .json();
    assert_eq!(
        sku_ids(&g2, "/productSku/id"),
        vec![ids::SKU_MINECRAFT_STUDENT, ids::SKU_MINECRAFT_FACULTY]
    );
    let all = e
        .get(&format!(
            "{}?licenseGroupIds=Group1&licenseGroupIds=Group2",
            skus_path(C)
        ))
        .await
        .json();
    assert_eq!(all["totalCount"], 9);
    for s in all["items"].as_array().unwrap() {
        let n = |k: &str| s[k].as_i64().unwrap();
        assert_eq!(
            n("availableUnits"),
            n("totalUnits") - n("consumedUnits"),
            "{s}"
        );
        assert_eq!(n("totalUnits"), n("activeUnits") + n("warningUnits"));
        assert_eq!(s["attributes"]["objectType"], "SubscribedSku");
        assert!(!s["servicePlans"].as_array().unwrap().is_empty());
    }
    let avail = |id: &str| {
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["productSku"]["id"] == id)
            .unwrap()["availableUnits"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(avail(ids::SKU_BUSINESS_PREMIUM), 1);
    assert_eq!(avail(ids::SKU_EXCHANGE_P1), 0);
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
async fn documented_and_chosen_errors() {
    let e = emulator().await;
    let ada = updates_path(C, ids::USER_ADA);
    // 401: no token, unknown token, wrong scheme.
    let r = e.get_as(None, &skus_path(C)).await;
    assert_eq!(r.status, 401);
    assert!(r.header("www-authenticate").is_some());
    assert_eq!(
        e.get_as(Some("pcemu.unknown"), &skus_path(C)).await.status,
        401
    );
    assert_eq!(
        e.post_as(Some("nope"), &ada, &assign_body(&[ids::SKU_O365_E3]), None)
            .await
            .status,
        401
    );
    // 900316 / 900309 on every endpoint.
    let app_only = e.token_for("adatum", TokenKind::AppOnly);
    let blocked = e.token_for("adatum", TokenKind::CaBlocked);
    for path in [skus_path(C), licenses_path(C, ids::USER_GRACE)] {
        e.get_as(Some(&app_only), &path)
            .await
            .assert_error(400, 900316);
        e.get_as(Some(&blocked), &path)
            .await
            .assert_error(403, 900309);
    }
    let v = e
        .post_as(
            Some(&app_only),
            &ada,
            &assign_body(&[ids::SKU_O365_E3]),
            None,
        )
        .await
        .assert_error(400, 900316);
    assert!(
        v["description"]
            .as_str()
            .unwrap()
            .starts_with("Partner token is not allowed in license management calls.")
    );
    let v = e
        .post_as(
            Some(&blocked),
            &ada,
            &assign_body(&[ids::SKU_O365_E3]),
            None,
        )
        .await
        .assert_error(403, 900309);
    assert!(
        v["description"]
            .as_str()
            .unwrap()
            .starts_with("Access has been blocked by Conditional Access policies.")
    );
    // 404s.
    let nobody = "99999999-9999-4999-8999-999999999999";
    e.get(&skus_path(nobody)).await.assert_error(404, 60003);
    e.get(&licenses_path(nobody, ids::USER_ADA))
        .await
        .assert_error(404, 60003);
    e.get(&licenses_path(C, nobody))
        .await
        .assert_error(404, 60002);
    e.get(&licenses_path(C, "nobody%40contoso.onmicrosoft.com"))
        .await
        .assert_error(404, 60002);
    e.post(&updates_path(C, nobody), &assign_body(&[ids::SKU_O365_E3]))
        .await
        .assert_error(404, 60002);
    // Emulator-chosen codes.
    let mixed = assign_body(&[ids::SKU_O365_E3, ids::SKU_MINECRAFT_FACULTY]);
    e.post(&ada, &mixed).await.assert_error(400, 60050);
    let mixed = json!({"licensesToAssign": [{"skuId": ids::SKU_MINECRAFT_FACULTY}], "licensesToRemove": [ids::SKU_O365_E3]}).to_string();
    e.post(&updates_path(C, ids::USER_GRACE), &mixed)
        .await
        .assert_error(400, 60050);
    e.post(
        &ada,
        &assign_body(&["11111111-2222-4333-8444-555555555555"]),
    )
    .await
    .assert_error(400, 60051);
    let plan = json!({"licensesToAssign": [{"skuId": ids::SKU_POWER_BI_PRO, "excludedPlans": ["dcf9d2f4-772e-4434-b757-77a453cfbc02"]}]}).to_string();
    e.post(&ada, &plan).await.assert_error(400, 60052);
    e.post(&ada, "{}").await.assert_error(400, 60053);
    e.post(
        &ada,
        &json!({"licensesToAssign": null, "licensesToRemove": []}).to_string(),
    )
    .await
    .assert_error(400, 60053);
    e.post(&ada, &assign_body(&[ids::SKU_O365_E3, ids::SKU_O365_E3]))
        .await
        .assert_error(400, 60053);
    let both = json!({"licensesToAssign": [{"skuId": ids::SKU_O365_E3}], "licensesToRemove": [ids::SKU_O365_E3]}).to_string();
    e.post(&ada, &both).await.assert_error(400, 60053);
    e.post(
        &ada,
        &json!({"licensesToRemove": [ids::SKU_O365_E3]}).to_string(),
    )
    .await
    .assert_error(400, 60053);
    // Malformed: ids, query, JSON, headers.
    e.get(&skus_path("not-a-guid"))
        .await
        .assert_error(400, 60054);
    e.get(&licenses_path(C, "not-a-user"))
        .await
        .assert_error(400, 60054);
    e.get(&format!("{}?licenseGroupIds=Group3", skus_path(C)))
        .await
        .assert_error(400, 60054);
    e.post(&ada, "{not json").await.assert_error(400, 60054);
    e.post(&ada, "").await.assert_error(400, 60054);
    e.post(&ada, "[1,2]").await.assert_error(400, 60054);
    e.post(&ada, r#"{"licensesToAssign": [{"skuId": "f8a1db68"}]}"#)
        .await
        .assert_error(400, 60054);
    e.post(&ada, r#"{"licensesToAssign": "x"}"#)
        .await
        .assert_error(400, 60054);
    let r = e
        .client
        .get(e.url(&skus_path(C)))
        .bearer_auth(&e.token)
        .header("MS-RequestId", "abc")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // 413 over 64 KiB.
    let big = format!(
        "{{\"licensesToAssign\": [], \"pad\": \"{}\"}}",
        "x".repeat(70 * 1024)
    );
    e.post(&ada, &big).await.assert_error(413, 60054);
    // 409: a request id reused with a different body.
    let id = "0b0b0b0b-0000-4000-8000-000000000001";
    assert_eq!(
        e.post_as(
            Some(&e.token),
            &ada,
            &assign_body(&[ids::SKU_O365_E3]),
            Some(id)
        )
        .await
        .status,
        201
    );
    e.post_as(
        Some(&e.token),
        &ada,
        &assign_body(&[ids::SKU_EMS_E3]),
        Some(id),
    )
    .await
    .assert_error(409, 60054);
    // Unknown routes and methods.
    let r = e.get("/v1/customers").await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["source"], "PartnerFD");
    assert_eq!(e.get(&ada).await.status, 405);
    // Nothing above changed anything but the one good assignment.
    assert_eq!(e.ledger().await["length"], 1);
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

#[tokio::test]
async fn partners_never_reach_each_others_customers() {
    let e = emulator().await;
    let woodgrove = e.token_for("woodgrove", TokenKind::AppUser);
    let n = ids::CUSTOMER_NORTHWIND;
    assert_eq!(e.get_as(Some(&woodgrove), &skus_path(n)).await.status, 200);
    assert_eq!(
        e.get_as(Some(&woodgrove), &licenses_path(n, ids::USER_NANCY))
            .await
            .json()["totalCount"],
        1
    );
    // Adatum cannot see Northwind; Woodgrove cannot see Contoso or Tailspin: same 404 as a missing customer.
    e.get(&skus_path(n)).await.assert_error(404, 60003);
    e.get(&licenses_path(n, ids::USER_NANCY))
        .await
        .assert_error(404, 60003);
    e.post(
        &updates_path(n, ids::USER_ANDREW),
        &assign_body(&[ids::SKU_O365_E3]),
    )
    .await
    .assert_error(404, 60003);
    for c in [C, ids::CUSTOMER_TAILSPIN] {
        e.get_as(Some(&woodgrove), &skus_path(c))
            .await
            .assert_error(404, 60003);
    }
    e.post_as(
        Some(&woodgrove),
        &updates_path(C, ids::USER_ADA),
        &assign_body(&[ids::SKU_O365_E3]),
        None,
    )
    .await
    .assert_error(404, 60003);
    assert_eq!(e.ledger().await["length"], 0);
    // Tokens can be asked for by partner id too.
    let by_id = e.token_for(ids::PARTNER_WOODGROVE, TokenKind::AppUser);
    assert_eq!(e.get_as(Some(&by_id), &skus_path(n)).await.status, 200);
}

#[tokio::test]
async fn token_endpoint_issues_each_kind() {
    let e = emulator().await;
    let issue = |body: Value| e.admin_send(reqwest::Method::POST, "/emulator/token", body);
    let r = issue(json!({"partner": "adatum", "kind": "app+user"})).await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["tokenType"], "Bearer");
    assert_eq!(v["partnerId"], ids::PARTNER_ADATUM);
    let tok = v["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(e.get_as(Some(&tok), &skus_path(C)).await.status, 200);
    let tok = issue(json!({"partner": "adatum", "kind": "app-only"}))
        .await
        .json()["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    e.get_as(Some(&tok), &skus_path(C))
        .await
        .assert_error(400, 900316);
    let tok = issue(json!({"partner": "ADATUM", "kind": "ca-blocked"}))
        .await
        .json()["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    e.get_as(Some(&tok), &skus_path(C))
        .await
        .assert_error(403, 900309);
    // Expired tokens are 401.
    let tok = issue(json!({"partner": "adatum", "expiresIn": 0}))
        .await
        .json()["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(e.get_as(Some(&tok), &skus_path(C)).await.status, 401);
    assert_eq!(issue(json!({"partner": "nobody"})).await.status, 404);
    assert_eq!(
        issue(json!({"partner": "adatum", "kind": "root"}))
            .await
            .status,
        400
    );
    assert_eq!(issue(json!([])).await.status, 400);
}

#[tokio::test]
async fn reset_restores_the_seed() {
    let e = emulator().await;
    let before = e.state().await;
    e.post(
        &updates_path(C, ids::USER_ADA),
        &assign_body(&[ids::SKU_BUSINESS_PREMIUM]),
    )
    .await;
    assert_ne!(e.state().await, before);
    let r = e
        .admin_send(reqwest::Method::POST, "/emulator/reset", json!({}))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(e.state().await, before);
    assert_eq!(e.ledger().await["length"], 0);
    // Tokens survive a reset.
    assert_eq!(e.get(&skus_path(C)).await.status, 200);
}

#[tokio::test]
async fn response_headers_like_the_service() {
    let e = emulator().await;
    let r = e
        .client
        .get(e.url(&skus_path(C)))
        .bearer_auth(&e.token)
        .header("MS-RequestId", "68e50b00-e1ff-422a-a293-158617463d41")
        .header("MS-CorrelationId", "813f15b3-eb18-4709-b2f3-668d62babf91")
        .send()
        .await
        .unwrap();
    let h = r.headers();
    assert_eq!(h["ms-requestid"], "68e50b00-e1ff-422a-a293-158617463d41");
    assert_eq!(
        h["ms-correlationid"],
        "813f15b3-eb18-4709-b2f3-668d62babf91"
    );
    assert!(h.contains_key("ms-cv") && h.contains_key("ms-serverid"));
    // Without ids, fresh GUIDs.
    let r = e.get(&skus_path(C)).await;
    let rid = r.header("ms-requestid").unwrap();
    assert!(partner_center_licenses::Guid::parse(rid).is_ok());
    assert!(partner_center_licenses::Guid::parse(r.header("ms-correlationid").unwrap()).is_ok());
}

#[tokio::test]
async fn cors_for_local_origins_only() {
    let e = emulator().await;
    let preflight = |origin: &'static str| {
        e.client
            .request(reqwest::Method::OPTIONS, e.url(&updates_path(C, ids::USER_ADA)))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization,content-type,ms-requestid,ms-correlationid,ms-contract-version,x-locale,ms-partnercenter-client")
            .send()
    };
    let r = preflight("http://localhost:5173").await.unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://localhost:5173"
    );
    let allowed = r.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_owned();
    for h in [
        "authorization",
        "ms-requestid",
        "ms-correlationid",
        "x-locale",
        "ms-partnercenter-client",
    ] {
        assert!(allowed.contains(h), "{allowed}");
    }
    let r = preflight("http://evil.example").await.unwrap();
    assert!(!r.headers().contains_key("access-control-allow-origin"));
    let r = e
        .client
        .get(e.url(&skus_path(C)))
        .bearer_auth(&e.token)
        .header("Origin", "http://127.0.0.1:4173")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://127.0.0.1:4173"
    );
    let exposed = r.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_owned();
    for h in ["ms-requestid", "ms-correlationid", "retry-after"] {
        assert!(exposed.contains(h), "{exposed}");
    }
}

#[tokio::test]
async fn serves_www_and_pkg_with_wasm_mime() {
    let root = std::env::temp_dir().join(format!("pce-root-{}", std::process::id()));
    std::fs::create_dir_all(root.join("www")).unwrap();
    std::fs::create_dir_all(root.join("pkg/gen")).unwrap();
    std::fs::write(
        root.join("www/index.html"),
        "<!doctype html><title>demo</title>",
    )
    .unwrap();
    std::fs::write(root.join("pkg/gen/x_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(root.join("pkg/gen/x.js"), "export {}").unwrap();
    let e = start_with(Config {
        root: root.clone(),
        ..Config::default()
    })
    .await;
    let r = e.get_as(None, "/").await;
    assert_eq!(r.status, 200);
    assert!(r.text.contains("<title>demo</title>"));
    let r = e
        .client
        .get(e.url("/pkg/gen/x_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/wasm");
    let r = e.get_as(None, "/pkg/gen/x.js").await;
    assert!(r.header("content-type").unwrap().contains("javascript"));
    assert_eq!(e.get_as(None, "/nope.html").await.status, 404);
    assert_eq!(e.get_as(None, "/pkg/../Cargo.toml").await.status, 404);
    for raw in [
        "/pkg/%2e%2e/Cargo.toml",
        "/pkg/..%2fCargo.toml",
        "/..%2f..%2fetc/passwd",
        "/pkg/gen/%00",
    ] {
        let req = format!("GET {raw} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let got = String::from_utf8_lossy(&raw_exchange(e.emu.addr(), req.as_bytes(), 2000).await)
            .into_owned();
        assert!(got.starts_with("HTTP/1.1 4"), "{raw}: {got}");
        assert!(
            !got.contains("[workspace]") && !got.contains("root:"),
            "{raw}"
        );
    }
    std::fs::remove_dir_all(root).ok();
}

#[tokio::test]
async fn core_requests_and_decoders_against_the_emulator() {
    use partner_center_licenses::endpoint::{
        CallContext, Endpoint, ListLicenses, ListSubscribedSkus, UpdateLicenses,
    };
    use partner_center_licenses::model::{LicenseAssignment, LicenseUpdate};
    use partner_center_licenses::*;
    let e = emulator().await;
    let config = ClientConfig::new(&e.emu.url())
        .unwrap()
        .with_locale("en-US")
        .unwrap();
    let token = AccessToken::new(&e.token).unwrap();
    let call = CallContext {
        token: &token,
        request_id: Guid::from_random_bytes([7; 16]),
        correlation_id: Guid::from_random_bytes([8; 16]),
    };
    let customer = CustomerId::parse(C).unwrap();
    let skus = ListSubscribedSkus {
        customer,
        groups: vec![LicenseGroup::Group1, LicenseGroup::Group2],
    };
    let got = ListSubscribedSkus::decode(&e.send(&skus.to_request(&config, &call)).await).unwrap();
    assert_eq!(got.total_count, 9);
    let update = LicenseUpdate {
        licenses_to_assign: Some(vec![LicenseAssignment {
            sku_id: SkuId::parse(ids::SKU_MINECRAFT_FACULTY).unwrap(),
            excluded_plans: None,
        }]),
        ..Default::default()
    };
    let up = UpdateLicenses::new(
        customer,
        UserId::parse("ada@contoso.onmicrosoft.com").unwrap(),
        update,
    )
    .unwrap();
    let echo = UpdateLicenses::decode(&e.send(&up.to_request(&config, &call)).await).unwrap();
    assert_eq!(echo.assignments().len(), 1);
    let list = ListLicenses {
        customer,
        user: UserId::parse(ids::USER_ADA).unwrap(),
        groups: vec![LicenseGroup::Group2],
    };
    let got = ListLicenses::decode(&e.send(&list.to_request(&config, &call)).await).unwrap();
    assert_eq!(got.items[0].product_sku.sku_part_number, "MEE_FACULTY");
    // Errors decode to the typed reasons.
    let none = ListLicenses {
        customer: CustomerId::parse(ids::CUSTOMER_NORTHWIND).unwrap(),
        user: UserId::parse(ids::USER_NANCY).unwrap(),
        groups: vec![],
    };
    let err = ListLicenses::decode(&e.send(&none.to_request(&config, &call)).await).unwrap_err();
    assert_eq!(err.reason(), Some(ErrorReason::CustomerNotFound));
    let full = LicenseUpdate {
        licenses_to_assign: Some(vec![LicenseAssignment {
            sku_id: SkuId::parse(ids::SKU_EXCHANGE_P1).unwrap(),
            excluded_plans: None,
        }]),
        ..Default::default()
    };
    let up =
        UpdateLicenses::new(customer, UserId::parse(ids::USER_BARBARA).unwrap(), full).unwrap();
    let call2 = CallContext {
        request_id: Guid::from_random_bytes([9; 16]),
        ..call.clone()
    };
    let err = UpdateLicenses::decode(&e.send(&up.to_request(&config, &call2)).await).unwrap_err();
    assert_eq!(err.reason(), Some(ErrorReason::OutOfLicenses));
    assert_eq!(
        err.request_id(),
        Some(call2.request_id.to_string().as_str())
    );
    let mixed = LicenseUpdate {
        licenses_to_assign: Some(vec![
            LicenseAssignment {
                sku_id: SkuId::parse(ids::SKU_O365_E3).unwrap(),
                excluded_plans: None,
            },
            LicenseAssignment {
                sku_id: SkuId::parse(ids::SKU_MINECRAFT_STUDENT).unwrap(),
                excluded_plans: None,
            },
        ]),
        ..Default::default()
    };
    let up =
        UpdateLicenses::new(customer, UserId::parse(ids::USER_BARBARA).unwrap(), mixed).unwrap();
    let call3 = CallContext {
        request_id: Guid::from_random_bytes([10; 16]),
        ..call.clone()
    };
    let err = UpdateLicenses::decode(&e.send(&up.to_request(&config, &call3)).await).unwrap_err();
    assert_eq!(err.reason(), Some(ErrorReason::MixedLicenseGroups));
}
