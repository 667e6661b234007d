//! The one error type of the client, and the error codes both sides use.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use crate::text::Text;

pub mod codes;
mod reason;

pub use reason::ErrorReason;

/// Bad input, found before anything was sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    /// Which input: `customer id`, `assign[0].skuId`, `locale`...
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// How much of a rejected value an error message may quote.
const QUOTE_LIMIT: usize = 60;

impl InputError {
    /// A new input error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::of(field.into(), message.into())
    }

    /// [`InputError::new`], one copy for every type of argument.
    #[inline(never)]
    const fn of(field: String, message: String) -> Self {
        Self { field, message }
    }

    /// An id that does not have the expected form; quotes (a bounded part of) the value.
    pub fn invalid_id(field: &str, value: &str) -> Self {
        let expected = match field {
            "user id" => "a GUID or a user principal name (name@domain)",
            "license group" => "Group1 or Group2",
            _ => "a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
        };
        Self::new(
            field,
            crate::text::cat(&[&quote(value), " is not ", expected]),
        )
    }
}

/// Quotes a value for an error message: bounded, with control characters escaped.
pub fn quote(value: &str) -> String {
    if value.is_empty() {
        return "an empty string".into();
    }
    // As `{:?}` writes a string, without its Unicode tables (they would reach the .wasm):
    // quotes and backslashes escaped, control characters as `\n` or `\u{1}`.
    let mut s = String::with_capacity(value.len().min(QUOTE_LIMIT * 4) + 4);
    s.push('"');
    let mut taken = 0;
    for c in value.chars().take(QUOTE_LIMIT) {
        taken += c.len_utf8();
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            c if c.is_control() => crate::text::push_escaped_control(&mut s, c),
            c => s.push(c),
        }
    }
    if taken < value.len() {
        s.push('…');
    }
    s.push('"');
    s
}

/// The service answered with an error status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Partner Center error code (numbers and strings both kept as text).
    pub code: Option<String>,
    /// The service's description (or the throttle body's message).
    pub description: Option<String>,
    /// Extra detail lines (`data`).
    pub data: Vec<String>,
    /// Which service part answered (`source`).
    pub source: Option<String>,
    /// What the client makes of it.
    pub reason: ErrorReason,
    /// `MS-RequestId` of the response (or of the request, when the response had none).
    pub request_id: Option<String>,
    /// `MS-CorrelationId`.
    pub correlation_id: Option<String>,
    /// The raw `Retry-After` header, when present (seconds or an HTTP-date).
    pub retry_after: Option<String>,
    /// The start of the body when it was not the documented JSON.
    pub body_snippet: Option<String>,
}

impl ApiError {
    /// `Partner Center answered 400 (code 60012): <description>`.
    pub fn text(&self) -> String {
        let mut t = Text::new("Partner Center answered ").num(u64::from(self.status));
        if let Some(code) = &self.code {
            t = t.push(" (code ").push(code).push(")");
        }
        if let Some(d) = &self.description {
            t = t.push(": ").push(d);
        }
        t.done()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// A response that could not be decoded: not JSON, truncated, or of the wrong shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// HTTP status of the response.
    pub status: u16,
    /// What did not fit, with the JSON path when known.
    pub message: String,
    /// The start of the body (bounded, control characters escaped).
    pub body_snippet: String,
    /// `MS-RequestId`.
    pub request_id: Option<String>,
    /// `MS-CorrelationId`.
    pub correlation_id: Option<String>,
}

impl DecodeError {
    /// A 200 response's decode error without ids: `message`, and `body_snippet` (bounded by
    /// the caller). For what was read from a success body after the core accepted it.
    pub fn of_success(message: String, body_snippet: String) -> Error {
        Error::Decode(Box::new(DecodeError {
            status: 200,
            message,
            body_snippet,
            request_id: None,
            correlation_id: None,
        }))
    }

    /// `could not decode the 200 response: <what> (body starts <snippet>)`.
    pub fn text(&self) -> String {
        Text::new("could not decode the ")
            .num(u64::from(self.status))
            .push(" response: ")
            .push(&self.message)
            .push(" (body starts ")
            .push(&self.body_snippet)
            .push(")")
            .done()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl InputError {
    /// `invalid <field>: <message>`.
    pub fn text(&self) -> String {
        Text::new("invalid ")
            .push(&self.field)
            .push(": ")
            .push(&self.message)
            .done()
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// Everything a call can end with, other than success.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bad input; nothing was sent.
    InvalidInput(#[from] InputError),
    /// The service answered with an error status.
    Api(Box<ApiError>),
    /// The response could not be decoded.
    Decode(Box<DecodeError>),
    /// The request did not get a response (connection refused, reset, DNS...).
    Network {
        /// What the transport said.
        message: String,
    },
    /// One attempt took longer than the per-attempt timeout.
    Timeout {
        /// The timeout that expired.
        after_ms: u64,
    },
    /// The caller aborted the call.
    Aborted,
}

impl Error {
    /// The human text of the error (its `Display`), composed without `core::fmt`.
    pub fn text(&self) -> String {
        match self {
            Self::InvalidInput(e) => e.text(),
            Self::Api(e) => e.text(),
            Self::Decode(e) => e.text(),
            Self::Network { message } => Text::new("network error: ").push(message).done(),
            Self::Timeout { after_ms } => Text::new("the attempt timed out after ")
                .num(*after_ms)
                .push(" ms")
                .done(),
            Self::Aborted => "the call was aborted".to_owned(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// The discriminant JavaScript switches on (`error.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `invalidInput`
    InvalidInput,
    /// `api`
    Api,
    /// `decode`
    Decode,
    /// `network`
    Network,
    /// `timeout`
    Timeout,
    /// `aborted`
    Aborted,
}

impl ErrorKind {
    /// The camelCase name JavaScript sees.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalidInput",
            Self::Api => "api",
            Self::Decode => "decode",
            Self::Network => "network",
            Self::Timeout => "timeout",
            Self::Aborted => "aborted",
        }
    }
}

impl Error {
    /// Which kind of error this is.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            Self::InvalidInput(_) => ErrorKind::InvalidInput,
            Self::Api(_) => ErrorKind::Api,
            Self::Decode(_) => ErrorKind::Decode,
            Self::Network { .. } => ErrorKind::Network,
            Self::Timeout { .. } => ErrorKind::Timeout,
            Self::Aborted => ErrorKind::Aborted,
        }
    }

    /// HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// Partner Center error code, when the service sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// `MS-RequestId` from the response, when one was received.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(e) => e.request_id.as_deref(),
            Self::Decode(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// `MS-CorrelationId` from the response, when one was received.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Self::Api(e) => e.correlation_id.as_deref(),
            Self::Decode(e) => e.correlation_id.as_deref(),
            _ => None,
        }
    }

    /// The typed reason of an API error.
    pub fn reason(&self) -> Option<ErrorReason> {
        match self {
            Self::Api(e) => Some(e.reason),
            _ => None,
        }
    }

    /// Whether repeating the same call (with the same `MS-RequestId`) may succeed:
    /// 429, 500, 502, 503, 504, transport failures, attempt timeouts, and bodies that
    /// arrived damaged (a truncated 200 is worth asking again; the request id keeps a
    /// repeated POST from applying twice).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(e) => matches!(e.status, 429 | 500 | 502 | 503 | 504),
            Self::Decode(_) | Self::Network { .. } | Self::Timeout { .. } => true,
            Self::InvalidInput(_) | Self::Aborted => false,
        }
    }
}

#[cfg(test)]
mod tests;
