//! Request builders (exact URL, query, headers, body) and response decoding for every
//! documented outcome.

mod common;

use common::response;
use partner_center_licenses::endpoint::{
    CallContext, Endpoint, ListLicenses, ListSubscribedSkus, UpdateLicenses, UpdateLicensesInput,
    check_update_against_skus,
};
use partner_center_licenses::http::Method;
use partner_center_licenses::model::{LicenseAssignment, LicenseUpdate, SubscribedSku};
use partner_center_licenses::*;

const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
const USER: &str = "482e2152-4b49-48ec-b715-823365ce3d4c";
const E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";
const EMS: &str = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
const MINECRAFT: &str = "984df360-9a74-4647-8cf8-696749f6247a";
const REQ: &str = "11111111-2222-4333-8444-555555555555";
const CORR: &str = "66666666-7777-4888-9999-aaaaaaaaaaaa";

fn call(token: &AccessToken) -> CallContext<'_> {
    CallContext {
        token,
        request_id: Guid::parse(REQ).unwrap(),
        correlation_id: Guid::parse(CORR).unwrap(),
    }
}

fn config() -> ClientConfig {
    ClientConfig::new("http://127.0.0.1:7070/")
        .unwrap()
        .with_locale("en-GB")
        .unwrap()
        .with_application_name("Contoso Admin 1.2")
        .unwrap()
}

#[test]
fn list_licenses_request() {
    let token = AccessToken::new("secret-token").unwrap();
    let req = ListLicenses {
        customer: CustomerId::parse(CUSTOMER).unwrap(),
        user: UserId::parse("ada@contoso.onmicrosoft.com").unwrap(),
        groups: vec![
            LicenseGroup::Group1,
            LicenseGroup::Group2,
            LicenseGroup::Group1,
        ],
    }
    .to_request(&config(), &call(&token));
    assert_eq!(req.method, Method::Get);
    assert_eq!(
        req.url,
        format!(
            "http://127.0.0.1:7070/v1/customers/{CUSTOMER}/users/ada%40contoso.onmicrosoft.com/licenses?licenseGroupIds=Group1&licenseGroupIds=Group2"
        )
    );
    assert!(req.url.ends_with(&req.path));
    let expected = [
        ("Authorization", "Bearer secret-token"),
        ("Accept", "application/json"),
        ("MS-RequestId", REQ),
        ("MS-CorrelationId", CORR),
        ("MS-Contract-Version", "v1"),
        ("MS-PartnerCenter-Client", "partner-center-licenses/0.1.0"),
        ("X-Locale", "en-GB"),
        ("MS-PartnerCenter-Application", "Contoso Admin 1.2"),
    ];
    assert_eq!(req.headers.len(), expected.len(), "{:?}", req.headers);
    for (n, v) in expected {
        assert_eq!(req.header(n), Some(v), "{n}");
    }
    assert_eq!(req.header("content-type"), None);
    assert_eq!(req.body, None);
    // Debug never shows the token.
    let dbg = format!("{req:?}");
    assert!(!dbg.contains("secret-token"), "{dbg}");
    assert!(dbg.contains("<redacted>"));
}

#[test]
fn list_licenses_without_filter_has_no_query() {
    let token = AccessToken::new("t").unwrap();
    let req = ListLicenses {
        customer: CustomerId::parse(CUSTOMER).unwrap(),
        user: UserId::parse(USER).unwrap(),
        groups: vec![],
    }
    .to_request(
        &ClientConfig::new("https://api.partnercenter.microsoft.com").unwrap(),
        &call(&token),
    );
    assert_eq!(
        req.url,
        format!(
            "https://api.partnercenter.microsoft.com/v1/customers/{CUSTOMER}/users/{USER}/licenses"
        )
    );
    assert_eq!(req.header("X-Locale"), None);
    assert_eq!(req.header("MS-PartnerCenter-Application"), None);
}

#[test]
fn subscribed_skus_request() {
    let token = AccessToken::new("t").unwrap();
    let req = ListSubscribedSkus {
        customer: CustomerId::parse(CUSTOMER).unwrap(),
        groups: vec![LicenseGroup::Group2],
    }
    .to_request(&config(), &call(&token));
    assert_eq!(req.method, Method::Get);
    assert_eq!(
        req.url,
        format!(
            "http://127.0.0.1:7070/v1/customers/{CUSTOMER}/subscribedskus?licenseGroupIds=Group2"
        )
    );
    assert_eq!(
        req.path,
        format!("/v1/customers/{CUSTOMER}/subscribedskus?licenseGroupIds=Group2")
    );
}

