//! The retry policy: how many attempts, how long to back off, how long in all.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::InputError;
use crate::text::Text;

/// Most attempts a caller may ask for.
pub const MAX_ATTEMPTS_LIMIT: u32 = 20;
/// Longest delay a caller may set (base or cap): one hour.
pub const MAX_DELAY_LIMIT_MS: u64 = 3_600_000;
/// Longest total time a caller may set: one day.
pub const MAX_ELAPSED_LIMIT_MS: u64 = 86_400_000;

// The range messages, written out (no number formatting in the `.wasm`); a test derives
// each from its limit.
const ATTEMPTS_RULE: &str = "must be a whole number from 1 to 20";
const DELAY_RULE: &str = "must be at most 3600000 (one hour)";
const ELAPSED_RULE: &str = "must be from 1 to 86400000 (one day)";

/// When and how often a failed call is tried again.
///
/// Retried: 429, 500, 502, 503, 504, network failures, attempt timeouts and damaged
/// bodies ([`crate::Error::is_retryable`]). The wait before retry `n` (1 for the first) is
/// the service's `Retry-After` when it gave one, else a random value in
/// `0..=min(max_delay_ms, base_delay_ms * 2^(n-1))` ("full jitter"). A retry whose wait
/// would end more than `max_elapsed_ms` after the call started is not made: the call gives up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay_ms: u64,
    max_delay_ms: u64,
    max_elapsed_ms: u64,
}

impl Default for RetryPolicy {
    /// 5 attempts, 500 ms base, 30 s largest backoff, 120 s in all.
    fn default() -> Self {
        Self {
            max_attempts: 5,
            base_delay_ms: 500,
            max_delay_ms: 30_000,
            max_elapsed_ms: 120_000,
        }
    }
}

impl RetryPolicy {
    /// A checked policy: `1..=20` attempts, delays up to an hour with
    /// `base_delay_ms <= max_delay_ms`, a total of 1 ms to a day.
    pub fn new(
        max_attempts: u32,
        base_delay_ms: u64,
        max_delay_ms: u64,
        max_elapsed_ms: u64,
    ) -> Result<Self, InputError> {
        if !(1..=MAX_ATTEMPTS_LIMIT).contains(&max_attempts) {
            return Err(InputError::new("retry.maxAttempts", ATTEMPTS_RULE));
        }
        for (field, v) in [
            ("retry.baseDelayMs", base_delay_ms),
            ("retry.maxDelayMs", max_delay_ms),
        ] {
            if v > MAX_DELAY_LIMIT_MS {
                return Err(InputError::new(field, DELAY_RULE));
            }
        }
        if base_delay_ms > max_delay_ms {
            return Err(InputError::new(
                "retry.baseDelayMs",
                Text::new("")
                    .num(base_delay_ms)
                    .push(" is larger than retry.maxDelayMs (")
                    .num(max_delay_ms)
                    .push(")")
                    .done(),
            ));
        }
        if !(1..=MAX_ELAPSED_LIMIT_MS).contains(&max_elapsed_ms) {
            return Err(InputError::new("retry.maxElapsedMs", ELAPSED_RULE));
        }
        Ok(Self {
            max_attempts,
            base_delay_ms,
            max_delay_ms,
            max_elapsed_ms,
        })
    }

    /// One attempt, no retry (a 401 may still be tried once more with a fresh token).
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts in all, the first included.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
    /// The backoff before the first retry is drawn from `0..=base_delay_ms`.
    pub const fn base_delay_ms(&self) -> u64 {
        self.base_delay_ms
    }
    /// The largest backoff (a `Retry-After` may ask for more and is honoured).
    pub const fn max_delay_ms(&self) -> u64 {
        self.max_delay_ms
    }
    /// No retry starts later than this after the call started.
    pub const fn max_elapsed_ms(&self) -> u64 {
        self.max_elapsed_ms
    }
    /// Whether a failed call may be tried again at all.
    pub const fn retries_enabled(&self) -> bool {
        self.max_attempts > 1
    }

    /// The upper bound of the backoff before retry `retry` (1 for the first retry):
    /// `min(max_delay_ms, base_delay_ms * 2^(retry-1))`.
    pub fn backoff_cap_ms(&self, retry: u32) -> u64 {
        let shift = retry.saturating_sub(1).min(63);
        let grown = self.base_delay_ms.checked_shl(shift).unwrap_or(u64::MAX);
        // checked_shl only fails on the shift amount; overflowing bits are caught here.
        let grown = if grown >> shift != self.base_delay_ms {
            u64::MAX
        } else {
            grown
        };
        grown.min(self.max_delay_ms)
    }

