//! What to do next: the one place the hint texts live. [`hint`] turns any [`Error`] into one
//! or two plain sentences for a person (`PartnerCenterError.hint` in JavaScript, the CLI's
//! failure output, the demo page). Pure and allocation-light: static texts, with a value
//! pushed in only where it helps (the SKU of a 60012, the field of an `invalidInput`, the
//! seconds of a `Retry-After`). Never the token: no hint quotes the request's headers, and
//! the only caller text quoted is an [`InputError`]'s field and rule, which never quote it.
//!
//! Written without `format!`, `Debug` or float text, to keep the `.wasm` small.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{ApiError, Error, ErrorReason, InputError, codes};
use crate::id::SkuId;

const PARTNER_TOKEN: &str = "License calls need an App+User token (a partner user signed in to your app); client secrets, managed identities and DefaultAzureCredential give app-only ones. See docs/tokens.md.";
const CONDITIONAL_ACCESS: &str = "Conditional Access blocked this token: sign in again as the policy requires (MFA, a compliant device) or ask the tenant's admin.";
const USER_NOT_FOUND: &str = "No such user in this customer: check the user id (object id or \
    user principal name).";
const CUSTOMER_NOT_FOUND: &str =
    "No such customer for this partner: check the customer (tenant) id.";
const UNAUTHORIZED: &str = "The token was refused (missing, expired or invalid): get a new App+User token; a fixed token string cannot be refreshed.";
const THROTTLED_WAIT: &str = "Partner Center is throttling this partner: wait ";
const THROTTLED_THEN: &str = ", then try again with fewer calls in flight.";
const THROTTLED: &str = "Partner Center is throttling this partner: wait retryAfterMs (or a \
    minute), then try again with fewer calls in flight.";
const MIXED_GROUPS: &str = "One update takes one license group: send Group1 and Group2 SKUs in \
    separate updates.";
const SKU_NOT_SUBSCRIBED: &str = "The customer does not subscribe to a SKU of this update: pick \
    one from listSubscribedSkus.";
const PLAN_NOT_IN_SKU: &str = "An excluded plan is not in the SKU: take plan ids from its \
    servicePlans.";
const INVALID_UPDATE: &str = "The update is empty, names a SKU twice or removes a license the \
    user does not hold: send only real changes.";
const MALFORMED: &str =
    "The service could not read the request (a malformed id, header or body): check the ids.";
const USAGE_LOCATION: &str = "The user has no usage location: set one (the user's country) in \
    the customer's directory, then assign again.";
const CONTINUATION: &str = "The paging link expired or is not valid: list again from the first \
    page.";
const FORBIDDEN: &str = "The signed-in user may not manage this customer's licenses: it takes an admin agent or GDAP role.";
const NOT_FOUND: &str = "Not found: check the base URL and the customer and user ids.";
const TOO_LARGE: &str = "The request body is too large: split the update.";
const REQUEST_TIMEOUT: &str = "The request did not reach the service in time: try again.";
const CONFLICT: &str = "This request id was used for another request: let the client pick \
    request ids.";
const BAD_REQUEST: &str =
    "The service refused the request (see description): correct it before trying again.";
const SERVER_ERROR: &str = "Partner Center failed and retries did not help: try later and quote the requestId. An update may have applied: list the user's licenses first.";
const OTHER_STATUS: &str =
    "Unexpected answer: check that baseUrl is the Partner Center API, not a proxy.";
const DECODE: &str = "The answer was not the documented JSON, so it was not used: check baseUrl \
    and any proxy, then try again.";
const NETWORK: &str =
    "No answer: check the network, any proxy and baseUrl (in a browser, CORS too).";
const TIMEOUT: &str = "An attempt took longer than timeoutMs: try again or raise it. An update \
    may have applied: list the user's licenses first.";
const ABORTED: &str = "The call was cancelled by its AbortSignal. An update may have applied: \
    list the user's licenses first.";
const INPUT_FIX: &str = "Fix ";
const INPUT_NOTHING_SENT: &str = ". Nothing was sent.";
const INPUT_TOKEN: &str = " Pass an App+User token, or a function or credential giving one \
    (docs/tokens.md).";
const OUT_OF_LICENSES_OF: &str = "The customer has no units left of ";
const OUT_OF_LICENSES_ANY: &str = "a SKU of this update";
const OUT_OF_LICENSES_FREE: &str = ": free units by removing it from users who no longer need \
    it, or buy more.";

