//! Turning response bytes into typed values or typed errors, without ever panicking.

use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, Error, ErrorReason};
use crate::http::{HttpResponse, header};
use crate::model::{ErrorBody, ThrottleBody};

/// The largest body the client decodes (64 MiB): a 10,000-SKU `subscribedskus` answer is
/// about 15 MiB; anything far beyond is refused rather than held in memory.
pub const MAX_BODY_BYTES: usize = 64 << 20;

/// How much of a body a decode error keeps.
const SNIPPET_CHARS: usize = 160;

/// The start of a body, for an error message: lossy UTF-8, bounded, control characters escaped.
pub fn snippet(body: &[u8]) -> String {
    let head = &body[..body.len().min(SNIPPET_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut out: String = text
        .chars()
        .take(SNIPPET_CHARS)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if text.chars().count() > SNIPPET_CHARS || head.len() < body.len() {
        out.push('…');
    }
    out
}

fn ids(response: &HttpResponse) -> (Option<String>, Option<String>) {
    (
        response.header(header::REQUEST_ID).map(str::to_owned),
        response.header(header::CORRELATION_ID).map(str::to_owned),
    )
}

/// Decodes a success body into `T`; anything that does not fit is a [`DecodeError`].
pub fn decode_json<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, Error> {
    if response.body.len() > MAX_BODY_BYTES {
        let (request_id, correlation_id) = ids(response);
        return Err(Error::Decode(Box::new(DecodeError {
            status: response.status,
            message: format!(
                "the body is {} bytes, over the {MAX_BODY_BYTES}-byte limit",
                response.body.len()
            ),
            body_snippet: snippet(&response.body),
            request_id,
            correlation_id,
        })));
    }
    serde_json::from_slice(&response.body).map_err(|e| {
        let message = if response.body.is_empty() {
            "the body is empty".to_owned()
        } else if e.is_eof() {
            format!("the body ends early ({e})")
        } else {
            e.to_string()
        };
        undecodable(response, message)
    })
}

/// A [`DecodeError`] for `response`: its status, ids and body snippet, and `message`.
/// (Shells use it when their own JSON reader refuses a body the core accepted.)
pub fn undecodable(response: &HttpResponse, message: impl Into<String>) -> Error {
    let (request_id, correlation_id) = ids(response);
    Error::Decode(Box::new(DecodeError {
        status: response.status,
        message: message.into(),
        body_snippet: snippet(&response.body),
        request_id,
        correlation_id,
    }))
}

/// Decodes an error status into an [`ApiError`], whatever the body holds: the documented
/// error body, the throttle body, an HTML page or nothing.
pub fn decode_error(response: &HttpResponse) -> Error {
    let (request_id, correlation_id) = ids(response);
    let mut e = ApiError {
        status: response.status,
        code: None,
        description: None,
        data: Vec::new(),
        source: None,
        reason: ErrorReason::Other,
        request_id,
        correlation_id,
        retry_after: response
            .header(header::RETRY_AFTER)
            .map(|v| v.trim().to_owned()),
        body_snippet: None,
    };
    if let Ok(body) = serde_json::from_slice::<ThrottleBody>(&response.body) {
        e.description = Some(body.message);
    } else if let Ok(body) = serde_json::from_slice::<ErrorBody>(&response.body) {
        e.code = body.code.map(|c| c.0);
        e.description = body.description;
        e.data = body.data.unwrap_or_default();
        e.source = body.source;
        if e.code.is_none() && e.description.is_none() && !response.body.is_empty() {
            e.body_snippet = Some(snippet(&response.body));
        }
    } else if !response.body.is_empty() {
        e.body_snippet = Some(snippet(&response.body));
    }
    e.reason = ErrorReason::classify(e.status, e.code.as_deref());
    Error::Api(Box::new(e))
}
