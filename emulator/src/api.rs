//! The three Partner Center endpoints, and the gate in front of them (request ids,
//! faults, auth, rate limit, response headers).

use std::sync::Arc;
use std::time::Instant;

use axum::Extension;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use uuid::Uuid;

use partner_center_licenses::id::{CustomerId, Guid, LicenseGroup, UserId};
use partner_center_licenses::model::LicenseUpdate;

use crate::app::App;
use crate::body::truncated;
use crate::errors::{Failure, RetryAfter, json_body};
use crate::faults::FaultKind;
use crate::json_case;
use crate::replay::{Lookup, fingerprint};
use crate::server::DropConnection;
use crate::state::CallMeta;

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
fn finish(mut resp: Response, ids: &CallIds) -> Response {
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
                let f = Failure::Throttled {
                    seconds: f.retry_after_seconds,
                    retry_after: f.retry_after.clone(),
                };
                return finish(f.into_response(), &ids);
            }
            FaultKind::Internal => return finish(Failure::Internal.into_response(), &ids),
            FaultKind::Unavailable => {
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
    if let Some(limit) = &app.rate_limit {
        if let Err(seconds) = limit.check(token.partner, Instant::now()) {
            app.faults.count_rate_limited();
            let f = Failure::Throttled {
                seconds,
                retry_after: RetryAfter(seconds.to_string()),
            };
            return finish(f.into_response(), &ids);
        }
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

fn path_ids(
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<(CustomerId, UserId), Failure> {
    let Path((customer, user)) =
        path.map_err(|_| Failure::Malformed("The request path is not valid.".into()))?;
    let customer = CustomerId::parse(&customer).map_err(|e| Failure::Malformed(e.to_string()))?;
    let user = UserId::parse(&user).map_err(|e| Failure::Malformed(e.to_string()))?;
    Ok((customer, user))
}

fn customer_id(path: Result<Path<String>, PathRejection>) -> Result<CustomerId, Failure> {
    let Path(customer) =
        path.map_err(|_| Failure::Malformed("The request path is not valid.".into()))?;
    CustomerId::parse(&customer).map_err(|e| Failure::Malformed(e.to_string()))
}

/// The `licenseGroupIds` filter (repeatable, case-insensitive); Group1 when absent.
pub fn license_groups(query: Option<&str>) -> Result<Vec<LicenseGroup>, Failure> {
    let mut groups = Vec::new();
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| {
            percent_decode_str(&s.replace('+', " "))
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| Failure::Malformed("The query string is not valid UTF-8.".into()))
        };
        if !decode(k)?.eq_ignore_ascii_case("licenseGroupIds") {
            continue;
        }
        for part in decode(v)?.split(',') {
            let g = LicenseGroup::parse(part.trim())
                .map_err(|e| Failure::Malformed(format!("licenseGroupIds: {e}")))?;
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
    }
    if groups.is_empty() {
        groups.push(LicenseGroup::Group1);
    }
    Ok(groups)
}

fn json_ok(status: StatusCode, bytes: Vec<u8>) -> Response {
    (status, json_body(bytes)).into_response()
}

fn reply(r: Result<Vec<u8>, Failure>) -> Response {
    match r {
        Ok(bytes) => json_ok(StatusCode::OK, bytes),
        Err(f) => f.into_response(),
    }
}

/// `GET /v1/customers/{customer-id}/users/{user-id}/licenses`
pub async fn list_licenses(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<(String, String)>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Response {
    reply((|| {
        let (customer, user) = path_ids(path)?;
        let groups = license_groups(query.as_deref())?;
        let store = app.read();
        let c = store.customer_of(caller.partner, customer)?;
        let idx = c.user_index(&user)?;
        Ok(c.licenses_json(idx, &groups))
    })())
}

/// `GET /v1/customers/{customer-id}/subscribedskus`
pub async fn list_subscribed_skus(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Response {
    reply((|| {
        let customer = customer_id(path)?;
        let groups = license_groups(query.as_deref())?;
        let store = app.read();
        let c = store.customer_of(caller.partner, customer)?;
        Ok(serde_json::to_vec(&c.subscribed_skus(&groups)).unwrap_or_default())
    })())
}

async fn read_body(body: Body, headers: &HeaderMap, app: &App) -> Result<Bytes, Failure> {
    let limit = app.body_limit;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(Failure::BodyTooLarge(limit));
    }
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let inner = e.into_inner();
        if inner
            .downcast_ref::<http_body_util::LengthLimitError>()
            .is_some()
        {
            Failure::BodyTooLarge(limit)
        } else if crate::limits::is_deadline(&*inner) {
            Failure::RequestTimeout(app.read_timeout.as_secs())
        } else {
            Failure::Malformed("The request body could not be read.".into())
        }
    })
}

/// Parses a `LicenseUpdate` body: JSON, property names in any case.
pub fn parse_update(bytes: &[u8]) -> Result<LicenseUpdate, Failure> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure::Malformed(
            "The request body is empty; a LicenseUpdate is expected.".into(),
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Failure::Malformed(format!("The request body is not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(Failure::Malformed(
            "The request body must be a JSON object (a LicenseUpdate).".into(),
        ));
    }
    let value = json_case::normalize(value)
        .map_err(|k| Failure::Malformed(format!("The property {k} is given more than once.")))?;
    serde_json::from_value(value).map_err(|e| {
        Failure::Malformed(format!(
            "The request body is not a valid LicenseUpdate: {e}"
        ))
    })
}

