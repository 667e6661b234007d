//! The license endpoints (behind [`crate::gate`]); the users endpoints are in
//! [`crate::users_api`].

use std::sync::Arc;

use axum::Extension;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

use partner_center_licenses::id::{CustomerId, LicenseGroup, UserId};
use partner_center_licenses::model::LicenseUpdate;

use crate::app::App;
use crate::errors::{Failure, json_body};
use crate::gate::{CallIds, Caller, REPLAYED, finish};
use crate::json_case;
use crate::replay::{Lookup, fingerprint};
use crate::state::CallMeta;

/// The customer and user ids of a user path (400 / 60054 when malformed).
pub fn path_ids(
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<(CustomerId, UserId), Failure> {
    let Path((customer, user)) =
        path.map_err(|_| Failure::Malformed("The request path is not valid.".into()))?;
    let customer = CustomerId::parse(&customer).map_err(|e| Failure::Malformed(e.to_string()))?;
    let user = UserId::parse(&user).map_err(|e| Failure::Malformed(e.to_string()))?;
    Ok((customer, user))
}

/// The customer id of a customer path (400 / 60054 when malformed).
pub fn customer_id(path: Result<Path<String>, PathRejection>) -> Result<CustomerId, Failure> {
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

/// 200 with the JSON, or the failure.
pub fn reply(r: Result<Vec<u8>, Failure>) -> Response {
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
