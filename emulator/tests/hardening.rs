//! Hostile clients (issue 9, item 3): slow headers and bodies, oversized bodies, crowds of
//! junk connections, and every kind of refused token. The server keeps serving others, and
//! no refused request changes the state (compared before and after). Random and malformed
//! bodies, ids and headers are in `bad_input.rs`.

mod common;

use std::time::Duration;

use common::*;
use partner_center_emulator::{Config, TokenKind};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, sleep, timeout};

const C: &str = ids::CUSTOMER_CONTOSO;

async fn short_timeout_emulator(secs: u64) -> Emu {
    start_with(Config {
        read_timeout: Duration::from_secs(secs),
        ..Config::default()
    })
    .await
}

/// Reads until the server closes the connection or `limit` passes; returns the bytes and
/// whether the server closed it.
async fn read_until_closed(s: &mut TcpStream, limit: Duration) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (out, true),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
            Err(_) => return (out, false),
        }
    }
}

/// The JSON body of a raw HTTP/1.1 response (after the blank line).
fn raw_body(raw: &[u8]) -> Value {
    let text = String::from_utf8_lossy(raw);
    let (_, body) = text.split_once("\r\n\r\n").unwrap_or(("", ""));
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Everything a refused request must leave as it was.
async fn snapshot(e: &Emu) -> (Value, Value) {
    (e.state().await, e.ledger().await)
}

/// A normal call still works, and quickly enough to be called "served" (10 s is a bound
/// on "not starved", not a speed target).
async fn still_serves(e: &Emu) {
    let r = timeout(Duration::from_secs(10), e.get(&skus_path(C)))
        .await
        .expect("the emulator stopped serving");
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickled_body_gets_408_and_changes_nothing() {
    let e = short_timeout_emulator(1).await;
    let before = snapshot(&e).await;
    let body = assign_body(&[ids::SKU_O365_E3]);
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        updates_path(C, ids::USER_GRACE),
        e.token,
        body.len()
    );
    let mut s = TcpStream::connect(e.emu.addr()).await.unwrap();
    s.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    // One byte every 200 ms: each chunk arrives well within any per-chunk timeout, but the
    // whole body would take longer than the 1 s total.
    let trickle = async {
        for b in body.as_bytes().iter().take(body.len() - 1) {
            if s.write_all(&[*b]).await.is_err() {
                break;
            }
            sleep(Duration::from_millis(200)).await;
        }
    };
    let (_, ()) = tokio::join!(still_serves(&e), trickle);
    let (raw, _) = read_until_closed(&mut s, Duration::from_secs(5)).await;
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    let v = raw_body(&raw);
    assert_eq!(v["code"], 60054, "{v}");
    assert_eq!(v["source"], "PartnerFD");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(snapshot(&e).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trickled_and_idle_headers_are_cut_off() {
    let e = short_timeout_emulator(1).await;
    // Headers that never end: one line every 300 ms.
    let mut slow = TcpStream::connect(e.emu.addr()).await.unwrap();
    slow.write_all(b"GET /emulator/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut idle = TcpStream::connect(e.emu.addr()).await.unwrap();
    let trickle = async {
        for i in 0..30 {
            let line = format!("X-Slow-{i}: 1\r\n");
            if slow.write_all(line.as_bytes()).await.is_err() {
                return true;
            }
            sleep(Duration::from_millis(300)).await;
        }
        false
    };
    let (_, cut) = tokio::join!(still_serves(&e), trickle);
    let (_, closed) = read_until_closed(&mut slow, Duration::from_secs(3)).await;
    assert!(cut || closed, "a client trickling headers was kept for 9 s");
    // A connection that never sends a byte is not kept for ever either.
    let (got, closed) = read_until_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(closed, "an idle connection was kept open");
    assert!(
        got.is_empty() || got.starts_with(b"HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&got)
    );
    still_serves(&e).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crowd_of_junk_connections_does_not_stop_service() {
    let e = short_timeout_emulator(2).await;
    let before = snapshot(&e).await;
    let addr = e.emu.addr();
    let mut crowd = Vec::new();
    for i in 0..300 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let junk: &[u8] = match i % 4 {
            0 => b"",                                                                           // idle
            1 => b"POST /v1/customers/x HTTP/1.1\r\nHost: x", // unfinished headers
            2 => b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", // a TLS hello
            _ => b"POST /emulator/token HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\n\r\n{", // a body that never comes
        };
        let _ = s.write_all(junk).await;
        crowd.push(s);
    }
    // While all 300 are open, ordinary calls are answered.
    for _ in 0..10 {
        still_serves(&e).await;
    }
    let ok = e
        .post(
            &updates_path(C, ids::USER_GRACE),
            &assign_body(&[ids::SKU_O365_E3]),
        )
        .await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    // Every junk connection is closed by the server within a few read timeouts.
    let mut waits = tokio::task::JoinSet::new();
    for mut s in crowd {
        waits.spawn(async move { read_until_closed(&mut s, Duration::from_secs(6)).await.1 });
    }
    let mut open = 0;
    while let Some(closed) = waits.join_next().await {
        if !closed.unwrap() {
            open += 1;
        }
    }
    assert_eq!(open, 0, "{open} junk connections were kept open");
    // The one valid update is the only change.
    let (state, ledger) = snapshot(&e).await;
    assert_ne!(state, before.0);
    assert_eq!(ledger["length"], 1, "{ledger}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_get_413_before_they_are_read() {
    let e = emulator().await;
    let before = snapshot(&e).await;
    // A declared length far over the limit is refused at once, without waiting for a byte.
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n",
        updates_path(C, ids::USER_GRACE),
        e.token
    );
    let mut s = TcpStream::connect(e.emu.addr()).await.unwrap();
    s.write_all(head.as_bytes()).await.unwrap();
    let (raw, _) = read_until_closed(&mut s, Duration::from_secs(3)).await;
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    let v = raw_body(&raw);
    assert_eq!(v["code"], 60054);
    assert_eq!(
        v["description"],
        "The request body is larger than 65536 bytes."
    );
    // A chunked body with no declared length is cut at the limit too.
    let chunk = format!("{:x}\r\n{}\r\n", 70_000, " ".repeat(70_000));
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nTransfer-Encoding: chunked\r\n\r\n{chunk}",
        updates_path(C, ids::USER_GRACE),
        e.token
    );
    let mut s = TcpStream::connect(e.emu.addr()).await.unwrap();
    let _ = s.write_all(head.as_bytes()).await;
    let (raw, _) = read_until_closed(&mut s, Duration::from_secs(3)).await;
    assert!(
        raw.starts_with(b"HTTP/1.1 413"),
        "{}",
        String::from_utf8_lossy(&raw)
    );
    // The admin endpoints refuse huge bodies as well (axum's 2 MB default). Its own client:
    // the server closes that connection unread, which a pooled client could reuse.
    let r = client()
        .post(e.url("/emulator/token"))
        .body(vec![b' '; 3 << 20])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
    assert_eq!(snapshot(&e).await, before);
    still_serves(&e).await;
}

/// Every kind of refused token, on a valid update: the documented status and body, and
/// nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_tokens_change_nothing() {
    let e = emulator().await;
    let before = snapshot(&e).await;
    let path = updates_path(C, ids::USER_GRACE);
    let body = assign_body(&[ids::SKU_O365_E3]);
    let expired = e
        .admin_send(
            reqwest::Method::POST,
            "/emulator/token",
            json!({"partner": "adatum", "expiresIn": 1}),
        )
        .await
        .json()["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(e.get_as(Some(&expired), &skus_path(C)).await.status, 200);
    sleep(Duration::from_millis(1100)).await;
    let unauthorized: Vec<(&str, Option<String>)> = vec![
        ("missing", None),
        ("empty", Some(String::new())),
        ("scheme only", Some("Bearer".into())),
        ("scheme and space", Some("Bearer ".into())),
        ("basic", Some(format!("Basic {}", e.token))),
        ("no scheme", Some(e.token.clone())),
        (
            "two tokens",
            Some(format!("Bearer {} {}", e.token, e.token)),
        ),
        (
            "unknown",
            Some("Bearer pcemu.0123456789abcdef0123456789abcdef".into()),
        ),
        ("altered", Some(format!("Bearer {}x", e.token))),
        (
            "prefix",
            Some(format!("Bearer {}", &e.token[..e.token.len() - 1])),
        ),
        ("huge", Some(format!("Bearer {}", "a".repeat(60_000)))),
        ("expired", Some(format!("Bearer {expired}"))),
    ];
    for (what, auth) in unauthorized {
        let mut req = e
            .client
            .post(e.url(&path))
            .header("Content-Type", "application/json")
            .body(body.clone());
        if let Some(a) = &auth {
            req = req.header("Authorization", a.as_str());
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let challenge = r
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap().to_owned());
        let text = r.text().await.unwrap();
        if what == "huge" && status == 431 {
            continue; // hyper refuses the header block itself: fine, nothing was read
        }
        assert_eq!(status, 401, "{what}: {text}");
        assert_eq!(
            challenge.as_deref(),
            Some(r#"Bearer error="invalid_token""#),
            "{what}"
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v.get("code").is_none(), "{what}: {v}");
        assert_eq!(v["source"], "PartnerFD");
        assert_eq!(
            v["description"],
            "Authentication failed: the access token is missing, invalid or expired."
        );
        assert!(!text.contains(&e.token), "{what}: the token was echoed");
    }
    // Tokens of the wrong kind, and another partner's valid token.
    let app_only = e.token_for("adatum", TokenKind::AppOnly);
    let blocked = e.token_for("adatum", TokenKind::CaBlocked);
    let other = e.token_for("woodgrove", TokenKind::AppUser);
    e.post_as(Some(&app_only), &path, &body, None)
        .await
        .assert_error(400, 900316);
    e.post_as(Some(&blocked), &path, &body, None)
        .await
        .assert_error(403, 900309);
    e.post_as(Some(&other), &path, &body, None)
        .await
        .assert_error(404, 60003);
    // Another partner's token cannot read either, nor learn whether the customer exists.
    e.get_as(Some(&other), &licenses_path(C, ids::USER_ADA))
        .await
        .assert_error(404, 60003);
    assert_eq!(snapshot(&e).await, before);
    // And the same update with the right token does apply (the battery was not a no-op).
    assert_eq!(e.post(&path, &body).await.status, 201);
    assert_ne!(snapshot(&e).await.1, before.1);
}
