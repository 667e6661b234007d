//! Response decoding for every documented outcome: collections, typed not-found and 401,
//! 429 with its wait, 5xx, malformed and oversized bodies, emulator-chosen codes.

mod common;

use common::{CORR, E3, REQ, response};
use partner_center_licenses::endpoint::{
    Endpoint, ListLicenses, ListSubscribedSkus, UpdateLicenses,
};
use partner_center_licenses::*;

#[test]
fn subscribed_skus_decode_with_unknown_properties() {
    let body = format!(
        r#"{{"totalCount":1,"items":[{{"availableUnits":9,"activeUnits":10,"consumedUnits":1,
        "suspendedUnits":0,"totalUnits":10,"warningUnits":0,"futureField":{{"x":[1,2]}},
        "productSku":{{"id":"{E3}","name":"Office 365 E3","skuPartNumber":"ENTERPRISEPACK",
        "targetType":"User","licenseGroupId":"GROUP1","alsoNew":true}},
        "servicePlans":[{{"displayName":"Exchange","serviceName":"EXCHANGE_S_ENTERPRISE",
        "id":"efb87545-963c-4e0d-99df-69c6916d9eb0","capabilityStatus":"Enabled","targetType":"User"}}],
        "capabilityStatus":"Enabled","attributes":{{"objectType":"SubscribedSku"}}}}],
        "attributes":{{"objectType":"Collection"}}}}"#
    );
    let skus = ListSubscribedSkus::decode(&response(200, &[], &body)).unwrap();
    let s = &skus.items[0];
    assert_eq!(
        (s.available_units, s.consumed_units, s.total_units),
        (9, 1, 10)
    );
    assert_eq!(s.product_sku.license_group_id, LicenseGroup::Group1);
    assert_eq!(s.service_plans[0].service_name, "EXCHANGE_S_ENTERPRISE");
}

