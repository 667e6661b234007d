//! [`Call`]: one per call, its endpoint, ids and retry state (made by [`crate::Core::start`]),
//! and the attempts' calls the driver makes on it.

use alloc::borrow::ToOwned;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use partner_center_licenses::endpoint::{body_too_large, undecodable};
use partner_center_licenses::http::{HttpRequest, HttpResponse, header};
use partner_center_licenses::json;
use partner_center_licenses::pace::{PaceGate, Slot};
use partner_center_licenses::retry::RetryState;
use partner_center_licenses::{AccessToken, ClientConfig, Error, InputError, config};
use wasm_bindgen::prelude::*;

use crate::op::Op;
use crate::reply;

/// `Date.now()` as whole ms (negative or NaN: 0).
pub fn as_ms(now: f64) -> u64 {
    if now > 0.0 { now as u64 } else { 0 }
}

/// One call in progress.
#[wasm_bindgen]
pub struct Call {
    pub(crate) op: Op,
    pub(crate) config: Rc<ClientConfig>,
    pub(crate) timeout_ms: u64,
    pub(crate) state: RetryState,
    pub(crate) fixed: Option<Rc<AccessToken>>,
    /// The token of the last attempt (scrubbed from every error text).
    pub(crate) token: Option<Rc<AccessToken>>,
    /// The last request sent.
    pub(crate) sent: Option<HttpRequest>,
    /// Status and headers of the last response.
    pub(crate) received: Option<HttpResponse>,
    /// The client's gate, and the send time this call holds there.
    pub(crate) gate: Rc<RefCell<PaceGate>>,
    pub(crate) slot: Option<Slot>,
}

/// How an attempt ended without a response (see [`Call::failure`]).
const NETWORK: u8 = 0;
const TIMEOUT: u8 = 1;
const ABORTED: u8 = 2;
const TOKEN_FAILED: u8 = 4;
const NO_TOKEN: u8 = 5;

#[wasm_bindgen]
impl Call {
    /// How long (ms) to wait before sending the next attempt (`0`: send now). Ask again
    /// after the wait: the gate may have closed meanwhile.
    pub fn admit(&mut self, now: f64) -> f64 {
        self.gate
            .try_borrow_mut()
            .map_or(0, |mut g| g.admit(&mut self.slot, as_ms(now))) as f64
    }

    /// [`Call::request`] as one string: the request, or the error fields after a space
    /// (the driver tests the first byte; `JSON.parse` skips the space).
    #[wasm_bindgen(js_name = request)]
    pub fn next_request(&mut self, token: Option<String>) -> String {
        self.request(token)
            .unwrap_or_else(|e| partner_center_licenses::text::cat(&[ERROR_MARK, &e]))
    }

    /// The attempt's response: `""` when it is a success whose body has the endpoint's
    /// shape (`JSON.parse` then builds the result from the bytes); when that body has
    /// non-ASCII characters, `TEXT_MARK` and the body as ASCII text, its non-ASCII
    /// characters escaped (`JSON.parse` reads the same value from it, faster: see
    /// [`json::ascii_text`]); else the decision as JSON text
    /// (`decision`, `waitMs`, `reason`, `error`). `declared` is the `Content-Length`
    /// (`-1` when absent): over the largest body the core reads ([`crate::Core::constants`])
    /// the body is not read (`body` empty).
    #[allow(clippy::too_many_arguments)]
    pub fn response(
        &mut self,
        status: u16,
        body: Vec<u8>,
        declared: f64,
        request_id: Option<String>,
        correlation_id: Option<String>,
        retry_after: Option<String>,
        now: f64,
        random: u32,
    ) -> String {
        let mut headers = Vec::with_capacity(3);
        for (name, value) in [
            (header::REQUEST_ID, request_id),
            (header::CORRELATION_ID, correlation_id),
            (header::RETRY_AFTER, retry_after),
        ] {
            if let Some(v) = value {
                headers.push((name.to_owned(), v));
            }
        }
        let head = HttpResponse::new(status, headers, Vec::new());
        let too_large = if declared >= 0.0 {
            body_too_large(&head, declared as u64)
        } else {
            None
        };
        let outcome = match too_large {
            Some(e) => {
                self.received = Some(head);
                Err(e)
            }
            None => {
                // The body moves in (wasm-bindgen copied it into wasm memory once).
                let mut response = HttpResponse::new(status, head.headers, body);
                let checked = (self.op.check(&response))
                    .map(|()| json::ascii_text(TEXT_MARK, &response.body));
                if !self.op.body_checked_elsewhere() {
                    response.body = Vec::new();
                }
                self.received = Some(response);
                checked
            }
        };
        // The client's gate hears of every response: a 429 (or a 503 with a wait) closes it.
        let now_ms = as_ms(now);
        let wait = outcome
            .as_ref()
            .err()
            .and_then(|e| e.retry_after_ms(now_ms));
        if let Ok(mut g) = self.gate.try_borrow_mut() {
            g.on_response(now_ms, status, wait);
        }
        match outcome {
            Ok(text) => text.unwrap_or_default(),
            Err(e) => self.decide(&e, now, random),
        }
    }

