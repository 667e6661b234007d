//! Fault injection: a rate and a mix of faults, set at start and at run time
//! (`PUT /emulator/faults`), decided by a seeded RNG so runs can be repeated.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::errors::RetryAfter;

/// One kind of fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FaultKind {
    /// 429 with the throttle body and `Retry-After`; nothing applied.
    #[serde(rename = "429")]
    Throttle,
    /// 500 with an error body; nothing applied.
    #[serde(rename = "500")]
    Internal,
    /// 503 with `Retry-After`; nothing applied.
    #[serde(rename = "503")]
    Unavailable,
    /// A delay (`latencyMs`), then the normal answer.
    #[serde(rename = "latency")]
    Latency,
    /// The connection is closed without a response; nothing applied.
    #[serde(rename = "drop")]
    Drop,
    /// The request is processed (a POST is applied), then the body is cut short and the
    /// connection closed (`Content-Length` promises more than is sent).
    #[serde(rename = "truncate")]
    Truncate,
    /// 502 with an HTML page instead of JSON; nothing applied.
    #[serde(rename = "html")]
    Html,
    /// The request is processed and committed (and kept for replay), then the connection
    /// is closed without a response.
    #[serde(rename = "lostAfterCommit")]
    LostAfterCommit,
}

impl FaultKind {
    /// Every kind.
    pub const ALL: [FaultKind; 8] = [
        Self::Throttle,
        Self::Internal,
        Self::Unavailable,
        Self::Latency,
        Self::Drop,
        Self::Truncate,
        Self::Html,
        Self::LostAfterCommit,
    ];

    /// The name used in JSON and counts.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Throttle => "429",
            Self::Internal => "500",
            Self::Unavailable => "503",
            Self::Latency => "latency",
            Self::Drop => "drop",
            Self::Truncate => "truncate",
            Self::Html => "html",
            Self::LostAfterCommit => "lostAfterCommit",
        }
    }
}

/// How `Retry-After` is written on injected 429/503.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RetryAfterStyle {
    /// `Retry-After: 2`
    #[default]
    Seconds,
    /// `Retry-After: Wed, 21 Oct 2026 07:28:02 GMT`
    HttpDate,
}

/// The fault settings (`PUT /emulator/faults` body).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct FaultConfig {
    /// Fraction of API requests that get a fault, 0 to 1.
    pub rate: f64,
    /// The mix: each faulted request gets one of these, chosen uniformly.
    pub kinds: Vec<FaultKind>,
    /// `[min, max]` added delay of the `latency` fault, in ms.
    pub latency_ms: [u64; 2],
    /// How `Retry-After` is written.
    pub retry_after: RetryAfterStyle,
    /// The wait `Retry-After` asks for, in seconds.
    pub retry_after_seconds: u64,
    /// RNG seed; the same seed and requests give the same faults.
    pub seed: u64,
    /// Answer 429 again to a partner that calls before the `Retry-After` of an injected
    /// 429/503 it was given has passed (as Dev Proxy does): checks that clients honour it.
    pub enforce_retry_after: bool,
}

impl Default for FaultConfig {
    fn default() -> Self {
        Self {
            rate: 0.0,
            kinds: FaultKind::ALL.to_vec(),
            latency_ms: [5, 50],
            retry_after: RetryAfterStyle::Seconds,
            retry_after_seconds: 1,
            seed: 42,
            enforce_retry_after: false,
        }
    }
}

impl FaultConfig {
    /// Checks ranges.
    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.rate) || self.rate.is_nan() {
            return Err(format!("rate must be between 0 and 1, got {}", self.rate));
        }
        if self.rate > 0.0 && self.kinds.is_empty() {
            return Err("kinds must name at least one fault when rate > 0".into());
        }
        let [lo, hi] = self.latency_ms;
        if lo > hi || hi > 60_000 {
            return Err(format!(
                "latencyMs must be [min, max] with min <= max <= 60000, got [{lo}, {hi}]"
            ));
        }
        if self.retry_after_seconds > 3600 {
            return Err("retryAfterSeconds must be at most 3600".into());
        }
        Ok(())
    }

    /// The `Retry-After` value to send now.
    pub fn retry_after_value(&self) -> RetryAfter {
        self.retry_after_for(self.retry_after_seconds)
    }

    /// A `Retry-After` of `seconds`, in the configured style.
    pub fn retry_after_for(&self, seconds: u64) -> RetryAfter {
        match self.retry_after {
            RetryAfterStyle::Seconds => RetryAfter(seconds.to_string()),
            RetryAfterStyle::HttpDate => {
                // An HTTP-date has whole seconds: add one so the wait is never shorter than asked.
                let at = SystemTime::now() + Duration::from_secs(seconds + 1);
                RetryAfter(httpdate::fmt_http_date(at))
            }
        }
    }
}

/// A decision for one request.
#[derive(Clone, Debug)]
pub struct Fault {
    /// Which fault.
    pub kind: FaultKind,
    /// The delay, for `latency`.
    pub delay: Duration,
    /// `Retry-After`, for 429/503.
    pub retry_after: RetryAfter,
    /// Seconds, for the throttle message.
    pub retry_after_seconds: u64,
}

