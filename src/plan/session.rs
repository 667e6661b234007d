//! A reconcile run driven from outside, one synchronous step at a time, over JSON text.
//!
//! A shell that does the I/O itself (the JavaScript driver of the lazily loaded bulk module,
//! `pkg/src/bulk.mjs`) runs a [`Session`] like this:
//!
//! 1. [`Session::start`]: the customer id, the desired licenses and the options, checked
//!    before anything is sent;
//!    (when [`Session::needs_users`]: list the customer's users and hand them to
//!    [`Session::every_user`]);
//! 2. list the customer's subscribed SKUs, hand them to [`Session::resolve`], which returns
//!    the users to read;
//! 3. list each user's licenses and hand them to [`Session::read`] (or record the failure
//!    with [`Session::read_failed`]);
//! 4. [`Session::plan`]: the updates to send, each `free` one before any `assign` one, or
//!    none (a dry run, or a problem);
//! 5. record each update's result with [`Session::applied`], then [`Session::finish`]
//!    gives the report.
//!
//! Errors the shell keeps (JavaScript `PartnerCenterError`s) are referred to by a number the
//! shell chooses; the report carries that number where the error goes.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{
    Current, Desired, DesiredInput, ReconcileOptions, ReportBuilder, check_users,
    desired_from_json, plan, resolve, wire, wire_out,
};
use crate::error::{DecodeError, Error, InputError};
use crate::id::{CustomerId, UserId};
use crate::model::SubscribedSku;

/// The state of one run between the shell's steps.
#[derive(Clone, Debug)]
pub struct Session {
    options: ReconcileOptions,
    input: DesiredInput,
    skus: Vec<SubscribedSku>,
    desired: Desired,
    users: Vec<UserId>,
    /// Per user of `users`: whether its licenses were read (and no failure recorded).
    read: Vec<bool>,
    current: Current,
    builder: ReportBuilder<u32>,
}

impl Session {
    /// Checks the arguments of `reconcile(customerId, desired, options)`: the customer id
    /// (`None` when it is not a string), the desired licenses and the options as
    /// `JSON.stringify` text (`"null"` for none).
    pub fn start(
        customer: Option<&str>,
        desired_json: &str,
        options_json: &str,
    ) -> Result<Self, InputError> {
        let customer = customer.ok_or_else(|| InputError::new("customerId", "must be a string"))?;
        CustomerId::parse(customer).map_err(|e| InputError::new("customerId", e.message))?;
        let input = desired_from_json(desired_json)?;
        check_users(&input)?;
        let options = ReconcileOptions::from_json(options_json)?;
        Ok(Self {
            options,
            input,
            skus: Vec::new(),
            desired: Desired::new(),
            users: Vec::new(),
            read: Vec::new(),
            current: Current::new(),
            builder: ReportBuilder::new(options.dry_run),
        })
    }

    /// The checked options.
    pub fn options(&self) -> ReconcileOptions {
        self.options
    }

    /// Whether the desired licenses have the every-user row (`*`): the shell then lists the
    /// customer's users and hands them to [`every_user`](Self::every_user) before
    /// [`resolve`](Self::resolve).
    pub fn needs_users(&self) -> bool {
        super::needs_users(&self.input)
    }

    /// The customer's users (a JSON array of `{ id, userPrincipalName }`): the every-user row
    /// becomes one row per user not named explicitly.
    pub fn every_user(&mut self, users_json: &str) -> Result<(), Error> {
        let users = crate::inventory::users_from_json(users_json)
            .map_err(|e| decode_error(format!("users: {e}")))?;
        super::expand_every_user(&mut self.input, &users);
        Ok(())
    }

