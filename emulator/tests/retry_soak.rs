//! The core's retry decisions driving real calls through every fault kind: each update is
//! applied exactly once (the same `MS-RequestId` on every attempt), every call ends well.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::*;
use partner_center_emulator::{Config, FaultConfig, FaultKind};
use partner_center_licenses::endpoint::{Endpoint, ListLicenses, UpdateLicenses};
use partner_center_licenses::http::HttpRequest;
use partner_center_licenses::model::{LicenseAssignment, LicenseUpdate};
use partner_center_licenses::retry::{CallIds, Decision, RetryPolicy, RetryState};
use partner_center_licenses::*;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn bytes32(&mut self) -> [u8; 32] {
        let mut b = [0u8; 32];
        for chunk in b.chunks_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes());
        }
        b
    }
}

/// One attempt: transport failures (dropped connection, truncated body) become the core's
/// `Error::Network`, as a shell would report them.
async fn attempt<E: Endpoint>(e: &Emu, req: &HttpRequest) -> Result<E::Output, Error> {
    let mut b = match req.method {
        partner_center_licenses::http::Method::Get => e.client.get(&req.url),
        partner_center_licenses::http::Method::Post => e.client.post(&req.url),
    };
    for (n, v) in &req.headers {
        b = b.header(*n, v);
    }
    if let Some(body) = &req.body {
        b = b.body(body.clone());
    }
    let network = |err: reqwest::Error| Error::Network {
        message: err.to_string(),
    };
    let r = b.send().await.map_err(network)?;
    let status = r.status().as_u16();
    let headers = r
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    let body = r.bytes().await.map_err(network)?.to_vec();
    E::decode(&partner_center_licenses::http::HttpResponse::new(
        status, headers, body,
    ))
}

/// Runs one call with retries; returns its output and the number of attempts.
async fn call<E: Endpoint>(
    e: &Emu,
    endpoint: &E,
    config: &ClientConfig,
    token: &AccessToken,
    rng: &mut Rng,
    started: Instant,
) -> (E::Output, u32, Guid) {
    let now = || started.elapsed().as_millis() as u64;
    let policy = RetryPolicy::new(20, 1, 20, 60_000).unwrap();
    let mut state = RetryState::new(policy, now(), CallIds::from_random_bytes(rng.bytes32()));
    loop {
        let req = endpoint.to_request(config, &state.context(token));
        let outcome = attempt::<E>(e, &req).await;
        match state.on_outcome(now(), &outcome, rng.next() as u32) {
            Decision::Done => {
                return (outcome.unwrap(), state.attempt(), state.ids().request_id);
            }
            Decision::Retry { wait_ms, .. } => {
                tokio::time::sleep(Duration::from_millis(wait_ms)).await
            }
            other => panic!("{other:?} after {:?}", outcome.err()),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retried_updates_apply_exactly_once_through_every_fault() {
    let e = start_with(Config {
        faults: FaultConfig {
            rate: 0.5,
            kinds: FaultKind::ALL.to_vec(),
            latency_ms: [1, 5],
            retry_after_seconds: 0,
            seed: 5,
            ..FaultConfig::default()
        },
        ..Config::default()
    })
    .await;
    let config = ClientConfig::new(&e.emu.url()).unwrap();
    let token = AccessToken::new(&e.token).unwrap();
    let customer = CustomerId::parse(ids::CUSTOMER_CONTOSO).unwrap();
    let sku = SkuId::parse(ids::SKU_POWER_BI_PRO).unwrap();
    let before = e.units(ids::CUSTOMER_CONTOSO, ids::SKU_POWER_BI_PRO).await;
    let mut rng = Rng(77);
    let started = Instant::now();
    let mut request_ids = BTreeSet::new();
    let mut attempts = 0;
    const CALLS: u32 = 40;
    for n in 1..=CALLS {
        let user = UserId::parse(&ids::generated_user(200 + n)).unwrap();
        let update = LicenseUpdate {
            licenses_to_assign: Some(vec![LicenseAssignment {
                sku_id: sku,
                excluded_plans: None,
            }]),
            ..Default::default()
        };
        let up = UpdateLicenses::new(customer, user.clone(), update).unwrap();
        let (echo, tries, rid) = call(&e, &up, &config, &token, &mut rng, started).await;
        assert_eq!(echo.assignments()[0].sku_id, sku);
        attempts += tries;
        request_ids.insert(rid.to_string());
        let list = ListLicenses {
            customer,
            user,
            groups: vec![],
        };
        let (licenses, tries, _) = call(&e, &list, &config, &token, &mut rng, started).await;
        attempts += tries;
        assert_eq!(licenses.items.len(), 1);
        assert_eq!(licenses.items[0].product_sku.id, sku);
    }
    // Every update applied once: the ledger has one entry per call, with the call's request id.
    let ledger = e.ledger().await;
    assert_eq!(ledger["length"], CALLS);
    let in_ledger: BTreeSet<String> = ledger["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|en| en["requestId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(in_ledger, request_ids);
    let after = e.units(ids::CUSTOMER_CONTOSO, ids::SKU_POWER_BI_PRO).await;
    assert_eq!(after, (before.0 - CALLS as i64, before.1 + CALLS as i64));
    // The faults really happened, every kind of them.
    let report = e.admin_get("/emulator/faults").await;
    for k in FaultKind::ALL {
        assert!(
            report["injected"][k.name()].as_u64().unwrap_or(0) > 0,
            "{} never injected: {report}",
            k.name()
        );
    }
    assert!(attempts > 2 * CALLS + 20, "{attempts} attempts");
}
