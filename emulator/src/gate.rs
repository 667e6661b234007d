//! The gate in front of every API route: checks the id headers, injects faults, checks the
//! token and the rate limit, then adds the service's response headers.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use partner_center_licenses::id::Guid;

use crate::app::App;
use crate::body::{DropConnection, truncated};
use crate::errors::Failure;
use crate::faults::FaultKind;

/// `MS-RequestId`.
pub static REQUEST_ID: HeaderName = HeaderName::from_static("ms-requestid");
/// `MS-CorrelationId`.
pub static CORRELATION_ID: HeaderName = HeaderName::from_static("ms-correlationid");
/// `MS-CV`.
pub static CV: HeaderName = HeaderName::from_static("ms-cv");
/// `MS-ServerId`.
pub static SERVER_ID: HeaderName = HeaderName::from_static("ms-serverid");
/// Set on a response replayed for a repeated `MS-RequestId`.
pub static REPLAYED: HeaderName = HeaderName::from_static("x-emulator-replayed");

/// The ids a call carries (checked GUIDs, as sent).
#[derive(Clone, Debug, Default)]
pub struct CallIds {
    /// `MS-RequestId`.
    pub request_id: Option<String>,
    /// `MS-CorrelationId`.
    pub correlation_id: Option<String>,
}

fn header_guid(
    headers: &HeaderMap,
    name: &HeaderName,
    label: &str,
) -> Result<Option<String>, Failure> {
    let Some(v) = headers.get(name) else {
        return Ok(None);
    };
    let s = v
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|s| Guid::parse(s).is_ok())
        .ok_or_else(|| Failure::Malformed(format!("The {label} header must be a GUID.")))?;
    Ok(Some(s.to_owned()))
}

impl CallIds {
    fn from_headers(h: &HeaderMap) -> Result<Self, Failure> {
        Ok(Self {
            request_id: header_guid(h, &REQUEST_ID, "MS-RequestId")?,
            correlation_id: header_guid(h, &CORRELATION_ID, "MS-CorrelationId")?,
        })
    }
}

/// The authenticated caller of an API route.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The partner tenant.
    pub partner: Uuid,
    /// The call's ids.
    pub ids: CallIds,
}

/// Adds the service's response headers: `MS-RequestId` (echoed, or new), `MS-CorrelationId`,
/// `MS-CV`, `MS-ServerId`.
pub fn finish(mut resp: Response, ids: &CallIds) -> Response {
    let fresh = fast_guid();
    let h = resp.headers_mut();
    let request_id = ids.request_id.clone().unwrap_or_else(|| fresh.to_string());
    let correlation_id = ids
        .correlation_id
        .clone()
        .unwrap_or_else(|| fast_guid().to_string());
    for (name, value) in [
        (&REQUEST_ID, request_id),
        (&CORRELATION_ID, correlation_id),
        (&CV, format!("{}.0", &fresh.simple().to_string()[..16])),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name.clone(), v);
        }
    }
    h.insert(SERVER_ID.clone(), HeaderValue::from_static("emulator01"));
    resp
}

thread_local! {
    /// SplitMix64 state per thread, seeded once from the OS: response ids need to be unique,
    /// not secret, and a system call per response halves the throughput.
    static ID_RNG: std::cell::Cell<u64> = std::cell::Cell::new(Uuid::new_v4().as_u64_pair().0);
}

/// A random (version 4) GUID for response ids.
fn fast_guid() -> Uuid {
    ID_RNG.with(|c| {
        let next = || {
            let s = c.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
            c.set(s);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let (a, b) = (next(), next());
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&a.to_le_bytes());
        bytes[8..].copy_from_slice(&b.to_le_bytes());
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    })
}

fn drop_connection() -> Response {
    let mut r = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    r.extensions_mut().insert(DropConnection);
    r
}

fn html_page() -> Response {
    let body = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1><p>The upstream server returned an invalid response.</p></body></html>\n";
    let mut r = (StatusCode::BAD_GATEWAY, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// With `enforceRetryAfter`, remembers that the caller's partner was told to wait.
fn note_backoff(app: &App, headers: &HeaderMap, seconds: u64) {
    if app.faults.enforces_retry_after() {
        if let Ok(t) = app.tokens.check(headers) {
            app.faults.note_backoff(t.partner, seconds, Instant::now());
        }
    }
}

/// The gate in front of every API route: checks the id headers, injects faults, checks
/// the token and the rate limit, then adds the response headers.
pub async fn gate(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let ids = match CallIds::from_headers(req.headers()) {
        Ok(ids) => ids,
        Err(f) => return finish(f.into_response(), &CallIds::default()),
    };
    let fault = app.faults.decide();
    if let Some(f) = &fault {
        match f.kind {
            FaultKind::Throttle => {
                note_backoff(&app, req.headers(), f.retry_after_seconds);
                let f = Failure::Throttled {
                    seconds: f.retry_after_seconds,
                    retry_after: f.retry_after.clone(),
                };
                return finish(f.into_response(), &ids);
            }
            FaultKind::Internal => return finish(Failure::Internal.into_response(), &ids),
            FaultKind::Unavailable => {
                note_backoff(&app, req.headers(), f.retry_after_seconds);
                let f = Failure::Unavailable(f.retry_after.clone());
                return finish(f.into_response(), &ids);
            }
            FaultKind::Html => return finish(html_page(), &ids),
            FaultKind::Drop => return drop_connection(),
            FaultKind::Latency => tokio::time::sleep(f.delay).await,
            FaultKind::Truncate | FaultKind::LostAfterCommit => {}
        }
    }
    let token = match app.tokens.check(req.headers()) {
        Ok(t) => t,
        Err(f) => return finish(f.into_response(), &ids),
    };
    if let Some(seconds) = app.faults.too_early(token.partner, Instant::now()) {
        let f = Failure::Throttled {
            seconds,
            retry_after: app.faults.report_retry_after(seconds),
        };
        return finish(f.into_response(), &ids);
    }
    let customer = crate::ratelimit::customer_of(req.uri().path());
    if let Err(refused) = app
        .rate_limit
        .check(token.partner, customer, Instant::now())
    {
        app.faults.count_rate_limited();
        let f = Failure::Throttled {
            seconds: refused.seconds,
            retry_after: refused.retry_after,
        };
        return finish(f.into_response(), &ids);
    }
    req.extensions_mut().insert(Caller {
        partner: token.partner,
        ids: ids.clone(),
    });
    let resp = next.run(req).await;
    let resp = match fault.map(|f| f.kind) {
        Some(FaultKind::LostAfterCommit) => return drop_connection(),
        Some(FaultKind::Truncate) => truncated(resp).await,
        _ => resp,
    };
    finish(resp, &ids)
}
