//! Hostile input on both sides (issue 9, item 2): ids and header options a user types, and
//! responses a network returns. Complements the narrower cases in `src/id.rs`,
//! `src/config.rs`, `src/secret.rs` and `tests/core_decode.rs`; the token's redaction is in
//! `tests/hardening_secrets.rs`.

#![cfg(not(target_arch = "wasm32"))] // proptest does not build for wasm32
mod common;

use common::{CUSTOMER, MARKER, SKU, response};
use partner_center_licenses::endpoint::{
    CallContext, Endpoint, ListLicenses, ListSubscribedSkus, decode_error,
};
use partner_center_licenses::error_fields::ErrorFields;
use partner_center_licenses::http::HttpResponse;
use partner_center_licenses::options::{client_config_from_json, update_from_json};
use partner_center_licenses::*;
use proptest::prelude::*;

/// Every id field a caller types, with the strings an attacker or a careless caller sends.
fn hostile_ids() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        " ",
        "/",
        "..",
        "../..",
        "%2e%2e",
        "%2F",
        "?",
        "#",
        "a b",
        "0c39d6d5-c70d-4c55-bc02-f620844f3fd1/..",
        "0c39d6d5-c70d-4c55-bc02-f620844f3fd1?x=1",
        "0c39d6d5-c70d-4c55-bc02-f620844f3fd1#frag",
        "0c39d6d5-c70d-4c55-bc02-f620844f3fd1%00",
        "0c39d6d5-c70d-4c55-bc02-f620844f3fd1 ",
        "0c39d6d5-c70d-4c55-bc02-f620844f3fd1\r\nX-Evil: 1",
        "０c39d6d5-c70d-4c55-bc02-f620844f3fd1", // full-width digit
        "0c39d6d5-c70d-4c55-bc02-f620844f3fdé",
        "\u{202e}0c39d6d5-c70d-4c55-bc02-f620844f3fd",
        "null",
        "undefined",
        "ada@contoso.com/../../v1/customers",
        "ada@contoso.com?licenseGroupIds=Group2",
        "ada%40contoso.com",
        "ada @contoso.com",
        "ada@contoso.com\u{0}",
        "ådå@contoso.com",
        "ada@contosö.com",
        "ada@contoso.com\r\n",
        "..@contoso.com",
        "ada@..",
        "ada@contoso.com#",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    v.push("a".repeat(1 << 20));
    v.push(format!("{}@contoso.com", "a".repeat(200)));
    v.push(format!("ada@{}.com", "b".repeat(200)));
    v
}

#[test]
fn hostile_ids_are_rejected_with_bounded_messages() {
    for s in hostile_ids() {
        for e in [
            CustomerId::parse(&s).err(),
            SkuId::parse(&s).err(),
            PlanId::parse(&s).err(),
            Guid::parse(&s).err(),
            LicenseGroup::parse(&s).err(),
        ] {
            let e = e.unwrap_or_else(|| panic!("{s:?} accepted as a GUID id"));
            let text = e.to_string();
            assert!(
                text.len() < 300,
                "message not bounded: {} bytes",
                text.len()
            );
            assert!(!text.contains(['\r', '\n', '\0']), "{text:?}");
        }
        // UPNs may carry `#` (guests: name#EXT#@tenant); everything else above must go.
        if let Ok(u) = UserId::parse(&s) {
            panic!("{s:?} accepted as a user id: {u:?}");
        }
        let text = UserId::parse(&s).unwrap_err().to_string();
        assert!(text.len() < 300 && !text.contains(['\r', '\n', '\0']));
    }
}

#[test]
fn hostile_ids_inside_updates_name_the_field() {
    for s in hostile_ids() {
        let body = serde_json::json!({ "assign": [{ "skuId": SKU, "excludedPlans": [s] }] });
        let e = update_from_json(&body.to_string()).unwrap_err();
        assert_eq!(e.field, "assign[0].excludedPlans[0]", "{s:?}");
        let body = serde_json::json!({ "remove": [SKU, s] });
        let e = update_from_json(&body.to_string()).unwrap_err();
        assert_eq!(e.field, "remove[1]", "{s:?}");
    }
}

fn safe_path_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~%/?=&".contains(&b)
}

