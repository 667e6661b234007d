//! The JSON texts the driver reads: a request, a decision, error fields.

use alloc::string::String;
use partner_center_licenses::config;
use partner_center_licenses::endpoint::MAX_BODY_BYTES;
use partner_center_licenses::error_fields::ErrorFields;
use partner_center_licenses::hint::{self, Hint};
use partner_center_licenses::http::{HttpRequest, header};
use partner_center_licenses::json::JsonObject;
use partner_center_licenses::retry::Decision;
use partner_center_licenses::{AccessToken, ClientConfig, Error, InputError, text};

/// `{ method, url, path, attempt, requestId, headers: { name: value }, body }`, without
/// `Authorization` (which `build_request` writes first) when the token is the client's own:
/// the driver holds that header (`Core::fixed`).
pub fn request(r: &HttpRequest, attempt: u32, fixed_token: bool) -> String {
    // This request's headers, then those a paging link asked for (checked by the core);
    // room for them and the rest made once (each regrowth copies the text so far).
    let all = || {
        let own = r.headers.iter().skip(usize::from(fixed_token));
        let own = own.map(|(n, v)| (*n, v.as_str()));
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

/// `Core::fixed`: `{ timeoutMs, maxBody, baseUrl, scope, requestId, correlationId,
/// retryAfter, headers }`: `maxBody` the largest body the core reads (a response that
/// declares more is refused unread), `baseUrl` checked and without a trailing `/` (the bulk
/// module resolves a paging link against it), the names of the three response headers
/// `Call::response` takes, and `headers` (`{ name: value }`) those the driver adds to every
/// request: `Authorization` when the token is the client's own (one export for all of it:
/// each costs its own glue).
pub fn fixed(timeout_ms: u64, config: &ClientConfig, token: Option<&AccessToken>) -> String {
    let mut headers = JsonObject::new();
    if let Some(t) = token {
        let value = text::cat(&["Bearer ", t.expose()]);
        headers = headers.str(header::AUTHORIZATION, &value);
    }
    let headers = headers.finish();
    JsonObject::new()
        .num("timeoutMs", timeout_ms)
        .num("maxBody", MAX_BODY_BYTES as u64)
        .str("baseUrl", config.base_url())
        .str("scope", config::PARTNER_CENTER_SCOPE)
        .str("requestId", header::REQUEST_ID)
        .str("correlationId", header::CORRELATION_ID)
        .str("retryAfter", header::RETRY_AFTER)
        .raw("headers", &headers)
        .finish()
}

/// What to do after a failed attempt: `{ decision: "retry" | "refresh" | "giveUp", waitMs,
/// reason, error }`.
pub fn decision(d: Decision, error: &str) -> String {
    let o = JsonObject::new();
    let o = match d {
        Decision::Retry { wait_ms, source } => o
            .str("decision", "retry")
            .num("waitMs", wait_ms)
            .str("reason", source.as_str()),
        Decision::RefreshTokenAndRetry => o
            .str("decision", "refresh")
            .num("waitMs", 0)
            .str("reason", "tokenRefresh"),
        Decision::GiveUp(reason) => o.str("decision", "giveUp").str("reason", reason.as_str()),
        // A failed attempt is never done; stop with its error all the same.
        Decision::Done => o.str("decision", "giveUp").str("reason", "notRetryable"),
    };
    o.raw("error", error).finish()
}

/// The caller aborted: give up at once.
pub fn aborted(error: &str) -> String {
    JsonObject::new()
        .str("decision", "giveUp")
        .str("reason", "aborted")
        .raw("error", error)
        .finish()
}

/// The fields of a `PartnerCenterError` as JSON text: ids filled from the request that was
/// sent, `retryAfterMs` relative to `now`, every text scrubbed of the token. The hint of an
/// invalid input is written out; any other is `hintId` (its number in `hint::TEXTS`, which
/// this `.wasm` does not carry) with `hint` its argument: the driver loads the texts.
pub fn error_fields(
    error: &Error,
    now: u64,
    sent: Option<&HttpRequest>,
    token: Option<&AccessToken>,
) -> String {
    let (hint, id) = match hint::hint_of(error, &[]) {
        Hint::Text(text) => (text, None),
        Hint::Ref(id, arg) => (arg, Some(id)),
    };
    let mut fields = ErrorFields::with_hint(error, hint).with_retry_after(error, now);
    if let Some(r) = sent {
        fields = fields.with_request_ids(r);
    }
    if let Some(t) = token {
        fields = fields.without_token(t);
    }
    let json = fields.to_json_object();
    match id {
        Some(id) => json.num("hintId", id as u64),
        None => json,
    }
    .finish()
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
