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
pub fn parse(text: &str) -> Result<Json, &'static str> {
    let mut r = Reader {
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let value = r.value()?;
    r.skip_ws();
    if r.pos < r.bytes.len() {
        return Err("trailing characters after the JSON value");
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Reader<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        let hit = self.peek() == Some(byte);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn literal(&mut self, word: &[u8], value: Json) -> Result<Json, &'static str> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err("invalid literal")
        }
    }

    fn value(&mut self) -> Result<Json, &'static str> {
        self.skip_ws();
        match self.peek() {
            None => Err("the text ends early"),
            Some(b'n') => self.literal(b"null", Json::Null),
            Some(b't') => self.literal(b"true", Json::Bool(true)),
            Some(b'f') => self.literal(b"false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'[') => self.nested(Self::array),
            Some(b'{') => self.nested(Self::object),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err("expected a JSON value"),
        }
    }

    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Json, &'static str>,
    ) -> Result<Json, &'static str> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("nested too deeply");
        }
        self.pos += 1;
        let value = read(self)?;
        self.depth -= 1;
        Ok(value)
    }

    fn array(&mut self) -> Result<Json, &'static str> {
        let mut items = Vec::new();
        if self.eat(b']') {
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value()?);
            if self.eat(b',') {
                continue;
            }
            if self.eat(b']') {
                return Ok(Json::Array(items));
            }
            return Err("expected `,` or `]`");
        }
    }

    fn object(&mut self) -> Result<Json, &'static str> {
        let mut members = Vec::new();
        if self.eat(b'}') {
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err("expected a property name");
            }
            let key = self.string()?;
            if !self.eat(b':') {
                return Err("expected `:`");
            }
            members.push((key, self.value()?));
            if self.eat(b',') {
                continue;
            }
            if self.eat(b'}') {
                return Ok(Json::Object(members));
            }
            return Err("expected `,` or `}`");
        }
    }

    fn number(&mut self) -> Result<Json, &'static str> {
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while r.peek().is_some_and(|b| b.is_ascii_digit()) {
                r.pos += 1;
            }
            r.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if !digits(self) {
            return Err("invalid number");
        }
        if self.bytes.get(int_start) == Some(&b'0') && self.pos - int_start > 1 {
            return Err("invalid number (leading zero)");
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err("invalid number");
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !digits(self) {
                return Err("invalid number");
            }
        }
        // Only ASCII was consumed, so this slice is valid UTF-8.
        let text = String::from(
            core::str::from_utf8(self.bytes.get(start..self.pos).unwrap_or_default())
                .unwrap_or_default(),
        );
        Ok(Json::Number(text))
    }

    fn hex4(&mut self) -> Result<u32, &'static str> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err("invalid \\u escape"),
            };
            n = n * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, &'static str> {
        self.pos += 1; // the opening quote
        let mut out: Vec<u8> = Vec::new();
        loop {
            // The run up to the next quote, backslash or control character, copied at once
            // (one allocation for a string without escapes, not a push per byte).
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            let run = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(rest.len());
            out.extend_from_slice(rest.get(..run).unwrap_or_default());
            self.pos += run;
            let Some(b) = self.peek() else {
                return Err("the text ends inside a string");
            };
            self.pos += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err("the text ends inside a string");
                    };
                    self.pos += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err("invalid escape"),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => return Err("control character in a string"),
            }
        }
        String::from_utf8(out).map_err(|_| "invalid UTF-8 in a string")
    }

    fn unicode_escape(&mut self) -> Result<char, &'static str> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                return Err("lone surrogate in a \\u escape");
            }
            self.pos += 2;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err("lone surrogate in a \\u escape");
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        char::from_u32(code).ok_or("lone surrogate in a \\u escape")
    }
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
