//! Tests of the shell in Node (`wasm-bindgen-test`): the JavaScript surface, with the global
//! `fetch` replaced by a recorder that answers canned responses.

use js_sys::{Array, Function, JSON, Object, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use super::client::LicenseClient;
use super::js::exported_error_class;

const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
const USER: &str = "482e2152-4b49-48ec-b715-823365ce3d4c";
const SKU: &str = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
const TOKEN: &str = "SECRET-TOKEN-f00d";
const LICENSES: &str = r#"{"totalCount":1,"items":[{"servicePlans":[{"displayName":"Azure Information Protection Premium P1","serviceName":"RMS_S_PREMIUM","id":"6c57d4b6-3b23-47a5-9bc9-69f17b4947b3","capabilityStatus":"Assigned","targetType":"User"}],"productSku":{"id":"efccb6f7-5641-4e0e-bd10-b4976e1bf68e","name":"Enterprise Mobility + Security E3","skuPartNumber":"EMS","licenseGroupId":"group1"},"attributes":{"objectType":"License"}}],"attributes":{"objectType":"Collection"}}"#;

#[wasm_bindgen(inline_js = r#"
export function installFetch(status, body, headers) {
  const calls = [];
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    if (status === 0) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    if (init.signal && init.signal.aborted) throw new DOMException('This operation was aborted', 'AbortError');
    return new Response(body, { status, headers });
  };
  return calls;
}
export function jsonOf(error) {
  return JSON.stringify(error) + ' ' + String(error) + ' ' + error.stack + ' ' + error.message;
}
export function isInstance(v, cls) {
  return v instanceof cls;
}
export function abortedSignal() {
  const c = new AbortController();
  c.abort();
  return c.signal;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = installFetch)]
    fn install_fetch(status: u16, body: &str, headers: &JsValue) -> Array;
    #[wasm_bindgen(js_name = jsonOf)]
    fn json_of(error: &JsValue) -> String;
    #[wasm_bindgen(js_name = isInstance)]
    fn is_instance(v: &JsValue, class: &JsValue) -> bool;
    #[wasm_bindgen(js_name = abortedSignal)]
    fn aborted_signal() -> JsValue;
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

/// A client without retries: these tests look at one attempt (retries are tested through
/// the package in tests/js/resilience/).
fn client(base: &str) -> LicenseClient {
    LicenseClient::new(obj(&[
        ("baseUrl", base.into()),
        ("token", TOKEN.into()),
        ("retry", JsValue::FALSE),
    ]))
    .unwrap()
}

/// Asserts `e` is a `PartnerCenterError` of `kind`, and that the token is nowhere in it.
fn assert_error(e: &JsValue, kind: &str) {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    assert!(
        is_instance(e, &exported_error_class()),
        "not a PartnerCenterError: {e:?}"
    );
    assert_eq!(
        get(e, "name").as_string().as_deref(),
        Some("PartnerCenterError")
    );
    assert_eq!(
        get(e, "kind").as_string().as_deref(),
        Some(kind),
        "{}",
        json_of(e)
    );
    assert!(!json_of(e).contains(TOKEN), "token leaked: {}", json_of(e));
}

async fn rejected(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => panic!("expected a rejection, got {v:?}"),
        Err(e) => e,
    }
}

#[wasm_bindgen_test]
fn bad_options_throw_invalid_input() {
    let cases: Vec<(JsValue, &str)> = vec![
        (JsValue::UNDEFINED, "options"),
        ("http://x".into(), "options"),
        (obj(&[("baseUrl", "http://127.0.0.1:1".into())]), "token"),
        (
            obj(&[
                ("baseUrl", "http://127.0.0.1:1".into()),
                ("token", 42.into()),
            ]),
            "token",
        ),
        (
            obj(&[("baseUrl", "ftp://x".into()), ("token", TOKEN.into())]),
            "baseUrl",
        ),
        (
            obj(&[
                ("baseUrl", "http://x".into()),
                ("token", "a\r\nX-Evil: 1".into()),
            ]),
            "token",
        ),
        (
            obj(&[
                ("baseUrl", "http://x".into()),
                ("token", TOKEN.into()),
                ("locale", "en\nUS".into()),
            ]),
            "locale",
        ),
    ];
    for (options, field) in cases {
        let e = match LicenseClient::new(options) {
            Ok(_) => panic!("accepted bad options (field {field})"),
            Err(e) => e,
        };
        assert_error(&e, "invalidInput");
        assert_eq!(get(&e, "field").as_string().as_deref(), Some(field));
    }
    // The rejected token is not quoted either.
    let e = LicenseClient::new(obj(&[("token", "SECRET\nNEWLINE".into())]))
        .err()
        .unwrap();
    assert!(!json_of(&e).contains("SECRET"), "{}", json_of(&e));
}

