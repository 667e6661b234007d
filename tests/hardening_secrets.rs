//! The token's redaction in every core type that can reach it (issue 9, item 4): printed
//! values, errors, events and echoed error fields never show it or its base64.

#![cfg(not(target_arch = "wasm32"))]
mod common;

use common::{CUSTOMER, MARKER, SKU, base64_forms, response};
use partner_center_licenses::endpoint::{
    CallContext, Endpoint, ListLicenses, UpdateLicenses, decode_error,
};
use partner_center_licenses::error_fields::ErrorFields;
use partner_center_licenses::http::HttpRequest;
use partner_center_licenses::model::LicenseUpdate;
use partner_center_licenses::options::update_from_json;
use partner_center_licenses::retry::{CallEvent, CallIds, GiveUpReason, RetryPolicy, RetryState};
use partner_center_licenses::*;

fn marked_request() -> (AccessToken, HttpRequest) {
    let token = AccessToken::new(format!("Bearer {MARKER}")).unwrap();
    let call = CallContext {
        token: &token,
        request_id: Guid::from_random_bytes([1; 16]),
        correlation_id: Guid::from_random_bytes([2; 16]),
    };
    let req = UpdateLicenses::new(
        CustomerId::parse(CUSTOMER).unwrap(),
        UserId::parse("ada@contoso.com").unwrap(),
        update_from_json(&format!(r#"{{"remove":["{SKU}"]}}"#)).unwrap(),
    )
    .unwrap()
    .to_request(&ClientConfig::new("https://h").unwrap(), &call);
    assert_eq!(
        req.header("Authorization"),
        Some(format!("Bearer {MARKER}").as_str())
    );
    (token, req)
}

/// `{:?}` and `{}` of every core value that holds or meets the token never show it.
#[test]
fn no_core_type_prints_the_token() {
    let (token, req) = marked_request();
    let call = CallContext {
        token: &token,
        request_id: Guid::from_random_bytes([1; 16]),
        correlation_id: Guid::from_random_bytes([2; 16]),
    };
    let ids = CallIds::from_random_bytes([3; 32]);
    let state = RetryState::new(RetryPolicy::default(), 0, ids);
    let ctx = state.context(&token);
    let errors = [
        Error::from(AccessToken::new(format!("{MARKER}\r\nX: 1")).unwrap_err()),
        Error::from(AccessToken::new(format!("{MARKER} x")).unwrap_err()),
        decode_error(&response(401, &[], "")),
        decode_error(&response(400, &[], r#"{"code":900316}"#)),
        Error::from(InputError::new("token", "the access token is empty")),
        ListLicenses::decode(&response(200, &[], "<html>")).unwrap_err(),
        Error::Network {
            message: "fetch failed".into(),
        },
        Error::Timeout { after_ms: 5 },
        Error::Aborted,
    ];
    let mut printed = vec![
        format!("{token:?}"),
        format!("{token}"),
        format!("{req:?}"),
        format!("{call:?}"),
        format!("{ctx:?}"),
        format!("{state:?}"),
        format!("{:?}", Some(&token)),
        format!("{:#?}", req),
    ];
    for e in &errors {
        printed.push(format!("{e:?}"));
        printed.push(format!("{e}"));
        let fields = ErrorFields::from(e)
            .with_request_ids(&req)
            .without_token(&token);
        printed.push(format!("{fields:?}"));
        printed.push(fields.to_json());
        let h = hint(e, &[]);
        assert!(!h.is_empty(), "no hint for {e}");
        printed.push(h);
        for ev in [
            CallEvent::request(&req, 1),
            CallEvent::response(&req, 1, e.status(), 3, Some(e)),
            CallEvent::retry(
                &req,
                1,
                e,
                10,
                partner_center_licenses::retry::WaitSource::Backoff,
            ),
            CallEvent::token_refresh(&req, 1, e),
            CallEvent::give_up(&req, 2, e, 20, Some(GiveUpReason::NotRetryable)),
        ] {
            printed.push(format!("{ev:?}"));
            printed.push(serde_json::to_string(&ev).unwrap());
        }
    }
    let b64 = base64_forms(MARKER);
    for p in printed {
        assert!(!p.contains(MARKER), "token printed: {p}");
        for b in &b64 {
            assert!(!p.contains(b.as_str()), "token printed (base64): {p}");
        }
    }
}

#[test]
fn echoed_tokens_are_scrubbed_from_every_error_field() {
    let (token, req) = marked_request();
    let body = format!(
        r#"{{"code":"{MARKER}","description":"bad token {MARKER}","data":["{MARKER}"],"source":"{MARKER}"}}"#
    );
    let e = decode_error(&response(
        401,
        &[("MS-RequestId", MARKER), ("MS-CorrelationId", MARKER)],
        &body,
    ));
    let fields = ErrorFields::from(&e)
        .with_request_ids(&req)
        .without_token(&token);
    let all = format!("{fields:?} {}", fields.to_json());
    assert!(!all.contains(MARKER), "{all}");
    assert!(all.contains("<redacted>"), "{all}");
    // The hint quotes none of the service's texts, so an echoed token cannot reach it.
    let h = hint(&e, &[]);
    assert!(!h.is_empty() && !h.contains(MARKER), "{h}");
    let e = Error::Network {
        message: format!("Authorization: Bearer {MARKER} refused"),
    };
    let fields = ErrorFields::from(&e).without_token(&token);
    assert!(!fields.to_json().contains(MARKER));
    let _ = LicenseUpdate::default();
}
