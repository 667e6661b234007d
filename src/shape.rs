//! A fast, allocation-free check that a JSON body has the shape the models decode.
//!
//! The wasm shell lets JavaScript's own `JSON.parse` build the result objects (far faster
//! than building them field by field across the wasm boundary), so Rust only has to say
//! whether the body is one the typed decoders ([`crate::endpoint::Endpoint::decode`])
//! accept. [`check`] answers that in one pass over the bytes, without building values,
//! from a table per model ([`HasShape::SHAPE`]; [`LICENSES`], [`SUBSCRIBED_SKUS`],
//! [`LICENSE_UPDATE`] for the endpoints) that the `model!` declaration of each model
//! writes along with its serde struct: required fields, defaults, `null` where an `Option`
//! allows it, aliases, GUID ids, license groups, integer ranges, duplicate keys, unknown
//! fields skipped (but still checked to be JSON). A differential test holds the reader and
//! serde to the same answers on the same declarations (`tests/shape_vs_serde.rs`).

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use crate::endpoint::{Endpoint, decode_error};
use crate::endpoint::{MAX_BODY_BYTES, undecodable};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::id::{LicenseGroup, guid_bytes};
use crate::json::plain_run_end as run_end;
use crate::model::{Collection, License, LicenseUpdate, SubscribedSku};

/// The shape of a JSON value.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// A string.
    Str,
    /// A GUID string (canonical hyphenated form).
    Guid,
    /// `group1` / `Group2`... (case-insensitive).
    Group,
    /// An integer in `i64`.
    I64,
    /// An integer in `u64`.
    U64,
    /// An array of the inner shape.
    Array(&'static Shape),
    /// An object with these known fields; others are skipped.
    Object(&'static [Field]),
}

/// A known field of an object.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The names it may go by (the first is the camelCase name, then aliases).
    pub names: &'static [&'static str],
    /// Its shape.
    pub shape: Shape,
    /// May it be absent?
    pub optional: bool,
    /// May it be `null` (an `Option` in the model)?
    pub nullable: bool,
}

/// A type with a [`Shape`]: every model (`model!` in `src/model/describe.rs` writes the
/// impl from the model's own declaration, so the table cannot drift from the serde struct)
/// and the field types models use.
pub trait HasShape {
    /// The shape of its JSON.
    const SHAPE: &'static Shape;
    /// May the value be `null` (an `Option`)?
    const NULLABLE: bool = false;
}

/// `Collection<License>`.
pub static LICENSES: Shape = *<Collection<License> as HasShape>::SHAPE;

/// `Collection<SubscribedSku>`.
pub static SUBSCRIBED_SKUS: Shape = *<Collection<SubscribedSku> as HasShape>::SHAPE;

/// `LicenseUpdate`.
pub static LICENSE_UPDATE: Shape = *<LicenseUpdate as HasShape>::SHAPE;

/// An endpoint whose success body has a [`Shape`].
pub trait Shaped: Endpoint {
    /// The shape of the success body.
    const SHAPE: &'static Shape;

    /// Like [`Endpoint::decode`], without building the value: `Ok` exactly when `decode`
    /// would succeed; the same [`Error`] (kind, status, ids) otherwise.
    fn check(response: &HttpResponse) -> Result<(), Error> {
        if !Self::SUCCESS.contains(&response.status) {
            return Err(decode_error(response));
        }
        if response.body.len() > MAX_BODY_BYTES {
            return Err(crate::endpoint::too_large(
                response,
                response.body.len() as u64,
            ));
        }
        check(&response.body, Self::SHAPE).map_err(|e| undecodable(response, e.text()))
    }
}

/// Every endpoint whose output is a model.
impl<E: Endpoint> Shaped for E
where
    E::Output: HasShape,
{
    const SHAPE: &'static Shape = <E::Output as HasShape>::SHAPE;
}

/// Why a body does not fit: what, where (a JSON path) and at which byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeError {
    /// What is wrong.
    pub message: String,
    /// Where, e.g. `$.items[3].productSku.id`.
    pub path: String,
    /// The byte offset in the body.
    pub offset: usize,
}

