//! One call's retry state: feed it each attempt's outcome with the time and a random
//! number, and it says what to do next. It never reads a clock and never sleeps.

#[allow(unused_imports)]
use crate::prelude::*;

use super::policy::RetryPolicy;
use crate::endpoint::CallContext;
use crate::error::{Error, ErrorReason};
use crate::id::Guid;
use crate::secret::AccessToken;

/// The ids of one logical call: the same on every attempt of it, new for the next call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallIds {
    /// `MS-RequestId`: Partner Center's idempotency key, so a retried POST is applied once.
    pub request_id: Guid,
    /// `MS-CorrelationId` (unless the client configuration pins one).
    pub correlation_id: Guid,
}

impl CallIds {
    /// Two fresh GUIDs from 32 random bytes supplied by the shell.
    pub fn from_random_bytes(bytes: [u8; 32]) -> Self {
        let mut a = [0u8; 16];
        let mut b = [0u8; 16];
        // Zipped, not sliced: no length-mismatch panic path.
        for (x, &r) in a.iter_mut().chain(b.iter_mut()).zip(bytes.iter()) {
            *x = r;
        }
        Self {
            request_id: Guid::from_random_bytes(a),
            correlation_id: Guid::from_random_bytes(b),
        }
    }
}

/// Why a call is tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitSource {
    /// The service's `Retry-After` header or the 429 body's "Try again in N seconds".
    RetryAfter,
    /// Exponential backoff with full jitter.
    Backoff,
}

impl WaitSource {
    /// `retryAfter` / `backoff`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::RetryAfter => "retryAfter",
            Self::Backoff => "backoff",
        }
    }
}

/// Why a call stops with its last error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GiveUpReason {
    /// The error is not worth repeating (4xx, bad input, aborted, or a 401 after a refresh).
    NotRetryable,
    /// `maxAttempts` attempts were made.
    AttemptsExhausted,
    /// The next wait would end beyond `maxElapsedMs` after the start (a `Retry-After`
    /// longer than the time left ends up here).
    TimeExhausted,
}

impl GiveUpReason {
    /// `notRetryable` / `attemptsExhausted` / `timeExhausted`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::NotRetryable => "notRetryable",
            Self::AttemptsExhausted => "attemptsExhausted",
            Self::TimeExhausted => "timeExhausted",
        }
    }
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The attempt succeeded: return its result.
    Done,
    /// Wait `wait_ms`, then make the next attempt with the same [`CallIds`].
    Retry {
        /// How long to wait.
        wait_ms: u64,
        /// Where the wait came from.
        source: WaitSource,
    },
    /// A 401: ask the token provider for a fresh token (not the cached one), then make
    /// the next attempt at once. Happens at most once per call.
    RefreshTokenAndRetry,
    /// Stop: the last error is the call's error.
    GiveUp(GiveUpReason),
}

/// The retry state of one call.
#[derive(Clone, Debug)]
pub struct RetryState {
    policy: RetryPolicy,
    ids: CallIds,
    start_ms: u64,
    /// Attempts made or in flight (1 during the first).
    attempt: u32,
    /// Retries made because of faults (not counting the token refresh).
    fault_retries: u32,
    can_refresh_token: bool,
    refreshed: bool,
}

impl RetryState {
    /// The state of a call that starts (its first attempt) at `start_ms`.
    pub fn new(policy: RetryPolicy, start_ms: u64, ids: CallIds) -> Self {
        Self {
            policy,
            ids,
            start_ms,
            attempt: 1,
            fault_retries: 0,
            can_refresh_token: false,
            refreshed: false,
        }
    }

    /// Whether a fresh token can be had (a token provider; not a fixed string): only then
    /// is a 401 answered by [`Decision::RefreshTokenAndRetry`].
    pub fn with_token_refresh(mut self, possible: bool) -> Self {
        self.can_refresh_token = possible;
        self
    }

    /// The number of the attempt in flight (1-based).
    pub const fn attempt(&self) -> u32 {
        self.attempt
    }
    /// The call's ids.
    pub const fn ids(&self) -> CallIds {
        self.ids
    }
    /// The policy in force.
    pub const fn policy(&self) -> &RetryPolicy {
        &self.policy
    }
    /// Retries made so far (including a token refresh).
    pub const fn retries(&self) -> u32 {
        self.attempt - 1
    }
    /// Milliseconds since the call started.
    pub const fn elapsed_ms(&self, now_ms: u64) -> u64 {
        now_ms.saturating_sub(self.start_ms)
    }

    /// The context to build this attempt's request with: the same ids on every attempt.
    pub fn context<'a>(&self, token: &'a AccessToken) -> CallContext<'a> {
        CallContext {
            token,
            request_id: self.ids.request_id,
            correlation_id: self.ids.correlation_id,
        }
    }

    /// The decision after an attempt that ended at `now_ms` with `outcome`. `random` is a
    /// uniform random `u32` from the shell, used for the jitter.
    pub fn on_outcome<T>(
        &mut self,
        now_ms: u64,
        outcome: &Result<T, Error>,
        random: u32,
    ) -> Decision {
        match outcome {
            Ok(_) => Decision::Done,
            Err(e) => self.on_error(now_ms, e, random),
        }
    }

    /// The decision after an attempt that failed with `error` at `now_ms`.
    pub fn on_error(&mut self, now_ms: u64, error: &Error, random: u32) -> Decision {
        let elapsed = self.elapsed_ms(now_ms);
        if error.reason() == Some(ErrorReason::Unauthorized) {
            if !self.can_refresh_token || self.refreshed {
                return Decision::GiveUp(GiveUpReason::NotRetryable);
            }
            if elapsed >= self.policy.max_elapsed_ms() {
                return Decision::GiveUp(GiveUpReason::TimeExhausted);
            }
            self.refreshed = true;
            self.attempt += 1;
            return Decision::RefreshTokenAndRetry;
        }
        if !error.is_retryable() {
            return Decision::GiveUp(GiveUpReason::NotRetryable);
        }
        if self.fault_retries + 1 >= self.policy.max_attempts() {
            return Decision::GiveUp(GiveUpReason::AttemptsExhausted);
        }
        let retry = self.fault_retries + 1;
        let (wait_ms, source) = match error.retry_after_ms(now_ms) {
            Some(ms) => (ms, WaitSource::RetryAfter),
            None => (self.policy.backoff_ms(retry, random), WaitSource::Backoff),
        };
        if elapsed.saturating_add(wait_ms) > self.policy.max_elapsed_ms() {
            return Decision::GiveUp(GiveUpReason::TimeExhausted);
        }
        self.fault_retries = retry;
        self.attempt += 1;
        Decision::Retry { wait_ms, source }
    }
}
