//! Where the access token comes from: a string given once, an async function, or a
//! credential object with `getToken(scopes, options)` (the `@azure/identity`
//! `TokenCredential` shape). Providers are asked before every attempt; after a 401 they
//! are asked again with `forceRefresh: true` (functions) once per call.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use super::timers::{Raced, until_aborted};
use crate::error::{Error, InputError};
use crate::secret::AccessToken;

/// The scope a Partner Center token is asked for.
pub const PARTNER_CENTER_SCOPE: &str = "https://api.partnercenter.microsoft.com/.default";

/// The `token` option.
pub enum TokenSource {
    /// A fixed token, checked when the client was built.
    Fixed(AccessToken),
    /// `(options) => string | { token } | Promise<...>`, called before every attempt.
    Function(Function),
    /// `{ getToken(scopes, options) }`; the object is kept as `this`.
    Credential(Object, Function),
}

impl TokenSource {
    /// Reads the `token` option.
    pub fn from_js(value: &JsValue) -> Result<Self, InputError> {
        if let Some(s) = value.as_string() {
            return AccessToken::new(s).map(Self::Fixed);
        }
        if let Some(f) = value.dyn_ref::<Function>() {
            return Ok(Self::Function(f.clone()));
        }
        if value.is_object() {
            let get = Reflect::get(value, &JsValue::from_str("getToken")).ok();
            if let Some(f) = get.as_ref().and_then(|g| g.dyn_ref::<Function>()) {
                return Ok(Self::Credential(value.clone().unchecked_into(), f.clone()));
            }
        }
        Err(InputError::new(
            "token",
            "must be a string, a function returning (a Promise of) a token, or an object with getToken(scopes)",
        ))
    }

    /// Whether a fresh token can be asked for (after a 401).
    pub fn can_refresh(&self) -> bool {
        !matches!(self, Self::Fixed(_))
    }

    /// The token for the next attempt. `fresh` after a 401. Stops at once (with
    /// [`Error::Aborted`]) when `signal` aborts while the provider works.
    pub async fn get(
        &self,
        fresh: bool,
        signal: Option<&AbortSignal>,
    ) -> Result<AccessToken, Error> {
        let scopes = Array::of1(&JsValue::from_str(PARTNER_CENTER_SCOPE));
        let options = Object::new();
        let set = |k: &str, v: &JsValue| {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&options, &JsValue::from_str(k), v);
        };
        if let Some(s) = signal {
            set("abortSignal", s.as_ref());
        }
        let returned = match self {
            Self::Fixed(t) => return Ok(t.clone()),
            Self::Function(f) => {
                set("scopes", &scopes);
                set("forceRefresh", &JsValue::from_bool(fresh));
                f.call1(&JsValue::UNDEFINED, &options)
            }
            Self::Credential(this, f) => f.call2(this, &scopes, &options),
        }
        .map_err(|e| failed(&e))?;
        let value = match until_aborted(&Promise::resolve(&returned), signal).await {
            Raced::Value(v) => v,
            // A provider that honours the signal rejects when it fires: that is an abort.
            Raced::Thrown(_) if signal.is_some_and(AbortSignal::aborted) => {
                return Err(Error::Aborted);
            }
            Raced::Thrown(e) => return Err(failed(&e)),
            Raced::Aborted => return Err(Error::Aborted),
        };
        // A string, or an AccessToken `{ token, expiresOnTimestamp }`.
        let text = value.as_string().or_else(|| {
            value
                .is_object()
                .then(|| Reflect::get(&value, &JsValue::from_str("token")).ok())
                .flatten()
                .and_then(|t| t.as_string())
        });
        let text = text.ok_or_else(|| {
            InputError::new(
                "token",
                "the token provider did not give a string or { token, expiresOnTimestamp }",
            )
        })?;
        Ok(AccessToken::new(text)?)
    }
}

/// The token provider threw or rejected.
fn failed(thrown: &JsValue) -> Error {
    let why = super::fetch::js_error_message(thrown);
    InputError::new("token", format!("the token provider failed: {why}")).into()
}
