//! Retries as pure decisions: time and randomness are passed in, nothing here sleeps or
//! reads a clock (the way `quinn-proto` keeps a protocol testable).
//!
//! A shell runs one call like this:
//! ```
//! use partner_center_licenses::retry::{CallIds, Decision, RetryPolicy, RetryState};
//! use partner_center_licenses::{AccessToken, Error};
//! # let now = || 0u64; let random = || 7u32;
//! # let mut send = |_ctx: &partner_center_licenses::endpoint::CallContext<'_>| -> Result<(), Error> { Ok(()) };
//! let token = AccessToken::new("t0ken")?;
//! let mut state = RetryState::new(RetryPolicy::default(), now(), CallIds::from_random_bytes([9; 32]));
//! loop {
//!     let outcome = send(&state.context(&token)); // same MS-RequestId on every attempt
//!     match state.on_outcome(now(), &outcome, random()) {
//!         Decision::Done => break,
//!         Decision::Retry { wait_ms, .. } => { /* sleep wait_ms (abortable), then loop */ }
//!         Decision::RefreshTokenAndRetry => { /* ask the provider for a fresh token */ }
//!         Decision::GiveUp(_) => { /* return the last error */ break }
//!     }
//! }
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! Decisions, in order, after a failed attempt:
//! 1. A 401, when the token comes from a provider and was not refreshed yet in this call:
//!    refresh the token and retry at once (this extra attempt is not counted in `maxAttempts`).
//! 2. Not retryable ([`crate::Error::is_retryable`]): give up.
//! 3. `maxAttempts` reached: give up.
//! 4. The wait: the service's `Retry-After` (seconds or HTTP-date) or the 429 body's "Try
//!    again in N seconds", honoured even when above `maxDelayMs`; otherwise full-jitter
//!    backoff, uniform in `0..=min(maxDelayMs, baseDelayMs * 2^(retry-1))`.
//! 5. If the wait would end more than `maxElapsedMs` after the call started: give up now
//!    rather than sleep in vain. (An attempt under way is bounded by `timeoutMs`, so a call
//!    lasts at most `maxElapsedMs + timeoutMs`.)

#[allow(unused_imports)]
use crate::prelude::*;

mod event;
mod http_date;
mod options;
mod policy;
mod retry_after;
mod state;

pub use event::{CallEvent, EventType};
pub use http_date::parse_http_date;
pub use options::{
    DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, Resilience, ResilienceOptions, RetryOptions, RetrySetting,
    resilience_from_json,
};
pub use policy::{MAX_ATTEMPTS_LIMIT, MAX_DELAY_LIMIT_MS, MAX_ELAPSED_LIMIT_MS, RetryPolicy};
pub use retry_after::{MAX_RETRY_AFTER_MS, parse_retry_after, parse_try_again_in};
pub use state::{CallIds, Decision, GiveUpReason, RetryState, WaitSource};

#[cfg(test)]
mod tests;
