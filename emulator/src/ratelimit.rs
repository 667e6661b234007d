//! A per-partner token bucket: `N` requests per second (burst `N`), answered like the
//! real throttle (429, `Retry-After`, the throttle body) when empty.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use uuid::Uuid;

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// The limiter.
#[derive(Debug)]
pub struct RateLimit {
    per_second: f64,
    buckets: Mutex<HashMap<Uuid, Bucket>>,
}

impl RateLimit {
    /// `per_second` requests per second for each partner.
    pub fn new(per_second: u32) -> Self {
        Self {
            per_second: f64::from(per_second.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `partner`; `Err(seconds to wait)` when none is left.
    pub fn check(&self, partner: Uuid, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let b = buckets.entry(partner).or_insert(Bucket {
            tokens: self.per_second,
            last: now,
        });
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.per_second).min(self.per_second);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - b.tokens) / self.per_second;
            Err((wait.ceil() as u64).max(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bucket_refills_per_partner() {
        let r = RateLimit::new(5);
        let t0 = Instant::now();
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        for _ in 0..5 {
            assert!(r.check(a, t0).is_ok());
        }
        assert_eq!(r.check(a, t0), Err(1));
        assert!(r.check(b, t0).is_ok(), "another partner has its own bucket");
        assert!(r.check(a, t0 + Duration::from_millis(250)).is_ok());
        assert!(r.check(a, t0 + Duration::from_millis(250)).is_err());
    }
}