#[test]
fn pinned_correlation_id_wins() {
    let token = AccessToken::new("t").unwrap();
    let pinned = Guid::parse("abcdefab-cdef-4bcd-8fab-cdefabcdefab").unwrap();
    let req = ListSubscribedSkus {
        customer: CustomerId::parse(CUSTOMER).unwrap(),
        groups: vec![],
    }
    .to_request(&config().with_correlation_id(pinned), &call(&token));
    assert_eq!(
        req.header("MS-CorrelationId"),
        Some("abcdefab-cdef-4bcd-8fab-cdefabcdefab")
    );
    assert_eq!(req.header("MS-RequestId"), Some(REQ));
}

#[test]
fn update_licenses_request() {
    let token = AccessToken::new("t").unwrap();
    let update = UpdateLicensesInput {
        assign: vec![partner_center_licenses::endpoint::AssignInput {
            sku_id: E3.into(),
            excluded_plans: Some(vec!["bea4c11e-220a-4e6d-8eb8-8ea15d019f90".into()]),
        }],
        remove: vec![EMS.into()],
    }
    .into_update()
    .unwrap();
    let ep = UpdateLicenses::new(
        CustomerId::parse(CUSTOMER).unwrap(),
        UserId::parse(USER).unwrap(),
        update,
    )
    .unwrap();
    let req = ep.to_request(&config(), &call(&token));
    assert_eq!(req.method, Method::Post);
    assert_eq!(
        req.url,
        format!("http://127.0.0.1:7070/v1/customers/{CUSTOMER}/users/{USER}/licenseupdates")
    );
    assert_eq!(req.header("Content-Type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "licensesToAssign": [{ "skuId": E3, "excludedPlans": ["bea4c11e-220a-4e6d-8eb8-8ea15d019f90"] }],
            "licensesToRemove": [EMS],
            "attributes": { "objectType": "LicenseUpdate" }
        })
    );
}

#[test]
fn update_input_names_the_bad_field() {
    let bad = |input: UpdateLicensesInput| input.into_update().unwrap_err().field;
    assert_eq!(
        bad(UpdateLicensesInput {
            assign: vec![partner_center_licenses::endpoint::AssignInput {
                sku_id: "nope".into(),
                excluded_plans: None
            }],
            remove: vec![]
        }),
        "assign[0].skuId"
    );
    assert_eq!(
        bad(UpdateLicensesInput {
            assign: vec![partner_center_licenses::endpoint::AssignInput {
                sku_id: E3.into(),
                excluded_plans: Some(vec![E3.into(), "x/../y".into()])
            }],
            remove: vec![]
        }),
        "assign[0].excludedPlans[1]"
    );
    assert_eq!(
        bad(UpdateLicensesInput {
            assign: vec![],
            remove: vec![EMS.into(), "".into()]
        }),
        "remove[1]"
    );
}

fn assignment(sku: &str) -> LicenseAssignment {
    LicenseAssignment {
        sku_id: SkuId::parse(sku).unwrap(),
        excluded_plans: None,
    }
}

#[test]
fn structural_checks_before_sending() {
    let c = CustomerId::parse(CUSTOMER).unwrap();
    let u = UserId::parse(USER).unwrap();
    let make = |assign: Vec<LicenseAssignment>, remove: Vec<&str>| {
        UpdateLicenses::new(
            c,
            u.clone(),
            LicenseUpdate {
                licenses_to_assign: Some(assign),
                licenses_to_remove: Some(remove.iter().map(|s| SkuId::parse(s).unwrap()).collect()),
                ..Default::default()
            },
        )
    };
    let e = make(vec![], vec![]).unwrap_err();
    assert_eq!(e.field, "update");
    let e = make(vec![assignment(E3), assignment(E3)], vec![]).unwrap_err();
    assert_eq!(e.field, "assign[1].skuId");
    assert!(e.message.contains("twice"));
    let e = make(vec![assignment(E3)], vec![E3]).unwrap_err();
    assert!(e.message.contains("both assigned and removed"), "{e}");
    let e = make(vec![], vec![EMS, EMS]).unwrap_err();
    assert_eq!(e.field, "remove[1]");
    assert!(make(vec![assignment(E3)], vec![EMS]).is_ok());
}

