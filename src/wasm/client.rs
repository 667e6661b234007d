//! `LicenseClient`: the JavaScript class.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::{fetch, js, token::TokenSource};
use crate::config::ClientConfig;
use crate::endpoint::{CallContext, Endpoint, ListLicenses, ListSubscribedSkus, UpdateLicenses};
use crate::error::{Error, InputError};
use crate::id::{CustomerId, UserId};
use crate::model::LicenseUpdate;
use crate::options::{self, ListOptions};
use crate::shape::Shaped;

pub(super) struct Inner {
    config: ClientConfig,
    token: TokenSource,
}

/// A client for Partner Center user licenses.
#[wasm_bindgen]
pub struct LicenseClient {
    pub(super) inner: Rc<Inner>,
}

#[wasm_bindgen]
impl LicenseClient {
    /// `new LicenseClient({ baseUrl, token, locale, correlationId, applicationName })`;
    /// throws a `PartnerCenterError` (kind `invalidInput`) on bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<LicenseClient, JsValue> {
        if !options.is_object() {
            return Err(js::input_error(InputError::new(
                "options",
                "must be an object { baseUrl, token }",
            )));
        }
        let token =
            TokenSource::from_js(&js::property(&options, "token")).map_err(js::input_error)?;
        let config = js::json_text("options", &options)
            .and_then(|json| options::client_config_from_json(&json))
            .map_err(js::input_error)?;
        Ok(Self {
            inner: Rc::new(Inner { config, token }),
        })
    }

    /// `listLicenses(customerId, userId, { licenseGroups, signal })` → `Collection<License>`.
    #[wasm_bindgen(js_name = listLicenses)]
    pub fn list_licenses(
        &self,
        customer_id: JsValue,
        user_id: JsValue,
        options: JsValue,
    ) -> Promise {
        let prepared = (|| {
            let endpoint = ListLicenses {
                customer: customer(&customer_id)?,
                user: user(&user_id)?,
                groups: list_options(&options)?.groups()?,
            };
            Ok((endpoint, js::signal(&options)?))
        })();
        self.start(prepared)
    }

    /// `listSubscribedSkus(customerId, { licenseGroups, signal })` → `Collection<SubscribedSku>`.
    #[wasm_bindgen(js_name = listSubscribedSkus)]
    pub fn list_subscribed_skus(&self, customer_id: JsValue, options: JsValue) -> Promise {
        let prepared = (|| {
            let endpoint = ListSubscribedSkus {
                customer: customer(&customer_id)?,
                groups: list_options(&options)?.groups()?,
            };
            Ok((endpoint, js::signal(&options)?))
        })();
        self.start(prepared)
    }

    /// `updateLicenses(customerId, userId, { assign: [{ skuId, excludedPlans }], remove: [skuId] }, { signal })`
    /// → the `LicenseUpdate` echo.
    #[wasm_bindgen(js_name = updateLicenses)]
    pub fn update_licenses(
        &self,
        customer_id: JsValue,
        user_id: JsValue,
        update: JsValue,
        options: JsValue,
    ) -> Promise {
        self.update(
            customer_id,
            user_id,
            "update",
            update,
            options,
            options::update_from_json,
        )
    }

    /// `assignLicenses(customerId, userId, [{ skuId, excludedPlans }], { signal })`.
    #[wasm_bindgen(js_name = assignLicenses)]
    pub fn assign_licenses(
        &self,
        customer_id: JsValue,
        user_id: JsValue,
        assign: JsValue,
        options: JsValue,
    ) -> Promise {
        self.update(
            customer_id,
            user_id,
            "assign",
            assign,
            options,
            options::assign_from_json,
        )
    }

    /// `removeLicenses(customerId, userId, [skuId], { signal })`.
    #[wasm_bindgen(js_name = removeLicenses)]
    pub fn remove_licenses(
        &self,
        customer_id: JsValue,
        user_id: JsValue,
        remove: JsValue,
        options: JsValue,
    ) -> Promise {
        self.update(
            customer_id,
            user_id,
            "remove",
            remove,
            options,
            options::remove_from_json,
        )
    }
}