impl ShapeError {
    /// `<what> at <path> (byte <offset>)`.
    pub fn text(&self) -> String {
        crate::text::Text::new(&self.message)
            .push(" at ")
            .push(&self.path)
            .push(" (byte ")
            .num(self.offset as u64)
            .push(")")
            .done()
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// How deep unknown values may nest (serde_json's limit).
const MAX_DEPTH: usize = 128;

/// Checks that `body` is one JSON value of `shape` (surrounding whitespace allowed).
pub fn check(body: &[u8], shape: &Shape) -> Result<(), ShapeError> {
    let mut r = Reader {
        bytes: body,
        pos: 0,
        depth: 0,
        skipping: false,
        utf8: core::str::from_utf8(body).is_ok(),
    };
    let result = r.value(shape).and_then(|()| {
        r.skip_ws();
        if r.pos < body.len() {
            Err(r.fail("trailing characters after the JSON value"))
        } else {
            Ok(())
        }
    });
    result.map_err(|mut e| {
        e.path.insert(0, '$');
        *e
    })
}

/// A failure inside the reader, boxed: every step returns a `Result`, and a one-word error
/// keeps the path that succeeded cheap.
type Fail = Box<ShapeError>;

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// Inside a skipped (unknown) value: lone surrogate escapes pass there, as they do
    /// in serde_json's `ignore_value`.
    skipping: bool,
    /// The whole body is valid UTF-8 (checked once), so strings need no check of their own.
    utf8: bool,
}

impl<'a> Reader<'a> {
    fn fail(&self, message: &str) -> Fail {
        let message = if self.pos >= self.bytes.len() {
            crate::text::cat(&[message, " (the body ends early)"])
        } else {
            message.to_owned()
        };
        Box::new(ShapeError {
            message,
            path: String::new(),
            offset: self.pos,
        })
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Is the next byte `byte`?
    #[inline(always)]
    fn at(&self, byte: u8) -> bool {
        matches!(self.bytes.get(self.pos), Some(&b) if b == byte)
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    #[inline(always)]
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        if self.at(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Fail> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.fail("invalid literal"))
        }
    }

    /// One value of `shape` (whitespace first).
    fn value(&mut self, shape: &Shape) -> Result<(), Fail> {
        self.skip_ws();
        match shape {
            Shape::Str => self.unread_string(),
            Shape::Guid => {
                let at = self.pos;
                // Fast path: 36 plain bytes between quotes (a GUID holds no `"` or `\\`).
                if self.at(b'"')
                    && matches!(self.bytes.get(at + 37), Some(b'"'))
                    && self.bytes.get(at + 1..at + 37).is_some_and(is_guid)
                {
                    self.pos = at + 38;
                    return Ok(());
                }
                let ok = match self.string()? {
                    Text::Raw(raw) => is_guid(raw),
                    Text::Decoded(t) => is_guid(t.as_bytes()),
                };
                if ok {
                    Ok(())
                } else {
                    Err(self.fail_at(at, "expected a GUID"))
                }
            }
            Shape::Group => {
                let at = self.pos;
                let s = self.string()?;
                let ok = match &s {
                    Text::Raw(raw) => {
                        core::str::from_utf8(raw).is_ok_and(|t| LicenseGroup::parse(t).is_ok())
                    }
                    Text::Decoded(t) => LicenseGroup::parse(t).is_ok(),
                };
                if ok {
                    Ok(())
                } else {
                    Err(self.fail_at(at, "expected group1 or group2"))
                }
            }
            Shape::I64 | Shape::U64 => self.integer(matches!(shape, Shape::U64)),
            Shape::Array(inner) => {
                if !self.at(b'[') {
                    return Err(self.fail("expected an array"));
                }
                self.pos += 1;
                self.enter()?;
                let mut i = 0usize;
                if !self.eat(b']') {
                    loop {
                        self.value(inner)
                            .map_err(|e| prefix(e, &crate::options::indexed("", i)))?;
                        i += 1;
                        if self.eat(b',') {
                            continue;
                        }
                        if self.eat(b']') {
                            break;
                        }
                        return Err(self.fail("expected `,` or `]`"));
                    }
                }
                self.depth -= 1;
                Ok(())
            }
            Shape::Object(fields) => self.object(fields),
        }
    }

