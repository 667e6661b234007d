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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_what_format_would() {
        let t = Text::new("a ").num(42).push(" b ").num(0).push("").done();
        assert_eq!(t, format!("a {} b {}", 42, 0));
    }
}