/// SplitMix64: small, fast, seedable.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Debug)]
struct Inner {
    config: FaultConfig,
    rng: Rng,
    injected: BTreeMap<&'static str, u64>,
}

/// Counts for `GET /emulator/faults`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultReport {
    /// The settings in force.
    pub config: FaultConfig,
    /// API requests considered since start or reset.
    pub requests: u64,
    /// Faults injected, by kind.
    pub injected: BTreeMap<&'static str, u64>,
    /// Requests refused by the per-partner rate limit.
    pub rate_limited: u64,
    /// Calls made before a `Retry-After` had passed (answered 429 again; `enforceRetryAfter`).
    pub retried_too_early: u64,
}

/// The fault injector.
#[derive(Debug)]
pub struct Faults {
    active: AtomicBool,
    enforce: AtomicBool,
    requests: AtomicU64,
    rate_limited: AtomicU64,
    retried_too_early: AtomicU64,
    /// Partners told to wait, and until when (`enforceRetryAfter`).
    backoff: Mutex<HashMap<Uuid, Instant>>,
    inner: Mutex<Inner>,
}

impl Faults {
    /// An injector with these settings (checked).
    pub fn new(config: FaultConfig) -> Result<Self, String> {
        let f = Self {
            active: AtomicBool::new(false),
            enforce: AtomicBool::new(false),
            requests: AtomicU64::new(0),
            rate_limited: AtomicU64::new(0),
            retried_too_early: AtomicU64::new(0),
            backoff: Mutex::new(HashMap::new()),
            inner: Mutex::new(Inner {
                config: FaultConfig::default(),
                rng: Rng(0),
                injected: BTreeMap::new(),
            }),
        };
        f.set(config)?;
        Ok(f)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replaces the settings (and reseeds the RNG); counts are kept.
    pub fn set(&self, config: FaultConfig) -> Result<(), String> {
        config.validate()?;
        let mut inner = self.lock();
        self.active.store(config.rate > 0.0, Ordering::Relaxed);
        self.enforce
            .store(config.enforce_retry_after, Ordering::Relaxed);
        inner.rng = Rng(config.seed);
        inner.config = config;
        Ok(())
    }

    /// Zeroes the counts.
    pub fn reset_counts(&self) {
        self.requests.store(0, Ordering::Relaxed);
        self.rate_limited.store(0, Ordering::Relaxed);
        self.retried_too_early.store(0, Ordering::Relaxed);
        self.lock().injected.clear();
        self.backoff
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Decides the fault of one API request (usually none).
    pub fn decide(&self) -> Option<Fault> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if !self.active.load(Ordering::Relaxed) {
            return None;
        }
        let mut guard = self.lock();
        let inner = &mut *guard;
        if inner.rng.unit() >= inner.config.rate || inner.config.kinds.is_empty() {
            return None;
        }
        let n = inner.config.kinds.len() as u64;
        let pick = (inner.rng.next_u64() % n) as usize;
        let kind = inner.config.kinds[pick];
        let [lo, hi] = inner.config.latency_ms;
        let delay = Duration::from_millis(lo + inner.rng.next_u64() % (hi - lo + 1));
        *inner.injected.entry(kind.name()).or_default() += 1;
        Some(Fault {
            kind,
            delay,
            retry_after: inner.config.retry_after_value(),
            retry_after_seconds: inner.config.retry_after_seconds,
        })
    }

    /// A `Retry-After` of `seconds`, in the style in force.
    pub fn report_retry_after(&self, seconds: u64) -> RetryAfter {
        self.lock().config.retry_after_for(seconds)
    }

    /// Whether early retries are refused (`enforceRetryAfter`).
    pub fn enforces_retry_after(&self) -> bool {
        self.enforce.load(Ordering::Relaxed)
    }

    /// Notes that `partner` was told to wait `seconds`.
    pub fn note_backoff(&self, partner: Uuid, seconds: u64, now: Instant) {
        if seconds == 0 {
            return;
        }
        let mut b = self.backoff.lock().unwrap_or_else(|e| e.into_inner());
        let until = now + Duration::from_secs(seconds);
        let e = b.entry(partner).or_insert(until);
        *e = (*e).max(until);
    }

    /// When `partner` calls before its wait is over: the seconds left (rounded up), counted.
    pub fn too_early(&self, partner: Uuid, now: Instant) -> Option<u64> {
        if !self.enforces_retry_after() {
            return None;
        }
        let mut b = self.backoff.lock().unwrap_or_else(|e| e.into_inner());
        let until = *b.get(&partner)?;
        if until <= now {
            b.remove(&partner);
            return None;
        }
        self.retried_too_early.fetch_add(1, Ordering::Relaxed);
        let left = until - now;
        Some(left.as_secs() + u64::from(left.subsec_nanos() > 0))
    }

    /// Counts a request refused by the rate limit.
    pub fn count_rate_limited(&self) {
        self.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    /// Settings and counts.
    pub fn report(&self) -> FaultReport {
        let inner = self.lock();
        FaultReport {
            config: inner.config.clone(),
            requests: self.requests.load(Ordering::Relaxed),
            injected: inner.injected.clone(),
            rate_limited: self.rate_limited.load(Ordering::Relaxed),
            retried_too_early: self.retried_too_early.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests;
