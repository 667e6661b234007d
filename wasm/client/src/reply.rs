//! The JSON texts the driver reads: a request, a decision, error fields.

use alloc::string::String;
use partner_center_licenses::error_fields::ErrorFields;
use partner_center_licenses::hint;
use partner_center_licenses::http::HttpRequest;
use partner_center_licenses::json::{self, JsonObject};
use partner_center_licenses::retry::Decision;
use partner_center_licenses::{AccessToken, Error, InputError};

/// `{ method, attempt, url, headers: { name: value }, body }` (the events' `path` is the
/// `url` after the base URL, their `requestId` the `MS-RequestId` header: not written
/// twice). Written by hand rather than with [`JsonObject`]: its keys are constants, so only
/// the values go through [`json::push_string`] (a member at a time was a fifth of a call's
/// core time).
pub fn request(r: &HttpRequest, attempt: u32) -> String {
    // The client's own headers, then those a paging link asked for (checked by the core);
    // room for them and the rest made once (each regrowth copies the text so far). Their
    // names are constants or checked HTTP tokens (no quote, backslash or control
    // character): written as they are.
    let own = r.headers.iter().map(|(n, v)| (*n, v.as_str()));
    let all = own.chain(r.link_headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let headers = all
        .clone()
        .map(|(n, v)| n.len() + v.len() + 6)
        .sum::<usize>();
    let body = r.body.as_ref().map_or(0, String::len);
    let mut out = String::with_capacity(headers + 2 * (r.url.len() + body) + 64);
    out.push_str("{\"method\":\"");
    out.push_str(r.method.as_str());
    out.push_str("\",\"attempt\":");
    json::push_u64(&mut out, u64::from(attempt));
    out.push_str(",\"url\":");
    json::push_string(&mut out, &r.url);
    out.push_str(",\"headers\":{");
    let mut separator = "\"";
    for (name, value) in all {
        out.push_str(separator);
        out.push_str(name);
        out.push_str("\":");
        json::push_string(&mut out, value);
        separator = ",\"";
    }
    out.push('}');
    if let Some(body) = &r.body {
        out.push_str(",\"body\":");
        json::push_string(&mut out, body);
    }
    out.push('}');
    out
}

/// What to do after a failed attempt: `{ decision: "retry" | "refresh" | "giveUp", waitMs,
/// reason, error }`.
pub fn decision(d: Decision, error: &str) -> String {
    // What each decision writes, then one writer for all (smaller than one per decision).
    let (decision, wait_ms, reason) = match d {
        Decision::Retry { wait_ms, source } => ("retry", Some(wait_ms), source.as_str()),
        Decision::RefreshTokenAndRetry => ("refresh", Some(0), "tokenRefresh"),
        Decision::GiveUp(reason) => ("giveUp", None, reason.as_str()),
        // A failed attempt is never done; stop with its error all the same.
        Decision::Done => ("giveUp", None, "notRetryable"),
    };
    written(decision, wait_ms, reason, error)
}

/// The caller aborted: give up at once.
pub fn aborted(error: &str) -> String {
    written("giveUp", None, "aborted", error)
}

fn written(decision: &str, wait_ms: Option<u64>, reason: &str, error: &str) -> String {
    JsonObject::with_capacity(error.len() + 64)
        .str("decision", decision)
        .opt_num("waitMs", wait_ms)
        .str("reason", reason)
        .raw("error", error)
        .finish()
}

/// The fields of a `PartnerCenterError` as JSON text: ids filled from the request that was
/// sent, `retryAfterMs` relative to `now`, every text scrubbed of the token. The hint of an
/// invalid input is written out; any other is only its argument (`hint::hint_part`): the
/// driver picks the text by the error's fields (`hint::RULES`) from the table it loads.
pub fn error_fields(
    error: &Error,
    now: u64,
    sent: Option<&HttpRequest>,
    token: Option<&AccessToken>,
) -> String {
    let mut fields =
        ErrorFields::with_hint(error, hint::hint_part(error, &[])).with_retry_after(error, now);
    if let Some(r) = sent {
        fields = fields.with_request_ids(r);
    }
    if let Some(t) = token {
        fields = fields.without_token(t);
    }
    fields.to_json()
}

/// An invalid-input error's fields.
pub fn input_error(e: InputError) -> String {
    error_fields(&Error::InvalidInput(e), 0, None, None)
}

/// Why the last `Core::open` or `Core::start` refused (see `Core::refusal`). Nothing the
/// `.wasm` exports returns a `Result`: a thrown value would pull in wasm-bindgen's conversion
/// of a string into a JavaScript value and its externref table (~0.7 KB). One thread: the
/// lock is never contended.
static REFUSAL: spin::Mutex<String> = spin::Mutex::new(String::new());

/// Keeps `fields` for [`take_refusal`].
pub fn refuse(fields: String) {
    if let Some(mut r) = REFUSAL.try_lock() {
        *r = fields;
    }
}

/// The refusal kept by [`refuse`] (then forgotten; `""` if none).
pub fn take_refusal() -> String {
    REFUSAL
        .try_lock()
        .map_or_else(String::new, |mut r| core::mem::take(&mut *r))
}