proptest! {
    /// Whatever a caller types as a user id is either refused or becomes one path segment
    /// that cannot leave its place in the URL: no `/`, `?`, `#`, `..` segment or raw byte
    /// outside the unreserved set.
    #[test]
    fn any_user_id_is_refused_or_stays_one_segment(s in "\\PC{0,40}|[a-zA-Z0-9'._!#^~+%/?&= -]{1,30}@[a-z0-9.-]{1,20}") {
        if let Ok(user) = UserId::parse(&s) {
            let seg = user.to_path_segment();
            prop_assert!(seg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{}", seg);
            prop_assert!(seg != "." && seg != "..");
            let token = AccessToken::new("t").unwrap();
            let call = CallContext { token: &token, request_id: Guid::from_random_bytes([1; 16]), correlation_id: Guid::from_random_bytes([2; 16]) };
            let req = ListLicenses { customer: CustomerId::parse(CUSTOMER).unwrap(), user, groups: vec![] }
                .to_request(&ClientConfig::new("https://h").unwrap(), &call);
            prop_assert_eq!(req.path.matches('/').count(), 6);
            prop_assert!(req.url.bytes().all(|b| safe_path_char(b) || b == b':'));
            prop_assert!(!req.url.contains('#'));
        }
    }

    /// Any header option either is refused (with the option's name) or reaches the
    /// request without CR, LF or any other control byte.
    #[test]
    fn header_options_never_carry_control_bytes(
        locale in "\\PC{0,12}|[a-zA-Z-]{1,8}[\r\n\t\0]?[a-zA-Z-]{0,4}",
        app in "[ -~]{0,20}[\r\n\u{7f}\u{0}]?[ -~]{0,5}|\\PC{0,20}",
        token in "[!-~]{1,20}[\r\n \t]?[!-~]{0,5}|\\PC{1,10}",
    ) {
        let options = serde_json::json!({ "baseUrl": "https://h", "locale": locale, "applicationName": app });
        let config = client_config_from_json(&options.to_string());
        let token = AccessToken::new(token.clone());
        if let (Ok(config), Ok(token)) = (config, token) {
            let call = CallContext { token: &token, request_id: Guid::from_random_bytes([1; 16]), correlation_id: Guid::from_random_bytes([2; 16]) };
            let req = ListSubscribedSkus { customer: CustomerId::parse(CUSTOMER).unwrap(), groups: vec![] }.to_request(&config, &call);
            for (name, value) in &req.headers {
                prop_assert!(value.bytes().all(|b| (0x20..0x7f).contains(&b)), "{}: {:?}", name, value);
            }
        }
    }
}

#[test]
fn header_options_with_crlf_unicode_or_excess_are_refused_by_name() {
    let long = "x".repeat(10_000);
    let cases: Vec<(&str, &str)> = vec![
        ("locale", "en-US\r\nX-Evil: 1"),
        ("locale", "en-US\n"),
        ("locale", "en\u{0}US"),
        ("locale", "ён-RU"),
        ("locale", ""),
        ("locale", &long),
        ("applicationName", "app\r\nX-Evil: 1"),
        ("applicationName", "app\u{7f}"),
        ("applicationName", "app\u{85}"), // NEL
        ("applicationName", "app\u{2028}"),
        ("applicationName", "   "),
        ("applicationName", &long),
        ("correlationId", "11111111-2222-4333-8444-555555555555\r\n"),
        ("correlationId", "\r\n11111111-2222-4333-8444-555555555555"),
        ("correlationId", &long),
    ];
    for (field, value) in cases {
        let json = serde_json::json!({ "baseUrl": "https://h", field: value }).to_string();
        let e = client_config_from_json(&json).unwrap_err();
        assert_eq!(e.field, field, "{value:?}");
        let text = e.to_string();
        assert!(text.len() < 300, "{field}: {} bytes", text.len());
        assert!(!text.contains(['\r', '\n', '\0']), "{text:?}");
    }
    for bad in [
        "abc\r\nX-Evil: 1",
        "abc\ndef",
        "Bearer abc\rdef",
        "abc\u{0}def",
        "abcdéf",
        "abc\tdef",
        "abc def",
    ] {
        let e = AccessToken::new(bad).unwrap_err();
        assert_eq!(e.field, "token");
        assert!(!e.to_string().contains("abc"), "{e}");
    }
    // Surrounding whitespace (a pasted token with its newline) is trimmed, never sent.
    for padded in ["abc\n", "\r\nBearer abc\r\n", "  abc\t"] {
        assert_eq!(AccessToken::new(padded).unwrap().expose(), "abc");
    }
}

#[test]
fn oversized_tokens_are_refused_without_quoting() {
    let big = format!("{MARKER}{}", "A".repeat(secret::MAX_TOKEN_LEN));
    let e = AccessToken::new(big.as_str()).unwrap_err();
    assert_eq!(e.field, "token");
    assert!(!e.to_string().contains(MARKER), "{e}");
    assert!(AccessToken::new("A".repeat(secret::MAX_TOKEN_LEN)).is_ok());
}

/// Hostile success bodies: each becomes a decode error carrying the status, and never
/// panics (serde_json's depth limit stops deep nesting before the stack does).
#[test]
fn hostile_success_bodies_become_decode_errors() {
    let deep_obj = format!("{}{}", r#"{"a":"#.repeat(50_000), "1");
    let deep_in_unknown = format!(
        r#"{{"totalCount":0,"items":[],"x":{}1{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let deep_in_items = format!(r#"{{"totalCount":1,"items":{}}}"#, "[".repeat(10_000));
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("deep arrays", "[".repeat(1_000_000).into_bytes()),
        ("deep objects", deep_obj.into_bytes()),
        ("deep in items", deep_in_items.into_bytes()),
        ("items is a string", br#"{"totalCount":0,"items":"x"}"#.to_vec()),
        ("items is null", br#"{"totalCount":0,"items":null}"#.to_vec()),
        ("count is huge", br#"{"totalCount":1e400,"items":[]}"#.to_vec()),
        ("count is negative", br#"{"totalCount":-1,"items":[]}"#.to_vec()),
        ("array at the top", b"[]".to_vec()),
        ("collection as an array", br#"[0, []]"#.to_vec()),
        ("a number", b"42".to_vec()),
        ("null", b"null".to_vec()),
        ("html", b"<html><body>Service Unavailable</body></html>".to_vec()),
        ("truncated", br#"{"totalCount":1,"items":[{"productSku":{"id":"#.to_vec()),
        ("invalid utf-8", b"{\"totalCount\":1,\"items\":[{\"servicePlans\":[],\"productSku\":{\"id\":\"\xff\xfe\"}}]}".to_vec()),
        ("lone surrogate", br#"{"totalCount":0,"items":["\ud800"]}"#.to_vec()),
        ("bom", b"\xef\xbb\xbf{\"totalCount\":0,\"items\":[]}".to_vec()),
        ("trailing junk", br#"{"totalCount":0,"items":[]} <html>"#.to_vec()),
        (
            "bad group",
            br#"{"totalCount":1,"items":[{"servicePlans":[],"productSku":{"id":"efccb6f7-5641-4e0e-bd10-b4976e1bf68e","licenseGroupId":"group9"}}]}"#
                .to_vec(),
        ),
    ];
    // Deep nesting inside a field the client ignores is skipped without recursion: valid
    // JSON, accepted, and no stack overflow even a million levels down.
    let ok = ListLicenses::decode(&HttpResponse::new(200, vec![], deep_in_unknown)).unwrap();
    assert_eq!(ok.total_count, 0);
    let very_deep = format!(
        r#"{{"totalCount":0,"items":[],"x":{}1{}}}"#,
        "[".repeat(1_000_000),
        "]".repeat(1_000_000)
    );
    assert!(ListLicenses::decode(&HttpResponse::new(200, vec![], very_deep)).is_ok());
    for (what, body) in bodies {
        let r = HttpResponse::new(200, vec![("MS-RequestId".into(), "rid-9".into())], body);
        let e = match ListLicenses::decode(&r) {
            Ok(v) => panic!("{what}: accepted as {v:?}"),
            Err(e) => e,
        };
        assert_eq!(e.kind(), ErrorKind::Decode, "{what}: {e}");
        assert_eq!(e.status(), Some(200), "{what}");
        assert_eq!(e.request_id(), Some("rid-9"), "{what}");
        assert!(e.to_string().len() < 800, "{what}: message not bounded");
    }
}

/// Hostile error bodies: still an `api` error with the status, whatever the body holds.
#[test]
fn hostile_error_bodies_stay_api_errors() {
    let bodies = [
        "[".repeat(1_000_000),
        r#"{"code":{"nested":[1,2,3]},"description":["x"]}"#.to_owned(),
        r#"{"code":60012,"description":42,"data":"x"}"#.to_owned(),
        r#"{"statusCode":"429","message":{}}"#.to_owned(),
        "<html>502</html>".to_owned(),
        "\u{0}\u{1}\u{2}".to_owned(),
        format!(r#"{{"description":"{}"}}"#, "d".repeat(100_000)),
    ];
    for status in [400u16, 401, 403, 404, 429, 500, 503] {
        for body in &bodies {
            let e = decode_error(&response(status, &[("Retry-After", "abc\r\n")], body));
            assert_eq!(e.kind(), ErrorKind::Api);
            assert_eq!(e.status(), Some(status));
            let fields = ErrorFields::from(&e);
            assert!(!fields.to_json().contains('\u{0}'));
            // The message quotes at most a bounded part of the service's texts.
            assert!(e.to_string().len() < 1_200, "{} bytes", e.to_string().len());
        }
    }
}
