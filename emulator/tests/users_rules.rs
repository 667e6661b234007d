//! `GET /v1/customers/{c}/users/{u}`, the usage-location rule of license assignment, the
//! users routes under faults and the rate limit, and bad users requests changing nothing.

mod common;

use common::users::*;
use common::*;
use partner_center_emulator::{Config, Seed, TokenKind};
use partner_center_licenses::endpoint::{Endpoint, UpdateLicenses};
use partner_center_licenses::error::{ErrorReason, codes};
use partner_center_licenses::http::HttpResponse;
use partner_center_licenses::model::CustomerUser;
use serde_json::json;

const C: &str = ids::CUSTOMER_CONTOSO;

#[tokio::test]
async fn get_user_by_id_or_upn_and_not_found() {
    let e = emulator().await;
    let r = e.get(&user_path(C, ids::USER_GRACE)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v = r.json();
    assert_eq!(v["id"], ids::USER_GRACE);
    assert_eq!(v["userPrincipalName"], "grace@contoso.onmicrosoft.com");
    assert_eq!(
        (v["firstName"].as_str(), v["lastName"].as_str()),
        (Some("Grace"), Some("Hopper"))
    );
    assert_eq!(v["displayName"], "Grace Hopper");
    assert_eq!(v["usageLocation"], "US");
    assert_eq!(v["userDomainType"], "none");
    assert_eq!(v["state"], "active");
    assert!(v.get("softDeletionTime").is_none());
    assert_eq!(
        v["links"]["self"]["uri"],
        format!("/customers/{C}/users/{}", ids::USER_GRACE)
    );
    assert_eq!(v["attributes"]["objectType"], "CustomerUser");
    let typed: CustomerUser = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(typed.id.to_string(), ids::USER_GRACE);
    // By UPN, with `@` percent-encoded or not, in any case: the same user.
    for upn in [
        "grace@contoso.onmicrosoft.com",
        "GRACE%40contoso.onmicrosoft.com",
    ] {
        assert_eq!(e.get(&user_path(C, upn)).await.json(), v);
    }
    // The user without a usage location has none in its JSON.
    let nowhere = ids::generated_user(ids::USER_WITHOUT_USAGE_LOCATION);
    let u = e.get(&user_path(C, &nowhere)).await.json();
    assert!(u.get("usageLocation").is_none(), "{u}");
    // Generated users' locations cycle through several countries.
    let locations: std::collections::BTreeSet<String> =
        e.get(&format!("{}?size=50", users_path(C))).await.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|u| u["usageLocation"].as_str().map(str::to_owned))
            .collect();
    assert!(locations.len() >= 4, "{locations:?}");
    // Not found: 60002; another partner's customer: 60003; a malformed id: 60054.
    e.get(&user_path(C, "d0000000-0000-4000-8000-00000000ffff"))
        .await
        .assert_error(404, 60002);
    e.get(&user_path(C, "nobody@contoso.onmicrosoft.com"))
        .await
        .assert_error(404, 60002);
    e.get(&user_path(ids::CUSTOMER_NORTHWIND, ids::USER_NANCY))
        .await
        .assert_error(404, 60003);
    e.get(&user_path(C, "not%20an%20id"))
        .await
        .assert_error(400, 60054);
    e.get(&users_path("nope")).await.assert_error(400, 60054);
    // Other methods: 405.
    let r = e.post(&users_path(C), "{}").await;
    assert_eq!(r.status, 405);
}

#[tokio::test]
async fn no_license_for_a_user_without_usage_location() {
    let e = emulator().await;
    let nowhere = ids::generated_user(ids::USER_WITHOUT_USAGE_LOCATION);
    let before = e.state().await;
    let r = e
        .post(
            &updates_path(C, &nowhere),
            &assign_body(&[ids::SKU_POWER_BI_PRO]),
        )
        .await;
    let v = r.assert_error(400, codes::INVALID_USAGE_LOCATION);
    assert_eq!(
        v["description"],
        "License assignment cannot be done for user with invalid usage location"
    );
    assert_eq!(e.state().await, before, "nothing changed");
    // The core types it: code 60055, a hint that says what to do.
    let resp = HttpResponse::new(r.status, Vec::new(), r.text.clone().into_bytes());
    let err = UpdateLicenses::decode(&resp).unwrap_err();
    assert_eq!(err.reason(), Some(ErrorReason::BadRequest));
    let hint = partner_center_licenses::hint::hint(&err, &[]);
    assert!(hint.contains("usage location"), "{hint}");
    // Checked after the update's structure: a bad SKU still gets its own code.
    let other_sku = "00000000-0000-4000-8000-000000000001";
    e.post(&updates_path(C, &nowhere), &assign_body(&[other_sku]))
        .await
        .assert_error(400, 60051);
}

