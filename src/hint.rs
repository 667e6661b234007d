//! What to do next: the one place the hint texts live. [`hint`] turns any [`Error`] into one
//! or two plain sentences for a person (`PartnerCenterError.hint` in JavaScript, the CLI's
//! failure output, the demo page). Pure and allocation-light: static texts, with a value
//! pushed in only where it helps (the SKU of a 60012, the field of an `invalidInput`, the
//! seconds of a `Retry-After`). Never the token: no hint quotes the request's headers, and
//! the only caller text quoted is an [`InputError`]'s field and rule, which never quote it.
//!
//! Written without `format!`, `Debug` or float text, to keep the `.wasm` small. The client
//! `.wasm` carries neither [`TEXTS`] nor [`RULES`] (which text an error takes): it sends
//! [`hint_part`], the hint's argument, and the JavaScript driver picks and renders the text
//! from `pkg/src/hints.mjs` (generated from both tables by `cargo test`), loaded on the first
//! error that needs it; an invalid input's hint is written out at once (a constructor throws
//! it synchronously).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{ApiError, Error, ErrorKind, ErrorReason, InputError, codes};
use crate::id::SkuId;

/// Declares the hint texts once: [`HintId`] names each, [`TEXTS`] holds them in that order.
macro_rules! hints {
    ($($(#[$doc:meta])* $id:ident = $text:expr;)*) => {
        /// A hint text by number: `TEXTS[id as usize]`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        #[allow(missing_docs)] // each is named after its text
        pub enum HintId {
            $($(#[$doc])* $id,)*
        }

        /// Every hint text but the invalid-input ones, in [`HintId`] order; `{}` is where
        /// the hint's argument goes (the seconds of a 429, the SKUs of a 60012). The client
        /// `.wasm` names them by number and the JavaScript driver reads them from
        /// `pkg/src/hints.mjs`, which a test writes from this table (loaded on first use).
        pub static TEXTS: &[&str] = &[$($text),*];
    };
}

hints! {
    PartnerToken = "License calls need an App+User token (a partner user signed in to your app); client secrets, managed identities and DefaultAzureCredential give app-only ones. See docs/tokens.md.";
    ConditionalAccess = "Conditional Access blocked this token: sign in again as the policy requires (MFA, a compliant device) or ask the tenant's admin.";
    UserNotFound = "No such user in this customer: check the user id (object id or user principal name).";
    CustomerNotFound = "No such customer for this partner: check the customer (tenant) id.";
    Unauthorized = "The token was refused (missing, expired or invalid): get a new App+User token; a fixed token string cannot be refreshed.";
    /// The argument: `5 seconds`, `1 second`.
    ThrottledFor = "Partner Center is throttling this partner: wait {}, then try again with fewer calls in flight.";
    Throttled = "Partner Center is throttling this partner: wait retryAfterMs (or a minute), then try again with fewer calls in flight.";
    MixedGroups = "One update takes one license group: send Group1 and Group2 SKUs in separate updates.";
    SkuNotSubscribed = "The customer does not subscribe to a SKU of this update: pick one from listSubscribedSkus.";
    PlanNotInSku = "An excluded plan is not in the SKU: take plan ids from its servicePlans.";
    InvalidUpdate = "The update is empty, names a SKU twice or removes a license the user does not hold: send only real changes.";
    Malformed = "The service could not read the request (a malformed id, header or body): check the ids.";
    UsageLocation = "The user has no usage location: set one (the user's country) in the customer's directory, then assign again.";
    Continuation = "The paging link expired or is not valid: list again from the first page.";
    Forbidden = "The signed-in user may not manage this customer's licenses: it takes an admin agent or GDAP role.";
    NotFound = "Not found: check the base URL and the customer and user ids.";
    TooLarge = "The request body is too large: split the update.";
    RequestTimeout = "The request did not reach the service in time: try again.";
    Conflict = "This request id was used for another request: let the client pick request ids.";
    BadRequest = "The service refused the request (see description): correct it before trying again.";
    ServerError = "Partner Center failed and retries did not help: try later and quote the requestId. An update may have applied: list the user's licenses first.";
    OtherStatus = "Unexpected answer: check that baseUrl is the Partner Center API, not a proxy.";
    Decode = "The answer was not the documented JSON, so it was not used: check baseUrl and any proxy, then try again.";
    Network = "No answer: check the network, any proxy and baseUrl (in a browser, CORS too).";
    Timeout = "An attempt took longer than timeoutMs: try again or raise it. An update may have applied: list the user's licenses first.";
    Aborted = "The call was cancelled by its AbortSignal. An update may have applied: list the user's licenses first.";
    /// The argument: `SKU <id>`, `SKUs <id>, <id>` or [`OUT_OF_LICENSES_ANY`].
    OutOfLicenses = "The customer has no units left of {}: free units by removing it from users who no longer need it, or buy more.";
}

// The invalid-input hint is written at once (a `new LicenseClient` throws it synchronously).
const INPUT_FIX: &str = "Fix ";
const INPUT_NOTHING_SENT: &str = ". Nothing was sent.";
const INPUT_TOKEN: &str = " Pass an App+User token, or a function or credential giving one \
    (docs/tokens.md).";
/// The argument of [`HintId::OutOfLicenses`] when no SKU is known.
pub const OUT_OF_LICENSES_ANY: &str = "a SKU of this update";

/// A hint: written out, or a text of [`TEXTS`] and its argument (empty when it has none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hint {
    /// The text itself (an invalid-input hint).
    Text(String),
    /// `TEXTS[id]`, `{}` replaced by the argument.
    Ref(HintId, String),
}

/// The hint for `error`. `skus`: the SKUs the request assigned, when it was an update (used
/// for 60012 when the service's `data` does not say which SKU ran out; pass `&[]` otherwise).
pub fn hint(error: &Error, skus: &[SkuId]) -> String {
    match hint_of(error, skus) {
        Hint::Text(text) => text,
        Hint::Ref(id, arg) => render(id, &arg),
    }
}

/// `TEXTS[id]` with its `{}` replaced by `arg` (the JavaScript driver does the same).
pub fn render(id: HintId, arg: &str) -> String {
    let text = TEXTS.get(id as usize).copied().unwrap_or_default();
    match crate::text::find(text, "{}", 0) {
        Some(at) => crate::text::cat(&[
            text.get(..at).unwrap_or_default(),
            arg,
            text.get(at + 2..).unwrap_or_default(),
        ]),
        None => text.into(),
    }
}

/// [`hint`] as a text of [`TEXTS`] and its argument ([`Hint::Text`] for an invalid input).
pub fn hint_of(error: &Error, skus: &[SkuId]) -> Hint {
    let arg = hint_part(error, skus);
    match error {
        Error::InvalidInput(_) => Hint::Text(arg),
        _ => Hint::Ref(hint_id(error, &arg).unwrap_or(HintId::OtherStatus), arg),
    }
}

/// What the client `.wasm` sends as an error's `hint`: an invalid input's hint written out,
/// else only its argument (empty when it has none). The driver picks the text from the
/// error's fields by [`RULES`] (the same rules, generated into `pkg/src/hints.mjs`).
pub fn hint_part(error: &Error, skus: &[SkuId]) -> String {
    match error {
        Error::InvalidInput(input) => input_hint(input),
        Error::Api(api) if api.reason == ErrorReason::OutOfLicenses => out_of_licenses(api, skus),
        Error::Api(api) if api.reason == ErrorReason::Throttled => {
            throttled(api.retry_after.as_deref())
        }
        _ => String::new(),
    }
}

/// "Fix `field`: `rule`. Nothing was sent."
fn input_hint(input: &InputError) -> String {
    let mut s = String::with_capacity(
        INPUT_FIX.len() + input.field.len() + input.message.len() + INPUT_TOKEN.len() + 24,
    );
    s.push_str(INPUT_FIX);
    s.push_str(&input.field);
    s.push_str(": ");
    s.push_str(&input.message);
    s.push_str(INPUT_NOTHING_SENT);
    if input.field == "token" {
        s.push_str(INPUT_TOKEN);
    }
    s
}

/// One rule of [`RULES`]: an error of `kind` (and of `reason`, `code`, `status` when they
/// are given; with a non-empty argument when `arg`) takes the text `hint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The error's kind.
    pub kind: ErrorKind,
    /// Its reason (`api` errors), if the rule names one.
    pub reason: Option<ErrorReason>,
    /// Its code (read as [`crate::text::parse_u32`] reads it), if the rule names one.
    pub code: Option<u32>,
    /// Its HTTP status, if the rule names one.
    pub status: Option<u16>,
    /// Whether the rule needs an argument ([`hint_part`] not empty).
    pub arg: bool,
    /// The text.
    pub hint: HintId,
}

const fn kind(kind: ErrorKind, hint: HintId) -> Rule {
    Rule {
        kind,
        reason: None,
        code: None,
        status: None,
        arg: false,
        hint,
    }
}

const fn reason(reason: ErrorReason, hint: HintId) -> Rule {
    Rule {
        reason: Some(reason),
        ..kind(ErrorKind::Api, hint)
    }
}

/// A 4xx without a reason of its own, by an emulator-choice code (and a status).
const fn code(code: u32, status: Option<u16>, hint: HintId) -> Rule {
    Rule {
        code: Some(code),
        status,
        ..reason(ErrorReason::BadRequest, hint)
    }
}

/// A 4xx without a reason or code of its own, by its status.
const fn status(status: u16, hint: HintId) -> Rule {
    Rule {
        status: Some(status),
        ..reason(ErrorReason::BadRequest, hint)
    }
}

/// Which text each error's hint is: the first rule that matches (every error but an invalid
/// input matches one). Data, so that the driver runs the same rules on the error's fields
/// (`pkg/src/hints.mjs`, generated from this table, loaded on the first error) and the client
/// `.wasm` carries neither them nor the texts.
pub static RULES: &[Rule] = &[
    kind(ErrorKind::Decode, HintId::Decode),
    kind(ErrorKind::Network, HintId::Network),
    kind(ErrorKind::Timeout, HintId::Timeout),
    kind(ErrorKind::Aborted, HintId::Aborted),
    reason(ErrorReason::OutOfLicenses, HintId::OutOfLicenses),
    Rule {
        arg: true,
        ..reason(ErrorReason::Throttled, HintId::ThrottledFor)
    },
    reason(ErrorReason::Throttled, HintId::Throttled),
    reason(ErrorReason::PartnerTokenNotAllowed, HintId::PartnerToken),
    reason(
        ErrorReason::ConditionalAccessBlocked,
        HintId::ConditionalAccess,
    ),
    reason(ErrorReason::UserNotFound, HintId::UserNotFound),
    reason(ErrorReason::CustomerNotFound, HintId::CustomerNotFound),
    reason(ErrorReason::Unauthorized, HintId::Unauthorized),
    reason(ErrorReason::MixedLicenseGroups, HintId::MixedGroups),
    reason(ErrorReason::SkuNotSubscribed, HintId::SkuNotSubscribed),
    reason(ErrorReason::PlanNotInSku, HintId::PlanNotInSku),
    reason(ErrorReason::ServerError, HintId::ServerError),
    reason(ErrorReason::Other, HintId::OtherStatus),
    code(codes::INVALID_LICENSE_UPDATE, None, HintId::InvalidUpdate),
    code(codes::INVALID_USAGE_LOCATION, None, HintId::UsageLocation),
    code(
        codes::CONTINUATION_TOKEN_INVALID,
        None,
        HintId::Continuation,
    ),
    code(
        codes::CONTINUATION_TOKEN_EXPIRED,
        None,
        HintId::Continuation,
    ),
    code(codes::MALFORMED_REQUEST, Some(400), HintId::Malformed),
    status(403, HintId::Forbidden),
    status(404, HintId::NotFound),
    status(408, HintId::RequestTimeout),
    status(409, HintId::Conflict),
    status(413, HintId::TooLarge),
    reason(ErrorReason::BadRequest, HintId::BadRequest),
];

/// The text of `error`'s hint by [`RULES`] (`arg`: its [`hint_part`]); `None` for an invalid
/// input, whose hint is written out.
pub fn hint_id(error: &Error, arg: &str) -> Option<HintId> {
    let code = error.code().and_then(crate::text::parse_u32);
    let kind = error.kind();
    RULES
        .iter()
        .find(|r| {
            r.kind == kind
                && (r.reason.is_none() || r.reason == error.reason())
                && (r.code.is_none() || r.code == code)
                && (r.status.is_none() || r.status == error.status())
                && (!r.arg || !arg.is_empty())
        })
        .map(|r| r.hint)
}

/// The SKUs a 60012 names: the one the service's `data` names, else the request's.
fn out_of_licenses(api: &ApiError, skus: &[SkuId]) -> String {
    let from_data = api.data.iter().find_map(|line| sku_in(line));
    let named = match &from_data {
        Some(sku) => core::slice::from_ref(sku),
        None => skus,
    };
    if named.is_empty() {
        OUT_OF_LICENSES_ANY.into()
    } else {
        sku_list(named)
    }
}

/// `SKU <id>` or `SKUs <id>, <id>`.
fn sku_list(skus: &[SkuId]) -> String {
    let mut s = String::from(if skus.len() == 1 { "SKU " } else { "SKUs " });
    for (i, sku) in skus.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        sku.push_to(&mut s);
    }
    s
}

/// The SKU id in a `LicenseQuotaExceededException` line: `... and SKU <guid> does not ...`.
/// Byte-level, so that no string searcher or slicing panic reaches the `.wasm`.
fn sku_in(line: &str) -> Option<SkuId> {
    let at = crate::text::find(line, "SKU ", 0)? + 4;
    let guid = line.as_bytes().get(at..at.checked_add(36)?)?;
    // The GUID test alone (`SkuId::parse` would build an error text to drop).
    crate::id::guid_bytes(guid).map(|b| SkuId::from_uuid(uuid::Uuid::from_bytes(b)))
}

/// 429: the seconds of a `Retry-After` given in seconds (`5 seconds`), else empty (the
/// generic wait).
fn throttled(retry_after: Option<&str>) -> String {
    // Up to six digits (a wait beyond 11 days is no advice), written back as a number.
    let digits = retry_after.map_or(&b""[..], |r| r.trim().as_bytes());
    match crate::text::decimal(digits) {
        Some(secs) if digits.len() <= 6 => crate::text::Text::new("")
            .num(secs)
            .push(if secs == 1 { " second" } else { " seconds" })
            .done(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests;
