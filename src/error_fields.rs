//! The flat view of an [`Error`] that a shell shows its callers: in JavaScript, the
//! properties of a thrown `PartnerCenterError`.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::Serialize;

use crate::json::JsonObject;

use crate::error::Error;
use crate::http::HttpRequest;
use crate::secret::AccessToken;

/// What `PartnerCenterError` carries besides its message. Absent values are `None`
/// (left out of the JSON, `undefined` in JavaScript). Never holds the access token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorFields {
    /// `invalidInput`, `api`, `decode`, `network`, `timeout`, `aborted`.
    pub kind: &'static str,
    /// The human text (the error's `Display`).
    pub message: String,
    /// HTTP status, when a response was received.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Partner Center error code, as text (`"60012"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The typed reason of an API error (`outOfLicenses`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// The service's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `MS-RequestId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `MS-CorrelationId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    /// The bad input of an `invalidInput` error (`customerId`, `assign[0].skuId`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What to do next, in one or two sentences ([`crate::hint`]).
    pub hint: String,
    /// Whether repeating the call (same request id) may succeed.
    pub retryable: bool,
    /// How long the service asked to wait before trying again, in ms (from `Retry-After`
    /// or the 429 body), when it said; see [`ErrorFields::with_retry_after`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
}

impl From<&Error> for ErrorFields {
    fn from(e: &Error) -> Self {
        Self::with_hint(e, crate::hint::hint(e, &[]))
    }
}

impl ErrorFields {
    /// The fields of `e` with `hint` as its hint (the client `.wasm` passes the argument of
    /// a [`crate::hint::Hint::Ref`] here and sends the text's number beside the fields).
    pub fn with_hint(e: &Error, hint: String) -> Self {
        let (description, field) = match e {
            Error::Api(api) => (api.description.as_deref(), None),
            Error::InvalidInput(input) => (None, Some(input.field.as_str())),
            _ => (None, None),
        };
        Self {
            kind: e.kind().as_str(),
            message: e.text(),
            status: e.status(),
            code: owned(e.code()),
            reason: e.reason().map(|r| r.as_str()),
            description: owned(description),
            request_id: owned(e.request_id()),
            correlation_id: owned(e.correlation_id()),
            field: owned(field),
            hint,
            retryable: e.is_retryable(),
            retry_after_ms: None,
        }
    }
}

/// A copy of an optional text: one out-of-line copy for every field.
#[inline(never)]
fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_owned)
}

/// Replaces every occurrence of `secret` in `s` by `<redacted>` (with [`crate::text::find`]).
fn redact(s: &mut String, secret: &str) {
    let mut out = String::new();
    let mut kept = 0;
    while let Some(at) = crate::text::find(s, secret, kept) {
        // The needle is valid UTF-8, so a match starts and ends on character boundaries.
        out.push_str(s.get(kept..at).unwrap_or_default());
        out.push_str("<redacted>");
        kept = at + secret.len();
    }
    if kept > 0 {
        out.push_str(s.get(kept..).unwrap_or_default());
        *s = out;
    }
}

impl ErrorFields {
    /// Fills `requestId` / `correlationId` from the request that was sent, when the
    /// response did not echo them (or no response came), so a caller can always quote them.
    pub fn with_request_ids(mut self, request: &HttpRequest) -> Self {
        use crate::http::header;
        if self.request_id.is_none() {
            self.request_id = owned(request.header(header::REQUEST_ID));
        }
        if self.correlation_id.is_none() {
            self.correlation_id = owned(request.header(header::CORRELATION_ID));
        }
        self
    }

    /// Sets `retryAfterMs` from the error's `Retry-After` (an HTTP-date is read relative to
    /// `now_ms`, Unix ms) or its 429 body.
    pub fn with_retry_after(mut self, error: &Error, now_ms: u64) -> Self {
        self.retry_after_ms = error.retry_after_ms(now_ms);
        self
    }

    /// Replaces every occurrence of the token in the texts with `<redacted>`: a last guard
    /// in case a transport message or a service description ever echoes it.
    pub fn without_token(mut self, token: &AccessToken) -> Self {
        let forms = token.echo_forms();
        let scrub = |s: &mut String| {
            for secret in &forms {
                redact(s, secret);
            }
        };
        scrub(&mut self.message);
        // The invalidInput hint quotes the input error's message.
        scrub(&mut self.hint);
        for s in [
            &mut self.code,
            &mut self.description,
            &mut self.request_id,
            &mut self.correlation_id,
        ]
        .into_iter()
        .flatten()
        {
            scrub(s);
        }
        self
    }

    /// The fields as JSON text (for `JSON.parse` on the JavaScript side), written by the
    /// core's own writer (serde_json stays out of the `.wasm`). The member names are
    /// `PartnerCenterError`'s property names; absent values are left out.
    pub fn to_json(&self) -> String {
        self.to_json_object().finish()
    }

