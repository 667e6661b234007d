//! Turning response bytes into typed values or typed errors, without ever panicking.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, Error, ErrorReason};
use crate::http::{HttpResponse, header};
use crate::json::{self, Json};
#[cfg(doc)]
use crate::model::{ErrorBody, ThrottleBody};
use crate::text::Text;

/// The largest body the client decodes (64 MiB): a 10,000-SKU `subscribedskus` answer is
/// about 15 MiB; anything far beyond is refused rather than held in memory.
pub const MAX_BODY_BYTES: usize = 64 << 20;

/// How much of a body a decode error keeps.
const SNIPPET_CHARS: usize = 160;

/// How much of the service's own error texts an [`ApiError`] keeps: a description, a
/// code, a source or a `Retry-After` value from a hostile or broken server cannot make
/// an error message (and every log line that prints it) arbitrarily long.
const DESCRIPTION_CHARS: usize = 1024;
const SHORT_FIELD_CHARS: usize = 128;
const DATA_ITEMS: usize = 32;
/// Each `data` line: the documented 60012 line (naming customer and SKU) is 174 characters.
const DATA_CHARS: usize = 256;

/// `text` cut to `max` characters (with `…`), control characters escaped.
fn bounded(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max * 2));
    bounded_into(text, max, &mut out);
    out
}

/// [`bounded`] of an optional text: one out-of-line copy for every field of an error.
#[inline(never)]
fn bounded_opt(text: Option<&str>, max: usize) -> Option<String> {
    text.map(|t| bounded(t, max))
}

/// [`bounded`] into `out`; whether it cut.
#[inline(never)]
fn bounded_into(text: &str, max: usize, out: &mut String) -> bool {
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            return true;
        }
        if c.is_control() {
            crate::text::push_escaped_control(out, c);
        } else {
            out.push(c);
        }
    }
    false
}

/// The start of a body, for an error message: lossy UTF-8, bounded, control characters escaped.
pub fn snippet(body: &[u8]) -> String {
    let head = body.get(..SNIPPET_CHARS * 4).unwrap_or(body);
    let mut out = String::new();
    if !bounded_into(&crate::text::lossy_utf8(head), SNIPPET_CHARS, &mut out)
        && head.len() < body.len()
    {
        out.push('…');
    }
    out
}

fn ids(response: &HttpResponse) -> (Option<String>, Option<String>) {
    (
        bounded_opt(response.header(header::REQUEST_ID), SHORT_FIELD_CHARS),
        bounded_opt(response.header(header::CORRELATION_ID), SHORT_FIELD_CHARS),
    )
}

/// The error for a body of `len` bytes when that is over [`MAX_BODY_BYTES`]; `None` when
/// it is within. Shells call it with `Content-Length` before reading a body, and with the
/// received length before copying it, so an absurd body is refused before it is buffered.
pub fn body_too_large(response: &HttpResponse, len: u64) -> Option<Error> {
    (len > MAX_BODY_BYTES as u64).then(|| too_large(response, len))
}

/// The decode error of a body of `len` bytes, over [`MAX_BODY_BYTES`].
pub fn too_large(response: &HttpResponse, len: u64) -> Error {
    let message = Text::new("the body is ")
        .num(len)
        .push(" bytes, over the ")
        .num(MAX_BODY_BYTES as u64)
        .push("-byte limit")
        .done();
    undecodable(response, message)
}

/// Decodes a success body into `T`; anything that does not fit is a [`DecodeError`].
pub fn decode_json<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, Error> {
    if let Some(e) = body_too_large(response, response.body.len() as u64) {
        return Err(e);
    }
    // Every documented success body is a JSON object; serde's derived structs would also
    // read a JSON array positionally (`[0, []]` as a collection), which no server sends.
    let first = response
        .body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    if first.is_some_and(|b| b != b'{') {
        return Err(undecodable(response, "expected a JSON object"));
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
    decode_error_of(response, message.into())
}

/// [`undecodable`], one copy for every type of message.
#[inline(never)]
fn decode_error_of(response: &HttpResponse, message: String) -> Error {
    let (request_id, correlation_id) = ids(response);
    Error::Decode(Box::new(DecodeError {
        status: response.status,
        message,
        body_snippet: snippet(&response.body),
        request_id,
        correlation_id,
    }))
}

/// What an error body says: the throttle body (`{ statusCode, message }`) or the
/// documented error body (`{ code, description, data, source }`).
enum ErrorText<'a> {
    Throttle(&'a str),
    Body {
        code: Option<&'a str>,
        description: Option<&'a str>,
        data: &'a [Json],
        source: Option<&'a str>,
    },
}

/// Reads an error body as the models [`ThrottleBody`] and [`ErrorBody`] describe it: an
/// object; the throttle body needs an integer `statusCode` and a string `message`; in the
/// error body every member is optional, `code` a number or a string, `data` strings.
/// `None` when it is neither (the caller keeps a snippet instead).
fn read_error_body(body: &Json) -> Option<ErrorText<'_>> {
    if !matches!(body, Json::Object(_)) {
        return None;
    }
    let status_is_u16 = body
        .get("statusCode")
        .and_then(Json::as_u64)
        .is_some_and(|n| n <= u64::from(u16::MAX));
    if let (true, Some(message)) = (status_is_u16, body.get("message").and_then(Json::as_str)) {
        return Some(ErrorText::Throttle(message));
    }
    let code = match body.member("code") {
        None => None,
        Some(Json::String(s) | Json::Number(s)) => Some(s.as_str()),
        Some(_) => return None,
    };
    let data: &[Json] = match body.member("data") {
        None => &[],
        Some(Json::Array(items)) if items.iter().all(|d| d.as_str().is_some()) => items,
        Some(_) => return None,
    };
    Some(ErrorText::Body {
        code,
        description: text_member(body, "description")?,
        data,
        source: text_member(body, "source")?,
    })
}

