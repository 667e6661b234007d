//! The inventory steps (`partner_center_licenses::inventory::Session`, natively tested),
//! moved across as text: `pkg/src/inventory.mjs` drives them.

use alloc::borrow::ToOwned;
use alloc::string::String;

use partner_center_licenses::error_fields::ErrorFields;
use partner_center_licenses::inventory::Session;
use partner_center_licenses::json::{array, push_u64};
use wasm_bindgen::prelude::*;

use crate::{error, input, input_error, ok};

/// One inventory (or holdings) run.
#[wasm_bindgen]
pub struct Inventory {
    session: Option<Session>,
}

#[wasm_bindgen]
impl Inventory {
    /// A run not started yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Inventory {
        Inventory { session: None }
    }

    /// `start(customerId, JSON.stringify(options))` (the customer id `undefined` when it is
    /// not a string) → `{"ok": { licenseGroups, concurrency, pageSize? }}` or `{"error": fields}`.
    pub fn start(&mut self, customer: Option<String>, options: &str) -> String {
        match Session::start(customer.as_deref(), options) {
            Ok(s) => {
                let out = ok(&s.options().to_json());
                self.session = Some(s);
                out
            }
            Err(e) => input(e),
        }
    }

    /// The subscribed SKUs (JSON array) → `{"ok": [ids of the SKUs reported]}` or
    /// `{"error": fields}` (a selected SKU that is not subscribed: `invalidInput`).
    pub fn skus(&mut self, skus: &str) -> String {
        let Some(s) = self.session.as_mut() else {
            return input_error("inventory", "the run was not started");
        };
        match s.skus(skus) {
            Ok(ids) => ok(&ids),
            Err(e) => error(&e),
        }
    }

    /// Every user read, in one crossing (`Session::add_all`): the UTF-8 bytes of
    /// `[{ id, userPrincipalName, licenses } | { id, userPrincipalName, error: n }]` (bytes:
    /// copied in at once, where a string is copied character by character by the glue) →
    /// `{"ok": [[index, fields]...]}` (the entries whose licenses cannot be read, to record
    /// as failed) or `{"error": fields}`.
    #[wasm_bindgen(js_name = addAll)]
    pub fn add_all(&mut self, entries: &[u8]) -> String {
        let Some(s) = self.session.as_mut() else {
            return input_error("inventory", "the run was not started");
        };
        let Ok(entries) = core::str::from_utf8(entries) else {
            return input_error("inventory", "the users read are not UTF-8");
        };
        match s.add_all(entries) {
            Ok(refused) => ok(&array(&refused, |out, (index, e)| {
                out.push('[');
                push_u64(out, *index as u64);
                out.push(',');
                out.push_str(&ErrorFields::from(e).to_json());
                out.push(']');
            })),
            Err(e) => error(&e),
        }
    }

    /// Reading the user's licenses failed with the driver's error number `error`.
    pub fn fail(&mut self, user: &str, error: u32) {
        if let Some(s) = self.session.as_mut() {
            // A user the driver itself decoded; nothing to report if it cannot be read.
            let _ = s.fail(user, error);
        }
    }

    /// The inventory (JSON; a failed user's `error` is the driver's number).
    pub fn finish(&mut self) -> String {
        self.session
            .as_mut()
            .map_or_else(|| "null".to_owned(), Session::finish)
    }
}

impl Default for Inventory {
    fn default() -> Self {
        Self::new()
    }
}
