//! Where the access token comes from: a string given once, or an async function asked per call.

use js_sys::{Function, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::error::{Error, InputError};
use crate::secret::AccessToken;

/// The `token` option.
pub enum TokenSource {
    /// A fixed token, checked when the client was built.
    Fixed(AccessToken),
    /// `() => string | Promise<string>`, called for every call.
    Function(Function),
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
        Err(InputError::new(
            "token",
            "must be a string or a function returning (a Promise of) a string",
        ))
    }

    /// The token for the next request.
    pub async fn get(&self) -> Result<AccessToken, Error> {
        let f = match self {
            Self::Fixed(t) => return Ok(t.clone()),
            Self::Function(f) => f,
        };
        let value = f.call0(&JsValue::UNDEFINED).map_err(|e| failed(&e))?;
        let value = JsFuture::from(Promise::resolve(&value))
            .await
            .map_err(|e| failed(&e))?;
        let text = value.as_string().ok_or_else(|| {
            InputError::new("token", "the token function did not resolve to a string")
        })?;
        Ok(AccessToken::new(text)?)
    }
}

/// The token function threw or rejected.
fn failed(thrown: &JsValue) -> Error {
    let why = super::fetch::js_error_message(thrown);
    InputError::new("token", format!("the token function failed: {why}")).into()
}
