//! The one way out: the global `fetch` (Node 18+, browsers and workers alike).

use js_sys::{JsString, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestInit, Response};

use crate::endpoint::body_too_large;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, header};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;

    type TextDecoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextDecoder;
    /// UTF-8 to a JavaScript string, kept on the JavaScript side.
    #[wasm_bindgen(method)]
    fn decode(this: &TextDecoder, bytes: &Uint8Array) -> JsString;
}

/// A response: the body bytes as the core reads them, and still in JavaScript, so
/// `JSON.parse` can build the result without copying the text back across the boundary.
pub struct Received {
    /// Status, the headers the core reads, and the body bytes.
    pub response: HttpResponse,
    /// The body as JavaScript received it.
    bytes: Uint8Array,
}

impl Received {
    /// The body as a JavaScript string (UTF-8 decoded natively, bad bytes replaced, as
    /// `Response.text()` does).
    pub fn text(&self) -> JsString {
        TextDecoder::new().decode(&self.bytes)
    }
}

/// Sends one request and reads the whole response.
pub async fn send(request: &HttpRequest, signal: Option<&AbortSignal>) -> Result<Received, Error> {
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    let headers = Object::new();
    for (name, value) in &request.headers {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(
            &headers,
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        );
    }
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(s) = signal {
        init.set_signal(Some(s));
    }
    let promise = global_fetch(&request.url, &init).map_err(|e| transport(&e))?;
    let response: Response = JsFuture::from(promise)
        .await
        .map_err(|e| transport(&e))?
        .dyn_into()
        .map_err(|_| Error::Network {
            message: "fetch resolved to something other than a Response".to_owned(),
        })?;
    let js_headers = response.headers();
    let headers = header::READ_FROM_RESPONSES
        .iter()
        .filter_map(|name| {
            let value = js_headers.get(name).ok().flatten()?;
            Some(((*name).to_owned(), value))
        })
        .collect();
    // A body declared (or received) over the core's limit is refused before it is read
    // (or copied into wasm memory, where an absurd one could exhaust it). Errors and
    // successes alike: no response of these endpoints comes near the limit.
    let head = HttpResponse::new(response.status(), headers, Vec::new());
    let declared = js_headers
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(e) = declared.and_then(|n| body_too_large(&head, n)) {
        cancel_body(&response);
        return Err(e);
    }
    let headers = head.headers;
    // The bytes, not `text()`: copying bytes into wasm memory is one memcpy, while passing a
    // string runs wasm-bindgen's per-character encoding loop (about 10x slower on 20 MB).
    let body_promise = response.array_buffer().map_err(|e| transport(&e))?;
    let buffer = JsFuture::from(body_promise)
        .await
        .map_err(|e| transport(&e))?;
    let bytes = Uint8Array::new(&buffer);
    let head = HttpResponse::new(response.status(), headers, Vec::new());
    if let Some(e) = body_too_large(&head, u64::from(bytes.length())) {
        return Err(e);
    }
    let headers = head.headers;
    Ok(Received {
        response: HttpResponse::new(response.status(), headers, bytes.to_vec()),
        bytes,
    })
}

/// Tells the platform the body will not be read (frees the connection at once rather
/// than when the response is collected). Best effort: a missing `body` is fine.
fn cancel_body(response: &Response) {
    let body = Reflect::get(response, &JsValue::from_str("body")).unwrap_or(JsValue::NULL);
    if body.is_object() {
        if let Ok(cancel) = Reflect::get(&body, &JsValue::from_str("cancel")) {
            if let Some(f) = cancel.dyn_ref::<js_sys::Function>() {
                // `cancel()` returns a promise; a rejection of it is of no interest.
                if let Ok(p) = f.call0(&body) {
                    if let Ok(p) = p.dyn_into::<Promise>() {
                        wasm_bindgen_futures::spawn_local(async move {
                            let _ = JsFuture::from(p).await;
                        });
                    }
                }
            }
        }
    }
}

/// What a rejected `fetch` means: the caller's abort, or a network failure.
fn transport(thrown: &JsValue) -> Error {
    let name = Reflect::get(thrown, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string());
    match name.as_deref() {
        Some("AbortError") => Error::Aborted,
        _ => Error::Network {
            message: js_error_message(thrown),
        },
    }
}

/// `error.message` (and `error.cause.message` / `.code`, where Node puts the reason),
/// or the value as text.
pub fn js_error_message(thrown: &JsValue) -> String {
    let get = |v: &JsValue, k: &str| Reflect::get(v, &JsValue::from_str(k)).ok();
    if !thrown.is_object() {
        return thrown
            .as_string()
            .unwrap_or_else(|| "unknown error".to_owned());
    }
    let mut message = get(thrown, "message")
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    if let Some(cause) = get(thrown, "cause").filter(|c| c.is_object()) {
        let detail = get(&cause, "code")
            .and_then(|c| c.as_string())
            .or_else(|| get(&cause, "message").and_then(|m| m.as_string()));
        if let Some(d) = detail {
            message.push_str(" (");
            message.push_str(&d);
            message.push(')');
        }
    }
    message
}
