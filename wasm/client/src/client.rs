//! [`Core`]: one per `LicenseClient`, its checked settings and the pacing gate its calls
//! share; [`Core::start`] makes each [`Call`].

use alloc::borrow::ToOwned;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;
use partner_center_licenses::endpoint::MAX_BODY_BYTES;
use partner_center_licenses::http::header;
use partner_center_licenses::options::{self, UNREADABLE};
use partner_center_licenses::pace::{PaceGate, RateLimit};
use partner_center_licenses::retry::{CallIds, Resilience, ResilienceOptions, RetryState};
use partner_center_licenses::{AccessToken, ClientConfig, Error, InputError, config};
use wasm_bindgen::prelude::*;

use crate::call::{Call, as_ms};
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

    /// A call of `op` (see `Op::parse`): its inputs checked, nothing sent. `customer` and
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
