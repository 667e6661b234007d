//! Differential: the body the core hands back as ASCII text (`json::ascii_text`) reads as
//! the body does. For any bytes: when the core writes a text, it is the mark and ASCII, and
//! serde_json reads from it exactly what it reads from the body (the same value, or an
//! error for both); it never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_center_licenses::json::ascii_text;

fuzz_target!(|data: &[u8]| {
    let Some(text) = ascii_text(" ", data) else {
        return;
    };
    assert!(text.is_ascii() && text.starts_with(' '), "{text:?}");
    let body = serde_json::from_slice::<serde_json::Value>(data);
    let ours = serde_json::from_str::<serde_json::Value>(&text);
    match (&body, &ours) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?}"),
        (Err(_), Err(_)) => {}
        _ => panic!("body {body:?} text {ours:?} on {data:?}"),
    }
});
