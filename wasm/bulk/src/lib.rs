//! The bulk module of the npm package, loaded on first use by `pkg/src/bulk.mjs`:
//! synchronous functions over strings, no futures, no closures, no JavaScript objects.
//! Every step is the core's ([`partner_center_licenses::plan::Session`] and
//! [`partner_center_licenses::inventory::Session`], natively tested); this crate only moves
//! text across.
//!
//! Fallible functions return JSON text `{"ok": value}` or `{"error": fields}`, where
//! `fields` are the properties of a `PartnerCenterError` (`kind`, `message`, `field`...).
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]

extern crate alloc;

mod inventory;
mod users;

use alloc::borrow::ToOwned;
use alloc::string::{String, ToString};

use partner_center_licenses::error_fields::ErrorFields;
use partner_center_licenses::plan::{self, Session};
use partner_center_licenses::{Error, InputError};
use wasm_bindgen::prelude::*;

/// `{"ok":<json>}`.
pub(crate) fn ok(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 7);
    out.push_str("{\"ok\":");
    out.push_str(json);
    out.push('}');
    out
}

/// `{"error":<fields>}`.
pub(crate) fn error(e: &Error) -> String {
    let fields = ErrorFields::from(e).to_json();
    let mut out = String::with_capacity(fields.len() + 10);
    out.push_str("{\"error\":");
    out.push_str(&fields);
    out.push('}');
    out
}

pub(crate) fn input(e: InputError) -> String {
    error(&Error::InvalidInput(e))
}

/// The fields of an invalid-input `PartnerCenterError` (for the checks the driver makes
/// itself: `onProgress`, `signal`, `text`).
#[wasm_bindgen(js_name = inputError)]
pub fn input_error(field: &str, message: &str) -> String {
    input(InputError::new(field, message))
}

/// The fields of the `aborted` `PartnerCenterError`.
#[wasm_bindgen(js_name = abortedError)]
pub fn aborted_error() -> String {
    error(&Error::Aborted)
}

/// `parsePlanCsv(text)`: `{"ok": desired}` or `{"error": fields}` naming the line.
#[wasm_bindgen(js_name = parsePlanCsv)]
pub fn parse_plan_csv(text: &str) -> String {
    match plan::plan_csv_json(text) {
        Ok(json) => ok(&json),
        Err(e) => input(e),
    }
}

/// One reconcile run (see [`Session`] for the order of the steps).
#[wasm_bindgen]
pub struct Run {
    session: Option<Session>,
}

#[wasm_bindgen]
impl Run {
    /// A run not started yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Run {
        Run { session: None }
    }

    /// `start(customerId, JSON.stringify(desired), JSON.stringify(options))` (the customer id
    /// `undefined` when it is not a string) → `{"ok":null}` or `{"error": fields}`.
    pub fn start(&mut self, customer: Option<String>, desired: &str, options: &str) -> String {
        match Session::start(customer.as_deref(), desired, options) {
            Ok(s) => {
                self.session = Some(s);
                ok("null")
            }
            Err(e) => input(e),
        }
    }

    /// Requests in flight (1–64).
    #[wasm_bindgen(getter)]
    pub fn concurrency(&self) -> u32 {
        self.session.as_ref().map_or(1, |s| s.options().concurrency)
    }

    /// Whether the desired licenses have the every-user row (`*`): list the users and call
    /// `everyUser` before `resolve`.
    #[wasm_bindgen(getter, js_name = needsUsers)]
    pub fn needs_users(&self) -> bool {
        self.session.as_ref().is_some_and(Session::needs_users)
    }

    /// The customer's users (JSON array of `{ id, userPrincipalName }`) → `{"ok":null}` or
    /// `{"error": fields}`.
    #[wasm_bindgen(js_name = everyUser)]
    pub fn every_user(&mut self, users: &str) -> String {
        match self.session.as_mut().map(|s| s.every_user(users)) {
            Some(Ok(())) => ok("null"),
            Some(Err(e)) => error(&e),
            None => input_error("reconcile", "the run was not started"),
        }
    }

    /// The subscribed SKUs (JSON array) → `{"ok": [user ids to read]}` or `{"error": fields}`.
    pub fn resolve(&mut self, skus: &str) -> String {
        let Some(s) = self.session.as_mut() else {
            return input_error("reconcile", "the run was not started");
        };
        match s.resolve(skus) {
            Ok(users) => {
                let mut out = String::from("{\"ok\":[");
                for (i, u) in users.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_json_string(&mut out, &u.to_string());
                }
                out.push_str("]}");
                out
            }
            Err(e) => error(&e),
        }
    }

    /// The licenses of user `index` (JSON array) → `""`, or the fields of the error to
    /// record with `readFailed`.
    pub fn read(&mut self, index: usize, licenses: &str) -> String {
        match self.session.as_mut().map(|s| s.read(index, licenses)) {
            Some(Ok(())) => String::new(),
            Some(Err(e)) => ErrorFields::from(&e).to_json(),
            None => ErrorFields::from(&Error::Aborted).to_json(),
        }
    }

    /// Reading user `index` failed with the driver's error number `error`.
    #[wasm_bindgen(js_name = readFailed)]
    pub fn read_failed(&mut self, index: usize, error: u32) {
        if let Some(s) = self.session.as_mut() {
            s.read_failed(index, error);
        }
    }

    /// `{ apply, updates: [{ user, phase, update }] }` (see [`Session::plan`]).
    pub fn plan(&mut self) -> String {
        self.session
            .as_mut()
            .map_or_else(|| "null".to_owned(), Session::plan)
    }

    /// The answer to update `index`: no `error` for success, else the driver's error number.
    pub fn applied(&mut self, index: usize, error: Option<u32>) {
        if let Some(s) = self.session.as_mut() {
            s.applied(index, error);
        }
    }

    /// The report (JSON), `durationMs` as given.
    pub fn finish(&mut self, duration_ms: f64) -> String {
        let ms = if duration_ms > 0.0 {
            duration_ms as u64
        } else {
            0
        };
        self.session
            .as_mut()
            .map_or_else(|| "null".to_owned(), |s| s.finish(ms))
    }
}

impl Default for Run {
    fn default() -> Self {
        Self::new()
    }
}

/// Appends `s` as a JSON string (user ids are ids or UPNs: no control characters, but a
/// UPN may hold a quote or a backslash).
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// std's allocator on wasm32, without std.
#[cfg(all(target_arch = "wasm32", not(test)))]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// A panic (none is expected: the core is fuzzed for them) traps at once, with no message:
/// std's panic machinery stays out of the `.wasm`. The trap reaches the driver as a
/// `WebAssembly.RuntimeError`, which rejects the run.
#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
