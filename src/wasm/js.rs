//! Conversions between JavaScript values and the core's types, and `PartnerCenterError`.

use js_sys::{JSON, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::error::{Error, InputError};
use crate::error_fields::ErrorFields;
use crate::http::HttpRequest;
use crate::id::Guid;
use crate::secret::AccessToken;

#[wasm_bindgen(module = "/src/wasm/error.js")]
extern "C" {
    /// The JavaScript class (see `error.js`).
    #[wasm_bindgen(js_name = PartnerCenterError)]
    type JsPartnerCenterError;

    #[wasm_bindgen(constructor, js_class = PartnerCenterError)]
    fn new(message: &str, fields: &JsValue) -> JsPartnerCenterError;

    #[wasm_bindgen(js_name = partnerCenterErrorClass)]
    fn error_class() -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` on a string that stays in JavaScript (js-sys's binding takes `&str`,
    /// which would copy the body back across the boundary).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn parse_json(text: &js_sys::JsString) -> Result<JsValue, JsValue>;

    /// `crypto.randomUUID()`: Node 19+ and browsers in secure contexts. Node serves it from
    /// a pool, far cheaper per call than `getRandomValues` (one `randomFillSync` each).
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID, catch)]
    fn random_uuid() -> Result<String, JsValue>;

    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buf: &mut [u8]) -> Result<JsValue, JsValue>;
}

/// The `PartnerCenterError` class itself, for the package's entry files to re-export.
#[wasm_bindgen(js_name = errorClass)]
pub fn exported_error_class() -> JsValue {
    error_class()
}

/// A `PartnerCenterError` for `error`; ids filled from `request` and the token scrubbed
/// from every text when they are known.
pub fn error(error: &Error, request: Option<&HttpRequest>, token: Option<&AccessToken>) -> JsValue {
    let mut fields = ErrorFields::from(error).with_retry_after(error, super::timers::now_ms());
    if let Some(r) = request {
        fields = fields.with_request_ids(r);
    }
    if let Some(t) = token {
        fields = fields.without_token(t);
    }
    let props = JSON::parse(&fields.to_json()).unwrap_or(JsValue::UNDEFINED);
    JsPartnerCenterError::new(&fields.message, &props).into()
}

/// An invalid-input `PartnerCenterError`.
pub fn input_error(e: InputError) -> JsValue {
    error(&Error::InvalidInput(e), None, None)
}

/// A string argument, or an input error naming it.
pub fn string_arg(field: &str, value: &JsValue) -> Result<String, InputError> {
    value
        .as_string()
        .ok_or_else(|| InputError::new(field, "must be a string"))
}

/// `JSON.stringify(value)`, or `"null"` for `undefined` / `null` / functions.
pub fn json_text(field: &str, value: &JsValue) -> Result<String, InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok("null".to_owned());
    }
    let text = JSON::stringify(value).map_err(|_| {
        InputError::new(
            field,
            "cannot be read as JSON data (does it hold a cycle or a BigInt?)",
        )
    })?;
    Ok(text.as_string().unwrap_or_else(|| "null".to_owned()))
}

/// A property of an options object (`undefined` when `options` is not an object).
pub fn property(options: &JsValue, name: &str) -> JsValue {
    if options.is_object() {
        Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// The `signal` of a call's options: absent, or an `AbortSignal`.
pub fn signal(options: &JsValue) -> Result<Option<AbortSignal>, InputError> {
    let value = property(options, "signal");
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| InputError::new("signal", "must be an AbortSignal"))
}

/// Random bytes drawn from `crypto.getRandomValues` 1 KB at a time: in Node each call
/// costs tens of microseconds, which would be most of a call's own overhead.
const POOL_BYTES: usize = 1024;

thread_local! {
    static POOL: std::cell::RefCell<(Vec<u8>, usize)> = const { std::cell::RefCell::new((Vec::new(), 0)) };
}

/// A random (v4) GUID from `crypto.randomUUID` (Node and browsers keep their own pool),
/// else from a pool filled by `crypto.getRandomValues`, else `Math.random`
/// (request ids need to be unique, not secret).
pub fn random_guid() -> Guid {
    if let Some(g) = random_uuid().ok().and_then(|s| Guid::parse(&s).ok()) {
        return g;
    }
    let mut bytes = [0u8; 16];
    POOL.with(|pool| {
        let (buf, used) = &mut *pool.borrow_mut();
        if buf.len() < POOL_BYTES || *used + 16 > buf.len() {
            buf.resize(POOL_BYTES, 0);
            if get_random_values(buf).is_err() {
                for b in buf.iter_mut() {
                    *b = (js_sys::Math::random() * 256.0) as u8;
                }
            }
            *used = 0;
        }
        if let Some(chunk) = buf.get(*used..*used + 16) {
            bytes.copy_from_slice(chunk);
        }
        *used += 16;
    });
    Guid::from_random_bytes(bytes)
}
