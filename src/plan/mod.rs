//! Bulk reconcile, as pure functions: "make these users hold exactly these licenses".
//!
//! 1. [`resolve`] turns what the caller wrote ([`DesiredInput`]: user → `{ skuId, excludedPlans }`,
//!    ids or names) into typed [`Desired`] licenses, checked against the customer's subscribed SKUs.
//!    A malformed user id or a SKU named twice for one user is an [`InputError`](crate::InputError);
//!    a SKU that is not subscribed or a plan that is not in its SKU is a [`Problem`].
//! 2. [`plan`] compares the desired licenses with the users' current ones and returns the
//!    minimal [`Plan`]: no request for a user already right, one request per user per license
//!    group, a changed set of excluded plans as an update (never remove + assign), and every
//!    problem found before anything is sent, including units that would run out.
//! 3. A shell sends the plan's updates — every [`Phase::Free`] update before any
//!    [`Phase::Assign`] one — and records each result in a [`ReportBuilder`].
//!
//! A desired set may name [`EVERY_USER`] (`*`): the licenses of every user of the customer
//! not named otherwise, expanded by [`expand_every_user`] once the shell has listed the users.
//!
//! [`Session`] runs those steps for a shell that does the I/O itself, over JSON text (the
//! lazily loaded bulk wasm module, `wasm/bulk/`). [`apply`] computes the state a plan leads
//! to (used by the property tests), and [`parse_csv`] reads the CLI's plan files.
//!
//! The planner's rules are written out in `docs/bulk.md`.

#[allow(unused_imports)]
use crate::prelude::*;

mod apply;
mod csv;
mod desired;
mod every;
mod held;
mod options;
mod planner;
mod quota;
mod report;
mod session;
mod wire;
mod wire_out;

pub use apply::apply;
pub use csv::parse_csv;
pub use desired::{
    Desired, DesiredInput, DesiredLicense, DesiredLicenseInput, Resolved, check_users, find_sku,
    resolve,
};
pub use every::{EVERY_USER, expand_every_user, is_every_user, needs_users};
pub use held::{Current, Held, held};
pub use options::{DEFAULT_CONCURRENCY, MAX_CONCURRENCY, ReconcileOptions, desired_from_json};
pub use planner::{Phase, Plan, PlannedUpdate, Problem, plan};
pub use quota::SkuUnits;
pub use report::{Outcome, Report, ReportBuilder, Totals, UnitsReport, UserReport};
pub use session::{Session, plan_csv_json};
pub use wire::{licenses_from_json, skus_from_json};
pub use wire_out::{desired_json, plan_json, report_json};