#[tokio::test]
async fn removing_works_without_usage_location() {
    // A seed user whose location was cleared after it got a license.
    let mut seed = Seed::builtin().unwrap();
    let contoso = &mut seed.partners[0].customers[0];
    contoso.users.push(
        serde_json::from_value(json!({
            "id": "d0000000-0000-4000-8000-0000000000e1", "upn": "cleared@contoso.onmicrosoft.com",
            "displayName": "Cleared Location", "usageLocation": null,
            "licenses": [{ "skuId": ids::SKU_POWER_BI_PRO }]
        }))
        .unwrap(),
    );
    let e = start_with(Config {
        seed,
        ..Config::default()
    })
    .await;
    let path = updates_path(C, "cleared@contoso.onmicrosoft.com");
    let both = json!({ "licensesToAssign": [{ "skuId": ids::SKU_O365_E3 }], "licensesToRemove": [ids::SKU_POWER_BI_PRO] });
    let before = e.state().await;
    e.post(&path, &both.to_string())
        .await
        .assert_error(400, 60055);
    assert_eq!(e.state().await, before, "all or nothing");
    let (avail, _) = e.units(C, ids::SKU_POWER_BI_PRO).await;
    let r = e
        .post(
            &path,
            &json!({ "licensesToRemove": [ids::SKU_POWER_BI_PRO] }).to_string(),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(e.units(C, ids::SKU_POWER_BI_PRO).await.0, avail + 1);
}

#[tokio::test]
async fn faults_and_the_rate_limit_apply_to_the_users_routes() {
    let e = emulator().await;
    let put = |v| e.admin_send(reqwest::Method::PUT, "/emulator/faults", v);
    assert_eq!(
        put(json!({ "rate": 1.0, "kinds": ["500"] })).await.status,
        200
    );
    assert_eq!(e.get(&users_path(C)).await.status, 500);
    assert_eq!(e.get(&user_path(C, ids::USER_ADA)).await.status, 500);
    assert_eq!(
        put(json!({ "rate": 1.0, "kinds": ["429"] })).await.status,
        200
    );
    let r = e.get(&users_path(C)).await;
    assert_eq!(r.status, 429);
    assert!(r.header("retry-after").is_some());
    assert_eq!(
        put(json!({ "rate": 1.0, "kinds": ["truncate"] }))
            .await
            .status,
        200
    );
    let r = e
        .client
        .get(e.url(&users_path(C)))
        .bearer_auth(&e.token)
        .send()
        .await
        .unwrap();
    assert!(
        r.text().await.is_err(),
        "half the body, then the connection closes"
    );
    let report = e.admin_get("/emulator/faults").await;
    assert_eq!(report["injected"]["500"], 2);
    assert_eq!(report["injected"]["429"], 1);
    assert_eq!(put(json!({ "rate": 0 })).await.status, 200);
    // The rate limit counts users calls like the others.
    let r = e
        .admin_send(
            reqwest::Method::PUT,
            "/emulator/ratelimit",
            json!({ "requestsPerSecond": 2 }),
        )
        .await;
    assert_eq!(r.status, 200);
    let statuses = [
        e.get(&users_path(C)).await.status,
        e.get(&user_path(C, ids::USER_ADA)).await.status,
        e.get(&users_path(C)).await.status,
    ];
    assert_eq!(statuses, [200, 200, 429]);
    // No token: 401 before anything else.
    assert_eq!(e.get_as(None, &users_path(C)).await.status, 401);
    let app_only = e.token_for("adatum", TokenKind::AppOnly);
    assert_eq!(e.get_as(Some(&app_only), &users_path(C)).await.status, 400);
}

#[tokio::test]
async fn bad_users_requests_change_nothing() {
    let e = emulator().await;
    let before = (e.state().await, e.ledger().await);
    let base = users_path(C);
    for (query, code) in [
        ("size=0", 60054),
        ("size=1001", 60054),
        ("size=-5", 60054),
        ("size=1e3", 60054),
        ("size=%FF", 60054),
        ("seekOperation=Previous", 60054),
        ("filter=x", 60054),
        (
            "filter=%7B%22Field%22%3A%22UserPrincipalName%22%2C%22Value%22%3A%22ada%22%2C%22Operator%22%3A%22equals%22%7D",
            60054,
        ),
        (
            "filter=%7B%22Field%22%3A%22UserState%22%2C%22Value%22%3A%22Active%22%2C%22Operator%22%3A%22equals%22%7D",
            60054,
        ),
        ("seekOperation=Next", 60056),
    ] {
        e.get(&format!("{base}?{query}"))
            .await
            .assert_error(400, code);
    }
    for token in ["", "x", &"A".repeat(128), &"A".repeat(5000), "\u{1}"] {
        let path = format!("{base}?seekOperation=Next");
        let r = e
            .client
            .get(e.url(&path))
            .bearer_auth(&e.token)
            .header(CONTINUATION, token)
            .send()
            .await;
        if let Ok(r) = r {
            assert_eq!(r.status(), 400);
        }
    }
    // Unknown and sort parameters are ignored (users come in id order).
    let r = e
        .get(&format!(
            "{base}?SortField=UserPrincipalName&SortDirection=descending&x=1&size=3"
        ))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        ids_of(&[r.json()])[0],
        ids::USER_GRACE,
        "the smallest id first"
    );
    assert_eq!((e.state().await, e.ledger().await), before);
}