fn sku(id: &str, group: &str, plans: &[&str]) -> SubscribedSku {
    let plans: Vec<serde_json::Value> = plans
        .iter()
        .map(|p| serde_json::json!({ "id": p, "serviceName": "S", "displayName": "P" }))
        .collect();
    serde_json::from_value(serde_json::json!({
        "availableUnits": 1, "totalUnits": 1, "activeUnits": 1,
        "productSku": { "id": id, "name": "n", "skuPartNumber": "p", "licenseGroupId": group },
        "servicePlans": plans
    }))
    .unwrap()
}

#[test]
fn checks_against_subscribed_skus() {
    const PLAN: &str = "bea4c11e-220a-4e6d-8eb8-8ea15d019f90";
    let skus = vec![
        sku(E3, "group1", &[PLAN]),
        sku(EMS, "group1", &[]),
        sku(MINECRAFT, "group2", &[]),
    ];
    let up = |assign: Vec<LicenseAssignment>, remove: Vec<&str>| LicenseUpdate {
        licenses_to_assign: Some(assign),
        licenses_to_remove: Some(remove.iter().map(|s| SkuId::parse(s).unwrap()).collect()),
        ..Default::default()
    };
    assert_eq!(
        check_update_against_skus(&up(vec![assignment(E3)], vec![EMS]), &skus).unwrap(),
        LicenseGroup::Group1
    );
    assert_eq!(
        check_update_against_skus(&up(vec![assignment(MINECRAFT)], vec![]), &skus).unwrap(),
        LicenseGroup::Group2
    );
    let mixed =
        check_update_against_skus(&up(vec![assignment(E3)], vec![MINECRAFT]), &skus).unwrap_err();
    assert_eq!(mixed.field, "remove[0]");
    assert!(mixed.message.contains("one license group"), "{mixed}");
    let unknown = check_update_against_skus(
        &up(
            vec![assignment("4b9405b0-7788-4568-add1-99614e613b69")],
            vec![],
        ),
        &skus,
    )
    .unwrap_err();
    assert!(unknown.message.contains("not subscribed"));
    let mut a = assignment(E3);
    a.excluded_plans = Some(vec![
        PlanId::parse(PLAN).unwrap(),
        PlanId::parse(EMS).unwrap(),
    ]);
    let plan = check_update_against_skus(&up(vec![a], vec![]), &skus).unwrap_err();
    assert_eq!(plan.field, "assign[0].excludedPlans[1]");
}

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

/// The request body the core writes by hand is byte for byte what serde writes for the
/// model (so the model stays the one description of the JSON).
#[test]
fn update_body_is_what_serde_writes_for_the_model() {
    use partner_center_licenses::endpoint::request_body;
    use partner_center_licenses::model::{Attributes, LicenseAssignment, LicenseUpdate};
    let sku =
        partner_center_licenses::SkuId::parse("6fd2c87f-b296-42f0-b197-1e91e994b900").unwrap();
    let plan =
        partner_center_licenses::PlanId::parse("a23b959c-7ce8-4e57-9140-b90eb88a9e97").unwrap();
    let other =
        partner_center_licenses::SkuId::parse("18181a46-0d4e-45cd-891e-60aabd171b4e").unwrap();
    for update in [
        LicenseUpdate {
            licenses_to_assign: Some(vec![
                LicenseAssignment {
                    sku_id: sku,
                    excluded_plans: Some(vec![plan, plan]),
                },
                LicenseAssignment {
                    sku_id: other,
                    excluded_plans: None,
                },
            ]),
            licenses_to_remove: None,
            license_warnings: None,
            attributes: Attributes::of("LicenseUpdate"),
        },
        LicenseUpdate {
            licenses_to_assign: None,
            licenses_to_remove: Some(vec![sku, other]),
            license_warnings: None,
            attributes: None,
        },
        LicenseUpdate {
            licenses_to_assign: Some(vec![LicenseAssignment {
                sku_id: sku,
                excluded_plans: Some(vec![]),
            }]),
            licenses_to_remove: Some(vec![other]),
            license_warnings: None,
            attributes: Attributes::of("LicenseUpdate"),
        },
    ] {
        assert_eq!(
            request_body(&update),
            serde_json::to_string(&update).unwrap()
        );
    }
}
