//! The caller's resilience options (`retry`, `timeoutMs`), as JavaScript writes them, and
//! their checking into a [`RetryPolicy`] and an attempt timeout.

use std::fmt;

use serde::de::{self, MapAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Deserializer};

use super::policy::{MAX_DELAY_LIMIT_MS, RetryPolicy};
use crate::error::InputError;

/// The default per-attempt timeout: 30 s.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// The longest per-attempt timeout a caller may set: 10 minutes.
pub const MAX_TIMEOUT_MS: u64 = 600_000;

/// `retry: { maxAttempts, baseDelayMs, maxDelayMs, maxElapsedMs }`, every field optional
/// (absent: the default). Numbers are read as JavaScript sends them and checked by
/// [`ResilienceOptions::resolve`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RetryOptions {
    /// Attempts in all, the first included (1 turns retries off).
    pub max_attempts: Option<f64>,
    /// Backoff base in ms.
    pub base_delay_ms: Option<f64>,
    /// Largest backoff in ms.
    pub max_delay_ms: Option<f64>,
    /// Total time budget in ms.
    pub max_elapsed_ms: Option<f64>,
}

/// `retry: false` (no retries), `retry: true` (the defaults) or `retry: { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub enum RetrySetting {
    /// `true`: the default policy; `false`: one attempt.
    Switch(bool),
    /// Individual settings.
    Options(RetryOptions),
}

impl<'de> Deserialize<'de> for RetrySetting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RetrySetting;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "false, true or an object { maxAttempts, baseDelayMs, maxDelayMs, maxElapsedMs }",
                )
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RetrySetting, E> {
                Ok(RetrySetting::Switch(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RetrySetting, A::Error> {
                RetryOptions::deserialize(MapAccessDeserializer::new(map))
                    .map(RetrySetting::Options)
            }
        }
        d.deserialize_any(V)
    }
}

/// The resilience part of the client options; other fields are ignored, so a shell can
/// read it from the same object as [`crate::ClientOptions`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResilienceOptions {
    /// `retry`; absent or `null`: the defaults.
    pub retry: Option<RetrySetting>,
    /// Per-attempt timeout in ms; absent: [`DEFAULT_TIMEOUT_MS`].
    pub timeout_ms: Option<f64>,
}

/// Checked resilience settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resilience {
    /// When to retry.
    pub policy: RetryPolicy,
    /// How long one attempt may take before it is abandoned (and counts as a timeout).
    pub timeout_ms: u64,
}

