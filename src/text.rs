//! Messages built without `core::fmt`: the code that reaches the `.wasm` composes its texts
//! with these, so the `.wasm` carries no formatting machinery (`format!`, `Display` for
//! integers, `write!`). `Display` impls elsewhere delegate to the same texts.

#[allow(unused_imports)]
use crate::prelude::*;

/// A message under construction: `Text::new("SKU ").push(id).push(" is named twice").done()`.
pub struct Text(String);

impl Text {
    /// A text starting with `s`.
    pub fn new(s: &str) -> Self {
        Self(String::from(s))
    }

    /// Appends `s`.
    #[must_use]
    pub fn push(mut self, s: &str) -> Self {
        self.0.push_str(s);
        self
    }

    /// Appends `n` in decimal.
    #[must_use]
    pub fn num(mut self, n: u64) -> Self {
        crate::json::push_u64(&mut self.0, n);
        self
    }

    /// The text.
    pub fn done(self) -> String {
        self.0
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
