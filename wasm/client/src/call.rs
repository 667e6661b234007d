//! [`Core`] (one per `LicenseClient`: its checked settings) and [`Call`] (one per call: its
//! endpoint, ids and retry state).

use alloc::borrow::ToOwned;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use partner_center_licenses::endpoint::{MAX_BODY_BYTES, body_too_large, undecodable};
use partner_center_licenses::http::{HttpRequest, HttpResponse, header};
use partner_center_licenses::json;
use partner_center_licenses::options::{self, UNREADABLE};
use partner_center_licenses::pace::{PaceGate, RateLimit, Slot};
use partner_center_licenses::retry::{CallIds, Resilience, ResilienceOptions, RetryState};
use partner_center_licenses::{AccessToken, ClientConfig, Error, InputError, config};
use wasm_bindgen::prelude::*;

use crate::op::Op;
use crate::reply;

/// The settings of one client, checked once.
#[wasm_bindgen]
pub struct Core {
    /// Shared with every call (one copy per client, not per call).
    config: Rc<ClientConfig>,
    resilience: Resilience,
    /// The `token` option when it is a string; `None` for a provider. Shared like `config`.
    fixed: Option<Rc<AccessToken>>,
    /// The pacing gate every call of this client shares. Borrowed with `try_borrow*` (it
    /// never fails: one thread, no re-entry), so no borrow panic and its formatting reach the
    /// `.wasm`.
    gate: Rc<RefCell<PaceGate>>,
}

#[wasm_bindgen]
impl Core {
    /// `options`: `JSON.stringify` of the caller's options (`None` when it threw).
    /// `token_type`: `typeof options.token`, or `"credential"` for an object with a
    /// `getToken` function; `token`: the token when it is a string. `on_event_type`:
    /// `typeof options.onEvent`. `undefined` on bad options: [`Core::refusal`] then says why.
    pub fn open(
        options: Option<String>,
        token_type: &str,
        token: Option<String>,
        on_event_type: &str,
    ) -> Option<Core> {
        Self::checked(options.as_deref(), token_type, token, on_event_type)
            .map_err(|e| reply::refuse(reply::input_error(e)))
            .ok()
    }

    /// The error fields (JSON text) of the last [`Core::open`] or [`Core::start`] that
    /// returned `undefined` (then forgotten; `""` if none).
    pub fn refusal() -> String {
        reply::take_refusal()
    }

    /// The base URL (checked, without a trailing `/`): the bulk module resolves a paging
    /// link against it.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.config.base_url().to_owned()
    }

    /// The per-attempt timeout in ms.
    #[wasm_bindgen(getter, js_name = timeoutMs)]
    pub fn timeout_ms(&self) -> f64 {
        self.resilience.timeout_ms as f64
    }

    /// What the driver reads once, `\n`-separated: the largest body the core reads (a
    /// response that declares more is refused unread), [`header::READ_FROM_STATUS`], the
    /// scope a token provider is asked for, then [`header::READ_FROM_RESPONSES`] (one
    /// export instead of four: each costs its own glue).
    pub fn constants() -> String {
        let mut out = String::new();
        partner_center_licenses::json::push_u64(&mut out, MAX_BODY_BYTES as u64);
        out.push('\n');
        partner_center_licenses::json::push_u64(&mut out, u64::from(header::READ_FROM_STATUS));
        for part in [config::PARTNER_CENTER_SCOPE]
            .iter()
            .chain(header::READ_FROM_RESPONSES.iter())
        {
            out.push('\n');
            out.push_str(part);
        }
        out
    }

    /// What the client's gate did since the last call, for `onEvent` (then forgotten): bit 0
    /// it closed ([`Core::closed_until`]), bits 1–2 why its pace changed ([`Core::pace`]):
    /// 1 learned at a 429, 2 raised by probing, 3 forgotten.
    #[wasm_bindgen(js_name = paceNews)]
    pub fn pace_news(&self) -> u8 {
        self.gate.try_borrow_mut().map_or(0, |mut g| g.take_news())
    }

    /// Until when the gate is (or was last) closed, ms since the epoch.
    #[wasm_bindgen(getter, js_name = closedUntil)]
    pub fn closed_until(&self) -> f64 {
        self.gate.try_borrow().map_or(0, |g| g.closed_until_ms()) as f64
    }

    /// The pace in milli-requests per second (`0`: not paced).
    #[wasm_bindgen(getter)]
    pub fn pace(&self) -> f64 {
        self.gate
            .try_borrow()
            .ok()
            .and_then(|g| g.milli_per_second())
            .unwrap_or(0) as f64
    }

    /// A call of `op` (see [`Op::parse`]): its inputs checked, nothing sent. `customer` and
    /// `user`: the ids when they are strings (the driver passes `undefined` for anything
    /// else: no call back into JavaScript to read them). `input` is
    /// `JSON.stringify` of the call's data argument (`None` when it threw); `signal_ok`
    /// whether `options.signal` is absent or an `AbortSignal`; `random` 32 random bytes
    /// for the call's ids; `now` `Date.now()`. `undefined` on bad input: [`Core::refusal`]
    /// then gives the error fields.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        &self,
        op: u8,
        customer: Option<String>,
        user: Option<String>,
        input: Option<String>,
        signal_ok: bool,
        random: &[u8],
        now: f64,
    ) -> Option<Call> {
        self.begin(
            op,
            customer.as_deref(),
            user.as_deref(),
            input.as_deref(),
            signal_ok,
            random,
            now,
        )
        .map_err(|e| reply::refuse(reply::error_fields(&e, 0, None, None)))
        .ok()
    }
}

