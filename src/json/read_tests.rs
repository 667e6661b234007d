//! The JSON reader's tests (`read.rs`).

use super::*;

#[test]
fn reads_every_kind_of_value() {
    let v =
        parse(r#" {"a":[1,-2.5e3,"x\u00e9\ud83d\ude00\n"],"b":{"c":null,"d":true,"e":false}} "#)
            .unwrap();
    let a = v.get("a").and_then(Json::as_array).unwrap();
    assert_eq!(a[0].as_u64(), Some(1));
    assert_eq!(a[1], Json::Number("-2.5e3".into()));
    assert_eq!(a[1].as_u64(), None);
    assert_eq!(a[2].as_str(), Some("xé😀\n"));
    let b = v.get("b").unwrap();
    assert_eq!(b.get("c"), Some(&Json::Null));
    assert_eq!(b.member("c"), None);
    assert_eq!(b.get("d"), Some(&Json::Bool(true)));
    assert_eq!(b.get("zz"), None);
    // The runs between escapes are copied whole.
    let s = parse(r#""ab\"cd\\ef\u0041gh\/""#).unwrap();
    assert_eq!(s.as_str(), Some("ab\"cd\\efAgh/"));
    assert_eq!(parse(r#""""#).unwrap().as_str(), Some(""));
    assert_eq!(
        parse("\"héllo wörld\"").unwrap().as_str(),
        Some("héllo wörld")
    );
}

#[test]
fn refuses_what_json_refuses() {
    for bad in [
        "",
        "{",
        "[1,]",
        "{\"a\"}",
        "01",
        "1.",
        "-",
        "1e",
        "\"\\x\"",
        "\"\u{1}\"",
        "\"ab\u{1f}cd\"",
        "tru",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "[1] 2",
        "{\"a\":1,}",
        "'a'",
        "\"abc",
    ] {
        assert!(parse(bad).is_err(), "{bad:?} was accepted");
    }
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert!(parse(&deep).is_err());
    let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(parse(&ok).is_ok());
}

#[test]
fn integers_only_in_plain_form() {
    let n = |t: &str| Json::Number(t.into()).as_u64();
    assert_eq!(n("0"), Some(0));
    assert_eq!(n("18446744073709551615"), Some(u64::MAX));
    assert_eq!(n("18446744073709551616"), None);
    assert_eq!(n("1e3"), None);
    assert_eq!(n("-1"), None);
    assert_eq!(n("2.0"), None);
}

#[test]
fn agrees_with_serde_json_on_what_is_json() {
    for text in [
        r#"{"a":1}"#,
        "[]",
        "null",
        " 1 ",
        r#""\u0000""#,
        r#"{"a":{"b":[true,false,null]}}"#,
        "1.5e-3",
        r#"{"a":1 "b":2}"#,
        "[1 2]",
        "\"\\uD83D\\uDE00\"",
        "-0",
        "+1",
    ] {
        let ours = parse(text).is_ok();
        let serde = serde_json::from_str::<serde_json::Value>(text).is_ok();
        assert_eq!(ours, serde, "{text}");
    }
}

#[test]
fn every_refusal_keeps_its_message() {
    let deep = "[".repeat(MAX_DEPTH + 1);
    for (text, want) in [
        ("", "the text ends early"),
        ("  ", "the text ends early"),
        ("[", "the text ends early"),
        ("{\"a\":", "the text ends early"),
        ("nul", "invalid literal"),
        ("nulL", "invalid literal"),
        ("tru", "invalid literal"),
        ("falsy", "invalid literal"),
        ("x", "expected a JSON value"),
        ("[1,]", "expected a JSON value"),
        ("[1", "expected `,` or `]`"),
        ("[1 2]", "expected `,` or `]`"),
        ("{", "expected a property name"),
        ("{1:2}", "expected a property name"),
        ("{\"a\":1,}", "expected a property name"),
        ("{\"a\"", "expected `:`"),
        ("{\"a\" 1}", "expected `:`"),
        ("{\"a\":1", "expected `,` or `}`"),
        ("{\"a\":1 \"b\":2}", "expected `,` or `}`"),
        ("-", "invalid number"),
        ("-a", "invalid number"),
        ("1.", "invalid number"),
        ("1.x", "invalid number"),
        ("1e", "invalid number"),
        ("1e+", "invalid number"),
        ("1E-x", "invalid number"),
        ("01", "invalid number (leading zero)"),
        ("-00", "invalid number (leading zero)"),
        ("\"abc", "the text ends inside a string"),
        ("\"ab\\", "the text ends inside a string"),
        ("\"a\\nb", "the text ends inside a string"),
        ("\"\\u00e9", "the text ends inside a string"),
        ("\"\\x\"", "invalid escape"),
        ("\"a\\n\\x\"", "invalid escape"),
        ("{\"a\\x\":1}", "invalid escape"),
        ("\"\\u12\"", "invalid \\u escape"),
        ("\"\\u12", "invalid \\u escape"),
        ("\"\\u", "invalid \\u escape"),
        ("\"\\ud800\\u12\"", "invalid \\u escape"),
        ("\"\\ud800\"", "lone surrogate in a \\u escape"),
        ("\"\\ud800", "lone surrogate in a \\u escape"),
        ("\"\\ud800\\x\"", "lone surrogate in a \\u escape"),
        ("\"\\ud800\\u0041\"", "lone surrogate in a \\u escape"),
        ("\"\\udc00\"", "lone surrogate in a \\u escape"),
        ("\"a\u{1}\"", "control character in a string"),
        ("\"a\\n\u{1f}\"", "control character in a string"),
        ("[1] 2", "trailing characters after the JSON value"),
        ("\"a\" \"b\"", "trailing characters after the JSON value"),
        (deep.as_str(), "nested too deeply"),
    ] {
        assert_eq!(parse(text), Err(want), "{text:?}");
    }
}