/// An optional string member of an error body: `Some(None)` when absent, `None` when it
/// is not a string.
#[inline(never)]
fn text_member<'a>(body: &'a Json, key: &str) -> Option<Option<&'a str>> {
    match body.member(key) {
        None => Some(None),
        Some(Json::String(s)) => Some(Some(s.as_str())),
        Some(_) => None,
    }
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
        retry_after: bounded_opt(
            response.header(header::RETRY_AFTER).map(str::trim),
            SHORT_FIELD_CHARS,
        ),
        body_snippet: None,
    };
    let parsed = if response.body.len() > MAX_BODY_BYTES {
        None
    } else {
        core::str::from_utf8(&response.body)
            .ok()
            .and_then(|text| json::parse(text).ok())
    };
    match parsed.as_ref().map(read_error_body) {
        Some(Some(ErrorText::Throttle(message))) => {
            e.description = bounded_opt(Some(message), DESCRIPTION_CHARS);
        }
        Some(Some(ErrorText::Body {
            code,
            description,
            data,
            source,
        })) => {
            e.code = bounded_opt(code, SHORT_FIELD_CHARS);
            e.description = bounded_opt(description, DESCRIPTION_CHARS);
            // A loop rather than `collect` (smaller in the `.wasm`).
            for d in data.iter().take(DATA_ITEMS) {
                if let Some(d) = d.as_str() {
                    e.data.push(bounded(d, DATA_CHARS));
                }
            }
            e.source = bounded_opt(source, SHORT_FIELD_CHARS);
            if e.code.is_none() && e.description.is_none() && !response.body.is_empty() {
                e.body_snippet = Some(snippet(&response.body));
            }
        }
        _ if response.body.is_empty() => {}
        _ => e.body_snippet = Some(snippet(&response.body)),
    }
    e.reason = ErrorReason::classify(e.status, e.code.as_deref());
    Error::Api(Box::new(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_cuts_and_escapes() {
        assert_eq!(bounded("abc", 3), "abc");
        assert_eq!(bounded("abcd", 3), "abc…");
        assert_eq!(bounded("a\r\nb", 10), "a\\r\\nb");
        assert_eq!(bounded("ééé", 2), "éé…");
    }

    #[test]
    fn error_texts_are_bounded() {
        let body = format!(
            r#"{{"code":"{}","description":"{}\r\nX-Evil: 1","data":[{}],"source":"{}"}}"#,
            "9".repeat(1000),
            "d".repeat(100_000),
            vec!["\"x\""; 1000].join(","),
            "s".repeat(1000),
        );
        let r = HttpResponse::new(
            400,
            vec![
                ("Retry-After".into(), "9".repeat(1000)),
                ("MS-RequestId".into(), "r".repeat(10_000)),
            ],
            body,
        );
        let Error::Api(e) = decode_error(&r) else {
            panic!("not an api error")
        };
        assert_eq!(
            e.description.as_deref().map(|d| d.chars().count()),
            Some(DESCRIPTION_CHARS + 1)
        );
        assert_eq!(e.code.as_deref().map(str::len), Some(SHORT_FIELD_CHARS + 3));
        assert_eq!(e.data.len(), DATA_ITEMS);
        assert!(
            e.retry_after
                .as_deref()
                .is_some_and(|r| r.chars().count() == SHORT_FIELD_CHARS + 1)
        );
        assert!(!e.to_string().contains('\n'));
        assert_eq!(
            e.request_id.as_deref().map(|r| r.chars().count()),
            Some(SHORT_FIELD_CHARS + 1)
        );
        // A normal body is kept as it is.
        let r = HttpResponse::new(
            403,
            vec![],
            r#"{"code":900309,"description":"Blocked by CA."}"#,
        );
        let Error::Api(e) = decode_error(&r) else {
            panic!("not an api error")
        };
        assert_eq!(e.description.as_deref(), Some("Blocked by CA."));
        assert_eq!(e.code.as_deref(), Some("900309"));
    }
}