    /// The backoff before retry `retry`, full jitter: `random` (uniform over `u32`) mapped
    /// onto `0..=backoff_cap_ms(retry)`.
    pub fn backoff_ms(&self, retry: u32, random: u32) -> u64 {
        let cap = u128::from(self.backoff_cap_ms(retry));
        let wait = ((cap + 1) * u128::from(random)) >> 32;
        u64::try_from(wait).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_messages_name_the_limits() {
        let rule = |head: &str, n: u64, tail: &str| Text::new(head).num(n).push(tail).done();
        let attempts = u64::from(MAX_ATTEMPTS_LIMIT);
        assert_eq!(
            ATTEMPTS_RULE,
            rule("must be a whole number from 1 to ", attempts, "")
        );
        let delay = rule("must be at most ", MAX_DELAY_LIMIT_MS, " (one hour)");
        assert_eq!(DELAY_RULE, delay);
        let elapsed = rule("must be from 1 to ", MAX_ELAPSED_LIMIT_MS, " (one day)");
        assert_eq!(ELAPSED_RULE, elapsed);
        let e = RetryPolicy::new(0, 0, 0, 1).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("retry.maxAttempts", ATTEMPTS_RULE)
        );
    }

    #[test]
    fn defaults() {
        let p = RetryPolicy::default();
        assert_eq!(p.max_attempts(), 5);
        assert_eq!(p.base_delay_ms(), 500);
        assert_eq!(p.max_delay_ms(), 30_000);
        assert_eq!(p.max_elapsed_ms(), 120_000);
        assert!(p.retries_enabled());
        assert!(!RetryPolicy::disabled().retries_enabled());
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
    }

    #[test]
    fn new_checks_every_bound() {
        assert!(RetryPolicy::new(1, 0, 0, 1).is_ok());
        assert!(RetryPolicy::new(20, 3_600_000, 3_600_000, 86_400_000).is_ok());
        let field = |r: Result<RetryPolicy, InputError>| r.unwrap_err().field;
        assert_eq!(field(RetryPolicy::new(0, 1, 1, 1)), "retry.maxAttempts");
        assert_eq!(field(RetryPolicy::new(21, 1, 1, 1)), "retry.maxAttempts");
        assert_eq!(
            field(RetryPolicy::new(3, 3_600_001, 3_600_001, 1)),
            "retry.baseDelayMs"
        );
        assert_eq!(
            field(RetryPolicy::new(3, 1, 3_600_001, 1)),
            "retry.maxDelayMs"
        );
        assert_eq!(field(RetryPolicy::new(3, 10, 9, 1)), "retry.baseDelayMs");
        assert_eq!(field(RetryPolicy::new(3, 1, 1, 0)), "retry.maxElapsedMs");
        assert_eq!(
            field(RetryPolicy::new(3, 1, 1, 86_400_001)),
            "retry.maxElapsedMs"
        );
    }

    #[test]
    fn backoff_cap_doubles_up_to_the_max() {
        let p = RetryPolicy::default();
        let caps: Vec<u64> = (1..=9).map(|n| p.backoff_cap_ms(n)).collect();
        assert_eq!(
            caps,
            [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]
        );
        // Retry 0 is read as the first; huge retry numbers never overflow.
        assert_eq!(p.backoff_cap_ms(0), 500);
        for n in [63, 64, 65, 1000, u32::MAX] {
            assert_eq!(p.backoff_cap_ms(n), 30_000, "{n}");
        }
        let big = RetryPolicy::new(20, 3_600_000, 3_600_000, 1).unwrap();
        for n in 0..200 {
            assert_eq!(big.backoff_cap_ms(n), 3_600_000);
        }
        let zero = RetryPolicy::new(5, 0, 0, 1).unwrap();
        assert!((0..100).all(|n| zero.backoff_ms(n, u32::MAX) == 0));
    }

    #[test]
    fn full_jitter_stays_within_zero_and_the_cap() {
        let p = RetryPolicy::default();
        for retry in 1..=20 {
            let cap = p.backoff_cap_ms(retry);
            assert_eq!(p.backoff_ms(retry, 0), 0);
            assert_eq!(p.backoff_ms(retry, u32::MAX), cap);
            assert_eq!(p.backoff_ms(retry, 1 << 31), cap.div_ceil(2));
            let mut prev = 0;
            // Monotonic in the random input, never above the cap.
            for r in (0..=u32::MAX).step_by(65_537) {
                let w = p.backoff_ms(retry, r);
                assert!(w <= cap && w >= prev, "retry {retry} r {r}: {w}");
                prev = w;
            }
        }
    }

    #[test]
    fn full_jitter_covers_the_range_evenly() {
        // A fixed xorshift stream stands in for the shell's random numbers.
        let mut x: u32 = 0x9e37_79b9;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        let p = RetryPolicy::default();
        let cap = p.backoff_cap_ms(3) as f64; // 2000 ms
        let n = 100_000;
        let mut buckets = [0u32; 10];
        let mut sum = 0.0;
        for _ in 0..n {
            let w = p.backoff_ms(3, next()) as f64;
            sum += w;
            let b = ((w / (cap + 1.0)) * 10.0) as usize;
            buckets[b] += 1;
        }
        let mean = sum / f64::from(n);
        assert!((mean - cap / 2.0).abs() < cap * 0.01, "mean {mean}");
        for (i, c) in buckets.iter().enumerate() {
            let share = f64::from(*c) / f64::from(n);
            assert!((share - 0.1).abs() < 0.01, "bucket {i}: {share}");
        }
    }
}