impl LicenseClient {
    fn update(
        &self,
        customer_id: JsValue,
        user_id: JsValue,
        field: &str,
        value: JsValue,
        options: JsValue,
        parse: fn(&str) -> Result<LicenseUpdate, InputError>,
    ) -> Promise {
        let prepared = (|| {
            let customer = customer(&customer_id)?;
            let user = user(&user_id)?;
            let update = parse(&js::json_text(field, &value)?)?;
            let endpoint = UpdateLicenses::new(customer, user, update)?;
            Ok((endpoint, js::signal(&options)?))
        })();
        self.start(prepared)
    }

    /// Rejects at once on bad input; otherwise runs the call.
    fn start<E: Shaped + 'static>(
        &self,
        prepared: Result<(E, Option<AbortSignal>), InputError>,
    ) -> Promise {
        match prepared {
            Err(e) => Promise::reject(&js::input_error(e)),
            Ok((endpoint, signal)) => {
                future_to_promise(call(Rc::clone(&self.inner), endpoint, signal))
            }
        }
    }
}

/// One call: [`exchange`], the core's shape check of the body (one pass, no values built:
/// a wrong type or a truncated body is a decode error), then JavaScript's own `JSON.parse`
/// builds the objects the caller gets (much faster than building them across the boundary).
async fn call<E: Shaped>(
    inner: Rc<Inner>,
    endpoint: E,
    signal: Option<AbortSignal>,
) -> Result<JsValue, JsValue> {
    send_read(
        &inner,
        &endpoint,
        signal.as_ref(),
        |value| Ok(value.clone()),
    )
    .await
}

/// A call whose parsed body the shell reads itself (bulk reconcile): as [`call`], then
/// `read` takes what it needs from the objects; a value it cannot use becomes a decode error
/// carrying the call's status and ids. (No serde decoding of the models in the wasm build.)
pub(super) async fn send_read<E: Shaped, T>(
    inner: &Inner,
    endpoint: &E,
    signal: Option<&AbortSignal>,
    read: impl FnOnce(&JsValue) -> Result<T, String>,
) -> Result<T, JsValue> {
    let (received, fail) = exchange(inner, endpoint, signal).await?;
    E::check(&received.response).map_err(&fail)?;
    let bad = |message: String| fail(crate::endpoint::undecodable(&received.response, message));
    let value = js::parse_json(&received.text())
        .map_err(|_| bad("JSON.parse refused a body the decoder accepted".to_owned()))?;
    read(&value).map_err(bad)
}

/// Token, request, `fetch`. Every call of the client goes through here. Returns the
/// response and how to turn a later error into a `PartnerCenterError` that carries the
/// call's ids (and never the token).
async fn exchange<E: Endpoint>(
    inner: &Inner,
    endpoint: &E,
    signal: Option<&AbortSignal>,
) -> Result<(fetch::Received, impl Fn(Error) -> JsValue), JsValue> {
    let token = inner
        .token
        .get()
        .await
        .map_err(|e| js::error(&e, None, None))?;
    let context = CallContext {
        token: &token,
        request_id: js::random_guid(),
        correlation_id: js::random_guid(),
    };
    let request = endpoint.to_request(&inner.config, &context);
    let received = fetch::send(&request, signal)
        .await
        .map_err(|e| js::error(&e, Some(&request), Some(&token)))?;
    let fail = move |e: Error| js::error(&e, Some(&request), Some(&token));
    Ok((received, fail))
}

pub(super) fn customer(value: &JsValue) -> Result<CustomerId, InputError> {
    CustomerId::parse(&js::string_arg("customerId", value)?)
        .map_err(|e| InputError::new("customerId", e.message))
}

fn user(value: &JsValue) -> Result<UserId, InputError> {
    UserId::parse(&js::string_arg("userId", value)?)
        .map_err(|e| InputError::new("userId", e.message))
}

fn list_options(value: &JsValue) -> Result<ListOptions, InputError> {
    options::from_json("options", &js::json_text("options", value)?)
}
