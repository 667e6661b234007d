//! The inventory steps (`partner_center_licenses::inventory::Session`, natively tested),
//! moved across as text: `pkg/src/inventory.mjs` drives them.

use alloc::borrow::ToOwned;
use alloc::string::String;

use partner_center_licenses::error_fields::ErrorFields;
use partner_center_licenses::inventory::Session;
use partner_center_licenses::json::array;
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
    /// copied in at once, where a string is copied character by character by the glue), and
    /// the driver's next error number → `{"ok": [fields...]}` (the errors of the entries
    /// whose licenses cannot be read, recorded as failed under the numbers `first_error`,
    /// `first_error + 1`...) or `{"error": fields}`.
    #[wasm_bindgen(js_name = addAll)]
    pub fn add_all(&mut self, entries: &[u8], first_error: u32) -> String {
        let Some(s) = self.session.as_mut() else {
            return input_error("inventory", "the run was not started");
        };
        let Ok(entries) = core::str::from_utf8(entries) else {
            return input_error("inventory", "the users read are not UTF-8");
        };
        match s.add_all(entries, first_error) {
            Ok(refused) => ok(&array(&refused, |out, e| {
                out.push_str(&ErrorFields::from(e).to_json());
            })),
            Err(e) => error(&e),
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
