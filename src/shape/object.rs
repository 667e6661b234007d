//! The shape reader's objects: the loop most of a body's bytes go through (members of known
//! fields, in the model's order, of plain strings and GUIDs). It keeps its place in a local
//! and writes it back to the reader only around a call that reads on (`value`, `string`,
//! white space, the errors): a place kept in the reader is a store and a load per step, each
//! waiting on the one before (the check's largest cost in V8, measured with `perf`).

#[allow(unused_imports)]
use crate::prelude::*;

use super::reader::{Fail, Reader, in_field, is_guid};
use super::{Field, Shape};
use crate::json::{ascii_run_end, plain_run_end};

impl Reader<'_> {
    pub(super) fn object(&mut self, fields: &'static [Field]) -> Result<(), Fail> {
        if !self.at(b'{') {
            return Err(self.fail("expected an object"));
        }
        self.pos += 1;
        self.enter()?;
        // Known fields seen so far (models have at most 64 fields).
        let mut seen: u64 = 0;
        let mut next = 0usize;
        let bytes = self.bytes;
        // A kept string of a body stops its run at non-ASCII too (`Reader::plain_string`).
        let ascii = !(self.utf8 || self.skipping);
        if !self.eat(b'}') {
            let mut pos = self.pos;
            loop {
                if !matches!(bytes.get(pos), Some(b'"')) {
                    self.pos = pos;
                    self.skip_ws();
                    if !self.at(b'"') {
                        return Err(self.fail("expected a property name"));
                    }
                    pos = self.pos;
                }
                let key_at = pos;
                // Bodies list fields in the model's order, mostly: first the field after the
                // last one found, matched in place (its name, then the closing quote: a name
                // holds no `"` or `\\`), else the key read and looked up from there, round
                // to where it started.
                let guess = if next < fields.len() { next } else { 0 };
                let quick = fields.get(guess).and_then(|f| {
                    let name = f.name.as_bytes();
                    let rest = bytes.get(key_at + 1..)?;
                    name_then_quote(rest, name).then_some((guess, f, key_at + name.len() + 2))
                });
                let found = match quick {
                    Some((i, f, after)) => {
                        pos = after;
                        Some((i, f))
                    }
                    None => {
                        self.pos = pos;
                        let key = self.string()?;
                        pos = self.pos;
                        (0..fields.len()).find_map(|k| {
                            let i = (guess + k) % fields.len();
                            fields
                                .get(i)
                                .filter(|f| key.is(f.name) || f.aliases.iter().any(|n| key.is(n)))
                                .map(|f| (i, f))
                        })
                    }
                };
                if matches!(bytes.get(pos), Some(b':')) {
                    pos += 1;
                } else {
                    self.pos = pos;
                    if !self.eat(b':') {
                        return Err(self.fail("expected `:`"));
                    }
                    pos = self.pos;
                }
                match found {
                    Some((i, field)) => {
                        next = i + 1;
                        if seen & (1 << i) != 0 {
                            return Err(in_field(self.fail_at(key_at, "duplicate field"), field));
                        }
                        seen |= 1 << i;
                        // Most fields are plain strings or GUIDs: passed over here, in place;
                        // any other value (or white space, `null`, an escape, non-ASCII) by
                        // the reader.
                        let end = match (field.shape, bytes.get(pos)) {
                            (Shape::Str, Some(b'"')) => {
                                let end = if ascii {
                                    ascii_run_end(bytes, pos + 1)
                                } else {
                                    plain_run_end(bytes, pos + 1)
                                };
                                matches!(bytes.get(end), Some(b'"')).then_some(end + 1)
                            }
                            (Shape::Guid, Some(b'"')) => (matches!(
                                bytes.get(pos + 37),
                                Some(b'"')
                            ) && matches!(bytes.get(pos + 1..pos + 37), Some(g) if is_guid(g)))
                            .then_some(pos + 38),
                            _ => None,
                        };
                        match end {
                            Some(end) => pos = end,
                            None => {
                                self.pos = pos;
                                self.skip_ws();
                                if field.nullable && self.at(b'n') {
                                    self.literal(b"null")?;
                                } else {
                                    self.value(&field.shape).map_err(|e| in_field(e, field))?;
                                }
                                pos = self.pos;
                            }
                        }
                    }
                    None => {
                        self.pos = pos;
                        self.skipping = true;
                        let skipped = self.skip_value();
                        self.skipping = false;
                        skipped?;
                        pos = self.pos;
                    }
                }
                match bytes.get(pos) {
                    Some(b',') => pos += 1,
                    Some(b'}') => {
                        self.pos = pos + 1;
                        break;
                    }
                    _ => {
                        self.pos = pos;
                        if self.eat(b',') {
                            pos = self.pos;
                            continue;
                        }
                        if self.eat(b'}') {
                            break;
                        }
                        return Err(self.fail("expected `,` or `}`"));
                    }
                }
            }
        }
        // Every field seen (the usual body): nothing is missing, no loop over the fields.
        if seen.count_ones() as usize != fields.len() {
            self.missing(fields, seen)?;
        }
        self.depth -= 1;
        Ok(())
    }

    /// The first required field of `fields` not `seen`, as an error.
    #[inline(never)]
    fn missing(&self, fields: &'static [Field], seen: u64) -> Result<(), Fail> {
        for (i, f) in fields.iter().enumerate() {
            if !f.optional && seen & (1 << i) == 0 {
                return Err(in_field(self.fail("missing field"), f));
            }
        }
        Ok(())
    }
}

/// Whether `rest` starts with `name` and then `"`. The quote first (a name of another
/// length fails there), then the name as overlapping words: a name of 8 to 16 bytes (most
/// of the models') is two `u64` compares, 4 to 7 bytes two `u32`s (a slice `==` is a call
/// to a byte-wise `memcmp` in the `.wasm`).
pub(super) fn name_then_quote(rest: &[u8], name: &[u8]) -> bool {
    let n = name.len();
    if !matches!(rest.get(n), Some(b'"')) {
        return false;
    }
    let w8 = |s: &[u8], at: usize| s.get(at..).and_then(<[u8]>::first_chunk::<8>).copied();
    let w4 = |s: &[u8], at: usize| s.get(at..).and_then(<[u8]>::first_chunk::<4>).copied();
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if w8(rest, i) != w8(name, i) {
                return false;
            }
            i += 8;
        }
        w8(rest, n - 8) == w8(name, n - 8)
    } else if n >= 4 {
        w4(rest, 0) == w4(name, 0) && w4(rest, n - 4) == w4(name, n - 4)
    } else {
        (0..n).all(|i| rest.get(i) == name.get(i))
    }
}
