//! 100 concurrent assignments of one SKU to 100 users with 10 units left: exactly 10 win,
//! 90 get 60012, and the state and the ledger agree afterwards.

mod common;

use std::collections::BTreeSet;

use common::*;

const C: &str = ids::CUSTOMER_CONTOSO;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hundred_concurrent_assignments_for_ten_units() {
    let e = emulator().await;
    assert_eq!(e.units(C, ids::SKU_BUSINESS_BASIC).await, (10, 1));
    let body = assign_body(&[ids::SKU_BUSINESS_BASIC]);
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(100));
    let mut tasks = Vec::new();
    for n in 1..=100u32 {
        let client = common::client();
        let url = e.url(&updates_path(C, &ids::generated_user(n)));
        let token = e.token.clone();
        let body = body.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let r = client
                .post(url)
                .bearer_auth(token)
                .header("Content-Type", "application/json")
                .header("MS-RequestId", format!("7a000000-0000-4000-8000-{n:012}"))
                .body(body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let v: serde_json::Value = r.json().await.unwrap();
            (n, status, v)
        }));
    }
    let mut winners = BTreeSet::new();
    let mut losers = 0;
    for t in tasks {
        let (n, status, v) = t.await.unwrap();
        match status {
            201 => {
                winners.insert(ids::generated_user(n));
            }
            400 => {
                assert_eq!(v["code"], 60012, "{v}");
                losers += 1;
            }
            other => panic!("unexpected {other}: {v}"),
        }
    }
    assert_eq!(winners.len(), 10);
    assert_eq!(losers, 90);
    // State: no unit left, 11 consumed (katherine + 10), exactly the winners hold the SKU.
    assert_eq!(e.units(C, ids::SKU_BUSINESS_BASIC).await, (0, 11));
    let state = e
        .admin_get(&format!("/emulator/state?customer={C}&licensedOnly=true"))
        .await;
    let holders: BTreeSet<String> = state["customers"][0]["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            u["licenses"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["skuId"] == ids::SKU_BUSINESS_BASIC)
        })
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .filter(|id| id != ids::USER_KATHERINE)
        .collect();
    assert_eq!(holders, winners);
    // Ledger: one entry per winner, each assigning that SKU, with the winner's request id.
    let ledger = e.ledger().await;
    let entries = ledger["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 10);
    let in_ledger: BTreeSet<String> = entries
        .iter()
        .map(|en| {
            assert_eq!(en["assigned"][0]["skuId"], ids::SKU_BUSINESS_BASIC);
            let user = en["userId"].as_str().unwrap().to_owned();
            let n = &user[user.len() - 12..];
            assert_eq!(en["requestId"], format!("7a000000-0000-4000-8000-{n}"));
            user
        })
        .collect();
    assert_eq!(in_ledger, winners);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_last_unit_goes_to_exactly_one() {
    let e = emulator().await;
    let body = assign_body(&[ids::SKU_BUSINESS_PREMIUM]);
    let mut tasks = Vec::new();
    for n in 1..=20u32 {
        let client = common::client();
        let url = e.url(&updates_path(C, &ids::generated_user(n)));
        let token = e.token.clone();
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|s| **s == 400).count(), 19);
    assert_eq!(e.units(C, ids::SKU_BUSINESS_PREMIUM).await, (0, 3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_repeats_of_one_request_id_apply_once() {
    let e = emulator().await;
    let path = updates_path(C, ids::USER_BARBARA);
    let body = assign_body(&[ids::SKU_POWER_BI_PRO]);
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let client = common::client();
        let url = e.url(&path);
        let token = e.token.clone();
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .bearer_auth(token)
                .header("MS-RequestId", "3e3e3e3e-0000-4000-8000-000000000001")
                .body(body)
                .send()
                .await
                .unwrap();
            let replayed = r.headers().contains_key("x-emulator-replayed");
            (r.status().as_u16(), replayed, r.text().await.unwrap())
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    assert!(results.iter().all(|(s, _, _)| *s == 201), "{results:?}");
    assert_eq!(
        results.iter().filter(|(_, replayed, _)| !replayed).count(),
        1
    );
    assert!(results.iter().all(|(_, _, text)| *text == results[0].2));
    assert_eq!(e.ledger().await["length"], 1);
    assert_eq!(e.units(C, ids::SKU_POWER_BI_PRO).await, (1098, 2));
}
