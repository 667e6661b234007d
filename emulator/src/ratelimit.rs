//! The rate limit: a token bucket of `N` requests per second (burst `N`) per partner, or
//! per partner and customer (the service counts either way), answered like the real
//! throttle (429, `Retry-After` in seconds or as an HTTP-date, the throttle body) when
//! empty. Set at start (`--rate-limit`) and at run time (`PUT /emulator/ratelimit`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::errors::RetryAfter;
use crate::faults::RetryAfterStyle;

/// The settings (`PUT /emulator/ratelimit` body; `GET` answers them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RateLimitConfig {
    /// Requests per second (and burst); `null`: no limit.
    pub requests_per_second: Option<u32>,
    /// One bucket per partner and customer instead of one per partner.
    pub per_customer: bool,
    /// How `Retry-After` is written on its 429s.
    pub retry_after: RetryAfterStyle,
}

impl RateLimitConfig {
    /// Checks ranges.
    pub fn validate(&self) -> Result<(), String> {
        match self.requests_per_second {
            Some(0) => Err("requestsPerSecond must be at least 1 (null: no limit)".into()),
            Some(n) if n > 100_000 => Err("requestsPerSecond must be at most 100000".into()),
            _ => Ok(()),
        }
    }
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

#[derive(Debug, Default)]
struct Inner {
    config: RateLimitConfig,
    buckets: HashMap<(Uuid, Option<String>), Bucket>,
}

/// The limiter.
#[derive(Debug, Default)]
pub struct RateLimit {
    inner: Mutex<Inner>,
}

/// A refused request: the whole seconds to wait and the header saying so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// Seconds until a token is there (at least 1).
    pub seconds: u64,
    /// `Retry-After`, in the configured style.
    pub retry_after: RetryAfter,
}

impl RateLimit {
    /// `per_second` requests per second for each partner (`None`: unlimited).
    pub fn new(per_second: Option<u32>) -> Self {
        let r = Self::default();
        let _ = r.set(RateLimitConfig {
            requests_per_second: per_second.filter(|n| *n > 0),
            ..RateLimitConfig::default()
        });
        r
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replaces the settings; the buckets start full again.
    pub fn set(&self, config: RateLimitConfig) -> Result<(), String> {
        config.validate()?;
        let mut inner = self.lock();
        inner.config = config;
        inner.buckets.clear();
        Ok(())
    }

    /// The settings in force.
    pub fn config(&self) -> RateLimitConfig {
        self.lock().config.clone()
    }

    /// Takes a token for `partner` (and `customer`, when counted per customer).
    pub fn check(
        &self,
        partner: Uuid,
        customer: Option<&str>,
        now: Instant,
    ) -> Result<(), Refused> {
        let mut guard = self.lock();
        let inner = &mut *guard;
        let Some(n) = inner.config.requests_per_second else {
            return Ok(());
        };
        let per_second = f64::from(n);
        let customer = customer
            .filter(|_| inner.config.per_customer)
            .map(str::to_ascii_lowercase);
        let b = inner.buckets.entry((partner, customer)).or_insert(Bucket {
            tokens: per_second,
            last: now,
        });
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * per_second).min(per_second);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            return Ok(());
        }
        let seconds = (((1.0 - b.tokens) / per_second).ceil() as u64).max(1);
        let retry_after = crate::faults::FaultConfig {
            retry_after: inner.config.retry_after,
            ..crate::faults::FaultConfig::default()
        }
        .retry_after_for(seconds);
        Err(Refused {
            seconds,
            retry_after,
        })
    }
}

/// The customer id of an API path (`/v1/customers/{id}/...`), as sent.
pub fn customer_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/v1/customers/")?;
    Some(rest.split('/').next().unwrap_or(rest)).filter(|c| !c.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bucket_refills_per_partner() {
        let r = RateLimit::new(Some(5));
        let t0 = Instant::now();
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        for _ in 0..5 {
            assert!(r.check(a, Some("c1"), t0).is_ok());
        }
        let refused = r.check(a, Some("c2"), t0).unwrap_err();
        assert_eq!(refused.seconds, 1);
        assert_eq!(refused.retry_after, RetryAfter("1".into()));
        assert!(
            r.check(b, None, t0).is_ok(),
            "another partner has its own bucket"
        );
        assert!(r.check(a, None, t0 + Duration::from_millis(250)).is_ok());
        assert!(r.check(a, None, t0 + Duration::from_millis(250)).is_err());
    }

    #[test]
    fn per_customer_buckets_and_run_time_changes() {
        let r = RateLimit::new(None);
        let t0 = Instant::now();
        let a = Uuid::from_u128(1);
        assert!((0..1000).all(|_| r.check(a, None, t0).is_ok()), "no limit");
        r.set(RateLimitConfig {
            requests_per_second: Some(2),
            per_customer: true,
            retry_after: RetryAfterStyle::HttpDate,
        })
        .unwrap();
        for c in ["c1", "C1"] {
            assert!(r.check(a, Some(c), t0).is_ok());
        }
        let refused = r.check(a, Some("c1"), t0).unwrap_err();
        assert!(
            refused.retry_after.0.ends_with(" GMT"),
            "{:?}",
            refused.retry_after
        );
        assert!(
            r.check(a, Some("c2"), t0).is_ok(),
            "another customer, another bucket"
        );
        assert!(
            r.set(RateLimitConfig {
                requests_per_second: Some(0),
                ..Default::default()
            })
            .is_err()
        );
        assert_eq!(r.config().requests_per_second, Some(2));
    }

    #[test]
    fn customer_from_the_path() {
        assert_eq!(
            customer_of("/v1/customers/abc/users/u/licenses"),
            Some("abc")
        );
        assert_eq!(customer_of("/v1/customers/abc"), Some("abc"));
        assert_eq!(customer_of("/v1/customers/"), None);
        assert_eq!(customer_of("/emulator/state"), None);
    }
}