/// `POST /v1/customers/{customer-id}/users/{user-id}/licenseupdates`
pub async fn update_licenses(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<(String, String)>, PathRejection>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let prepared = async {
        let (customer, user) = path_ids(path)?;
        let bytes = read_body(body, &parts.headers, &app).await?;
        let update = parse_update(&bytes)?;
        Ok::<_, Failure>((customer, user, bytes, update))
    }
    .await;
    let (customer, user, bytes, update) = match prepared {
        Ok(p) => p,
        Err(f) => return f.into_response(),
    };
    let meta = CallMeta {
        partner: caller.partner,
        request_id: caller.ids.request_id.clone(),
        correlation_id: caller.ids.correlation_id.clone(),
    };
    let print = fingerprint(parts.uri.path(), &bytes);
    let mut store = app.write();
    if let Some(rid) = &meta.request_id {
        match store.replay.lookup(meta.partner, rid, print) {
            Lookup::New => {}
            Lookup::Replay(stored) => {
                drop(store);
                let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
                let mut r = json_ok(status, stored.body.to_vec());
                r.headers_mut()
                    .insert(REPLAYED.clone(), HeaderValue::from_static("true"));
                return r;
            }
            Lookup::Conflict => {
                drop(store);
                return Failure::RequestIdReused(format!(
                    "MS-RequestId {rid} was already used for a different request."
                ))
                .into_response();
            }
        }
    }
    let (status, body) = match store.apply_update(&meta, customer, &user, &update) {
        Ok(echo) => (
            StatusCode::CREATED,
            serde_json::to_vec(&echo).unwrap_or_default(),
        ),
        Err(f) => (f.status(), f.body()),
    };
    if let Some(rid) = &meta.request_id {
        store.replay.store(
            meta.partner,
            rid,
            print,
            status.as_u16(),
            Bytes::from(body.clone()),
        );
    }
    drop(store);
    json_ok(status, body)
}

/// Any other path under `/v1/`.
pub async fn no_route(req: Request) -> Response {
    finish(
        Failure::NoRoute(req.uri().path().to_owned()).into_response(),
        &CallIds::default(),
    )
}

/// A known path with another method.
pub async fn method_not_allowed() -> Response {
    Failure::MethodNotAllowed.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_filter_defaults_and_repeats() {
        assert_eq!(license_groups(None).unwrap(), vec![LicenseGroup::Group1]);
        assert_eq!(
            license_groups(Some("licenseGroupIds=Group2&licenseGroupIds=group1")).unwrap(),
            vec![LicenseGroup::Group2, LicenseGroup::Group1]
        );
        assert_eq!(
            license_groups(Some("LICENSEGROUPIDS=Group2&x=y")).unwrap(),
            vec![LicenseGroup::Group2]
        );
        assert!(license_groups(Some("licenseGroupIds=Group3")).is_err());
        assert!(license_groups(Some("licenseGroupIds=%FF")).is_err());
    }

    #[test]
    fn update_bodies_in_any_case() {
        let u = parse_update(br#"{"LicensesToAssign":[{"SkuId":"f8a1db68-be16-40ed-86d5-cb42ce701560","ExcludedPlans":null}],"LicensesToRemove":null,"LicenseWarnings":null,"Attributes":{"ObjectType":"LicenseUpdate"}}"#).unwrap();
        assert_eq!(u.assignments().len(), 1);
        let u = parse_update(br#"{"licensestoremove":["f8a1db68-be16-40ed-86d5-cb42ce701560"]}"#)
            .unwrap();
        assert_eq!(u.removals().len(), 1);
        for bad in [
            &b""[..],
            b"  ",
            b"{",
            b"[]",
            b"null",
            b"{\"licensesToAssign\": [{\"skuId\": \"nope\"}]}",
        ] {
            assert!(
                matches!(parse_update(bad), Err(Failure::Malformed(_))),
                "{bad:?}"
            );
        }
    }
}
