//! Writing JSON text: escaped strings, integers, and objects built member by member.

/// Appends `s` as a JSON string literal.
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `n` in decimal (without `core::fmt`, which the `.wasm` need not carry for this).
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
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
    /// `{`
    pub fn new() -> Self {
        Self {
            out: String::from("{"),
        }
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
    pub fn strs<'a>(mut self, key: &str, values: impl IntoIterator<Item = &'a str>) -> Self {
        let out = self.key(key);
        out.push('[');
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_string(out, v);
        }
        out.push(']');
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
    fn integers_match_display() {
        for n in [0, 7, 10, 99, 1234567890, u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
