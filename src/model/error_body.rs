#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A Partner Center error `code`: the reference types it as a string, the examples send a
/// number; both are read, and kept as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorCode(pub String);

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for ErrorCode {
    /// Numeric codes are written as numbers (as the service does), others as strings.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.parse::<u64>() {
            Ok(n) => s.serialize_u64(n),
            Err(_) => s.serialize_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor rather than an untagged enum: the same result without serde's
        // buffering of the value (which costs ~3 KB of wasm).
        struct CodeVisitor;
        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = ErrorCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<ErrorCode, E> {
                Ok(ErrorCode(n.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<ErrorCode, E> {
                Ok(ErrorCode(n.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<ErrorCode, E> {
                Ok(ErrorCode(n.to_string()))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<ErrorCode, E> {
                Ok(ErrorCode(s.to_owned()))
            }
        }
        d.deserialize_any(CodeVisitor)
    }
}

/// The error body: `{ code, description, data, source }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// The code (number or string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
    /// Human text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Detail lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<String>>,
    /// e.g. `PartnerFD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The throttle body: `{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 57 seconds." }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThrottleBody {
    /// 429.
    pub status_code: u16,
    /// Human text, with the wait in it.
    pub message: String,
}
