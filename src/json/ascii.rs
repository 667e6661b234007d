//! A body with its non-ASCII characters written as JSON `\u` escapes, for the JavaScript
//! shell's decode. A text of ASCII bytes decodes fast into a one-byte JS string, which
//! `JSON.parse` also reads faster. One non-ASCII character, such as the en dash in a service
//! plan's name, makes Node decode the whole body slowly into a two-byte string
//! (docs/benchmarks.md, seventh round). `JSON.parse` reads the same value from both texts.

#[allow(unused_imports)]
use crate::prelude::*;

use super::scan::ascii_end;
use super::write::push_unit_escape;

/// `mark`, then `body` with every non-ASCII character written as `\uXXXX` (a surrogate
/// pair of them above U+FFFF). `None` when `body` is ASCII already, or when the escape could
/// change what a decoder and `JSON.parse` read from it:
/// - a byte that is not UTF-8 (a decoder writes U+FFFD for it);
/// - a non-ASCII first byte (a byte-order mark, which a decoder drops, or no JSON at all);
/// - a character right after a backslash (`\é` is refused by `JSON.parse`, while `\\u00e9`
///   would read as an escaped backslash). A backslash-free prefix keeps the rest exact: in
///   JSON, text outside strings is ASCII, so an escape there is refused as the character was.
pub fn ascii_text(mark: &str, body: &[u8]) -> Option<String> {
    let mut at = ascii_end(body, 0);
    if at == body.len() {
        return None;
    }
    let text = core::str::from_utf8(body).ok()?;
    let mut out = String::with_capacity(mark.len() + body.len() + 32);
    out.push_str(mark);
    let mut from = 0;
    while at < body.len() {
        if *body.get(at.checked_sub(1)?)? == b'\\' {
            return None;
        }
        let c = text.get(at..)?.chars().next()?;
        out.push_str(text.get(from..at)?);
        let unit = u32::from(c);
        if unit >= 0x1_0000 {
            let v = unit - 0x1_0000;
            push_unit_escape(&mut out, 0xd800 | (v >> 10));
            push_unit_escape(&mut out, 0xdc00 | (v & 0x3ff));
        } else {
            push_unit_escape(&mut out, unit);
        }
        from = at + c.len_utf8();
        at = ascii_end(body, from);
    }
    out.push_str(text.get(from..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both texts as `serde_json` reads them (as a decoder and `JSON.parse` would).
    fn same_value(original: &[u8], escaped: &[u8]) {
        let a: serde_json::Value = serde_json::from_slice(original).unwrap();
        let b: serde_json::Value = serde_json::from_slice(escaped).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn an_ascii_body_is_left_as_it_is() {
        assert_eq!(ascii_text("", br#"{"a":"b\u2013c","n":[1,2]}"#), None);
        assert_eq!(ascii_text("", b""), None);
    }

    #[test]
    fn each_non_ascii_character_becomes_its_escape() {
        let body = r#"{"name":"Analytics – Standard","é":"Zoë 😀"}"#.as_bytes();
        let escaped = ascii_text(" ", body).unwrap();
        assert_eq!(
            escaped,
            r#" {"name":"Analytics \u2013 Standard","\u00e9":"Zo\u00eb \ud83d\ude00"}"#
        );
        same_value(body, escaped.as_bytes());
    }

    #[test]
    fn every_kind_of_string_reads_the_same_after_the_escape() {
        let samples = [
            "–",
            "é",
            "\u{80}",
            "\u{7ff}",
            "\u{800}",
            "\u{ffff}",
            "\u{10000}",
            "\u{10ffff}",
            "a\"–\\\n",
            "日本語テキスト",
            "\u{2028}\u{2029}",
            "\u{feff}inside",
        ];
        for s in samples {
            for value in [
                serde_json::json!({ "k": s, s: [s, 1] }),
                serde_json::json!([s]),
            ] {
                let body = serde_json::to_vec(&value).unwrap();
                let escaped = ascii_text("", &body).unwrap();
                assert!(escaped.is_ascii(), "{s:?}");
                same_value(&body, escaped.as_bytes());
            }
        }
    }

    #[test]
    fn what_could_read_otherwise_is_left_to_the_decoder() {
        for body in [
            &b"\xef\xbb\xbf{\"a\":1}"[..],   // a byte-order mark
            b"\xc3\xa9",                     // a character first: not JSON
            b"{\"a\":\"\\\xc3\xa9\"}",       // a character after a backslash
            b"{\"a\":\"\\\\\xc3\xa9\"}",     // even an escaped one (rare: not told apart)
            b"{\"a\":\"\xff\"}",             // not UTF-8
            b"{\"a\":\"\xc3\"}",             // a character cut short
            b"{\"a\":\"\xc0\xaf\"}",         // an overlong form
            b"{\"a\":\"\xed\xa0\x80\"}",     // a surrogate
            b"{\"a\":\"\xf4\x90\x80\x80\"}", // above U+10FFFF
            b"{\"a\":\"\xc3\xa9\xc3",        // cut short at the end
        ] {
            assert_eq!(ascii_text("", body), None, "{body:?}");
        }
    }

    /// Outside strings a character is refused by `JSON.parse`; so is its escape.
    #[test]
    fn a_character_outside_strings_stays_refused() {
        let body = "{\"a\":1 é}".as_bytes();
        let escaped = ascii_text("", body).unwrap();
        assert!(serde_json::from_slice::<serde_json::Value>(body).is_err());
        assert!(serde_json::from_slice::<serde_json::Value>(escaped.as_bytes()).is_err());
    }
}
