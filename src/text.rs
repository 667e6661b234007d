//! Messages built without `core::fmt`: the code that reaches the `.wasm` composes its texts
//! with these, so the `.wasm` carries no formatting machinery (`format!`, `Display` for
//! integers, `write!`). `Display` impls elsewhere delegate to the same texts.

#[allow(unused_imports)]
use crate::prelude::*;

/// A message under construction: `Text::new("SKU ").push(id).push(" is named twice").done()`.
pub struct Text(String);

impl Text {
    /// A text starting with `s`. (Its methods stay out of line: messages are built only
    /// on error paths, where a call is smaller than the inlined copy.)
    #[inline(never)]
    pub fn new(s: &str) -> Self {
        Self(String::from(s))
    }

    /// Appends `s`.
    #[must_use]
    #[inline(never)]
    pub fn push(mut self, s: &str) -> Self {
        self.0.push_str(s);
        self
    }

    /// Appends `n` in decimal.
    #[must_use]
    #[inline(never)]
    pub fn num(mut self, n: u64) -> Self {
        crate::json::push_u64(&mut self.0, n);
        self
    }

    /// The text.
    pub fn done(self) -> String {
        self.0
    }
}

/// The parts one after another: `[a, b].concat()` without its generic join (whose
/// length-mismatch panic path would bring `core::fmt` into the `.wasm`).
#[inline(never)]
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// Where `needle` first occurs in `hay` at or after byte `from`: a plain byte search, because
/// `str::find` would bring the two-way searcher (and its panic paths) into the `.wasm`.
pub fn find(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    if needle.is_empty() {
        return None;
    }
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| from + at)
}

/// Appends what `c.escape_default()` gives for a control character `c` (`\t`, `\r`, `\n`,
/// else `\u{hex}`), written by hand: char's escapers cost the `.wasm` more.
pub fn push_escaped_control(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\n' => out.push_str("\\n"),
        _ => {
            out.push_str("\\u{");
            let n = c as u32;
            let mut started = false;
            for shift in (0..8).rev() {
                let d = (n >> (shift * 4)) & 0xf;
                if d != 0 || started || shift == 0 {
                    started = true;
                    out.push(char::from_digit(d, 16).unwrap_or('0'));
                }
            }
            out.push('}');
        }
    }
}

/// What `s.trim().parse::<u32>()` gives (a service error code as a number), read byte by
/// byte: `str::parse` costs the `.wasm` more.
pub fn parse_u32(s: &str) -> Option<u32> {
    let b = s.trim().as_bytes();
    let digits = match b {
        [b'+', rest @ ..] => rest,
        _ => b,
    };
    decimal(digits).and_then(|n| u32::try_from(n).ok())
}

/// `digits` (ASCII decimal digits only, at least one) as a number, `None` beyond `u64`.
pub fn decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    Some(n)
}

/// `bytes` as text, each invalid UTF-8 sequence replaced by U+FFFD: what
/// `String::from_utf8_lossy` gives, written over `str::from_utf8` (which the `.wasm` has
/// anyway) so that `Utf8Chunks` and its copy stay out.
pub fn lossy_utf8(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match core::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(e) => {
                let (valid, bad) = rest.split_at_checked(e.valid_up_to()).unwrap_or_default();
                out.push_str(core::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{FFFD}');
                let skip = e.error_len().map_or(bad.len(), usize::from);
                rest = bad.get(skip..).unwrap_or_default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_u32_is_str_parse() {
        for c in [
            "60012",
            " 60012 ",
            "+7",
            "-1",
            "",
            "+",
            "4294967295",
            "4294967296",
            "1e3",
            "٣",
            "0x1",
            "007",
        ] {
            assert_eq!(parse_u32(c), c.trim().parse::<u32>().ok(), "{c:?}");
        }
    }

    #[test]
    fn escaped_controls_are_escape_default() {
        for c in (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32) {
            let mut s = String::new();
            push_escaped_control(&mut s, c);
            assert_eq!(s, c.escape_default().to_string(), "{c:?}");
        }
    }

    #[test]
    fn find_is_str_find_from_an_offset() {
        for (hay, needle, from) in [
            ("abcabc", "bc", 0),
            ("abcabc", "bc", 2),
            ("aé€é", "é", 3),
            ("abc", "abcd", 0),
            ("abc", "c", 9),
            ("", "a", 0),
        ] {
            let want = hay
                .get(from..)
                .and_then(|h| h.find(needle))
                .map(|at| from + at);
            assert_eq!(find(hay, needle, from), want, "{hay:?} {needle:?} {from}");
        }
        assert_eq!(find("abc", "", 0), None);
    }

    #[test]
    fn builds_what_format_would() {
        let t = Text::new("a ").num(42).push(" b ").num(0).push("").done();
        assert_eq!(t, format!("a {} b {}", 42, 0));
    }

    #[test]
    fn lossy_utf8_is_from_utf8_lossy() {
        let mut cases: Vec<Vec<u8>> = vec![
            b"plain".to_vec(),
            vec![],
            vec![0xff],
            vec![b'a', 0xe2, 0x82],
            vec![
                0xe2, 0x82, b'a', 0xf0, 0x9f, 0x98, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80,
            ],
            "é€😀".as_bytes().to_vec(),
        ];
        let mut x: u32 = 0x1234_5678;
        for len in 0..400 {
            let v: Vec<u8> = (0..len % 23)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    [b'a', 0x80, 0xbf, 0xc3, 0xe2, 0xf0, 0xff, 0x9f, 0xed, 0xa0][(x % 10) as usize]
                })
                .collect();
            cases.push(v);
        }
        for c in cases {
            assert_eq!(lossy_utf8(&c), String::from_utf8_lossy(&c), "{c:?}");
        }
    }
}
