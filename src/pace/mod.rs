//! One client, one pace: a gate shared by every call of one client, with time passed in
//! (like [`crate::retry`]: nothing here sleeps or reads a clock).
//!
//! Before each attempt a shell asks the gate when it may send ([`PaceGate::reserve`]);
//! after each response it tells the gate what came back ([`PaceGate::on_response`]).
//!
//! How the gate decides (`docs/resilience.md`, "How the gate decides"):
//! 1. A 429, or a 503 with `Retry-After`, **closes the gate for every call** until the
//!    wait the service asked for has passed (a 429 without one: 1 s).
//! 2. Learning (the default): until the first 429 the gate is wide open, so a client that
//!    is never throttled loses nothing. At the first 429 the gate starts pacing at the rate
//!    the service accepted over the last second. At each later 429 it paces at the rate
//!    accepted since the previous 429 (closed time included: a token bucket refills while
//!    the gate is shut), never cutting more than 3 % at once (so 429s that are not about the
//!    rate, like injected faults, do not drag the pace down).
//! 3. While calls queue at the gate, every accepted response raises the pace by 0.2 %: it
//!    probes upward slowly, so the next 429 comes many seconds later and costs one request.
//! 4. Two minutes without a 429: the gate forgets the pace and is wide open again.
//! 5. `rateLimit: { requestsPerSecond }` paces at that rate from the first call and never
//!    changes it (a 429 still closes the gate); `rateLimit: false` turns the gate off.

#[allow(unused_imports)]
use crate::prelude::*;

mod gate;
mod options;

pub use gate::{CLOSED, PACED_FORGOTTEN, PACED_PROBE, PACED_THROTTLED, PaceGate, Slot};
pub use options::{MAX_REQUESTS_PER_SECOND, RateLimit, rate_limit_from_json};

#[cfg(test)]
mod tests;
