//! The error types' own tests: the documented codes, their reasons, what is retryable.
use super::*;

#[test]
fn classify_documented_codes() {
    assert_eq!(
        ErrorReason::classify(400, Some("60012")),
        ErrorReason::OutOfLicenses
    );
    assert_eq!(
        ErrorReason::classify(400, Some("900316")),
        ErrorReason::PartnerTokenNotAllowed
    );
    assert_eq!(
        ErrorReason::classify(403, Some("900309")),
        ErrorReason::ConditionalAccessBlocked
    );
    assert_eq!(
        ErrorReason::classify(404, Some("60002")),
        ErrorReason::UserNotFound
    );
    assert_eq!(
        ErrorReason::classify(404, Some("60003")),
        ErrorReason::CustomerNotFound
    );
    assert_eq!(ErrorReason::classify(401, None), ErrorReason::Unauthorized);
    assert_eq!(ErrorReason::classify(429, None), ErrorReason::Throttled);
    assert_eq!(
        ErrorReason::classify(503, Some("x")),
        ErrorReason::ServerError
    );
    assert_eq!(ErrorReason::classify(418, None), ErrorReason::BadRequest);
}

#[test]
fn quote_is_bounded_and_escaped() {
    let q = quote(&"x".repeat(500));
    assert!(q.len() < 80, "{q}");
    assert_eq!(quote("a\r\nb"), "\"a\\r\\nb\"");
    assert_eq!(quote(""), "an empty string");
}

#[test]
fn retryable_statuses() {
    let api = |status| {
        Error::Api(Box::new(ApiError {
            status,
            code: None,
            description: None,
            data: vec![],
            source: None,
            reason: ErrorReason::classify(status, None),
            request_id: None,
            correlation_id: None,
            retry_after: None,
            body_snippet: None,
        }))
    };
    for s in [429, 500, 502, 503, 504] {
        assert!(api(s).is_retryable(), "{s}");
    }
    for s in [400, 401, 403, 404, 409, 501] {
        assert!(!api(s).is_retryable(), "{s}");
    }
    assert!(!Error::Aborted.is_retryable());
    assert!(Error::Timeout { after_ms: 1 }.is_retryable());
}
