//! The one error type of the client, and the error codes both sides use.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use crate::text::Text;

/// Partner Center error codes: the documented ones, and the ones the emulator
/// chose for cases the public documentation leaves open (marked *emulator choice*).
pub mod codes {
    /// 400: the customer has run out of licenses for the SKU.
    pub const OUT_OF_LICENSES: u32 = 60012;
    /// 400: an app-only (partner) token was used; these calls need App+User.
    pub const PARTNER_TOKEN_NOT_ALLOWED: u32 = 900316;
    /// 403: blocked by Conditional Access policies.
    pub const CONDITIONAL_ACCESS_BLOCKED: u32 = 900309;
    /// 404: the user object id was not found.
    pub const USER_NOT_FOUND: u32 = 60002;
    /// 404: the tenant (customer) was not found.
    pub const CUSTOMER_NOT_FOUND: u32 = 60003;
    /// 400 (*emulator choice*): one request names SKUs of more than one license group.
    pub const MIXED_LICENSE_GROUPS: u32 = 60050;
    /// 400 (*emulator choice*): the customer has no subscription to the SKU.
    pub const SKU_NOT_SUBSCRIBED: u32 = 60051;
    /// 400 (*emulator choice*): an excluded plan is not one of the SKU's service plans.
    pub const PLAN_NOT_IN_SKU: u32 = 60052;
    /// 400 (*emulator choice*): the update is empty, names a SKU twice, or removes a
    /// license the user does not hold.
    pub const INVALID_LICENSE_UPDATE: u32 = 60053;
    /// 400 (*emulator choice*): a malformed id, query or JSON body.
    pub const MALFORMED_REQUEST: u32 = 60054;
    /// 400 (*emulator choice*; the message is the reported one, the code is not documented):
    /// a license assigned to a user without a usage location.
    pub const INVALID_USAGE_LOCATION: u32 = 60055;
    /// 400 (*emulator choice*): a continuation token that is not valid for this listing.
    pub const CONTINUATION_TOKEN_INVALID: u32 = 60056;
    /// 400 (*emulator choice*): an expired continuation token.
    pub const CONTINUATION_TOKEN_EXPIRED: u32 = 60057;
}

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

/// Why the service refused a call, as far as the client can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorReason {
    /// 60012: no units left for the SKU.
    OutOfLicenses,
    /// 900316: app-only token; App+User needed.
    PartnerTokenNotAllowed,
    /// 900309: Conditional Access blocked the call.
    ConditionalAccessBlocked,
    /// 60002 (or 404 on a user path).
    UserNotFound,
    /// 60003.
    CustomerNotFound,
    /// 401: token missing, malformed or expired.
    Unauthorized,
    /// 429.
    Throttled,
    /// More than one license group in one request.
    MixedLicenseGroups,
    /// The SKU is not subscribed by the customer.
    SkuNotSubscribed,
    /// An excluded plan is not in the SKU.
    PlanNotInSku,
    /// Another 4xx.
    BadRequest,
    /// 5xx.
    ServerError,
    /// Anything else.
    Other,
}

impl ErrorReason {
    /// The camelCase name JavaScript sees.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::OutOfLicenses => "outOfLicenses",
            Self::PartnerTokenNotAllowed => "partnerTokenNotAllowed",
            Self::ConditionalAccessBlocked => "conditionalAccessBlocked",
            Self::UserNotFound => "userNotFound",
            Self::CustomerNotFound => "customerNotFound",
            Self::Unauthorized => "unauthorized",
            Self::Throttled => "throttled",
            Self::MixedLicenseGroups => "mixedLicenseGroups",
            Self::SkuNotSubscribed => "skuNotSubscribed",
            Self::PlanNotInSku => "planNotInSku",
            Self::BadRequest => "badRequest",
            Self::ServerError => "serverError",
            Self::Other => "other",
        }
    }

    /// The reason for a status and an (optional) Partner Center code.
    pub fn classify(status: u16, code: Option<&str>) -> Self {
        let num = code.and_then(crate::text::parse_u32);
        match num {
            Some(codes::OUT_OF_LICENSES) => return Self::OutOfLicenses,
            Some(codes::PARTNER_TOKEN_NOT_ALLOWED) => return Self::PartnerTokenNotAllowed,
            Some(codes::CONDITIONAL_ACCESS_BLOCKED) => return Self::ConditionalAccessBlocked,
            Some(codes::USER_NOT_FOUND) => return Self::UserNotFound,
            Some(codes::CUSTOMER_NOT_FOUND) => return Self::CustomerNotFound,
            Some(codes::MIXED_LICENSE_GROUPS) => return Self::MixedLicenseGroups,
            Some(codes::SKU_NOT_SUBSCRIBED) => return Self::SkuNotSubscribed,
            Some(codes::PLAN_NOT_IN_SKU) => return Self::PlanNotInSku,
            _ => {}
        }
        match status {
            401 => Self::Unauthorized,
            429 => Self::Throttled,
            400..=499 => Self::BadRequest,
            500..=599 => Self::ServerError,
            _ => Self::Other,
        }
    }
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