    /// Resolves the desired licenses against the customer's subscribed SKUs (a JSON array of
    /// `SubscribedSku`; only `availableUnits`, `productSku.{id, skuPartNumber,
    /// licenseGroupId}` and `servicePlans[].{id, serviceName}` are read). Returns the users
    /// to read, in order: [`read`](Self::read) takes an index into this list.
    ///
    /// Errors: the caller's input (a user written twice, a SKU named twice for a user), or
    /// SKUs that cannot be read (a decode error).
    pub fn resolve(&mut self, skus_json: &str) -> Result<&[UserId], Error> {
        self.skus = wire::skus_from_json(skus_json)
            .map_err(|e| decode_error(format!("subscribedskus: {e}")))?;
        let resolved = resolve(&self.input, &self.skus)?;
        self.input = DesiredInput::new();
        self.builder.invalid(resolved.invalid, resolved.problems);
        self.users = resolved.desired.keys().cloned().collect();
        self.read = vec![false; self.users.len()];
        self.desired = resolved.desired;
        Ok(&self.users)
    }

    /// The licenses the user at `index` holds now (both groups; a JSON array of `License`,
    /// of which only `productSku.id` and `servicePlans[].id` are read). Errors (the user's
    /// read is then to be recorded as failed): a bad index, or licenses that cannot be read.
    pub fn read(&mut self, index: usize, licenses_json: &str) -> Result<(), Error> {
        let user = self
            .users
            .get(index)
            .ok_or_else(|| decode_error(format!("no user {index} to read")))?;
        let licenses = wire::licenses_from_json(licenses_json)
            .map_err(|e| decode_error(format!("licenses of {user}: {e}")))?;
        self.current.insert(user.clone(), licenses);
        if let Some(read) = self.read.get_mut(index) {
            *read = true;
        }
        Ok(())
    }

    /// Reading the user at `index` failed with the shell's error number `error` (instead of
    /// [`read`](Self::read) succeeding): the user is reported `failed` and left out of the
    /// plan.
    pub fn read_failed(&mut self, index: usize, error: u32) {
        if let Some(user) = self.users.get(index) {
            if let Some(read) = self.read.get_mut(index) {
                *read = false;
            }
            self.builder.read_failed(user.clone(), error);
        }
    }

    /// Plans the run from what was read; returns it as JSON text:
    /// `{ "apply": bool, "updates": [{ "user", "phase": "free"|"assign", "update": { "assign"?,
    /// "remove"? } }] }`. Each `update` is what `updateLicenses(customerId, user, update)`
    /// takes. When `apply` is false (a dry run, or a problem) nothing is to be sent.
    /// Otherwise every `free` update is sent and answered before any `assign` one.
    pub fn plan(&mut self) -> String {
        // Users whose read failed are left out. (`desired` and `users` are in the same order;
        // built by insertion: `retain` would add the map's removal code to the wasm.)
        let mut desired = Desired::new();
        for ((user, licenses), read) in core::mem::take(&mut self.desired)
            .into_iter()
            .zip(&self.read)
        {
            if *read {
                desired.insert(user, licenses);
            }
        }
        self.builder
            .planned(plan(&desired, &self.current, &self.skus));
        wire_out::plan_json(self.builder.should_apply(), &self.builder.plan().updates)
    }

    /// Records the answer to the update at `index` (into the planned `updates`): `None` for
    /// success, else the shell's error number.
    pub fn applied(&mut self, index: usize, error: Option<u32>) {
        self.builder.applied(index, error.map_or(Ok(()), Err));
    }

    /// The report as JSON text (`ReconcileReport` of `pkg/reports.d.ts`, generated from
    /// [`Report`]; a failed user's `error` is the shell's error number).
    pub fn finish(&mut self, duration_ms: u64) -> String {
        let builder = core::mem::replace(&mut self.builder, ReportBuilder::new(false));
        wire_out::report_json(&builder.finish(duration_ms))
    }
}

/// A value the shell handed over that cannot be read (it comes from the client's own
/// decoded results, so this is not expected).
fn decode_error(message: String) -> Error {
    DecodeError::of_success(message, String::new())
}

/// [`parse_csv`](super::parse_csv), as the JSON text of the desired licenses
/// (`{ "<user>": [{ "skuId", "excludedPlans"? }] }`, what `reconcile` takes).
pub fn plan_csv_json(text: &str) -> Result<String, InputError> {
    super::parse_csv(text).map(|desired| wire_out::desired_json(&desired))
}
