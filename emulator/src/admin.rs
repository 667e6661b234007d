//! `/emulator/*`: tokens, state, ledger, reset and fault settings. Never faulted, never
//! rate limited.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use partner_center_licenses::id::{CustomerId, LicenseGroup, SkuId};

use crate::app::App;
use crate::auth::{DEFAULT_TTL, MAX_TTL, TokenKind};
use crate::errors::json_body;
use crate::faults::FaultConfig;
use crate::ratelimit::RateLimitConfig;
use crate::state::{Customer, Held, Partner};

/// An admin error: `{ "error": "..." }`.
pub fn admin_error(status: StatusCode, message: impl Into<String>) -> Response {
    let body = serde_json::to_vec(&json!({ "error": message.into() })).unwrap_or_default();
    (status, json_body(body)).into_response()
}

fn ok_json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(b) => (StatusCode::OK, json_body(b)).into_response(),
        Err(e) => admin_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

fn query_pairs(q: Option<&str>) -> Vec<(String, String)> {
    q.unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let d = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (d(k), d(v))
        })
        .collect()
}

/// `POST /emulator/token` body.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TokenRequest {
    /// Partner id or name.
    partner: String,
    #[serde(default = "app_user")]
    kind: TokenKind,
    /// Lifetime in seconds.
    #[serde(default)]
    expires_in: Option<u64>,
}

fn app_user() -> TokenKind {
    TokenKind::AppUser
}

/// `POST /emulator/token` answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    access_token: Option<String>,
    /// For `"kind": "refresh"` (instead of `accessToken`).
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    token_type: &'static str,
    expires_in: u64,
    partner_id: Uuid,
    partner: String,
    kind: TokenKind,
}