#[test]
fn empty_collection_decodes() {
    let c = ListLicenses::decode(&response(200, &[], r#"{"totalCount":0,"items":[]}"#)).unwrap();
    assert_eq!(c.total_count, 0);
    assert!(c.items.is_empty());
}

fn err(status: u16, headers: &[(&str, &str)], body: &str) -> Error {
    ListLicenses::decode(&response(status, headers, body)).unwrap_err()
}

fn api(e: Error) -> ApiError {
    match e {
        Error::Api(a) => *a,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn not_found_errors() {
    let user = api(err(
        404,
        &[("MS-RequestId", REQ), ("MS-CorrelationId", CORR)],
        r#"{"code":"60002","description":"User object id not found","source":"PartnerFD"}"#,
    ));
    assert_eq!(user.reason, ErrorReason::UserNotFound);
    assert_eq!(user.code.as_deref(), Some("60002"));
    assert_eq!(user.request_id.as_deref(), Some(REQ));
    assert_eq!(user.correlation_id.as_deref(), Some(CORR));
    let tenant = api(err(
        404,
        &[],
        r#"{"code":60003,"description":"Tenant not found"}"#,
    ));
    assert_eq!(tenant.reason, ErrorReason::CustomerNotFound);
    assert_eq!(tenant.code.as_deref(), Some("60003"));
}

#[test]
fn unauthorized_with_and_without_body() {
    let e = err(401, &[("WWW-Authenticate", "Bearer")], "");
    assert_eq!(e.kind(), ErrorKind::Api);
    assert_eq!(e.status(), Some(401));
    assert_eq!(e.reason(), Some(ErrorReason::Unauthorized));
    assert!(!e.is_retryable());
    let e = api(err(
        401,
        &[],
        r#"{"code":"401","description":"Token expired"}"#,
    ));
    assert_eq!(e.reason, ErrorReason::Unauthorized);
    assert_eq!(e.description.as_deref(), Some("Token expired"));
}

#[test]
fn throttled_429_has_its_own_body_and_retry_after() {
    let e = err(
        429,
        &[("Retry-After", "57"), ("MS-RequestId", REQ)],
        r#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}"#,
    );
    assert!(e.is_retryable());
    let a = api(e);
    assert_eq!(a.reason, ErrorReason::Throttled);
    assert_eq!(a.retry_after.as_deref(), Some("57"));
    assert_eq!(
        a.description.as_deref(),
        Some("Rate limit is exceeded. Try again in 57 seconds.")
    );
    assert_eq!(a.code, None);
    let d = api(err(
        429,
        &[("retry-after", "Wed, 21 Oct 2026 07:28:00 GMT")],
        "",
    ));
    assert_eq!(
        d.retry_after.as_deref(),
        Some("Wed, 21 Oct 2026 07:28:00 GMT")
    );
}

#[test]
fn server_errors_are_retryable_and_keep_html_snippets() {
    for status in [500, 502, 503, 504] {
        let e = err(
            status,
            &[("MS-RequestId", REQ)],
            "<html><body>Service Unavailable</body></html>",
        );
        assert!(e.is_retryable(), "{status}");
        let a = api(e);
        assert_eq!(a.reason, ErrorReason::ServerError);
        assert_eq!(a.request_id.as_deref(), Some(REQ));
        assert!(
            a.body_snippet
                .as_deref()
                .unwrap()
                .contains("Service Unavailable")
        );
    }
}

fn decode_err(e: Error) -> DecodeError {
    match e {
        Error::Decode(d) => *d,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn malformed_success_bodies_are_decode_errors() {
    let html = decode_err(
        ListLicenses::decode(&response(
            200,
            &[("MS-RequestId", REQ)],
            "<!DOCTYPE html><html>oops</html>",
        ))
        .unwrap_err(),
    );
    assert_eq!(html.status, 200);
    assert_eq!(html.request_id.as_deref(), Some(REQ));
    assert!(html.body_snippet.starts_with("<!DOCTYPE html>"));

    let truncated = decode_err(
        ListLicenses::decode(&response(
            200,
            &[],
            r#"{"totalCount":1,"items":[{"servicePl"#,
        ))
        .unwrap_err(),
    );
    assert!(
        truncated.message.contains("ends early"),
        "{}",
        truncated.message
    );

    let empty = decode_err(ListLicenses::decode(&response(200, &[], "")).unwrap_err());
    assert_eq!(empty.message, "the body is empty");

    let wrong_type = decode_err(
        ListLicenses::decode(&response(200, &[], r#"{"totalCount":"one","items":[]}"#))
            .unwrap_err(),
    );
    assert!(
        wrong_type.message.contains("invalid type"),
        "{}",
        wrong_type.message
    );

    let bad_id = decode_err(
        ListLicenses::decode(&response(
            200,
            &[],
            r#"{"totalCount":1,"items":[{"servicePlans":[],"productSku":{"id":"../etc","licenseGroupId":"group1"}}]}"#,
        ))
        .unwrap_err(),
    );
    assert!(bad_id.message.contains("SKU id"), "{}", bad_id.message);

    let deep = "[".repeat(100_000);
    let deep = decode_err(ListLicenses::decode(&response(200, &[], &deep)).unwrap_err());
    assert!(deep.body_snippet.len() < 800);

    let binary = ListLicenses::decode(&HttpResponseExt::bytes(200, vec![0xff, 0xfe, 0x00, 0x7b]))
        .unwrap_err();
    assert_eq!(binary.kind(), ErrorKind::Decode);
}

struct HttpResponseExt;
impl HttpResponseExt {
    fn bytes(status: u16, body: Vec<u8>) -> partner_center_licenses::http::HttpResponse {
        partner_center_licenses::http::HttpResponse::new(status, vec![], body)
    }
}

#[test]
fn decode_error_messages_are_bounded_and_escaped() {
    let body = format!("<html>\r\n{}</html>", "x".repeat(10_000));
    let d = decode_err(ListLicenses::decode(&response(200, &[], &body)).unwrap_err());
    assert!(
        d.body_snippet.chars().count() <= 200,
        "{}",
        d.body_snippet.len()
    );
    assert!(!d.body_snippet.contains('\r'));
    assert!(d.to_string().len() < 600);
}

#[test]
fn unexpected_success_status_is_an_error() {
    let e = UpdateLicenses::decode(&response(202, &[], "{}")).unwrap_err();
    assert_eq!(e.status(), Some(202));
    assert_eq!(e.kind(), ErrorKind::Api);
}

#[test]
fn emulator_chosen_codes_classify() {
    for (code, reason) in [
        (
            error::codes::MIXED_LICENSE_GROUPS,
            ErrorReason::MixedLicenseGroups,
        ),
        (
            error::codes::SKU_NOT_SUBSCRIBED,
            ErrorReason::SkuNotSubscribed,
        ),
        (error::codes::PLAN_NOT_IN_SKU, ErrorReason::PlanNotInSku),
        (
            error::codes::INVALID_LICENSE_UPDATE,
            ErrorReason::BadRequest,
        ),
        (error::codes::MALFORMED_REQUEST, ErrorReason::BadRequest),
    ] {
        let body = format!(r#"{{"code":{code},"description":"d","source":"PartnerFD"}}"#);
        assert_eq!(api(err(400, &[], &body)).reason, reason, "{code}");
    }
}

#[test]
fn oversized_bodies_are_refused() {
    let mut body = br#"{"totalCount":0,"items":[],"pad":""#.to_vec();
    body.resize(partner_center_licenses::endpoint::MAX_BODY_BYTES + 1, b' ');
    let e = decode_err(ListLicenses::decode(&HttpResponseExt::bytes(200, body)).unwrap_err());
    assert!(e.message.contains("limit"), "{}", e.message);
}
