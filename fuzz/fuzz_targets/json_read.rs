//! Differential: the core's own JSON reader (`json::parse`, used on the wasm path for
//! options, inputs and error bodies) accepts exactly the texts serde_json accepts, never
//! panics, and what it reads, written back by the core's writer, reads the same again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_center_licenses::json::{self, Json, JsonObject, push_string};

/// The value written back with the core's writer (numbers as they were read).
fn write(v: &Json, out: &mut String) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(n),
        Json::String(s) => push_string(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, k);
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = json::parse(text);
    // `Value` (not `IgnoredAny`, which skips strings without checking their escapes), with
    // `arbitrary_precision` so that no number is out of range.
    let serde = serde_json::from_str::<serde_json::Value>(text);
    assert_eq!(ours.is_ok(), serde.is_ok(), "ours {:?} serde {:?} on {text:?}", ours.as_ref().err(), serde.as_ref().err());
    if let Ok(v) = ours {
        let mut again = String::new();
        write(&v, &mut again);
        assert_eq!(json::parse(&again).as_ref(), Ok(&v), "{again:?}");
        // The object writer quotes keys and values the same way.
        let o = JsonObject::new().str("k", &again).finish();
        assert_eq!(json::parse(&o).ok().and_then(|j| j.get("k").and_then(|s| s.as_str().map(str::to_owned))), Some(again));
    }
});
