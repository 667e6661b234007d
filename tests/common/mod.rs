//! Helpers shared by the core's integration tests.
#![allow(dead_code)]

use partner_center_licenses::http::HttpResponse;

pub mod catalog;

// Ids the endpoint and hardening tests share.
pub const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
pub const USER: &str = "482e2152-4b49-48ec-b715-823365ce3d4c";
pub const E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";
pub const EMS: &str = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
pub const MINECRAFT: &str = "984df360-9a74-4647-8cf8-696749f6247a";
pub const REQ: &str = "11111111-2222-4333-8444-555555555555";
pub const CORR: &str = "66666666-7777-4888-9999-aaaaaaaaaaaa";
/// The SKU the hardening tests name in updates.
pub const SKU: &str = EMS;
/// A token whose every trace the hardening tests look for.
pub const MARKER: &str = "MARKER-7f3a9c-SECRET";

/// A raw HTTP message split into its first line, headers and body.
pub struct RawMessage {
    pub first_line: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

pub fn parse_message(text: &str) -> RawMessage {
    let text = text.replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((text.as_str(), ""));
    let mut lines = head.lines();
    let first_line = lines.next().unwrap_or_default().to_owned();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    RawMessage {
        first_line,
        headers,
        body: body.to_owned(),
    }
}

/// Reads `tests/fixtures/seed/<name>` as an `HttpResponse`.
pub fn seed_response(name: &str) -> HttpResponse {
    let m = parse_message(&seed_text(name));
    let status = m
        .first_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    HttpResponse::new(status, m.headers, m.body.into_bytes())
}

pub fn seed_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/seed/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body.as_bytes().to_vec(),
    )
}

/// The parts of the token's base64 that appear whatever its alignment in the encoded
/// text (`Basic`-style encodings of `Bearer <token>` included): three encodings, each
/// without its unstable first and last 4 characters.
pub fn base64_forms(s: &str) -> Vec<String> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    (0..3)
        .map(|pad| {
            let mut b = vec![b'x'; pad];
            b.extend_from_slice(s.as_bytes());
            let mut out = String::new();
            for chunk in b.chunks(3) {
                let n = chunk
                    .iter()
                    .enumerate()
                    .fold(0u32, |n, (i, &c)| n | (u32::from(c) << (16 - 8 * i)));
                for i in 0..=chunk.len() {
                    out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
                }
            }
            out[4..out.len() - 4].to_owned()
        })
        .collect()
}

/// The test catalogs' ids: SKU `i`, and plan `p` of SKU `sku`.
pub fn sku_id(i: usize) -> partner_center_licenses::SkuId {
    partner_center_licenses::SkuId::parse(&format!("00000000-0000-4000-8000-0000000000{i:02}"))
        .unwrap()
}
pub fn plan_id(sku: usize, p: usize) -> partner_center_licenses::PlanId {
    partner_center_licenses::PlanId::parse(&format!(
        "00000000-0000-4000-9000-0000000{sku:02}{p:03}"
    ))
    .unwrap()
}

/// `plans` enabled service plans of SKU `sku`: `Plan {p}`, `PLAN_{sku}_{p}`.
pub fn service_plans(sku: usize, plans: usize) -> Vec<partner_center_licenses::model::ServicePlan> {
    (0..plans)
        .map(|p| partner_center_licenses::model::ServicePlan {
            display_name: format!("Plan {p}"),
            service_name: format!("PLAN_{sku}_{p}"),
            id: plan_id(sku, p),
            capability_status: Some("Enabled".into()),
            target_type: None,
        })
        .collect()
}