#[wasm_bindgen_test]
async fn bad_arguments_reject_before_any_fetch() {
    let calls = install_fetch(200, LICENSES, &JsValue::UNDEFINED);
    let c = client("http://127.0.0.1:9");
    let groups = |g: &[&str]| {
        obj(&[(
            "licenseGroups",
            g.iter()
                .map(|s| JsValue::from_str(s))
                .collect::<Array>()
                .into(),
        )])
    };
    let cases: Vec<(Promise, &str)> = vec![
        (
            c.list_licenses("nope".into(), USER.into(), JsValue::UNDEFINED),
            "customerId",
        ),
        (
            c.list_licenses(CUSTOMER.into(), 7.into(), JsValue::UNDEFINED),
            "userId",
        ),
        (
            c.list_licenses(CUSTOMER.into(), "a b@c".into(), JsValue::UNDEFINED),
            "userId",
        ),
        (
            c.list_licenses(CUSTOMER.into(), USER.into(), groups(&["Group3"])),
            "licenseGroups[0]",
        ),
        (
            c.list_subscribed_skus(CUSTOMER.into(), obj(&[("signal", 1.into())])),
            "signal",
        ),
        (
            c.update_licenses(CUSTOMER.into(), USER.into(), obj(&[]), JsValue::UNDEFINED),
            "update",
        ),
        (
            c.assign_licenses(
                CUSTOMER.into(),
                USER.into(),
                JSON::parse(r#"[{"skuId":"x"}]"#).unwrap(),
                JsValue::UNDEFINED,
            ),
            "assign[0].skuId",
        ),
        (
            c.remove_licenses(
                CUSTOMER.into(),
                USER.into(),
                JSON::parse(&format!(r#"["{SKU}","{SKU}"]"#)).unwrap(),
                JsValue::UNDEFINED,
            ),
            "remove[1]",
        ),
    ];
    for (p, field) in cases {
        let e = rejected(p).await;
        assert_error(&e, "invalidInput");
        assert_eq!(get(&e, "field").as_string().as_deref(), Some(field));
    }
    assert_eq!(calls.length(), 0, "fetch was called");
}

#[wasm_bindgen_test]
async fn list_licenses_sends_the_documented_request_and_returns_plain_objects() {
    let calls = install_fetch(200, LICENSES, &JsValue::UNDEFINED);
    let c = client("http://127.0.0.1:9/");
    let groups: Array = ["Group1", "Group2"]
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect();
    let v = JsFuture::from(c.list_licenses(
        CUSTOMER.into(),
        "ada@contoso.com".into(),
        obj(&[("licenseGroups", groups.into())]),
    ))
    .await
    .unwrap();
    assert_eq!(JSON::stringify(&v).unwrap().as_string().unwrap(), LICENSES);
    assert_eq!(calls.length(), 1);
    let call = calls.get(0);
    assert_eq!(
        get(&call, "url").as_string().unwrap(),
        format!(
            "http://127.0.0.1:9/v1/customers/{CUSTOMER}/users/ada%40contoso.com/licenses?licenseGroupIds=Group1&licenseGroupIds=Group2"
        )
    );
    let init = get(&call, "init");
    assert_eq!(get(&init, "method").as_string().as_deref(), Some("GET"));
    let h = get(&init, "headers");
    assert_eq!(
        get(&h, "Authorization").as_string().unwrap(),
        format!("Bearer {TOKEN}")
    );
    assert_eq!(
        get(&h, "MS-Contract-Version").as_string().as_deref(),
        Some("v1")
    );
    let rid = get(&h, "MS-RequestId").as_string().unwrap();
    assert!(crate::Guid::parse(&rid).is_ok(), "{rid}");
    assert!(get(&init, "body").is_undefined());
}

#[wasm_bindgen_test]
async fn update_posts_the_body_and_a_new_request_id_per_call() {
    let echo = format!(
        r#"{{"licensesToAssign":[{{"skuId":"{SKU}"}}],"licenseWarnings":[],"attributes":{{"objectType":"LicenseUpdate"}}}}"#
    );
    let calls = install_fetch(201, &echo, &JsValue::UNDEFINED);
    let c = client("http://127.0.0.1:9");
    let assign = JSON::parse(&format!(r#"[{{"skuId":"{SKU}","excludedPlans":null}}]"#)).unwrap();
    for _ in 0..2 {
        let v = JsFuture::from(c.assign_licenses(
            CUSTOMER.into(),
            USER.into(),
            assign.clone(),
            JsValue::UNDEFINED,
        ))
        .await
        .unwrap();
        assert!(Array::is_array(&get(&v, "licensesToAssign")));
    }
    let (a, b) = (get(&calls.get(0), "init"), get(&calls.get(1), "init"));
    assert_eq!(get(&a, "method").as_string().as_deref(), Some("POST"));
    let body = get(&a, "body").as_string().unwrap();
    assert!(
        body.contains(&format!(r#""licensesToAssign":[{{"skuId":"{SKU}"}}]"#)),
        "{body}"
    );
    assert_eq!(
        get(&get(&a, "headers"), "Content-Type")
            .as_string()
            .as_deref(),
        Some("application/json")
    );
    assert_ne!(
        get(&get(&a, "headers"), "MS-RequestId").as_string(),
        get(&get(&b, "headers"), "MS-RequestId").as_string()
    );
}

#[wasm_bindgen_test]
async fn api_errors_carry_status_code_reason_and_ids() {
    let headers = obj(&[
        ("MS-RequestId", "rid-7".into()),
        ("Content-Type", "application/json".into()),
    ]);
    let body = format!(
        r#"{{"code":60012,"description":"Out of licenses (token {TOKEN})","data":["LicenseQuotaExceededException"],"source":"PartnerFD"}}"#
    );
    install_fetch(400, &body, &headers);
    let c = client("http://127.0.0.1:9");
    let e = rejected(c.assign_licenses(
        CUSTOMER.into(),
        USER.into(),
        JSON::parse(&format!(r#"[{{"skuId":"{SKU}"}}]"#)).unwrap(),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_error(&e, "api");
    assert_eq!(get(&e, "status").as_f64(), Some(400.0));
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("60012"));
    assert_eq!(
        get(&e, "reason").as_string().as_deref(),
        Some("outOfLicenses")
    );
    assert_eq!(get(&e, "requestId").as_string().as_deref(), Some("rid-7"));
    assert!(crate::Guid::parse(&get(&e, "correlationId").as_string().unwrap()).is_ok());
    assert_eq!(get(&e, "retryable"), JsValue::FALSE);
    assert!(
        get(&e, "description")
            .as_string()
            .unwrap()
            .contains("<redacted>")
    );
}

#[wasm_bindgen_test]
async fn malformed_bodies_are_decode_errors() {
    let c = client("http://127.0.0.1:9");
    for body in [
        r#"{"totalCount":"one","items":[]}"#,
        r#"{"totalCount":1,"items":[{"productSku":{"id":"not-a-guid"}}]}"#,
        r#"{"totalCount":1,"items":["#,
        "<html>Service Unavailable</html>",
        "",
    ] {
        install_fetch(200, body, &JsValue::UNDEFINED);
        let e = rejected(c.list_subscribed_skus(CUSTOMER.into(), JsValue::UNDEFINED)).await;
        assert_error(&e, "decode");
        assert_eq!(get(&e, "status").as_f64(), Some(200.0));
        assert!(get(&e, "requestId").as_string().is_some());
    }
}

#[wasm_bindgen_test]
async fn transport_failures_and_aborts() {
    install_fetch(0, "", &JsValue::UNDEFINED);
    let c = client("http://127.0.0.1:9");
    let e = rejected(c.list_subscribed_skus(CUSTOMER.into(), JsValue::UNDEFINED)).await;
    assert_error(&e, "network");
    let msg = get(&e, "message").as_string().unwrap();
    assert!(msg.contains("fetch failed (ECONNREFUSED)"), "{msg}");
    assert_eq!(get(&e, "retryable"), JsValue::TRUE);

    install_fetch(200, LICENSES, &JsValue::UNDEFINED);
    let e = rejected(c.list_subscribed_skus(CUSTOMER.into(), obj(&[("signal", aborted_signal())])))
        .await;
    assert_error(&e, "aborted");
}

#[wasm_bindgen_test]
async fn token_functions_are_asked_per_call_and_their_failures_typed() {
    let calls = install_fetch(200, LICENSES, &JsValue::UNDEFINED);
    let counter = Function::new_no_args(
        "globalThis.__n = (globalThis.__n || 0) + 1; return Promise.resolve('tok-' + globalThis.__n);",
    );
    let c = LicenseClient::new(obj(&[
        ("baseUrl", "http://127.0.0.1:9".into()),
        ("token", counter.into()),
    ]))
    .unwrap();
    for _ in 0..2 {
        JsFuture::from(c.list_licenses(CUSTOMER.into(), USER.into(), JsValue::UNDEFINED))
            .await
            .unwrap();
    }
    let auth = |i| {
        get(
            &get(&get(&calls.get(i), "init"), "headers"),
            "Authorization",
        )
    };
    assert_ne!(auth(0), auth(1));
    assert!(auth(1).as_string().unwrap().starts_with("Bearer tok-"));

    for body in [
        "throw new Error('no account')",
        "return Promise.reject(new Error('no account'))",
        "return Promise.resolve(42)",
        "return 'a b'",
    ] {
        let c = LicenseClient::new(obj(&[
            ("baseUrl", "http://127.0.0.1:9".into()),
            ("token", Function::new_no_args(body).into()),
        ]))
        .unwrap();
        let e = rejected(c.list_licenses(CUSTOMER.into(), USER.into(), JsValue::UNDEFINED)).await;
        assert_error(&e, "invalidInput");
        assert_eq!(
            get(&e, "field").as_string().as_deref(),
            Some("token"),
            "{body}"
        );
    }
}
