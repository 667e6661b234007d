//! The shape reader: values, objects, arrays and the skipping of unknown values (its
//! scalars, numbers and strings, are in `scalar.rs`).

#[allow(unused_imports)]
use crate::prelude::*;

use super::scalar::Text;
use super::{Field, MAX_DEPTH, Shape, ShapeError};
use crate::id::LicenseGroup;
pub(super) use crate::json::is_guid;

/// A failure inside the reader, boxed: every step returns a `Result`, and a one-word error
/// keeps the path that succeeded cheap.
pub(super) type Fail = Box<ShapeError>;

pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    pub(super) depth: usize,
    /// Inside a skipped (unknown) value: lone surrogate escapes pass there, as they do
    /// in serde_json's `ignore_value`.
    pub(super) skipping: bool,
    /// The text is known to be UTF-8 (a `str`: the tree reader), so strings need no check of
    /// their own; a body's kept strings are checked as they are read.
    pub(super) utf8: bool,
}

impl<'a> Reader<'a> {
    pub(super) fn fail(&self, message: &str) -> Fail {
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
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Is the next byte `byte`?
    #[inline(always)]
    pub(super) fn at(&self, byte: u8) -> bool {
        matches!(self.bytes.get(self.pos), Some(&b) if b == byte)
    }

    /// White space passed over. Bodies are compact JSON, where the next byte is almost
    /// never white space: one compare (`<= b' '` takes in every white space byte) before any
    /// loop, the loop out of line.
    #[inline(always)]
    pub(super) fn skip_ws(&mut self) {
        if matches!(self.bytes.get(self.pos), Some(&b) if b <= b' ') {
            self.skip_ws_run();
        }
    }

    #[inline(never)]
    fn skip_ws_run(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    /// Is `byte` next (after white space)? Then it is passed over. The byte itself is
    /// tested first (compact JSON), white space only when it is not there.
    #[inline(always)]
    pub(super) fn eat(&mut self, byte: u8) -> bool {
        match self.bytes.get(self.pos) {
            Some(&b) if b == byte => {
                self.pos += 1;
                true
            }
            Some(&b) if b <= b' ' => self.eat_after_ws(byte),
            _ => false,
        }
    }

    #[inline(never)]
    fn eat_after_ws(&mut self, byte: u8) -> bool {
        self.skip_ws_run();
        self.eat_byte(byte)
    }

    pub(super) fn literal(&mut self, word: &[u8]) -> Result<(), Fail> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.fail("invalid literal"))
        }
    }

    /// One value of `shape` (whitespace first).
    pub(super) fn value(&mut self, shape: &Shape) -> Result<(), Fail> {
        self.skip_ws();
        match shape {
            Shape::Str => self.unread_string(),
            Shape::Guid => {
                let at = self.pos;
                if self.plain_guid() {
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
                        self.value(inner).map_err(|e| at_index(e, i))?;
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

    /// A GUID of 36 plain bytes between quotes (a GUID holds no `"` or `\\`) passed over;
    /// `false` (nothing read) for any other value.
    #[inline(always)]
    fn plain_guid(&mut self) -> bool {
        let at = self.pos;
        let plain = self.at(b'"')
            && matches!(self.bytes.get(at + 37), Some(b'"'))
            && matches!(self.bytes.get(at + 1..at + 37), Some(g) if is_guid(g));
        if plain {
            self.pos = at + 38;
        }
        plain
    }

    pub(super) fn fail_at(&self, at: usize, message: &str) -> Fail {
        Box::new(ShapeError {
            message: message.to_owned(),
            path: String::new(),
            offset: at,
        })
    }

    pub(super) fn enter(&mut self) -> Result<(), Fail> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(self.fail("nested too deeply"))
        } else {
            Ok(())
        }
    }

    /// Any JSON value, checked but not kept.
    pub(super) fn skip_value(&mut self) -> Result<(), Fail> {
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
}

/// A field's camelCase name (its first name), for error paths.
pub(super) fn name_of(field: &Field) -> &'static str {
    field.name
}

/// `e` inside `field` (its path prefixed): out of line, off the path that succeeds.
#[cold]
#[inline(never)]
pub(super) fn in_field(e: Fail, field: &Field) -> Fail {
    prefix(e, &crate::text::cat(&[".", name_of(field)]))
}

/// `e` inside the array item `i`.
#[cold]
#[inline(never)]
fn at_index(e: Fail, i: usize) -> Fail {
    prefix(e, &crate::options::indexed("", i))
}

fn prefix(mut e: Fail, segment: &str) -> Fail {
    e.path.insert_str(0, segment);
    e
}
