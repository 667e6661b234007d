//! `LicenseClient`: the JavaScript class.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::{fetch, js, timers, token::TokenSource};
use crate::config::ClientConfig;
use crate::endpoint::{Endpoint, ListLicenses, ListSubscribedSkus, UpdateLicenses};
use crate::error::{Error, InputError};
use crate::http::{HttpRequest, HttpResponse};
use crate::id::{CustomerId, UserId};
use crate::model::LicenseUpdate;
use crate::options::{self, ListOptions};
use crate::retry::{self, CallEvent, CallIds, Decision, Resilience, RetryState};
use crate::shape::Shaped;

pub(super) struct Inner {
    config: ClientConfig,
    token: TokenSource,
    resilience: Resilience,
    on_event: Option<js_sys::Function>,
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
        let json = js::json_text("options", &options).map_err(js::input_error)?;
        let config = options::client_config_from_json(&json).map_err(js::input_error)?;
        let resilience = retry::resilience_from_json(&json).map_err(js::input_error)?;
        let on_event = js::property(&options, "onEvent");
        let on_event =
            if on_event.is_undefined() || on_event.is_null() {
                None
            } else {
                Some(on_event.dyn_into::<js_sys::Function>().map_err(|_| {
                    js::input_error(InputError::new("onEvent", "must be a function"))
                })?)
            };
        Ok(Self {
            inner: Rc::new(Inner {
                config,
                token,
                resilience,
                on_event,
            }),
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

/// One call: [`exchange`] with the core's shape check of the body (one pass, no values
/// built: a wrong type or a truncated body is a decode error, and retried), then
/// JavaScript's own `JSON.parse` builds the objects the caller gets (much faster than
/// building them across the boundary).
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
    // The shape check runs per attempt: a damaged body is retried like a lost one.
    let ((), received, fail) = exchange(inner, endpoint, signal, E::check).await?;
    let bad = |message: String| fail(crate::endpoint::undecodable(&received.response, message));
    let value = js::parse_json(&received.text())
        .map_err(|_| bad("JSON.parse refused a body the decoder accepted".to_owned()))?;
    read(&value).map_err(bad)
}

/// Every call of the client goes through here: attempts until the core says stop. Per
/// attempt: a token, the request (the same `MS-RequestId` every time), `fetch` under the
/// attempt timeout and the caller's signal, `check` of the response (the core's decode or
/// shape check: a wrong type or a truncated body is a decode error); then the core's
/// decision (wait, refresh the token, give up). Returns what `check` gave, the response,
/// and how to turn a later error into a `PartnerCenterError` that carries the call's ids
/// (and never the token).
async fn exchange<E: Endpoint, C>(
    inner: &Inner,
    endpoint: &E,
    signal: Option<&AbortSignal>,
    check: impl Fn(&HttpResponse) -> Result<C, Error>,
) -> Result<(C, fetch::Received, impl Fn(Error) -> JsValue), JsValue> {
    let start = timers::now_ms();
    let ids = CallIds {
        request_id: js::random_guid(),
        correlation_id: js::random_guid(),
    };
    let mut state = RetryState::new(inner.resilience.policy, start, ids)
        .with_token_refresh(inner.token.can_refresh());
    let aborted = || signal.is_some_and(AbortSignal::aborted);
    let emit = |event: CallEvent| {
        if let Some(f) = &inner.on_event {
            // A handler that throws must not break the call.
            if let Ok(json) = serde_json::to_string(&event) {
                if let Ok(value) = js_sys::JSON::parse(&json) {
                    let _ = f.call1(&JsValue::UNDEFINED, &value);
                }
            }
        }
    };
    let mut fresh = false;
    let mut last: Option<HttpRequest> = None;
    loop {
        let attempt = state.attempt();
        // The caller aborted (before the first attempt, or during the token provider).
        let stop = |request: Option<&HttpRequest>| {
            if let Some(r) = request {
                emit(CallEvent::give_up(
                    r,
                    attempt,
                    &Error::Aborted,
                    timers::now_ms().saturating_sub(start),
                    None,
                ));
            }
            js::error(&Error::Aborted, request, None)
        };
        if aborted() {
            return Err(stop(last.as_ref()));
        }
        let token = match inner.token.get(fresh, signal).await {
            Ok(t) => t,
            Err(Error::Aborted) => return Err(stop(last.as_ref())),
            Err(e) => return Err(js::error(&e, last.as_ref(), None)),
        };
        fresh = false;
        let request = endpoint.to_request(&inner.config, &state.context(&token));
        emit(CallEvent::request(&request, attempt));
        let sent_at = timers::now_ms();
        let guard = timers::attempt(signal, inner.resilience.timeout_ms);
        let sent = fetch::send(&request, Some(&guard.signal())).await;
        guard.done();
        let (status, outcome) = match sent {
            Err(e) => {
                let e = if aborted() {
                    Error::Aborted
                } else if guard.timed_out() {
                    Error::Timeout {
                        after_ms: inner.resilience.timeout_ms,
                    }
                } else {
                    e
                };
                (None, Err(e))
            }
            Ok(received) => (
                Some(received.response.status),
                check(&received.response).map(|output| (output, received)),
            ),
        };
        let now = timers::now_ms();
        emit(CallEvent::response(
            &request,
            attempt,
            status,
            now.saturating_sub(sent_at),
            outcome.as_ref().err(),
        ));
        let error = match outcome {
            Ok((output, received)) => {
                let fail = move |e: Error| js::error(&e, Some(&request), Some(&token));
                return Ok((output, received, fail));
            }
            Err(e) => e,
        };
        let fail = |e: &Error| js::error(e, Some(&request), Some(&token));
        if matches!(error, Error::Aborted) {
            emit(CallEvent::give_up(
                &request,
                attempt,
                &error,
                now.saturating_sub(start),
                None,
            ));
            return Err(fail(&error));
        }
        match state.on_error(now, &error, timers::random_u32()) {
            Decision::Retry { wait_ms, source } => {
                emit(CallEvent::retry(&request, attempt, &error, wait_ms, source));
                if !timers::sleep(wait_ms, signal).await {
                    // Aborted during the backoff wait: settle at once.
                    emit(CallEvent::give_up(
                        &request,
                        attempt,
                        &Error::Aborted,
                        timers::now_ms().saturating_sub(start),
                        None,
                    ));
                    return Err(fail(&Error::Aborted));
                }
            }
            Decision::RefreshTokenAndRetry => {
                emit(CallEvent::token_refresh(&request, attempt, &error));
                fresh = true;
            }
            Decision::GiveUp(reason) => {
                emit(CallEvent::give_up(
                    &request,
                    attempt,
                    &error,
                    now.saturating_sub(start),
                    Some(reason),
                ));
                return Err(fail(&error));
            }
            // A failed attempt is never `Done`; stop with its error all the same.
            Decision::Done => return Err(fail(&error)),
        }
        last = Some(request);
    }
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
