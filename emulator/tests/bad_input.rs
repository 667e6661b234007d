//! Random and malformed bodies, ids, paths and headers never crash the server nor change
//! its state (the state is compared before and after).

mod common;

use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const C: &str = ids::CUSTOMER_CONTOSO;

/// SplitMix64, so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

fn bad_bodies(rng: &mut Rng) -> Vec<Vec<u8>> {
    let valid = format!(
        r#"{{"licensesToAssign":[{{"skuId":"{}","excludedPlans":null}}],"licensesToRemove":null}}"#,
        ids::SKU_O365_E3
    );
    let mut out: Vec<Vec<u8>> = Vec::new();
    // Every strict prefix of a valid body.
    for i in 0..valid.len() {
        out.push(valid.as_bytes()[..i].to_vec());
    }
    // Random bytes and random printable text.
    for _ in 0..60 {
        let n = rng.below(300);
        out.push(rng.bytes(n));
        let text: String = (0..n)
            .map(|_| (b' ' + (rng.next() % 95) as u8) as char)
            .collect();
        out.push(text.into_bytes());
    }
    // Wrong types and broken ids in every slot.
    let sku = ids::SKU_O365_E3;
    for v in [
        "null",
        "true",
        "1",
        "1.5",
        "\"x\"",
        "[]",
        "{}",
        "[null]",
        "[1]",
        "[\"x\"]",
        "[{}]",
        "\"00000000-0000-0000-0000-00000000000g\"",
        "\"\u{0}\"",
        "\"\\ud800\"",
        "1e999",
    ] {
        out.push(format!(r#"{{"licensesToAssign": {v}}}"#).into_bytes());
        out.push(format!(r#"{{"licensesToAssign": [{{"skuId": {v}}}]}}"#).into_bytes());
        if v != "null" && v != "[]" {
            // (null and [] are valid excluded-plan lists)
            out.push(
                format!(r#"{{"licensesToAssign": [{{"skuId": "{sku}", "excludedPlans": {v}}}]}}"#)
                    .into_bytes(),
            );
        }
        out.push(format!(r#"{{"licensesToRemove": {v}}}"#).into_bytes());
        out.push(format!(r#"{{"licensesToRemove": [{v}]}}"#).into_bytes());
    }
    // Deep nesting, a huge number, duplicated properties, a BOM, non-UTF-8.
    out.push(format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes());
    out.push(
        format!(r#"{{"licensesToAssign": [{{"skuId": "{sku}"}}], "LicensesToAssign": []}}"#)
            .into_bytes(),
    );
    out.push(format!("\u{feff}{valid}").into_bytes());
    out.push(b"{\"licensesToAssign\": [{\"skuId\": \"\xff\xfe\"}]}".to_vec());
    out.push(format!("{valid}{valid}").into_bytes());
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_and_malformed_requests_change_nothing() {
    let e = emulator().await;
    let before = e.state().await;
    let mut rng = Rng(20261122);
    let users = [
        ids::USER_ADA,
        ids::USER_GRACE,
        "ada@contoso.onmicrosoft.com",
    ];
    let mut sent = 0;
    for body in bad_bodies(&mut rng) {
        let user = users[rng.below(users.len())];
        let r = e
            .client
            .post(e.url(&updates_path(C, user)))
            .bearer_auth(&e.token)
            .header("Content-Type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        assert!(
            matches!(status, 400 | 413),
            "{status} for {:?}: {text}",
            String::from_utf8_lossy(&body)
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["source"], "PartnerFD");
        sent += 1;
    }
    // Malformed ids and paths, on every route.
    let bad_ids = [
        "",
        "x",
        "%",
        "%zz",
        "%00",
        "%FF%FE",
        "..",
        "%2e%2e",
        "0c39d6d5-c70d-4c55-bc02-f620844f3fd",
        "{0c39d6d5-c70d-4c55-bc02-f620844f3fd1}",
        "0c39d6d5c70d4c55bc02f620844f3fd1",
        "a%2Fb%40contoso.com",
        "ada%40contoso",
        "%F0%9F%98%80%40x.com",
        &"a".repeat(5000),
        "ada%0D%0AX-Evil:%201%40contoso.com",
        "%40",
        "a@b@c.com",
    ];
    for id in bad_ids {
        for path in [
            licenses_path(id, ids::USER_ADA),
            licenses_path(C, id),
            skus_path(id),
            format!("/v1/customers/{id}/users"),
            format!("/v1/customers/{C}/users/{id}"),
        ] {
            let r = e
                .client
                .get(e.url(&path))
                .bearer_auth(&e.token)
                .send()
                .await
                .unwrap();
            let s = r.status().as_u16();
            assert!((400..500).contains(&s), "{s} for {path}");
            sent += 1;
        }
        let r = e
            .client
            .post(e.url(&updates_path(C, id)))
            .bearer_auth(&e.token)
            .body(assign_body(&[ids::SKU_O365_E3]))
            .send()
            .await
            .unwrap();
        let s = r.status().as_u16();
        assert!((400..500).contains(&s), "{s} for POST {id}");
        sent += 1;
    }
    // Bad query strings.
    for q in [
        "licenseGroupIds=",
        "licenseGroupIds=Group3",
        "licenseGroupIds=%FF",
        "licenseGroupIds=Group1%00",
        "licenseGroupIds",
    ] {
        let r = e.get(&format!("{}?{q}", skus_path(C))).await;
        assert_eq!(r.status, 400, "{q}");
        sent += 1;
    }
    // Bad headers: tokens, ids, content types.
    let valid_body = assign_body(&[ids::SKU_O365_E3]);
    for (name, value) in [
        ("Authorization", "Bearer"),
        ("Authorization", "Bearer "),
        ("Authorization", "Basic Zm9vOmJhcg=="),
        (
            "Authorization",
            "bearer pcemu.00000000000000000000000000000000",
        ),
        ("Authorization", "Bearer \u{e9}t\u{e9}"),
        ("MS-RequestId", "not-a-guid"),
        ("MS-RequestId", ""),
        (
            "MS-CorrelationId",
            "0c39d6d5-c70d-4c55-bc02-f620844f3fd1-extra",
        ),
    ] {
        let mut b = e
            .client
            .post(e.url(&updates_path(C, ids::USER_ADA)))
            .header(name, value)
            .body(valid_body.clone());
        if name != "Authorization" {
            b = b.bearer_auth(&e.token);
        }
        let r = b.send().await.unwrap();
        let s = r.status().as_u16();
        assert!(matches!(s, 400 | 401), "{s} for {name}: {value}");
        sent += 1;
    }
    // Raw garbage on the socket, and over-long header lines: the server answers 4xx or closes.
    for _ in 0..20 {
        let n = 1 + rng.below(2000);
        let junk = rng.bytes(n);
        let got = raw_exchange(e.emu.addr(), &junk, 1000).await;
        if !got.is_empty() {
            assert!(
                got.starts_with(b"HTTP/1.1 4"),
                "{}",
                String::from_utf8_lossy(&got)
            );
        }
        sent += 1;
    }
    let huge = format!(
        "GET {} HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        skus_path(C),
        "a".repeat(200_000)
    );
    let mut s = tokio::net::TcpStream::connect(e.emu.addr()).await.unwrap();
    let _ = s.write_all(huge.as_bytes()).await;
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), s.read_to_end(&mut buf)).await;
    if !buf.is_empty() {
        assert!(
            buf.starts_with(b"HTTP/1.1 4"),
            "{}",
            String::from_utf8_lossy(&buf)
        );
    }
    // Still serving, nothing changed.
    assert!(sent > 300, "{sent}");
    assert_eq!(e.get(&skus_path(C)).await.status, 200);
    assert_eq!(e.state().await, before);
    assert_eq!(e.ledger().await["length"], 0);
}
