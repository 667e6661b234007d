//! The wasm shell (built for `wasm32` only): the JavaScript class `LicenseClient`.
//!
//! It moves bytes and converts values, nothing more: it reads JavaScript arguments (as
//! strings or `JSON.stringify` text), asks the core to validate them and build the request,
//! calls the global `fetch`, hands the response to the core to check, and lets
//! `JSON.parse` build the result objects. Every decision lives in the core, where native
//! tests reach it.

mod client;
mod fetch;
mod js;
mod models;
mod reconcile;
mod timers;
mod token;

#[cfg(test)]
mod tests;
