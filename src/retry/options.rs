//! The caller's resilience options (`retry`, `timeoutMs`), as JavaScript writes them, and
//! their checking into a [`RetryPolicy`] and an attempt timeout.

#[allow(unused_imports)]
use crate::prelude::*;

use super::policy::{MAX_DELAY_LIMIT_MS, RetryPolicy};
use crate::error::InputError;
use crate::json::{Json, push_u64};

/// The default per-attempt timeout: 30 s.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// The longest per-attempt timeout a caller may set: 10 minutes.
pub const MAX_TIMEOUT_MS: u64 = 600_000;

/// `retry: { maxAttempts, baseDelayMs, maxDelayMs, maxElapsedMs }`, every field optional
/// (absent: the default), checked by [`ResilienceOptions::resolve`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetryOptions {
    /// Attempts in all, the first included (1 turns retries off).
    pub max_attempts: Option<u64>,
    /// Backoff base in ms.
    pub base_delay_ms: Option<u64>,
    /// Largest backoff in ms.
    pub max_delay_ms: Option<u64>,
    /// Total time budget in ms.
    pub max_elapsed_ms: Option<u64>,
}

/// `retry: false` (no retries), `retry: true` (the defaults) or `retry: { ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RetrySetting {
    /// `true`: the default policy; `false`: one attempt.
    Switch(bool),
    /// Individual settings.
    Options(RetryOptions),
}

/// The resilience part of the client options; other fields are ignored, so a shell can
/// read it from the same object as [`crate::ClientOptions`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResilienceOptions {
    /// `retry`; absent or `null`: the defaults.
    pub retry: Option<RetrySetting>,
    /// Per-attempt timeout in ms; absent: [`DEFAULT_TIMEOUT_MS`].
    pub timeout_ms: Option<u64>,
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

const RETRY_FIELDS: [(&str, &str); 4] = [
    ("maxAttempts", "retry.maxAttempts"),
    ("baseDelayMs", "retry.baseDelayMs"),
    ("maxDelayMs", "retry.maxDelayMs"),
    ("maxElapsedMs", "retry.maxElapsedMs"),
];

impl ResilienceOptions {
    /// Reads `retry` and `timeoutMs` from the client options (other members are ignored).
    /// Numbers must be whole and written plainly (`JSON.stringify` of a JavaScript number).
    pub fn from_json(options: &Json) -> Result<Self, InputError> {
        let retry = match options.member("retry") {
            None => None,
            Some(Json::Bool(on)) => Some(RetrySetting::Switch(*on)),
            Some(Json::Object(members)) => {
                let mut o = RetryOptions::default();
                for (key, value) in members {
                    let Some(i) = RETRY_FIELDS.iter().position(|(k, _)| *k == key) else {
                        return Err(InputError::new(
                            "retry",
                            crate::text::cat(&[
                                "has an unknown field ",
                                &crate::error::quote(key),
                                "; expected maxAttempts, baseDelayMs, maxDelayMs or maxElapsedMs",
                            ]),
                        ));
                    };
                    let n = whole_number(RETRY_FIELDS[i].1, value)?;
                    let slot = match i {
                        0 => &mut o.max_attempts,
                        1 => &mut o.base_delay_ms,
                        2 => &mut o.max_delay_ms,
                        _ => &mut o.max_elapsed_ms,
                    };
                    *slot = n;
                }
                Some(RetrySetting::Options(o))
            }
            Some(_) => {
                return Err(InputError::new(
                    "retry",
                    "must be false, true or an object { maxAttempts, baseDelayMs, maxDelayMs, maxElapsedMs }",
                ));
            }
        };
        let timeout_ms = match options.member("timeoutMs") {
            None => None,
            Some(v) => whole_number("timeoutMs", v)?,
        };
        Ok(Self { retry, timeout_ms })
    }

    /// Checks the options: in range; a clear [`InputError`] otherwise.
    pub fn resolve(&self) -> Result<Resilience, InputError> {
        let policy = match &self.retry {
            None | Some(RetrySetting::Switch(true)) => RetryPolicy::default(),
            Some(RetrySetting::Switch(false)) => RetryPolicy::disabled(),
            Some(RetrySetting::Options(o)) => o.resolve()?,
        };
        let timeout_ms =
            opt("timeoutMs", self.timeout_ms, 1, MAX_TIMEOUT_MS)?.unwrap_or(DEFAULT_TIMEOUT_MS);
        Ok(Resilience { policy, timeout_ms })
    }
}

/// Reads the resilience options from the client options' JSON text (`JSON.stringify` of the
/// JavaScript object; other fields are ignored) and checks them.
pub fn resilience_from_json(json: &str) -> Result<Resilience, InputError> {
    let options = crate::options::parse_json("options", json)?;
    ResilienceOptions::from_json(&options)?.resolve()
}

impl RetryOptions {
    /// The policy these options describe (defaults where a field is absent).
    pub fn resolve(&self) -> Result<RetryPolicy, InputError> {
        let d = RetryPolicy::default();
        let max_attempts = opt(
            "retry.maxAttempts",
            self.max_attempts,
            1,
            u64::from(super::policy::MAX_ATTEMPTS_LIMIT),
        )?
        .map_or(d.max_attempts(), |n| u32::try_from(n).unwrap_or(u32::MAX));
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

/// `min..=max`, or an error naming the range.
fn opt(field: &str, v: Option<u64>, min: u64, max: u64) -> Result<Option<u64>, InputError> {
    match v {
        Some(n) if n < min || n > max => {
            let mut text = String::new();
            push_u64(&mut text, n);
            Err(not_whole(field, &text, min, max))
        }
        _ => Ok(v),
    }
}

/// A JSON number that must be a plain whole number (`null`: absent).
fn whole_number(field: &str, value: &Json) -> Result<Option<u64>, InputError> {
    match value {
        Json::Null => Ok(None),
        Json::Number(text) => value
            .as_u64()
            .map(Some)
            .ok_or_else(|| not_whole(field, text, 0, u64::MAX)),
        other => Err(InputError::new(
            field,
            crate::text::cat(&["must be a number, not ", other.kind()]),
        )),
    }
}

fn not_whole(field: &str, text: &str, min: u64, max: u64) -> InputError {
    let mut message = String::from(text);
    if max == u64::MAX {
        message.push_str(" is not a whole number");
    } else {
        message.push_str(" is not a whole number from ");
        push_u64(&mut message, min);
        message.push_str(" to ");
        push_u64(&mut message, max);
    }
    InputError::new(field, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<ResilienceOptions, InputError> {
        ResilienceOptions::from_json(&crate::json::parse(json).unwrap())
    }

    fn resolve(json: &str) -> Result<Resilience, InputError> {
        parse(json)?.resolve()
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
        // JSON.stringify writes NaN and Infinity as null: the default.
        assert_eq!(
            resolve(r#"{"timeoutMs":null}"#).unwrap().timeout_ms,
            DEFAULT_TIMEOUT_MS
        );
        let e = resolve(r#"{"retry":{"maxAttempts":2.5}}"#).unwrap_err();
        assert_eq!(e.message, "2.5 is not a whole number");
        let e = resolve(r#"{"retry":{"maxAttempts":21}}"#).unwrap_err();
        assert_eq!(e.message, "21 is not a whole number from 1 to 20");
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
        assert_eq!(e.field, "retry");
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
