//! An inventory run driven from outside, over JSON text (the JavaScript driver of the bulk
//! module, `pkg/src/inventory.mjs`):
//!
//! 1. [`Session::start`]: the customer id and the options, checked before anything is sent;
//! 2. list the subscribed SKUs (of the option's license groups) and hand them to
//!    [`Session::skus`], which resolves the selected SKUs (an unknown one is bad input);
//! 3. list the users and, per user, the licenses; hand each to [`Session::add`] (or
//!    [`Session::fail`] with the shell's error number);
//! 4. [`Session::finish`]: the inventory as JSON.

#[allow(unused_imports)]
use crate::prelude::*;

use super::wire::user_from;
use super::{Builder, InventoryOptions, inventory_json, user_from_json};
use crate::error::{DecodeError, Error, InputError};
use crate::id::CustomerId;
use crate::json::Json;
use crate::plan::{licenses_from, licenses_from_json, skus_from_json};
use crate::text::Text;

/// The state of one run between the shell's steps.
#[derive(Clone, Debug)]
pub struct Session {
    customer: CustomerId,
    options: InventoryOptions,
    builder: Option<Builder<u32>>,
}

impl Session {
    /// Checks `inventory(customerId, options)`'s arguments (`customer` is `None` when it is
    /// not a string; `options` is `JSON.stringify` text, `"null"` for none).
    pub fn start(customer: Option<&str>, options_json: &str) -> Result<Self, InputError> {
        let customer = customer.ok_or_else(|| InputError::new("customerId", "must be a string"))?;
        let customer =
            CustomerId::parse(customer).map_err(|e| InputError::new("customerId", e.message))?;
        Ok(Self {
            customer,
            options: InventoryOptions::from_json(options_json)?,
            builder: None,
        })
    }

    /// The checked options.
    pub fn options(&self) -> &InventoryOptions {
        &self.options
    }

    /// The subscribed SKUs (a JSON array of `SubscribedSku`) → the ids of the SKUs reported,
    /// as a JSON array. Errors: a selected SKU no subscribed one matches (bad input), SKUs
    /// that cannot be read (decode).
    pub fn skus(&mut self, skus_json: &str) -> Result<String, Error> {
        let skus = skus_from_json(skus_json)
            .map_err(|e| decode_error(Text::new("subscribedskus: ").push(&e).done()))?;
        let builder = Builder::new(self.customer, skus, &self.options.skus)?;
        let mut out = String::from("[");
        for (i, id) in builder.selected().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('"');
            id.push_to(&mut out);
            out.push('"');
        }
        out.push(']');
        self.builder = Some(builder);
        Ok(out)
    }

    /// A user (`{ id, userPrincipalName }`) and its licenses (a JSON array of `License`).
    pub fn add(&mut self, user_json: &str, licenses_json: &str) -> Result<(), Error> {
        let user = user_from_json(user_json).map_err(decode_error)?;
        let licenses = licenses_from_json(licenses_json)
            .map_err(|e| licenses_error(&user.user_principal_name, &e))?;
        self.builder_mut()?.add(user, &licenses);
        Ok(())
    }

    /// Many users at once (one crossing for a whole run): a JSON array of
    /// `{ id, userPrincipalName, licenses: [License] }` (read) or
    /// `{ id, userPrincipalName, error: n }` (failed, the shell's error number `n`), in
    /// order of arrival. Each entry counts as [`add`](Self::add) or [`fail`](Self::fail)
    /// would count it, in order; an entry whose licenses cannot be read is recorded as
    /// failed with the error numbers `first_error`, `first_error + 1`... in turn, and the
    /// answer lists those errors in the same order (the shell numbers them the same way).
    /// Errors: the text is not such an array, or the SKUs were not given yet.
    pub fn add_all(&mut self, entries_json: &str, first_error: u32) -> Result<Vec<Error>, Error> {
        let entries = match crate::json::parse(entries_json) {
            Ok(Json::Array(items)) => items,
            _ => {
                return Err(decode_error(
                    "the users read are not a JSON array".to_owned(),
                ));
            }
        };
        let builder = self.builder_mut()?;
        let mut refused = Vec::new();
        for entry in &entries {
            let user = user_from(entry).map_err(decode_error)?;
            if let Some(n) = entry.member("error").and_then(Json::as_u64) {
                builder.fail(user, u32::try_from(n).unwrap_or(u32::MAX));
                continue;
            }
            let items = entry.member("licenses").and_then(Json::as_array);
            match licenses_from(items.unwrap_or_default()) {
                Ok(licenses) => builder.add(user, &licenses),
                Err(e) => {
                    refused.push(licenses_error(&user.user_principal_name, &e));
                    let n = u32::try_from(refused.len() - 1).unwrap_or(u32::MAX);
                    builder.fail(user, first_error.saturating_add(n));
                }
            }
        }
        Ok(refused)
    }

    /// A user whose licenses could not be read, with the shell's error number.
    pub fn fail(&mut self, user_json: &str, error: u32) -> Result<(), Error> {
        let user = user_from_json(user_json).map_err(decode_error)?;
        self.builder_mut()?.fail(user, error);
        Ok(())
    }

    /// The inventory as JSON text (`null` before [`skus`](Self::skus)).
    pub fn finish(&mut self) -> String {
        self.builder
            .take()
            .map_or_else(|| "null".to_owned(), |b| inventory_json(&b.finish()))
    }

    fn builder_mut(&mut self) -> Result<&mut Builder<u32>, Error> {
        self.builder
            .as_mut()
            .ok_or_else(|| decode_error("the SKUs were not given yet".to_owned()))
    }
}

/// A user's licenses that cannot be read.
fn licenses_error(user: &str, why: &str) -> Error {
    decode_error(
        Text::new("licenses of ")
            .push(user)
            .push(": ")
            .push(why)
            .done(),
    )
}

/// A value the shell handed over that cannot be read (it comes from the client's own
/// decoded results, so this is not expected).
fn decode_error(message: String) -> Error {
    DecodeError::of_success(message, String::new())
}
