//! What the emulator serves besides the three endpoints: the token and reset endpoints,
//! response headers like the service, CORS for local origins, static files.

mod common;

use common::*;
use partner_center_emulator::Config;
use serde_json::{Value, json};

const C: &str = ids::CUSTOMER_CONTOSO;

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
    let token_of = |body: Value| async move {
        issue(body).await.json()["accessToken"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let tok = token_of(json!({"partner": "adatum", "kind": "app-only"})).await;
    e.get_as(Some(&tok), &skus_path(C))
        .await
        .assert_error(400, 900316);
    let tok = token_of(json!({"partner": "ADATUM", "kind": "ca-blocked"})).await;
    e.get_as(Some(&tok), &skus_path(C))
        .await
        .assert_error(403, 900309);
    // Expired tokens are 401.
    let tok = token_of(json!({"partner": "adatum", "expiresIn": 0})).await;
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
