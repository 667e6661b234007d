//! The JSON tree reader behind [`crate::json::parse`] (options, inputs, error bodies), built
//! on the shape reader's scalars: its strings (the word-at-a-time run scan, the escapes),
//! numbers, literals and white space, so the `.wasm` carries one JSON reader. Only the tree
//! (arrays and objects kept) and the tree reader's own messages are here.

#[allow(unused_imports)]
use crate::prelude::*;

use super::reader::{Fail, Reader};
use super::scalar::Text;
use crate::json::{Json, MAX_DEPTH};

/// Parses one JSON value (surrounding whitespace allowed). The error says what was wrong.
pub(crate) fn parse(text: &str) -> Result<Json, &'static str> {
    let mut r = Reader {
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        skipping: false,
        // A `str`: its strings need no UTF-8 check of their own.
        utf8: true,
    };
    let value = r.tree()?;
    r.skip_ws();
    if r.pos < r.bytes.len() {
        return Err("trailing characters after the JSON value");
    }
    Ok(value)
}

/// The tree reader's message for a scalar's failure (the shape reader words its own for
/// bodies; these are the ones `json::parse` has always given).
#[inline(never)]
fn message(e: &Fail, len: usize) -> &'static str {
    let m = e.message.as_str();
    if m.starts_with("invalid escape") && e.offset >= len {
        return "the text ends inside a string";
    }
    SCALAR_MESSAGES
        .iter()
        .find(|(shape, _)| m.starts_with(shape))
        .map_or("invalid UTF-8 in a string", |&(_, tree)| tree)
}

/// The shape reader's message (its start) and the tree reader's for the same failure.
const SCALAR_MESSAGES: [(&str, &str); 8] = [
    ("expected a digit", "invalid number"),
    (
        "invalid number (leading zero)",
        "invalid number (leading zero)",
    ),
    ("invalid \\u escape", "invalid \\u escape"),
    ("lone ", "lone surrogate in a \\u escape"),
    ("control character", "control character in a string"),
    ("unterminated", "the text ends inside a string"),
    ("invalid escape", "invalid escape"),
    ("invalid literal", "invalid literal"),
];

impl Reader<'_> {
    fn tree_eat(&mut self, byte: u8) -> bool {
        self.eat(byte)
    }

    fn tree_string(&mut self) -> Result<String, &'static str> {
        match self.string() {
            Ok(Text::Raw(raw)) => core::str::from_utf8(raw)
                .map(String::from)
                .map_err(|_| "invalid UTF-8 in a string"),
            Ok(Text::Decoded(s)) => Ok(s),
            Err(e) => Err(message(&e, self.bytes.len())),
        }
    }

    fn tree(&mut self) -> Result<Json, &'static str> {
        self.skip_ws();
        let start = self.pos;
        let (word, value): (&[u8], Json) = match self.peek() {
            None => return Err("the text ends early"),
            Some(b'n') => (b"null", Json::Null),
            Some(b't') => (b"true", Json::Bool(true)),
            Some(b'f') => (b"false", Json::Bool(false)),
            Some(b'"') => return self.tree_string().map(Json::String),
            Some(b'[') => return self.tree_nested(false),
            Some(b'{') => return self.tree_nested(true),
            Some(b'-' | b'0'..=b'9') => {
                return match self.number() {
                    // Only ASCII was read, so this slice is valid UTF-8.
                    Ok(()) => Ok(Json::Number(String::from(
                        core::str::from_utf8(self.bytes.get(start..self.pos).unwrap_or_default())
                            .unwrap_or_default(),
                    ))),
                    Err(e) => Err(message(&e, self.bytes.len())),
                };
            }
            Some(_) => return Err("expected a JSON value"),
        };
        match self.literal(word) {
            Ok(()) => Ok(value),
            Err(e) => Err(message(&e, self.bytes.len())),
        }
    }

    /// An array or an object (`object`), one loop for both.
    fn tree_nested(&mut self, object: bool) -> Result<Json, &'static str> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("nested too deeply");
        }
        self.pos += 1;
        let close = if object { b'}' } else { b']' };
        let mut items = Vec::new();
        let mut members = Vec::new();
        if !self.tree_eat(close) {
            loop {
                if object {
                    self.skip_ws();
                    if !self.at(b'"') {
                        return Err("expected a property name");
                    }
                    let key = self.tree_string()?;
                    if !self.tree_eat(b':') {
                        return Err("expected `:`");
                    }
                    members.push((key, self.tree()?));
                } else {
                    items.push(self.tree()?);
                }
                if self.tree_eat(b',') {
                    continue;
                }
                if self.tree_eat(close) {
                    break;
                }
                return Err(if object {
                    "expected `,` or `}`"
                } else {
                    "expected `,` or `]`"
                });
            }
        }
        self.depth -= 1;
        Ok(if object {
            Json::Object(members)
        } else {
            Json::Array(items)
        })
    }
}