    /// [`ErrorFields::to_json`] before its closing brace, for a shell to add members.
    pub fn to_json_object(&self) -> JsonObject {
        JsonObject::new()
            .str("kind", self.kind)
            .str("message", &self.message)
            .opt_num("status", self.status.map(u64::from))
            .opt_str("code", self.code.as_deref())
            .opt_str("reason", self.reason)
            .opt_str("description", self.description.as_deref())
            .opt_str("requestId", self.request_id.as_deref())
            .opt_str("correlationId", self.correlation_id.as_deref())
            .opt_str("field", self.field.as_deref())
            .str("hint", &self.hint)
            .bool("retryable", self.retryable)
            .opt_num("retryAfterMs", self.retry_after_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_replaces_every_occurrence() {
        let mut s = String::from("aSECRETbSECRETSECRETé");
        redact(&mut s, "SECRET");
        assert_eq!(s, "a<redacted>b<redacted><redacted>é");
        let mut s = String::from("no secret here");
        redact(&mut s, "SECRET");
        assert_eq!(s, "no secret here");
        redact(&mut s, "");
        assert_eq!(s, "no secret here");
    }
    use crate::endpoint::{CallContext, Endpoint, ListLicenses, decode_error};
    use crate::http::HttpResponse;
    use crate::{ClientConfig, CustomerId, Guid, InputError, UserId};

    fn request() -> HttpRequest {
        let token = AccessToken::new("SECRET-TOKEN-42").unwrap();
        let call = CallContext {
            token: &token,
            request_id: Guid::from_random_bytes([1; 16]),
            correlation_id: Guid::from_random_bytes([2; 16]),
        };
        ListLicenses {
            customer: CustomerId::parse("0c39d6d5-c70d-4c55-bc02-f620844f3fd1").unwrap(),
            user: UserId::parse("ada@contoso.com").unwrap(),
            groups: vec![],
        }
        .to_request(&ClientConfig::new("http://127.0.0.1:1").unwrap(), &call)
    }

    #[test]
    fn api_error_fields() {
        let resp = HttpResponse::new(
            400,
            vec![("MS-RequestId".into(), "rid-1".into())],
            r#"{"code":60012,"description":"Out of licenses","data":["LicenseQuotaExceededException"],"source":"PartnerFD"}"#,
        );
        let f = ErrorFields::from(&decode_error(&resp)).with_request_ids(&request());
        assert_eq!(f.kind, "api");
        assert_eq!(f.status, Some(400));
        assert_eq!(f.code.as_deref(), Some("60012"));
        assert_eq!(f.reason, Some("outOfLicenses"));
        assert_eq!(f.description.as_deref(), Some("Out of licenses"));
        assert_eq!(f.request_id.as_deref(), Some("rid-1"));
        assert_eq!(
            f.correlation_id,
            Some(Guid::from_random_bytes([2; 16]).to_string())
        );
        assert!(!f.retryable);
        let json = f.to_json();
        assert!(json.contains(r#""reason":"outOfLicenses""#), "{json}");
        assert!(!json.contains("SECRET"), "{json}");
        assert!(!json.contains("field"), "{json}");
        assert!(!json.contains("retryAfterMs"), "{json}");
    }

    #[test]
    fn retry_after_ms_from_header_or_body() {
        let throttled = decode_error(&HttpResponse::new(
            429,
            vec![("Retry-After".into(), "Sun, 06 Nov 1994 08:49:47 GMT".into())],
            r#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}"#,
        ));
        let f = ErrorFields::from(&throttled).with_retry_after(&throttled, 784_111_777_000);
        assert_eq!(f.retry_after_ms, Some(10_000));
        assert!(f.retryable);
        assert!(f.to_json().contains(r#""retryAfterMs":10000"#));
        let body_only = decode_error(&HttpResponse::new(
            429,
            vec![],
            r#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}"#,
        ));
        let f = ErrorFields::from(&body_only).with_retry_after(&body_only, 0);
        assert_eq!(f.retry_after_ms, Some(57_000));
    }

    #[test]
    fn input_and_network_error_fields() {
        let f = ErrorFields::from(&Error::from(InputError::new("customerId", "is bad")));
        assert_eq!(f.kind, "invalidInput");
        assert_eq!(f.field.as_deref(), Some("customerId"));
        assert_eq!(f.message, "invalid customerId: is bad");
        assert_eq!(f.status, None);
        let f = ErrorFields::from(&Error::Network {
            message: "fetch failed".into(),
        })
        .with_request_ids(&request());
        assert_eq!(f.kind, "network");
        assert!(f.retryable);
        assert_eq!(
            f.request_id,
            Some(Guid::from_random_bytes([1; 16]).to_string())
        );
        assert!(!format!("{f:?}{}", f.to_json()).contains("SECRET"));
    }

    #[test]
    fn echoed_tokens_are_scrubbed() {
        let token = AccessToken::new("SECRET-TOKEN-42").unwrap();
        let resp = HttpResponse::new(
            401,
            vec![],
            r#"{"code":"SECRET-TOKEN-42","description":"token SECRET-TOKEN-42 expired"}"#,
        );
        let f = ErrorFields::from(&decode_error(&resp)).without_token(&token);
        let all = format!("{f:?}{}", f.to_json());
        assert!(!all.contains("SECRET"), "{all}");
        assert_eq!(f.description.as_deref(), Some("token <redacted> expired"));
        let f = ErrorFields::from(&Error::Network {
            message: "bad header Bearer SECRET-TOKEN-42".into(),
        })
        .without_token(&token);
        assert_eq!(f.message, "network error: bad header Bearer <redacted>");
        // A server that echoes the header base64-encoded is scrubbed too.
        let f = ErrorFields::from(&Error::Network {
            message: "header QmVhcmVyIFNFQ1JFVC1UT0tFTi00Mg== refused".into(),
        })
        .without_token(&token);
        assert!(!f.message.contains("RVC1UT0tFTi"), "{}", f.message);
    }
}
