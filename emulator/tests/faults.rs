//! Each fault kind over loopback, the per-partner rate limit, and fault counts.

mod common;

use std::time::{Duration, Instant, SystemTime};

use common::*;
use partner_center_emulator::{Config, FaultConfig, FaultKind, TokenKind};
use serde_json::json;

const C: &str = ids::CUSTOMER_CONTOSO;

async fn with_fault(kind: &str) -> Emu {
    let e = emulator().await;
    let r = e
        .admin_send(
            reqwest::Method::PUT,
            "/emulator/faults",
            json!({"rate": 1.0, "kinds": [kind], "latencyMs": [150, 150]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    e
}

fn raw_get(e: &Emu, path: &str) -> Vec<u8> {
    format!(
        "GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
        e.token
    )
    .into_bytes()
}

fn raw_post(e: &Emu, path: &str, body: &str, request_id: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nMS-RequestId: {request_id}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        e.token,
        body.len()
    )
    .into_bytes()
}

#[tokio::test]
async fn throttle_429_with_retry_after_seconds_and_nothing_applied() {
    let e = with_fault("429").await;
    let before = e.state().await;
    let r = e
        .post(
            &updates_path(C, ids::USER_ADA),
            &assign_body(&[ids::SKU_O365_E3]),
        )
        .await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(
        r.json(),
        json!({"statusCode": 429, "message": "Rate limit is exceeded. Try again in 1 seconds."})
    );
    assert_eq!(e.state().await, before);
}

#[tokio::test]
async fn throttle_429_with_http_date() {
    let e = emulator().await;
    e.admin_send(
        reqwest::Method::PUT,
        "/emulator/faults",
        json!({"rate": 1.0, "kinds": ["429"], "retryAfter": "httpDate", "retryAfterSeconds": 5}),
    )
    .await;
    let r = e.get(&skus_path(C)).await;
    assert_eq!(r.status, 429);
    let at = httpdate::parse_http_date(r.header("retry-after").unwrap()).unwrap();
    let wait = at.duration_since(SystemTime::now()).unwrap();
    assert!(
        wait > Duration::from_secs(3) && wait <= Duration::from_secs(7),
        "{wait:?}"
    );
}

#[tokio::test]
async fn server_errors_500_and_503() {
    let e = with_fault("500").await;
    let before = e.state().await;
    let r = e
        .post(
            &updates_path(C, ids::USER_ADA),
            &assign_body(&[ids::SKU_O365_E3]),
        )
        .await;
    assert_eq!(r.status, 500);
    assert_eq!(r.json()["source"], "PartnerFD");
    assert_eq!(e.state().await, before);
    let e = with_fault("503").await;
    let r = e.get(&skus_path(C)).await;
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(r.json()["description"].is_string());
}

#[tokio::test]
async fn latency_delays_then_answers() {
    let e = with_fault("latency").await;
    let t = Instant::now();
    let r = e.get(&skus_path(C)).await;
    assert_eq!(r.status, 200);
    assert!(
        t.elapsed() >= Duration::from_millis(150),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn html_body_instead_of_json() {
    let e = with_fault("html").await;
    let r = e.get(&licenses_path(C, ids::USER_GRACE)).await;
    assert_eq!(r.status, 502);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.text.starts_with("<!DOCTYPE html>"));
    assert!(serde_json::from_str::<serde_json::Value>(&r.text).is_err());
}

#[tokio::test]
async fn drop_closes_without_a_response_and_applies_nothing() {
    let e = with_fault("drop").await;
    let before = e.state().await;
    let got = raw_exchange(e.emu.addr(), &raw_get(&e, &skus_path(C)), 3000).await;
    assert!(got.is_empty(), "{}", String::from_utf8_lossy(&got));
    let got = raw_exchange(
        e.emu.addr(),
        &raw_post(
            &e,
            &updates_path(C, ids::USER_ADA),
            &assign_body(&[ids::SKU_O365_E3]),
            "d0d0d0d0-0000-4000-8000-000000000001",
        ),
        3000,
    )
    .await;
    assert!(got.is_empty());
    // A real client sees a transport error.
    assert!(
        e.client
            .get(e.url(&skus_path(C)))
            .bearer_auth(&e.token)
            .send()
            .await
            .is_err()
    );
    assert_eq!(e.state().await, before);
    // Admin routes are never faulted.
    assert_eq!(e.admin_get("/emulator/faults").await["injected"]["drop"], 3);
}

#[tokio::test]
async fn truncate_sends_half_the_promised_body() {
    let e = with_fault("truncate").await;
    let got = raw_exchange(
        e.emu.addr(),
        &raw_get(&e, &licenses_path(C, ids::USER_GRACE)),
        3000,
    )
    .await;
    let text = String::from_utf8_lossy(&got).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let promised: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap();
    assert!(body.len() < promised, "{} of {promised}", body.len());
    assert!(!body.is_empty());
    assert!(serde_json::from_str::<serde_json::Value>(body).is_err());
    // A real client fails reading the body.
    let r = e
        .client
        .get(e.url(&skus_path(C)))
        .bearer_auth(&e.token)
        .send()
        .await;
    if let Ok(resp) = r {
        assert!(resp.bytes().await.is_err());
    }
}

#[tokio::test]
async fn lost_after_commit_applies_then_replays_on_retry() {
    let e = with_fault("lostAfterCommit").await;
    let id = "1c1c1c1c-0000-4000-8000-000000000001";
    let path = updates_path(C, ids::USER_ADA);
    let body = assign_body(&[ids::SKU_BUSINESS_PREMIUM]);
    let got = raw_exchange(e.emu.addr(), &raw_post(&e, &path, &body, id), 3000).await;
    assert!(got.is_empty(), "{}", String::from_utf8_lossy(&got));
    // The change happened.
    assert_eq!(e.units(C, ids::SKU_BUSINESS_PREMIUM).await, (0, 3));
    let ledger = e.ledger().await;
    assert_eq!(ledger["length"], 1);
    assert_eq!(ledger["entries"][0]["requestId"], id);
    // The client retries with the same MS-RequestId once faults stop: the first answer, nothing applied twice.
    e.admin_send(reqwest::Method::PUT, "/emulator/faults", json!({"rate": 0}))
        .await;
    let r = e.post_as(Some(&e.token), &path, &body, Some(id)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.header("x-emulator-replayed"), Some("true"));
    assert_eq!(e.units(C, ids::SKU_BUSINESS_PREMIUM).await, (0, 3));
    assert_eq!(e.ledger().await["length"], 1);
}

#[tokio::test]
async fn mixed_faults_are_counted_and_reproducible() {
    let run = || async {
        let config = Config {
            faults: FaultConfig {
                rate: 0.5,
                kinds: vec![
                    FaultKind::Throttle,
                    FaultKind::Internal,
                    FaultKind::Unavailable,
                    FaultKind::Html,
                ],
                seed: 99,
                ..FaultConfig::default()
            },
            ..Config::default()
        };
        let e = start_with(config).await;
        let mut statuses = Vec::new();
        for _ in 0..60 {
            statuses.push(e.get(&skus_path(C)).await.status);
        }
        let report = e.admin_get("/emulator/faults").await;
        (statuses, report)
    };
    let (a, report) = run().await;
    let (b, _) = run().await;
    assert_eq!(a, b, "same seed, same faults");
    let faulted = a.iter().filter(|s| **s != 200).count() as u64;
    assert!((15..=45).contains(&faulted), "{faulted}");
    let injected: u64 = report["injected"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(injected, faulted);
    assert_eq!(report["requests"], 60);
    for s in [429, 500, 503, 502] {
        assert!(a.contains(&s), "{s} never seen in {a:?}");
    }
}

#[tokio::test]
async fn bad_fault_settings_are_refused() {
    let e = emulator().await;
    for bad in [
        json!({"rate": 2}),
        json!({"kinds": ["teapot"]}),
        json!({"latencyMs": [9, 1]}),
        json!({"rat": 1}),
    ] {
        let r = e
            .admin_send(reqwest::Method::PUT, "/emulator/faults", bad.clone())
            .await;
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.json()["error"].is_string());
    }
    assert_eq!(e.admin_get("/emulator/faults").await["config"]["rate"], 0.0);
}

#[tokio::test]
async fn per_partner_rate_limit_answers_like_the_throttle() {
    let e = start_with(Config {
        rate_limit: Some(5),
        ..Config::default()
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(e.get(&skus_path(C)).await);
    }
    let ok = statuses.iter().filter(|r| r.status == 200).count();
    assert!((5..=6).contains(&ok), "{ok} passed");
    let limited = statuses.iter().find(|r| r.status == 429).unwrap();
    assert_eq!(limited.header("retry-after"), Some("1"));
    assert_eq!(
        limited.json()["message"],
        "Rate limit is exceeded. Try again in 1 seconds."
    );
    // Another partner has its own bucket.
    let other = e.token_for("woodgrove", TokenKind::AppUser);
    assert_eq!(
        e.get_as(Some(&other), &skus_path(ids::CUSTOMER_NORTHWIND))
            .await
            .status,
        200
    );
    // After the wait, calls pass again.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(e.get(&skus_path(C)).await.status, 200);
    assert!(
        e.admin_get("/emulator/faults").await["rateLimited"]
            .as_u64()
            .unwrap()
            >= 2
    );
}

#[tokio::test]
async fn early_retries_are_refused_when_retry_after_is_enforced() {
    let e = emulator().await;
    let set = |v: serde_json::Value| e.admin_send(reqwest::Method::PUT, "/emulator/faults", v);
    set(json!({"rate": 1.0, "kinds": ["503"], "retryAfterSeconds": 1, "enforceRetryAfter": true}))
        .await;
    let r = e.get(&skus_path(C)).await;
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("1"));
    // Faults stop, but this partner was told to wait: an early call is throttled again.
    set(json!({"rate": 0, "enforceRetryAfter": true})).await;
    let r = e.get(&skus_path(C)).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(r.json()["statusCode"], 429);
    // Another partner is not affected.
    let other = e.token_for("woodgrove", TokenKind::AppUser);
    assert_eq!(
        e.get_as(Some(&other), &skus_path(ids::CUSTOMER_NORTHWIND))
            .await
            .status,
        200
    );
    // After the wait, calls pass.
    tokio::time::sleep(Duration::from_millis(1050)).await;
    assert_eq!(e.get(&skus_path(C)).await.status, 200);
    let report = e.admin_get("/emulator/faults").await;
    assert_eq!(report["retriedTooEarly"], 1);
    assert_eq!(report["config"]["enforceRetryAfter"], true);
    // Off by default: an early retry is served.
    set(json!({"rate": 1.0, "kinds": ["429"], "retryAfterSeconds": 5})).await;
    assert_eq!(e.get(&skus_path(C)).await.status, 429);
    set(json!({"rate": 0})).await;
    assert_eq!(e.get(&skus_path(C)).await.status, 200);
}