    fn fail_at(&self, at: usize, message: &str) -> Fail {
        Box::new(ShapeError {
            message: message.to_owned(),
            path: String::new(),
            offset: at,
        })
    }

    fn enter(&mut self) -> Result<(), Fail> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(self.fail("nested too deeply"))
        } else {
            Ok(())
        }
    }

    fn object(&mut self, fields: &'static [Field]) -> Result<(), Fail> {
        if !self.at(b'{') {
            return Err(self.fail("expected an object"));
        }
        self.pos += 1;
        self.enter()?;
        // Known fields seen so far (models have at most 64 fields).
        let mut seen: u64 = 0;
        let mut next = 0usize;
        if !self.eat(b'}') {
            loop {
                self.skip_ws();
                if !self.at(b'"') {
                    return Err(self.fail("expected a property name"));
                }
                let key_at = self.pos;
                // Bodies list fields in the model's order, mostly: first the field after the
                // last one found, matched in place (its name, then the closing quote: a name
                // holds no `"` or `\\`), else the key read and looked up from there, round
                // to where it started.
                let guess = if next < fields.len() { next } else { 0 };
                let quick = fields.get(guess).and_then(|f| {
                    let name = f.names.first()?.as_bytes();
                    let rest = self.bytes.get(key_at + 1..)?;
                    name_then_quote(rest, name).then_some((guess, f, key_at + name.len() + 2))
                });
                let found = match quick {
                    Some((i, f, after)) => {
                        self.pos = after;
                        Some((i, f))
                    }
                    None => {
                        let key = self.string()?;
                        (0..fields.len()).find_map(|k| {
                            let i = (guess + k) % fields.len();
                            fields
                                .get(i)
                                .filter(|f| f.names.iter().any(|n| key.is(n)))
                                .map(|f| (i, f))
                        })
                    }
                };
                if !self.eat(b':') {
                    return Err(self.fail("expected `:`"));
                }
                match found {
                    Some((i, field)) => {
                        next = i + 1;
                        if seen & (1 << i) != 0 {
                            return Err(prefix(
                                self.fail_at(key_at, "duplicate field"),
                                &crate::text::cat(&[".", name_of(field)]),
                            ));
                        }
                        seen |= 1 << i;
                        self.skip_ws();
                        if field.nullable && self.at(b'n') {
                            self.literal(b"null")?;
                        } else {
                            self.value(&field.shape).map_err(|e| {
                                prefix(e, &crate::text::cat(&[".", name_of(field)]))
                            })?;
                        }
                    }
                    None => {
                        self.skipping = true;
                        let skipped = self.skip_value();
                        self.skipping = false;
                        skipped?;
                    }
                }
                if self.eat(b',') {
                    continue;
                }
                if self.eat(b'}') {
                    break;
                }
                return Err(self.fail("expected `,` or `}`"));
            }
        }
        for (i, f) in fields.iter().enumerate() {
            if !f.optional && seen & (1 << i) == 0 {
                return Err(prefix(
                    self.fail("missing field"),
                    &crate::text::cat(&[".", name_of(f)]),
                ));
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Any JSON value, checked but not kept.
    fn skip_value(&mut self) -> Result<(), Fail> {
        self.skip_ws();
        match self.peek() {
            Some(b'"') => self.unread_string(),
            Some(b'{') => {
                self.pos += 1;
                self.enter()?;
                if !self.eat(b'}') {
                    loop {
                        self.skip_ws();
                        if !self.at(b'"') {
                            return Err(self.fail("expected a property name"));
                        }
                        self.unread_string()?;
                        if !self.eat(b':') {
                            return Err(self.fail("expected `:`"));
                        }
                        self.skip_value()?;
                        if self.eat(b',') {
                            continue;
                        }
                        if self.eat(b'}') {
                            break;
                        }
                        return Err(self.fail("expected `,` or `}`"));
                    }
                }
                self.depth -= 1;
                Ok(())
            }
            Some(b'[') => {
                self.pos += 1;
                self.enter()?;
                if !self.eat(b']') {
                    loop {
                        self.skip_value()?;
                        if self.eat(b',') {
                            continue;
                        }
                        if self.eat(b']') {
                            break;
                        }
                        return Err(self.fail("expected `,` or `]`"));
                    }
                }
                self.depth -= 1;
                Ok(())
            }
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.fail("expected a JSON value")),
        }
    }

    /// A JSON number (grammar only).
    fn number(&mut self) -> Result<(), Fail> {
        self.eat_byte(b'-');
        self.int_digits()?;
        if self.eat_byte(b'.') {
            self.digits()?;
        }
        if self.eat_byte(b'e') || self.eat_byte(b'E') {
            if !self.eat_byte(b'+') {
                self.eat_byte(b'-');
            }
            self.digits()?;
        }
        Ok(())
    }

    #[inline(always)]
    fn eat_byte(&mut self, b: u8) -> bool {
        if self.at(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn digits(&mut self) -> Result<(), Fail> {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        if self.pos == start {
            Err(self.fail("expected a digit"))
        } else {
            Ok(())
        }
    }

    /// Digits of the integer part: `0`, or no leading zero.
    fn int_digits(&mut self) -> Result<(), Fail> {
        if self.at(b'0') {
            self.pos += 1;
            if let Some(b'0'..=b'9') = self.peek() {
                return Err(self.fail("invalid number (leading zero)"));
            }
            Ok(())
        } else {
            self.digits()
        }
    }

    /// An integer that fits `i64` (or `u64`); fractions and exponents are refused, as the
    /// typed decoder refuses them for integer fields.
    fn integer(&mut self, unsigned: bool) -> Result<(), Fail> {
        let start = self.pos;
        let negative = self.eat_byte(b'-');
        let digits_at = self.pos;
        self.int_digits()?;
        if let Some(b'.' | b'e' | b'E') = self.peek() {
            self.pos = start;
            return Err(self.fail("expected an integer"));
        }
        let digits = self.bytes.get(digits_at..self.pos).unwrap_or_default();
        // At most 20 digits; parse exactly.
        let mut value: u128 = 0;
        for &d in digits.iter().take(21) {
            value = value * 10 + u128::from(d - b'0');
        }
        let fits = if digits.len() > 20 {
            false
        } else if negative {
            // `-0` reads as 0 for both.
            value == 0 || (!unsigned && value <= 1u128 << 63)
        } else if unsigned {
            value <= u128::from(u64::MAX)
        } else {
            value <= i64::MAX as u128
        };
        if fits {
            Ok(())
        } else {
            self.pos = start;
            Err(self.fail(if unsigned {
                "expected an integer in u64"
            } else {
                "expected an integer in i64"
            }))
        }
    }

    /// A string whose content is not needed: one scan to the closing quote when there is no
    /// escape (and its UTF-8 is known good), else [`Self::string`].
    fn unread_string(&mut self) -> Result<(), Fail> {
        if self.at(b'"') && (self.utf8 || self.skipping) {
            let end = run_end(self.bytes, self.pos + 1);
            if matches!(self.bytes.get(end), Some(b'"')) {
                self.pos = end + 1;
                return Ok(());
            }
        }
        self.string().map(|_| ())
    }

    /// A string: the raw bytes between the quotes when there is no escape, else decoded.
    fn string(&mut self) -> Result<Text<'a>, Fail> {
        if !self.at(b'"') {
            return Err(self.fail("expected a string"));
        }
        self.pos += 1;
        let start = self.pos;
        let bytes = self.bytes;
        // Fast path: no escapes.
        let end = run_end(bytes, start);
        self.pos = end;
        match bytes.get(end) {
            Some(b'"') => {
                let raw = bytes.get(start..end).unwrap_or_default();
                self.pos += 1;
                // serde_json checks UTF-8 in strings it keeps, not in ones it skips.
                if !self.utf8 && !self.skipping && utf8(raw).is_err() {
                    return Err(self.fail_at(start, "invalid UTF-8 in a string"));
                }
                return Ok(Text::Raw(raw));
            }
            Some(b'\\') | None => {}
            Some(_) => return Err(self.fail("control character in a string")),
        }
        if self.pos >= bytes.len() {
            return Err(self.fail("unterminated string"));
        }
        // Slow path: decode escapes. A skipped string is not kept: its bytes are not checked
        // (as in serde_json) and nothing is built.
        let mut out = String::new();
        self.keep(&mut out, start)?;
        loop {
            let run = self.pos;
            self.pos = run_end(bytes, run);
            self.keep(&mut out, run)?;
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Text::Decoded(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let hi = self.hex4()?;
                            if self.skipping {
                                // Not kept: any escape goes, like serde_json's ignore_str.
                                continue;
                            }
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if !(self.eat_byte(b'\\') && self.eat_byte(b'u')) {
                                    return Err(self.fail("lone leading surrogate in a string"));
                                }
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.fail("lone leading surrogate in a string"));
                                }
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(
                                c.ok_or_else(|| self.fail("lone trailing surrogate in a string"))?,
                            );
                            continue;
                        }
                        _ => return Err(self.fail("invalid escape in a string")),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(_) => return Err(self.fail("control character in a string")),
                None => return Err(self.fail("unterminated string")),
            }
        }
    }

    /// Appends the string content from `from` to here to `out` (checked UTF-8), unless the
    /// string is being skipped.
    fn keep(&self, out: &mut String, from: usize) -> Result<(), Fail> {
        if !self.skipping {
            let run = self.bytes.get(from..self.pos).unwrap_or_default();
            out.push_str(utf8(run).map_err(|_| self.fail_at(from, "invalid UTF-8 in a string"))?);
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Fail> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.fail("invalid \\u escape in a string")),
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }
}

