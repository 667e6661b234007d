//! Writing JSON text: escaped strings, integers, and objects built member by member.

#[allow(unused_imports)]
use crate::prelude::*;

/// Appends `s` as a JSON string literal. Runs of bytes that need no escape are found a
/// word at a time and copied whole (a request's headers are mostly such runs: a
/// per-character loop was most of a call's time in the `.wasm`, where `opt-level = "z"`
/// inlines nothing).
pub fn push_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        let i = super::plain_run_end(bytes, start);
        // `i` is at an ASCII byte (or the end), so the slice ends on a character boundary.
        out.push_str(s.get(start..i).unwrap_or_default());
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => push_unit_escape(out, u32::from(b)),
        }
        start = i + 1;
    }
    out.push('"');
}

/// Appends `\u` and the four lower-case hex digits of the UTF-16 unit `unit` (below 0x10000).
pub(super) fn push_unit_escape(out: &mut String, unit: u32) {
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        let d = ((unit >> shift) & 15) as u8;
        out.push(char::from(if d < 10 { b'0' + d } else { b'a' - 10 + d }));
    }
}

/// Appends `values` as a JSON array of strings.
pub fn push_strings<S: AsRef<str>>(out: &mut String, values: impl IntoIterator<Item = S>) {
    out.push('[');
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(out, v.as_ref());
    }
    out.push(']');
}

/// `[...]` of `items`, each written by `item`.
pub fn array<T>(items: &[T], mut item: impl FnMut(&mut String, &T)) -> String {
    let mut out = String::with_capacity(64);
    out.push('[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        item(&mut out, x);
    }
    out.push(']');
    out
}

/// Appends `n` in decimal (without `core::fmt`, which the `.wasm` need not carry for this).
pub fn push_u64(out: &mut String, n: u64) {
    // Least significant digit first into a buffer (u64 has at most 20), then copied out:
    // no indexing and no division by a variable, so no panic path.
    let mut digits = [0u8; 20];
    let mut rest = n;
    let mut len = 0;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
        len += 1;
        if rest == 0 {
            break;
        }
    }
    for &d in digits.iter().skip(digits.len() - len) {
        out.push(char::from(d));
    }
}

/// A JSON object written member by member: `JsonObject::new().str("a", "x").finish()`.
pub struct JsonObject {
    out: String,
}

impl Default for JsonObject {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonObject {
    /// `{`, with room for a small object (growing a `String` from empty reallocates and
    /// copies five times before 64 bytes).
    pub fn new() -> Self {
        Self::with_capacity(63)
    }

    /// `{`, with room for `bytes` of text (no regrowth for a text of about that size).
    pub fn with_capacity(bytes: usize) -> Self {
        let mut out = String::with_capacity(bytes + 1);
        out.push('{');
        Self { out }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        push_string(&mut self.out, key);
        self.out.push(':');
        &mut self.out
    }

    /// A string member.
    pub fn str(mut self, key: &str, value: &str) -> Self {
        push_string(self.key(key), value);
        self
    }

    /// A string member, left out when `None`.
    pub fn opt_str(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    /// An integer member.
    pub fn num(mut self, key: &str, value: u64) -> Self {
        push_u64(self.key(key), value);
        self
    }

    /// An integer member, left out when `None`.
    pub fn opt_num(self, key: &str, value: Option<u64>) -> Self {
        match value {
            Some(v) => self.num(key, v),
            None => self,
        }
    }

    /// A boolean member.
    pub fn bool(mut self, key: &str, value: bool) -> Self {
        self.key(key).push_str(if value { "true" } else { "false" });
        self
    }

    /// A member whose value is JSON text already written.
    pub fn raw(mut self, key: &str, json: &str) -> Self {
        self.key(key).push_str(json);
        self
    }

    /// An array of strings.
    pub fn strs<S: AsRef<str>>(mut self, key: &str, values: impl IntoIterator<Item = S>) -> Self {
        push_strings(self.key(key), values);
        self
    }

    /// `}`: the text.
    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_serde_json_reads_back() {
        let tricky = "a\"b\\c\nd\u{1}é😀\u{7f}";
        let text = JsonObject::new()
            .str("s", tricky)
            .num("n", u64::MAX)
            .num("z", 0)
            .bool("t", true)
            .opt_str("none", None)
            .strs("list", ["x", "y\""])
            .raw("o", "{\"k\":[]}")
            .finish();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["s"], tricky);
        assert_eq!(v["n"], u64::MAX);
        assert_eq!(v["z"], 0);
        assert_eq!(v["t"], true);
        assert!(v.get("none").is_none());
        assert_eq!(v["list"][1], "y\"");
        assert_eq!(v["o"]["k"], serde_json::json!([]));
        assert_eq!(JsonObject::new().finish(), "{}");
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        // Every ASCII character, before, inside and after a word of plain bytes.
        for c in 0u8..0x80 {
            for at in [0, 3, 8, 11, 17] {
                let mut s: String = "é-plain-text-run-".chars().take(at).collect();
                s.push(char::from(c));
                s.push_str("tail of eight+ bytes");
                let mut out = String::new();
                push_string(&mut out, &s);
                assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s, "{c} {at}");
                if c != 8 && c != 12 {
                    // serde_json writes these two as `\b` and `\f`; here they are `\u00XX`.
                    assert_eq!(out, serde_json::to_string(&s).unwrap(), "{c} {at}");
                }
            }
        }
    }

    #[test]
    fn integers_match_display() {
        for n in [0, 7, 10, 99, 1234567890, u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