/// The hint for `error`. `skus`: the SKUs the request assigned, when it was an update (used
/// for 60012 when the service's `data` does not say which SKU ran out; pass `&[]` otherwise).
pub fn hint(error: &Error, skus: &[SkuId]) -> String {
    match error {
        Error::InvalidInput(input) => input_hint(input),
        Error::Api(api) => api_hint(api, skus),
        Error::Decode(_) => DECODE.into(),
        Error::Network { .. } => NETWORK.into(),
        Error::Timeout { .. } => TIMEOUT.into(),
        Error::Aborted => ABORTED.into(),
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

fn api_hint(api: &ApiError, skus: &[SkuId]) -> String {
    let text = match api.reason {
        ErrorReason::OutOfLicenses => return out_of_licenses(api, skus),
        ErrorReason::Throttled => return throttled(api.retry_after.as_deref()),
        ErrorReason::PartnerTokenNotAllowed => PARTNER_TOKEN,
        ErrorReason::ConditionalAccessBlocked => CONDITIONAL_ACCESS,
        ErrorReason::UserNotFound => USER_NOT_FOUND,
        ErrorReason::CustomerNotFound => CUSTOMER_NOT_FOUND,
        ErrorReason::Unauthorized => UNAUTHORIZED,
        ErrorReason::MixedLicenseGroups => MIXED_GROUPS,
        ErrorReason::SkuNotSubscribed => SKU_NOT_SUBSCRIBED,
        ErrorReason::PlanNotInSku => PLAN_NOT_IN_SKU,
        ErrorReason::BadRequest => bad_request(api),
        ErrorReason::ServerError => SERVER_ERROR,
        ErrorReason::Other => OTHER_STATUS,
    };
    text.into()
}

/// A 4xx without a reason of its own: by the emulator-choice codes, then by status.
fn bad_request(api: &ApiError) -> &'static str {
    match api
        .code
        .as_deref()
        .and_then(|c| c.trim().parse::<u32>().ok())
    {
        Some(codes::INVALID_LICENSE_UPDATE) => return INVALID_UPDATE,
        Some(codes::INVALID_USAGE_LOCATION) => return USAGE_LOCATION,
        Some(codes::CONTINUATION_TOKEN_INVALID | codes::CONTINUATION_TOKEN_EXPIRED) => {
            return CONTINUATION;
        }
        Some(codes::MALFORMED_REQUEST) if api.status == 400 => return MALFORMED,
        _ => {}
    }
    match api.status {
        403 => FORBIDDEN,
        404 => NOT_FOUND,
        408 => REQUEST_TIMEOUT,
        409 => CONFLICT,
        413 => TOO_LARGE,
        _ => BAD_REQUEST,
    }
}

/// 60012, naming the SKU: the one the service's `data` names, else the request's.
fn out_of_licenses(api: &ApiError, skus: &[SkuId]) -> String {
    let from_data = api.data.iter().find_map(|line| sku_in(line));
    let named = match &from_data {
        Some(sku) => core::slice::from_ref(sku),
        None => skus,
    };
    let list = if named.is_empty() {
        OUT_OF_LICENSES_ANY.into()
    } else {
        sku_list(named)
    };
    crate::text::cat(&[OUT_OF_LICENSES_OF, &list, OUT_OF_LICENSES_FREE])
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
    let guid = line.get(at..at.checked_add(36)?)?;
    SkuId::parse(guid).ok()
}

/// 429: the seconds of a `Retry-After` given in seconds, else the generic wait.
fn throttled(retry_after: Option<&str>) -> String {
    let digits = retry_after.map_or(&b""[..], |r| r.trim().as_bytes());
    if digits.is_empty() || digits.len() > 6 || !digits.iter().all(u8::is_ascii_digit) {
        return THROTTLED.into();
    }
    // Leading zeros dropped, one kept for "0".
    let first = digits
        .iter()
        .position(|&b| b != b'0')
        .unwrap_or(digits.len() - 1);
    let secs = digits.get(first..).unwrap_or(b"0");
    let mut s = String::with_capacity(THROTTLED_WAIT.len() + THROTTLED_THEN.len() + 6);
    s.push_str(THROTTLED_WAIT);
    for &b in secs {
        s.push(char::from(b));
    }
    s.push_str(if secs == b"1" { " second" } else { " seconds" });
    s.push_str(THROTTLED_THEN);
    s
}

#[cfg(test)]
mod tests;