/// Whether `text` is a GUID the models read (the check only asks; [`guid_bytes`] parses).
fn is_guid(text: &[u8]) -> bool {
    guid_bytes(text).is_some()
}

/// Whether `rest` starts with `name` and then `"`: eight bytes at a time, then byte by byte
/// (a slice `==` is a call to a byte-wise `memcmp` in the `.wasm`).
fn name_then_quote(rest: &[u8], name: &[u8]) -> bool {
    let word = |s: &[u8], at: usize| {
        s.get(at..)
            .and_then(<[u8]>::first_chunk::<8>)
            .map(|w| u64::from_le_bytes(*w))
    };
    let mut i = 0;
    while let Some(n) = word(name, i) {
        if word(rest, i) != Some(n) {
            return false;
        }
        i += 8;
    }
    while let Some(&n) = name.get(i) {
        if !matches!(rest.get(i), Some(&r) if r == n) {
            return false;
        }
        i += 1;
    }
    matches!(rest.get(i), Some(b'"'))
}

fn utf8(b: &[u8]) -> Result<&str, core::str::Utf8Error> {
    core::str::from_utf8(b)
}

/// A field's camelCase name (its first name), for error paths.
fn name_of(field: &Field) -> &'static str {
    field.names.first().copied().unwrap_or_default()
}

fn prefix(mut e: Fail, segment: &str) -> Fail {
    e.path.insert_str(0, segment);
    e
}

/// A string's content.
enum Text<'a> {
    /// No escapes: the bytes as they are.
    Raw(&'a [u8]),
    /// With escapes: decoded.
    Decoded(String),
}

impl Text<'_> {
    fn is(&self, name: &str) -> bool {
        match self {
            Text::Raw(raw) => *raw == name.as_bytes(),
            Text::Decoded(s) => s == name,
        }
    }
}

#[cfg(test)]
mod tests;
