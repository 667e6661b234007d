//! Waiting and cancelling (`resilience.js`): an abortable sleep, a per-attempt abort
//! controller with a timeout, and a race of any promise against the caller's signal.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/src/wasm/resilience.js")]
extern "C" {
    #[wasm_bindgen(js_name = sleep)]
    fn js_sleep(ms: f64, signal: &JsValue) -> Promise;

    /// One attempt's abort controller (caller's signal + timeout).
    pub type Attempt;
    #[wasm_bindgen(constructor)]
    fn new(signal: &JsValue, timeout_ms: f64) -> Attempt;
    /// The signal to give `fetch`.
    #[wasm_bindgen(method, getter)]
    pub fn signal(this: &Attempt) -> AbortSignal;
    /// Whether the timeout (not the caller) ended the attempt.
    #[wasm_bindgen(method, js_name = timedOut)]
    pub fn timed_out(this: &Attempt) -> bool;
    /// Clears the timer and the listener.
    #[wasm_bindgen(method)]
    pub fn done(this: &Attempt);

    #[wasm_bindgen(js_name = untilAborted)]
    fn js_until_aborted(promise: &Promise, signal: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = isAborted)]
    fn is_aborted(value: &JsValue) -> bool;
}

fn as_js(signal: Option<&AbortSignal>) -> JsValue {
    signal.map_or(JsValue::UNDEFINED, |s| s.clone().into())
}

/// A new attempt controller.
pub fn attempt(signal: Option<&AbortSignal>, timeout_ms: u64) -> Attempt {
    #[allow(clippy::cast_precision_loss)] // timeouts are at most 600,000 ms
    Attempt::new(&as_js(signal), timeout_ms as f64)
}

/// Sleeps `ms`; `false` when the caller's signal aborted the wait (at once).
pub async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> bool {
    #[allow(clippy::cast_precision_loss)] // waits are at most a day
    let promise = js_sleep(ms as f64, &as_js(signal));
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// What a promise raced against the caller's signal gave.
pub enum Raced {
    /// It resolved.
    Value(JsValue),
    /// It rejected.
    Thrown(JsValue),
    /// The caller aborted first.
    Aborted,
}

/// Awaits `promise`, or stops at once when `signal` aborts.
pub async fn until_aborted(promise: &Promise, signal: Option<&AbortSignal>) -> Raced {
    match JsFuture::from(js_until_aborted(promise, &as_js(signal))).await {
        Ok(v) if is_aborted(&v) => Raced::Aborted,
        Ok(v) => Raced::Value(v),
        Err(e) => Raced::Thrown(e),
    }
}

/// Milliseconds since the Unix epoch (`Date.now()`).
pub fn now_ms() -> u64 {
    let ms = js_sys::Date::now();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    if ms.is_finite() && ms > 0.0 {
        ms as u64
    } else {
        0
    }
}

/// A uniform random `u32` (`Math.random()`), for the backoff jitter.
pub fn random_u32() -> u32 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let r = (js_sys::Math::random() * 4_294_967_296.0) as u32;
    r
}
