//! The JSON texts the driver reads: a request, a decision, error fields.

use alloc::string::String;
use partner_center_licenses::error_fields::ErrorFields;
use partner_center_licenses::hint;
use partner_center_licenses::http::HttpRequest;
use partner_center_licenses::json::JsonObject;
use partner_center_licenses::retry::Decision;
use partner_center_licenses::{AccessToken, Error, InputError};

/// `{ method, url, path, attempt, requestId, headers: { name: value }, body }`.
pub fn request(r: &HttpRequest, attempt: u32) -> String {
    // The client's own headers, then those a paging link asked for (checked by the core);
    // room for them and the rest made once (each regrowth copies the text so far).
    let all = || {
        let own = r.headers.iter().map(|(n, v)| (*n, v.as_str()));
        own.chain(r.link_headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    };
    let size = all().map(|(n, v)| n.len() + v.len() + 6).sum::<usize>();
    let mut headers = JsonObject::with_capacity(size);
    for (name, value) in all() {
        headers = headers.str(name, value);
    }
    let headers = headers.finish();
    let request_id = r
        .header(partner_center_licenses::http::header::REQUEST_ID)
        .unwrap_or_default();
    // The body is written escaped: its quotes double.
    let rest = 2 * r.url.len() + 2 * r.body.as_ref().map_or(0, String::len) + 128;
    JsonObject::with_capacity(headers.len() + rest)
        .str("method", r.method.as_str())
        .str("url", &r.url)
        .str("path", &r.path)
        .num("attempt", u64::from(attempt))
        .str("requestId", request_id)
        .raw("headers", &headers)
        .opt_str("body", r.body.as_deref())
        .finish()
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