impl Default for Resilience {
    fn default() -> Self {
        Self {
            policy: RetryPolicy::default(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

impl ResilienceOptions {
    /// Checks the options: whole, finite, in range; a clear [`InputError`] otherwise.
    pub fn resolve(&self) -> Result<Resilience, InputError> {
        let policy = match &self.retry {
            None | Some(RetrySetting::Switch(true)) => RetryPolicy::default(),
            Some(RetrySetting::Switch(false)) => RetryPolicy::disabled(),
            Some(RetrySetting::Options(o)) => o.resolve()?,
        };
        let timeout_ms = match self.timeout_ms {
            None => DEFAULT_TIMEOUT_MS,
            Some(v) => whole("timeoutMs", v, 1, MAX_TIMEOUT_MS)?,
        };
        Ok(Resilience { policy, timeout_ms })
    }
}

/// Reads the resilience options from the client options' JSON text (`JSON.stringify` of the
/// JavaScript object; other fields are ignored) and checks them.
pub fn resilience_from_json(json: &str) -> Result<Resilience, InputError> {
    crate::options::from_json::<ResilienceOptions>("options", json)?.resolve()
}

impl RetryOptions {
    /// The policy these options describe (defaults where a field is absent).
    pub fn resolve(&self) -> Result<RetryPolicy, InputError> {
        let d = RetryPolicy::default();
        let max_attempts = match self.max_attempts {
            None => d.max_attempts(),
            Some(v) => u32::try_from(whole(
                "retry.maxAttempts",
                v,
                1,
                u64::from(super::policy::MAX_ATTEMPTS_LIMIT),
            )?)
            .unwrap_or(u32::MAX),
        };
        let base = opt(
            "retry.baseDelayMs",
            self.base_delay_ms,
            0,
            MAX_DELAY_LIMIT_MS,
        )?;
        let max = opt("retry.maxDelayMs", self.max_delay_ms, 0, MAX_DELAY_LIMIT_MS)?;
        // Only one of the two delays given: keep them consistent rather than fail.
        let (base, max) = match (base, max) {
            (Some(b), Some(m)) => (b, m),
            (Some(b), None) => (b, d.max_delay_ms().max(b)),
            (None, Some(m)) => (d.base_delay_ms().min(m), m),
            (None, None) => (d.base_delay_ms(), d.max_delay_ms()),
        };
        let elapsed = opt(
            "retry.maxElapsedMs",
            self.max_elapsed_ms,
            1,
            super::policy::MAX_ELAPSED_LIMIT_MS,
        )?
        .unwrap_or(d.max_elapsed_ms());
        RetryPolicy::new(max_attempts, base, max, elapsed)
    }
}

fn opt(field: &str, v: Option<f64>, min: u64, max: u64) -> Result<Option<u64>, InputError> {
    v.map(|v| whole(field, v, min, max)).transpose()
}

/// A JavaScript number that must be a whole number in `min..=max`.
fn whole(field: &str, v: f64, min: u64, max: u64) -> Result<u64, InputError> {
    // The casts below are exact: v is whole and within 0..=max (< 2^53).
    #[allow(clippy::cast_precision_loss)]
    let ok = v.is_finite() && v.fract() == 0.0 && v >= min as f64 && v <= max as f64;
    if !ok {
        return Err(InputError::new(
            field,
            format!("{v} is not a whole number from {min} to {max}"),
        ));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(v as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<ResilienceOptions, serde_json::Error> {
        serde_json::from_str(json)
    }

    fn resolve(json: &str) -> Result<Resilience, InputError> {
        parse(json).unwrap().resolve()
    }

    #[test]
    fn absent_true_and_null_are_the_defaults() {
        for j in [
            "{}",
            r#"{"retry":true}"#,
            r#"{"retry":null}"#,
            r#"{"retry":{}}"#,
            r#"{"token":"x","baseUrl":"y","onEvent":1}"#,
        ] {
            assert_eq!(resolve(j).unwrap(), Resilience::default(), "{j}");
        }
        assert_eq!(Resilience::default().timeout_ms, 30_000);
    }

    #[test]
    fn retry_false_and_one_attempt_turn_retries_off() {
        for j in [r#"{"retry":false}"#, r#"{"retry":{"maxAttempts":1}}"#] {
            let r = resolve(j).unwrap();
            assert!(!r.policy.retries_enabled(), "{j}");
            assert_eq!(r.policy.max_attempts(), 1);
        }
    }

    #[test]
    fn every_field_is_read() {
        let r = resolve(
            r#"{"timeoutMs":2500,"retry":{"maxAttempts":3,"baseDelayMs":10,"maxDelayMs":80,"maxElapsedMs":5000}}"#,
        )
        .unwrap();
        assert_eq!(r.timeout_ms, 2500);
        assert_eq!(r.policy, RetryPolicy::new(3, 10, 80, 5000).unwrap());
    }

    #[test]
    fn one_delay_alone_keeps_the_pair_consistent() {
        let p = resolve(r#"{"retry":{"baseDelayMs":60000}}"#)
            .unwrap()
            .policy;
        assert_eq!((p.base_delay_ms(), p.max_delay_ms()), (60_000, 60_000));
        let p = resolve(r#"{"retry":{"maxDelayMs":100}}"#).unwrap().policy;
        assert_eq!((p.base_delay_ms(), p.max_delay_ms()), (100, 100));
        let p = resolve(r#"{"retry":{"baseDelayMs":0}}"#).unwrap().policy;
        assert_eq!((p.base_delay_ms(), p.max_delay_ms()), (0, 30_000));
    }

    #[test]
    fn bad_numbers_are_input_errors_naming_the_field() {
        let cases = [
            (r#"{"retry":{"maxAttempts":0}}"#, "retry.maxAttempts"),
            (r#"{"retry":{"maxAttempts":21}}"#, "retry.maxAttempts"),
            (r#"{"retry":{"maxAttempts":2.5}}"#, "retry.maxAttempts"),
            (r#"{"retry":{"maxAttempts":-1}}"#, "retry.maxAttempts"),
            (r#"{"retry":{"baseDelayMs":-5}}"#, "retry.baseDelayMs"),
            (r#"{"retry":{"baseDelayMs":1e300}}"#, "retry.baseDelayMs"),
            (r#"{"retry":{"maxDelayMs":3600001}}"#, "retry.maxDelayMs"),
            (
                r#"{"retry":{"baseDelayMs":10,"maxDelayMs":5}}"#,
                "retry.baseDelayMs",
            ),
            (r#"{"retry":{"maxElapsedMs":0}}"#, "retry.maxElapsedMs"),
            (r#"{"timeoutMs":0}"#, "timeoutMs"),
            (r#"{"timeoutMs":600001}"#, "timeoutMs"),
            (r#"{"timeoutMs":0.5}"#, "timeoutMs"),
        ];
        for (j, field) in cases {
            assert_eq!(resolve(j).unwrap_err().field, field, "{j}");
        }
        // Non-finite numbers (JavaScript can send them; JSON cannot).
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let o = ResilienceOptions {
                timeout_ms: Some(v),
                ..Default::default()
            };
            assert_eq!(o.resolve().unwrap_err().field, "timeoutMs");
            let o = ResilienceOptions {
                retry: Some(RetrySetting::Options(RetryOptions {
                    max_attempts: Some(v),
                    ..Default::default()
                })),
                ..Default::default()
            };
            assert_eq!(o.resolve().unwrap_err().field, "retry.maxAttempts");
        }
    }

    #[test]
    fn from_client_options_json() {
        assert_eq!(resilience_from_json("null").unwrap(), Resilience::default());
        let r = resilience_from_json(
            r#"{"baseUrl":"http://x","locale":"en-US","timeoutMs":900,"retry":false}"#,
        )
        .unwrap();
        assert_eq!(r.timeout_ms, 900);
        assert!(!r.policy.retries_enabled());
        let e = resilience_from_json(r#"{"retry":{"maxAttempt":3}}"#).unwrap_err();
        assert_eq!(e.field, "options");
        assert!(e.message.contains("maxAttempts"), "{e}");
        let e = resilience_from_json(r#"{"retry":{"maxAttempts":0}}"#).unwrap_err();
        assert_eq!(e.field, "retry.maxAttempts");
    }

    #[test]
    fn wrong_shapes_are_refused_with_a_useful_message() {
        let e = parse(r#"{"retry":{"maxAttempt":3}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("maxAttempt") && e.contains("maxAttempts"), "{e}");
        let e = parse(r#"{"retry":"yes"}"#).unwrap_err().to_string();
        assert!(e.contains("false, true or an object"), "{e}");
        let e = parse(r#"{"retry":3}"#).unwrap_err().to_string();
        assert!(e.contains("false, true or an object"), "{e}");
        let e = parse(r#"{"retry":{"maxAttempts":"3"}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("string"), "{e}");
        assert!(parse(r#"{"timeoutMs":"5"}"#).is_err());
    }
}
