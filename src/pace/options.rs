//! The `rateLimit` client option: absent or `true` (learn the pace), `false` (no gate),
//! `{ requestsPerSecond }` (a fixed pace).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::InputError;
use crate::json::Json;

/// The highest fixed pace a caller may set.
pub const MAX_REQUESTS_PER_SECOND: u64 = 10_000;

/// How a client paces its calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RateLimit {
    /// No gate: each call backs off by itself.
    Off,
    /// Learn the pace from 429s (the default).
    #[default]
    Learn,
    /// At most this many requests per second, from the first call.
    Fixed(u32),
}

const SHAPE: &str = "must be false, true or { requestsPerSecond }";
const PER_SECOND: &str = "must be a whole number from 1 to 10000";

impl RateLimit {
    /// Reads `rateLimit` from the client options (other members are ignored).
    pub fn from_json(options: &Json) -> Result<Self, InputError> {
        match options.member("rateLimit") {
            None | Some(Json::Null) | Some(Json::Bool(true)) => Ok(Self::Learn),
            Some(Json::Bool(false)) => Ok(Self::Off),
            Some(Json::Object(members)) => match members.as_slice() {
                [(name, value)] if name == "requestsPerSecond" => match value.as_u64() {
                    Some(n @ 1..=MAX_REQUESTS_PER_SECOND) => Ok(Self::Fixed(n as u32)),
                    _ => Err(InputError::new("rateLimit.requestsPerSecond", PER_SECOND)),
                },
                _ => Err(InputError::new("rateLimit", SHAPE)),
            },
            Some(_) => Err(InputError::new("rateLimit", SHAPE)),
        }
    }
}

/// Reads `rateLimit` from the client options' JSON text and checks it.
pub fn rate_limit_from_json(json: &str) -> Result<RateLimit, InputError> {
    let options = crate::options::parse_json("options", json)?;
    RateLimit::from_json(&options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read() {
        for (j, want) in [
            ("null", RateLimit::Learn),
            ("{}", RateLimit::Learn),
            (r#"{"rateLimit":true}"#, RateLimit::Learn),
            (r#"{"rateLimit":null}"#, RateLimit::Learn),
            (r#"{"rateLimit":false}"#, RateLimit::Off),
            (
                r#"{"rateLimit":{"requestsPerSecond":15}}"#,
                RateLimit::Fixed(15),
            ),
            (
                r#"{"baseUrl":"x","rateLimit":{"requestsPerSecond":1}}"#,
                RateLimit::Fixed(1),
            ),
        ] {
            assert_eq!(rate_limit_from_json(j).unwrap(), want, "{j}");
        }
    }

    #[test]
    fn bad_settings_name_the_field() {
        for (j, field, words) in [
            (r#"{"rateLimit":3}"#, "rateLimit", "false, true or {"),
            (r#"{"rateLimit":"fast"}"#, "rateLimit", "false, true or {"),
            (
                r#"{"rateLimit":{"rps":3}}"#,
                "rateLimit",
                "requestsPerSecond",
            ),
            (r#"{"rateLimit":{}}"#, "rateLimit", "requestsPerSecond"),
            (
                r#"{"rateLimit":{"requestsPerSecond":3,"burst":2}}"#,
                "rateLimit",
                "requestsPerSecond",
            ),
            (
                r#"{"rateLimit":{"requestsPerSecond":0}}"#,
                "rateLimit.requestsPerSecond",
                "must be a whole number from 1 to 10000",
            ),
            (
                r#"{"rateLimit":{"requestsPerSecond":2.5}}"#,
                "rateLimit.requestsPerSecond",
                "whole number",
            ),
            (
                r#"{"rateLimit":{"requestsPerSecond":10001}}"#,
                "rateLimit.requestsPerSecond",
                "from 1 to 10000",
            ),
            (
                r#"{"rateLimit":{"requestsPerSecond":"5"}}"#,
                "rateLimit.requestsPerSecond",
                "whole number",
            ),
        ] {
            let e = rate_limit_from_json(j).unwrap_err();
            assert_eq!(e.field, field, "{j}");
            assert!(e.message.contains(words), "{j}: {}", e.message);
        }
    }
}