impl Core {
    /// Whether a 401 can be answered by asking the token provider again.
    pub fn can_refresh(&self) -> bool {
        self.fixed.is_none()
    }

    /// [`Core::start`] with the ids already read as strings (`None`: not a string).
    #[allow(clippy::too_many_arguments)]
    pub fn begin(
        &self,
        op: u8,
        customer: Option<&str>,
        user: Option<&str>,
        input: Option<&str>,
        signal_ok: bool,
        random: &[u8],
        now: f64,
    ) -> Result<Call, Error> {
        let op = Op::parse(op, customer, user, input)?;
        if !signal_ok {
            return Err(InputError::new("signal", "must be an AbortSignal").into());
        }
        let mut bytes = [0u8; 32];
        for (b, r) in bytes.iter_mut().zip(random) {
            *b = *r;
        }
        let ids = CallIds::from_random_bytes(bytes);
        let state = RetryState::new(self.resilience.policy, as_ms(now), ids)
            .with_token_refresh(self.can_refresh());
        Ok(Call {
            op,
            config: Rc::clone(&self.config),
            timeout_ms: self.resilience.timeout_ms,
            state,
            fixed: self.fixed.clone(),
            token: None,
            sent: None,
            received: None,
            gate: self.gate.clone(),
            slot: None,
        })
    }
    /// The checks behind [`Core::open`], natively testable.
    pub fn checked(
        options: Option<&str>,
        token_type: &str,
        token: Option<String>,
        on_event_type: &str,
    ) -> Result<Core, InputError> {
        // One parse of the options text; each part reads its own members.
        let text = options.ok_or_else(|| InputError::new("options", UNREADABLE))?;
        let options = options::options_object("options", text)?;
        let config = ClientConfig::from_parts(options::client_option_strs(&options)?)?;
        let resilience = ResilienceOptions::from_json(&options)?.resolve()?;
        let pace = RateLimit::from_json(&options)?;
        let fixed = match (token_type, token) {
            ("string", Some(t)) => Some(Rc::new(AccessToken::new(t)?)),
            ("function" | "credential", _) => None,
            _ => return Err(InputError::new("token", config::TOKEN_RULE)),
        };
        if !matches!(on_event_type, "undefined" | "function") {
            return Err(InputError::new("onEvent", "must be a function"));
        }
        let gate = PaceGate::new(pace);
        Ok(Core {
            config: Rc::new(config),
            resilience,
            fixed,
            gate: Rc::new(RefCell::new(gate)),
        })
    }
}

/// `Date.now()` as whole ms (negative or NaN: 0).
fn as_ms(now: f64) -> u64 {
    if now > 0.0 { now as u64 } else { 0 }
}

/// One call in progress.
#[wasm_bindgen]
pub struct Call {
    op: Op,
    config: Rc<ClientConfig>,
    timeout_ms: u64,
    state: RetryState,
    fixed: Option<Rc<AccessToken>>,
    /// The token of the last attempt (scrubbed from every error text).
    token: Option<Rc<AccessToken>>,
    /// The last request sent.
    sent: Option<HttpRequest>,
    /// Status and headers of the last response.
    received: Option<HttpResponse>,
    /// The client's gate, and the send time this call holds there.
    gate: Rc<RefCell<PaceGate>>,
    slot: Option<Slot>,
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
    /// non-ASCII characters, [`TEXT_MARK`] and the body as ASCII text, its non-ASCII
    /// characters escaped (`JSON.parse` reads the same value from it, faster: see
    /// [`json::ascii_text`]); else the decision as JSON text
    /// (`decision`, `waitMs`, `reason`, `error`). `declared` is the `Content-Length`
    /// (`-1` when absent): over [`Core::max_body_bytes`] the body is not read (`body` empty).
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
