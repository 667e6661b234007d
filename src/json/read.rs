//! Reading JSON text into a small tree ([`Json`]). Strict RFC 8259: one value, no trailing
//! characters, no comments; lone surrogate escapes refused (as serde_json does).

#[allow(unused_imports)]
use crate::prelude::*;

/// How deep arrays and objects may nest (serde_json's limit).
pub const MAX_DEPTH: usize = 128;

/// A JSON value. Numbers keep their text (see [`Json::as_u64`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, escapes decoded.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object: its members in order (a repeated key keeps both; [`Json::get`] finds the first).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object (`None` for other values or a missing key).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Self::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The member `key`, with `null` read as absent (how JavaScript callers say "none").
    pub fn member(&self, key: &str) -> Option<&Json> {
        self.get(key).filter(|v| !matches!(v, Self::Null))
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Self::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A number that is a whole, non-negative integer written without fraction or
    /// exponent (`30000`, not `3e4` or `2.5`), within `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Number(text) => parse_u64(text),
            _ => None,
        }
    }

    /// What kind of value this is, for error messages: `a string`, `a number`...
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Array(_) => "an array",
            Self::Object(_) => "an object",
        }
    }
}

/// Decimal digits only, no sign, no leading zeros beyond `0` itself, within `u64`.
fn parse_u64(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.len() > 1 && bytes.first() == Some(&b'0') {
        return None;
    }
    crate::text::decimal(bytes)
}

/// Parses one JSON value (surrounding whitespace allowed). The error says what was wrong.
/// The reader is the shape reader's (`src/shape/tree.rs`): one JSON reader in the `.wasm`.
pub fn parse(text: &str) -> Result<Json, &'static str> {
    crate::shape::parse_tree(text)
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
