//! The rate limit set at run time through the admin API: per partner or per partner and
//! customer, `Retry-After` in seconds or as an HTTP-date, counted in `GET /emulator/faults`.

mod common;

use std::time::SystemTime;

use common::*;
use serde_json::json;

const C: &str = ids::CUSTOMER_CONTOSO;

#[tokio::test]
async fn set_at_run_time_per_partner_and_counted() {
    let e = emulator().await;
    assert_eq!(
        e.admin_get("/emulator/ratelimit").await["requestsPerSecond"],
        serde_json::Value::Null
    );
    let r = e
        .admin_send(
            reqwest::Method::PUT,
            "/emulator/ratelimit",
            json!({"requestsPerSecond": 3}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["requestsPerSecond"], 3);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(e.get(&skus_path(C)).await.status);
    }
    let ok = statuses.iter().filter(|s| **s == 200).count();
    assert!((3..=4).contains(&ok), "{statuses:?}");
    let faults = e.admin_get("/emulator/faults").await;
    assert_eq!(
        faults["rateLimited"].as_u64(),
        Some(6 - ok as u64),
        "{faults}"
    );
    assert_eq!(faults["rateLimit"]["requestsPerSecond"], 3);
    // Off again: nothing is refused.
    e.admin_send(
        reqwest::Method::PUT,
        "/emulator/ratelimit",
        json!({"requestsPerSecond": null}),
    )
    .await;
    for _ in 0..10 {
        assert_eq!(e.get(&skus_path(C)).await.status, 200);
    }
}

#[tokio::test]
async fn per_customer_buckets_and_http_dates() {
    let e = emulator().await;
    let r = e
        .admin_send(
            reqwest::Method::PUT,
            "/emulator/ratelimit",
            json!({"requestsPerSecond": 2, "perCustomer": true, "retryAfter": "httpDate"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    for _ in 0..2 {
        assert_eq!(e.get(&skus_path(C)).await.status, 200);
    }
    let refused = e.get(&skus_path(C)).await;
    assert_eq!(refused.status, 429);
    let date = refused.header("retry-after").unwrap().to_owned();
    let at = httpdate::parse_http_date(&date).unwrap();
    assert!(at > SystemTime::now(), "{date} is in the future");
    assert_eq!(refused.json()["statusCode"], 429);
    // The same partner, another customer: its own bucket.
    assert_eq!(e.get(&skus_path(ids::CUSTOMER_TAILSPIN)).await.status, 200);
}

#[tokio::test]
async fn bad_settings_are_refused() {
    let e = emulator().await;
    for body in [
        json!({"requestsPerSecond": 0}),
        json!({"requestsPerSecond": -1}),
        json!({"rps": 3}),
        json!({"retryAfter": "never"}),
    ] {
        let r = e
            .admin_send(reqwest::Method::PUT, "/emulator/ratelimit", body.clone())
            .await;
        assert_eq!(r.status, 400, "{body}: {}", r.text);
        assert!(
            r.json()["error"]
                .as_str()
                .unwrap()
                .starts_with("rate limit"),
            "{}",
            r.text
        );
    }
}
