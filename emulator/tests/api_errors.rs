//! Errors over loopback: every documented and emulator-chosen error of the three endpoints,
//! and cross-partner isolation.

mod common;

use common::*;
use partner_center_emulator::TokenKind;
use serde_json::json;

const C: &str = ids::CUSTOMER_CONTOSO;

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
