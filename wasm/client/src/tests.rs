//! The wasm core's conversions, natively: what the driver sends in and reads back.

use partner_center_licenses::endpoint::MAX_BODY_BYTES;
use partner_center_licenses::json::{self, Json};

use crate::Core;

const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
const SKU: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";
const TOKEN: &str = "SECRET-MARKER-TOKEN";

#[test]
fn constants_are_the_body_limit_the_headers_status_the_scope_and_the_headers_read() {
    let c = Core::constants();
    let parts: Vec<&str> = c.split('\n').collect();
    assert_eq!(parts[0], MAX_BODY_BYTES.to_string());
    assert_eq!(
        parts[1],
        partner_center_licenses::http::header::READ_FROM_STATUS.to_string()
    );
    assert_eq!(
        parts[2],
        partner_center_licenses::config::PARTNER_CENTER_SCOPE
    );
    assert_eq!(
        parts[3..],
        partner_center_licenses::http::header::READ_FROM_RESPONSES[..]
    );
}

fn core(options: &str) -> Core {
    Core::checked(Some(options), "string", Some(TOKEN.to_owned()), "undefined").unwrap()
}

fn parse(text: &str) -> Json {
    json::parse(text).unwrap()
}

#[test]
fn a_list_call_builds_its_request_and_accepts_a_shaped_body() {
    let core = core(r#"{"baseUrl":"http://127.0.0.1:9/","locale":"en-US"}"#);
    let mut call = core
        .begin(
            0,
            Some(CUSTOMER),
            Some("ada@contoso.com"),
            Some(r#"{"licenseGroups":["Group2"]}"#),
            true,
            &[7; 32],
            1.0e12,
        )
        .unwrap();
    let req = parse(&call.request(None).unwrap());
    assert_eq!(req.get("method").and_then(Json::as_str), Some("GET"));
    let url = req.get("url").and_then(Json::as_str).unwrap();
    assert!(url.starts_with("http://127.0.0.1:9/v1/customers/"), "{url}");
    assert!(
        url.ends_with("/users/ada%40contoso.com/licenses?licenseGroupIds=Group2"),
        "{url}"
    );
    let headers = req.get("headers").unwrap();
    assert_eq!(
        headers.get("Authorization").and_then(Json::as_str),
        Some("Bearer SECRET-MARKER-TOKEN")
    );
    assert_eq!(
        headers.get("X-Locale").and_then(Json::as_str),
        Some("en-US")
    );
    assert_eq!(req.get("attempt").and_then(Json::as_u64), Some(1));
    assert_eq!(req.get("body"), None);
    let body = br#"{"totalCount":0,"items":[]}"#;
    assert_eq!(
        call.response(200, body.to_vec(), -1.0, None, None, None, 1.0e12, 0),
        ""
    );
}

#[test]
fn a_throttled_attempt_is_retried_after_the_service_asks_and_keeps_its_request_id() {
    let core = core(r#"{"baseUrl":"http://x.test"}"#);
    let mut call = core
        .begin(
            1,
            Some(CUSTOMER),
            None,
            Some("null"),
            true,
            &[1; 32],
            1.0e12,
        )
        .unwrap();
    let first = parse(&call.request(None).unwrap());
    let reply = call.response(
        429,
        br#"{"statusCode":429,"message":"Try again in 3 seconds."}"#.to_vec(),
        -1.0,
        None,
        None,
        Some("2".into()),
        1.0e12,
        0,
    );
    let d = parse(&reply);
    assert_eq!(d.get("decision").and_then(Json::as_str), Some("retry"));
    assert_eq!(d.get("waitMs").and_then(Json::as_u64), Some(2000));
    assert_eq!(d.get("reason").and_then(Json::as_str), Some("retryAfter"));
    let e = d.get("error").unwrap();
    assert_eq!(e.get("reason").and_then(Json::as_str), Some("throttled"));
    assert_eq!(e.get("retryable"), Some(&Json::Bool(true)));
    assert!(!reply.contains(TOKEN));
    let second = parse(&call.request(None).unwrap());
    let id = |r: &Json| {
        r.get("headers")
            .and_then(|h| h.get("MS-RequestId"))
            .cloned()
    };
    assert!(id(&first).is_some());
    assert_eq!(id(&second), id(&first), "one request id for every attempt");
    assert_eq!(second.get("attempt").and_then(Json::as_u64), Some(2));
}

#[test]
fn bad_input_is_refused_before_a_call_exists() {
    let core = core("{}");
    let field = |r: Result<crate::Call, partner_center_licenses::Error>| match r {
        Err(partner_center_licenses::Error::InvalidInput(e)) => Some(e.field),
        _ => None,
    };
    assert_eq!(
        field(core.begin(
            0,
            Some("nope"),
            Some("a@b.co"),
            Some("null"),
            true,
            &[],
            0.0
        )),
        Some("customerId".into())
    );
    assert_eq!(
        field(core.begin(0, None, Some("a@b.co"), Some("null"), true, &[], 0.0)),
        Some("customerId".into())
    );
    assert_eq!(
        field(core.begin(
            0,
            Some(CUSTOMER),
            Some("x\r\ny"),
            Some("null"),
            true,
            &[],
            0.0
        )),
        Some("userId".into())
    );
    assert_eq!(
        field(core.begin(3, Some(CUSTOMER), Some("a@b.co"), None, true, &[], 0.0)),
        Some("assign".into())
    );
    assert_eq!(
        field(core.begin(1, Some(CUSTOMER), None, Some("null"), false, &[], 0.0)),
        Some("signal".into())
    );
    let update = ["[{\"skuId\":\"", SKU, "\"}]"].concat();
    assert!(
        core.begin(
            3,
            Some(CUSTOMER),
            Some("a@b.co"),
            Some(&update),
            true,
            &[],
            0.0
        )
        .is_ok()
    );
}

#[test]
fn options_and_token_types_are_checked_once() {
    let fail = |o: Option<&str>, t: &str, tok: Option<&str>, ev: &str| {
        Core::checked(o, t, tok.map(str::to_owned), ev)
            .err()
            .map(|e| e.field)
    };
    assert_eq!(
        fail(None, "string", Some("t"), "undefined"),
        Some("options".into())
    );
    assert_eq!(
        fail(Some("{}"), "number", None, "undefined"),
        Some("token".into())
    );
    assert_eq!(
        fail(Some("{}"), "string", Some("a\nb"), "undefined"),
        Some("token".into())
    );
    assert_eq!(
        fail(Some("{}"), "function", None, "string"),
        Some("onEvent".into())
    );
    assert_eq!(
        fail(Some(r#"{"timeoutMs":0}"#), "credential", None, "function"),
        Some("timeoutMs".into())
    );
    assert!(fail(Some("{}"), "credential", None, "function").is_none());
}

#[test]
fn a_provider_token_is_checked_and_scrubbed_from_errors() {
    let core = Core::checked(Some("{}"), "function", None, "undefined").unwrap();
    let mut call = core
        .begin(1, Some(CUSTOMER), None, Some("null"), true, &[2; 32], 0.0)
        .unwrap();
    assert!(
        call.request(None).is_err(),
        "a provider's call needs its token"
    );
    assert!(call.request(Some("bad\r\ntoken".into())).is_err());
    call.request(Some(TOKEN.into())).unwrap();
    let reply = call.failure(0, "connect ECONNREFUSED SECRET-MARKER-TOKEN", 0.0, 0);
    assert!(!reply.contains(TOKEN), "{reply}");
    // A token provider that failed (4) or gave nothing (5): an invalid token, given up.
    for (kind, message, says) in [
        (4, "boom", "the token provider failed: boom"),
        (5, "", "the token provider did not give"),
    ] {
        let d = parse(&call.failure(kind, message, 0.0, 0));
        assert_eq!(d.get("decision").and_then(Json::as_str), Some("giveUp"));
        let e = d.get("error").unwrap();
        assert_eq!(e.get("kind").and_then(Json::as_str), Some("invalidInput"));
        assert_eq!(e.get("field").and_then(Json::as_str), Some("token"));
        let text = e.get("message").and_then(Json::as_str).unwrap();
        assert!(text.contains(says), "{text}");
        assert!(
            e.get("hint")
                .and_then(Json::as_str)
                .unwrap()
                .starts_with("Fix token: ")
        );
    }
}

#[test]
fn a_body_declared_too_large_is_refused_unread_and_a_damaged_body_is_retried() {
    let core = core("{}");
    let mut call = core
        .begin(1, Some(CUSTOMER), None, Some("null"), true, &[3; 32], 0.0)
        .unwrap();
    call.request(None).unwrap();
    let d = parse(&call.response(
        200,
        Vec::new(),
        MAX_BODY_BYTES as f64 + 1.0,
        Some("rid".into()),
        None,
        None,
        0.0,
        0,
    ));
    assert_eq!(
        d.get("error")
            .and_then(|e| e.get("kind"))
            .and_then(Json::as_str),
        Some("decode")
    );
    call.request(None).unwrap();
    let d = parse(&call.response(
        200,
        br#"{"totalCount":1,"items":[{"#.to_vec(),
        -1.0,
        None,
        None,
        None,
        0.0,
        0,
    ));
    assert_eq!(d.get("decision").and_then(Json::as_str), Some("retry"));
    // A success's headers are not given (`header::READ_FROM_STATUS`): its error names the ids
    // of the request sent.
    let sent = parse(&call.request(None).unwrap());
    let header = |name: &str| {
        let h = sent.get("headers").and_then(|h| h.get(name));
        h.and_then(Json::as_str).map(str::to_owned)
    };
    let e = parse(&call.failure(3, "not JSON", 0.0, 0));
    let e = e.get("error").unwrap();
    assert_eq!(e.get("kind").and_then(Json::as_str), Some("decode"));
    let field = |name: &str| e.get(name).and_then(Json::as_str).map(str::to_owned);
    assert!(header("MS-RequestId").is_some());
    assert_eq!(field("requestId"), header("MS-RequestId"));
    assert_eq!(field("correlationId"), header("MS-CorrelationId"));
    let d = parse(&call.failure(2, "", 0.0, 0));
    assert_eq!(
        (
            d.get("decision").and_then(Json::as_str),
            d.get("reason").and_then(Json::as_str)
        ),
        (Some("giveUp"), Some("aborted"))
    );
}

/// An invalid input's hint is written out (a constructor throws it synchronously); any other
/// is only its argument, and the driver's pick (`hint::RULES` on the fields, then `TEXTS[id]`
/// with `{}` replaced: pkg/src/hints.mjs) gives the core's own hint text.
#[test]
fn hint_arguments_render_to_the_core_hint() {
    use partner_center_licenses::endpoint::decode_error;
    use partner_center_licenses::hint::{self, HintId, TEXTS};
    use partner_center_licenses::http::HttpResponse;
    use partner_center_licenses::{Error, InputError};
    let input = Error::from(InputError::new("customerId", "must be a string"));
    let fields = parse(&crate::reply::error_fields(&input, 0, None, None));
    assert_eq!(fields.get("hintId"), None);
    assert_eq!(
        fields.get("hint").and_then(Json::as_str),
        Some(hint::hint(&input, &[]).as_str())
    );
    let throttled = |after: &str| {
        decode_error(&HttpResponse::new(
            429,
            vec![("Retry-After".into(), after.into())],
            "",
        ))
    };
    let quota = decode_error(&HttpResponse::new(
        400,
        vec![],
        format!(r#"{{"code":60012,"data":["and SKU {SKU} does not"]}}"#),
    ));
    for (e, id, arg) in [
        (throttled("007"), HintId::ThrottledFor, "7 seconds"),
        (throttled("soon"), HintId::Throttled, ""),
        (quota, HintId::OutOfLicenses, &*["SKU ", SKU].concat()),
        (Error::Aborted, HintId::Aborted, ""),
    ] {
        let fields = parse(&crate::reply::error_fields(&e, 0, None, None));
        assert_eq!(fields.get("hintId"), None);
        assert_eq!(fields.get("hint").and_then(Json::as_str), Some(arg));
        assert_eq!(hint::hint_id(&e, arg), Some(id));
        let text = TEXTS[id as usize].replacen("{}", arg, 1);
        assert_eq!(text, hint::hint(&e, &[]));
        assert!(!text.contains("{}"), "{text}");
    }
}

#[test]
fn a_success_with_non_ascii_characters_hands_back_its_ascii_text() {
    let core = core(r#"{"baseUrl":"http://127.0.0.1:9/"}"#);
    let start = || {
        core.begin(
            1,
            Some(CUSTOMER),
            None,
            Some("null"),
            true,
            &[7; 32],
            1.0e12,
        )
    };
    let body = r#"{"totalCount":0,"items":[],"note":"Zoë – 😀"}"#;
    let mut call = start().unwrap();
    call.request(None).unwrap();
    let reply = call.response(
        200,
        body.as_bytes().to_vec(),
        -1.0,
        None,
        None,
        None,
        1.0e12,
        0,
    );
    assert_eq!(
        reply,
        r#" {"totalCount":0,"items":[],"note":"Zo\u00eb \u2013 \ud83d\ude00"}"#
    );
    assert_eq!(parse(&reply), parse(body));
    // Not UTF-8 inside a string: left to the shell's decoder, as before.
    let mut call = start().unwrap();
    call.request(None).unwrap();
    let bad = b"{\"totalCount\":0,\"items\":[],\"note\":\"\xff\"}".to_vec();
    assert_eq!(
        call.response(200, bad, -1.0, None, None, None, 1.0e12, 0),
        ""
    );
    // A refused body is a decision, whatever its characters.
    let mut call = start().unwrap();
    call.request(None).unwrap();
    let reply = call.response(
        200,
        r#"{"items":"é"}"#.as_bytes().to_vec(),
        -1.0,
        None,
        None,
        None,
        1.0e12,
        0,
    );
    assert!(reply.starts_with('{'), "{reply}");
}