/// `POST /emulator/token`: `{ "partner": "adatum", "kind": "app+user" }`.
pub async fn issue_token(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let req: TokenRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return admin_error(
                StatusCode::BAD_REQUEST,
                format!(
                    "expected {{\"partner\": id or name, \"kind\": \"app+user\" | \"app-only\" | \"ca-blocked\" | \"refresh\", \"expiresIn\": seconds}}: {e}"
                ),
            );
        }
    };
    let partner = app.read().find_partner(&req.partner).cloned();
    let Some(partner) = partner else {
        return admin_error(
            StatusCode::NOT_FOUND,
            format!("no partner {:?}", req.partner),
        );
    };
    let ttl = req
        .expires_in
        .map_or(DEFAULT_TTL, Duration::from_secs)
        .min(MAX_TTL);
    let token = app.tokens.issue(partner.id, req.kind, ttl);
    let refresh = req.kind == TokenKind::Refresh;
    ok_json(&TokenResponse {
        access_token: (!refresh).then(|| token.clone()),
        refresh_token: refresh.then_some(token),
        token_type: if refresh { "refresh" } else { "Bearer" },
        expires_in: ttl.as_secs(),
        partner_id: partner.id,
        partner: partner.name,
        kind: req.kind,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SkuView {
    sku_id: SkuId,
    name: String,
    sku_part_number: String,
    license_group_id: LicenseGroup,
    total_units: i64,
    consumed_units: i64,
    available_units: i64,
    active_units: i64,
    warning_units: i64,
    suspended_units: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserView<'a> {
    id: Uuid,
    upn: &'a str,
    display_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    usage_location: Option<&'a str>,
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    soft_deletion_time: Option<&'a str>,
    licenses: &'a [Held],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CustomerView<'a> {
    id: CustomerId,
    name: &'a str,
    domain: &'a str,
    partner_id: Uuid,
    skus: Vec<SkuView>,
    user_count: usize,
    users: Vec<UserView<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StateView<'a> {
    partners: &'a [Partner],
    customers: Vec<CustomerView<'a>>,
    ledger_length: usize,
}

fn customer_view(c: &Customer, licensed_only: bool) -> CustomerView<'_> {
    CustomerView {
        id: c.id,
        name: &c.name,
        domain: &c.domain,
        partner_id: c.partner,
        skus: c
            .skus
            .iter()
            .map(|s| SkuView {
                sku_id: s.product_sku.id,
                name: s.product_sku.name.clone(),
                sku_part_number: s.product_sku.sku_part_number.clone(),
                license_group_id: s.product_sku.license_group_id,
                total_units: s.total_units,
                consumed_units: s.consumed_units,
                available_units: s.available_units,
                active_units: s.active_units,
                warning_units: s.warning_units,
                suspended_units: s.suspended_units,
            })
            .collect(),
        user_count: c.users.len(),
        users: c
            .users
            .iter()
            .filter(|u| !licensed_only || !u.licenses.is_empty())
            .map(|u| UserView {
                id: u.id,
                upn: &u.upn,
                display_name: &u.display_name,
                usage_location: u.usage_location.as_deref(),
                state: if u.is_active() { "active" } else { "inactive" },
                soft_deletion_time: u.soft_deletion_time.as_deref(),
                licenses: &u.licenses,
            })
            .collect(),
    }
}

/// `GET /emulator/state[?customer=ID][&licensedOnly=true]`
pub async fn state(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let mut only: Option<CustomerId> = None;
    let mut licensed_only = false;
    for (k, v) in query_pairs(q.as_deref()) {
        match k.as_str() {
            "customer" => match CustomerId::parse(&v) {
                Ok(id) => only = Some(id),
                Err(e) => return admin_error(StatusCode::BAD_REQUEST, e.to_string()),
            },
            "licensedOnly" => licensed_only = v == "true" || v == "1",
            _ => {}
        }
    }
    let store = app.read();
    let customers = store
        .customer_order
        .iter()
        .filter(|id| only.is_none_or(|o| o == **id))
        .filter_map(|id| store.customers.get(id))
        .map(|c| customer_view(c, licensed_only))
        .collect();
    ok_json(&StateView {
        partners: &store.partners,
        customers,
        ledger_length: store.ledger.len(),
    })
}

/// `GET /emulator/ledger[?since=SEQ]`
pub async fn ledger(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let mut since = 0u64;
    for (k, v) in query_pairs(q.as_deref()) {
        if k == "since" {
            match v.parse() {
                Ok(n) => since = n,
                Err(_) => return admin_error(StatusCode::BAD_REQUEST, "since must be a number"),
            }
        }
    }
    #[derive(Serialize)]
    struct LedgerView<'a> {
        length: usize,
        entries: &'a [crate::ledger::LedgerEntry],
    }
    let store = app.read();
    ok_json(&LedgerView {
        length: store.ledger.len(),
        entries: store.ledger.since(since),
    })
}

/// `POST /emulator/reset`: back to the seed (tokens and fault settings are kept).
pub async fn reset(State(app): State<Arc<App>>) -> Response {
    match app.reset() {
        Ok(()) => ok_json(&json!({ "ok": true })),
        Err(e) => admin_error(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

/// `GET /emulator/faults`: settings and counts (`rateLimited`: 429s of the rate limit,
/// whose settings are under `rateLimit`).
pub async fn get_faults(State(app): State<Arc<App>>) -> Response {
    faults_report(&app)
}

fn faults_report(app: &App) -> Response {
    let mut report = match serde_json::to_value(app.faults.report()) {
        Ok(v) => v,
        Err(e) => return admin_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    if let (Some(o), Ok(r)) = (
        report.as_object_mut(),
        serde_json::to_value(app.rate_limit.config()),
    ) {
        o.insert("rateLimit".into(), r);
    }
    ok_json(&report)
}

/// `GET /emulator/ratelimit`: the rate limit in force.
pub async fn get_rate_limit(State(app): State<Arc<App>>) -> Response {
    ok_json(&app.rate_limit.config())
}

/// `PUT /emulator/ratelimit`: `{ "requestsPerSecond": 15, "perCustomer": false,
/// "retryAfter": "seconds" | "httpDate" }` (absent fields take their defaults;
/// `requestsPerSecond: null` turns the limit off). The buckets start full.
pub async fn put_rate_limit(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let config: RateLimitConfig = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => return admin_error(StatusCode::BAD_REQUEST, format!("rate limit: {e}")),
    };
    match app.rate_limit.set(config) {
        Ok(()) => ok_json(&app.rate_limit.config()),
        Err(e) => admin_error(StatusCode::BAD_REQUEST, format!("rate limit: {e}")),
    }
}

/// `PUT /emulator/faults`: replaces the settings (absent fields take their defaults).
pub async fn put_faults(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let config: FaultConfig = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => return admin_error(StatusCode::BAD_REQUEST, format!("fault settings: {e}")),
    };
    match app.faults.set(config) {
        Ok(()) => faults_report(&app),
        Err(e) => admin_error(StatusCode::BAD_REQUEST, format!("fault settings: {e}")),
    }
}

/// `GET /emulator/health`
pub async fn health() -> Response {
    ok_json(
        &json!({ "ok": true, "name": "partner-center-emulator", "version": env!("CARGO_PKG_VERSION") }),
    )
}