    /// The attempt ended without a response: `kind` 0 network failure (`message` from the
    /// platform), 1 the attempt timed out, 2 the caller aborted, 3 the shell could not read
    /// a body the core accepted, or the bulk module's check refused a users body (`message`
    /// says why), 4 the token provider failed (`message`: what it threw), 5 it gave no token.
    /// The decision as JSON text (a token provider's failure is an invalid `token`: given up,
    /// not retried). (One export for all six: each export costs its own glue.)
    pub fn failure(&mut self, kind: u8, message: &str, now: f64, random: u32) -> String {
        let error = match kind {
            NETWORK => Error::Network {
                message: message.to_owned(),
            },
            TIMEOUT => Error::Timeout {
                after_ms: self.timeout_ms,
            },
            ABORTED => Error::Aborted,
            TOKEN_FAILED => Error::InvalidInput(InputError::new(
                "token",
                partner_center_licenses::text::cat(&[config::TOKEN_PROVIDER_FAILED, message]),
            )),
            NO_TOKEN => Error::InvalidInput(InputError::new(
                "token",
                config::TOKEN_PROVIDER_GAVE_NOTHING,
            )),
            // The response as received (no copy of it); none received: status 0, no ids.
            _ => match &self.received {
                Some(head) => undecodable(head, message),
                None => undecodable(&HttpResponse::default(), message),
            },
        };
        self.decide(&error, now, random)
    }
}

/// What starts an error reply of [`Call::next_request`].
pub const ERROR_MARK: &str = " ";

/// What starts [`Call::response`]'s reply of a success's body as ASCII text (the driver
/// tests the first byte; `JSON.parse` skips the space).
pub const TEXT_MARK: &str = " ";

impl Call {
    /// The next attempt's request as JSON text (`method`, `url`, `path`, `attempt`,
    /// `requestId`, `headers`, `body`), with `token` (a provider's) or the client's own.
    /// The error fields when the provider's token is not one.
    pub fn request(&mut self, token: Option<String>) -> Result<String, String> {
        let token = match token {
            Some(t) => {
                Rc::new(AccessToken::new(t).map_err(|e| self.fail(&Error::InvalidInput(e), 0))?)
            }
            None => match &self.fixed {
                Some(t) => t.clone(),
                None => {
                    let e = InputError::new("token", config::TOKEN_GIVEN_RULE);
                    return Err(self.fail(&Error::InvalidInput(e), 0));
                }
            },
        };
        let request = self.op.request(&self.config, &self.state.context(&token));
        let text = reply::request(&request, self.state.attempt());
        self.sent = Some(request);
        self.token = Some(token);
        Ok(text)
    }

    fn decide(&mut self, error: &Error, now: f64, random: u32) -> String {
        let now = as_ms(now);
        let fields = self.fail(error, now);
        if matches!(error, Error::Aborted) {
            return reply::aborted(&fields);
        }
        reply::decision(self.state.on_error(now, error, random), &fields)
    }

    /// The error fields of `error` as JSON text: ids from the request, the token scrubbed.
    fn fail(&self, error: &Error, now: u64) -> String {
        reply::error_fields(error, now, self.sent.as_ref(), self.token.as_deref())
    }
}
