//! The shape reader's scalars: numbers (grammar and the models' integer ranges) and strings
//! (runs found a word at a time, escapes decoded only when a value is kept).

#[allow(unused_imports)]
use crate::prelude::*;

use super::reader::{Fail, Reader};
use crate::json::{ascii_run_end, plain_run_end as run_end};

impl<'a> Reader<'a> {
    /// A JSON number (grammar only).
    pub(super) fn number(&mut self) -> Result<(), Fail> {
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
    pub(super) fn eat_byte(&mut self, b: u8) -> bool {
        if self.at(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn digits(&mut self) -> Result<(), Fail> {
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
    pub(super) fn int_digits(&mut self) -> Result<(), Fail> {
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
    pub(super) fn integer(&mut self, unsigned: bool) -> Result<(), Fail> {
        let start = self.pos;
        let negative = self.eat_byte(b'-');
        let digits_at = self.pos;
        self.int_digits()?;
        if let Some(b'.' | b'e' | b'E') = self.peek() {
            self.pos = start;
            return Err(self.fail("expected an integer"));
        }
        let digits = self.bytes.get(digits_at..self.pos).unwrap_or_default();
        // Exactly, in a `u64` (no `u128` multiply: a call in the `.wasm`); `None` beyond it.
        let value = digits.iter().try_fold(0u64, |v, &d| {
            v.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        });
        let fits = match value {
            None => false,
            // `-0` reads as 0 for both.
            Some(v) if negative => v == 0 || (!unsigned && v <= 1u64 << 63),
            Some(_) if unsigned => true,
            Some(v) => v <= i64::MAX as u64,
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
    pub(super) fn unread_string(&mut self) -> Result<(), Fail> {
        if self.plain_string() {
            return Ok(());
        }
        self.string().map(|_| ())
    }

    /// The fast part of [`Self::unread_string`]: a string with no escape and known good
    /// UTF-8 passed over; `false` (nothing read) for any other. A kept string of a body is
    /// known good when it is ASCII (its run stops at any other byte: then [`Self::string`]
    /// checks it); a skipped string's bytes are not checked (as in serde_json).
    #[inline(always)]
    pub(super) fn plain_string(&mut self) -> bool {
        if self.at(b'"') {
            let end = if self.utf8 || self.skipping {
                run_end(self.bytes, self.pos + 1)
            } else {
                ascii_run_end(self.bytes, self.pos + 1)
            };
            if matches!(self.bytes.get(end), Some(b'"')) {
                self.pos = end + 1;
                return true;
            }
        }
        false
    }

    /// A string: the raw bytes between the quotes when there is no escape, else decoded.
    pub(super) fn string(&mut self) -> Result<Text<'a>, Fail> {
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
    pub(super) fn keep(&self, out: &mut String, from: usize) -> Result<(), Fail> {
        if !self.skipping {
            let run = self.bytes.get(from..self.pos).unwrap_or_default();
            out.push_str(utf8(run).map_err(|_| self.fail_at(from, "invalid UTF-8 in a string"))?);
        }
        Ok(())
    }

    pub(super) fn hex4(&mut self) -> Result<u32, Fail> {
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

fn utf8(b: &[u8]) -> Result<&str, core::str::Utf8Error> {
    core::str::from_utf8(b)
}

/// A string's content.
pub(super) enum Text<'a> {
    /// No escapes: the bytes as they are.
    Raw(&'a [u8]),
    /// With escapes: decoded.
    Decoded(String),
}

impl Text<'_> {
    pub(super) fn is(&self, name: &str) -> bool {
        match self {
            Text::Raw(raw) => *raw == name.as_bytes(),
            Text::Decoded(s) => s == name,
        }
    }
}
