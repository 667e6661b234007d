//! The inventory steps (`partner_center_licenses::inventory::Session`, natively tested),
//! moved across as text: `pkg/src/inventory.mjs` drives them.

use alloc::borrow::ToOwned;
use alloc::string::String;

use partner_center_licenses::error_fields::ErrorFields;
use partner_center_licenses::inventory::Session;
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

    /// A user (`{ id, userPrincipalName }`) and its licenses (JSON array) → `""`, or the
    /// fields of the error to record with `fail`.
    pub fn add(&mut self, user: &str, licenses: &str) -> String {
        match self.session.as_mut().map(|s| s.add(user, licenses)) {
            Some(Ok(())) => String::new(),
            Some(Err(e)) => ErrorFields::from(&e).to_json(),
            None => "null".to_owned(),
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
