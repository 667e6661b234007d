//! Hints (src/hint.rs) against hostile responses: whatever a server echoes, the hint of an
//! error never carries the token.

#![cfg(not(target_arch = "wasm32"))]
mod common;

use common::{MARKER, base64_forms, response};
use partner_center_licenses::endpoint::decode_error;
use partner_center_licenses::*;

/// The hint of every reason, with the token echoed wherever a server could put it (the
/// error's own `Debug` shows such echoes; the shell scrubs its fields): the hint quotes
/// none of the service's texts, so it never carries the token.
#[test]
fn hints_never_carry_an_echoed_token() {
    let echoing = [
        decode_error(&response(
            400,
            &[("Retry-After", MARKER)],
            &format!(
                r#"{{"code":60012,"description":"{MARKER}","data":["SKU {MARKER} and SKU {MARKER}"]}}"#
            ),
        )),
        decode_error(&response(
            429,
            &[("Retry-After", MARKER)],
            &format!(r#"{{"statusCode":429,"message":"{MARKER}"}}"#),
        )),
        decode_error(&response(
            403,
            &[],
            &format!(r#"{{"code":900309,"description":"{MARKER}"}}"#),
        )),
        decode_error(&response(
            404,
            &[],
            &format!(r#"{{"code":60002,"source":"{MARKER}"}}"#),
        )),
        decode_error(&response(404, &[], r#"{"code":60003}"#)),
        decode_error(&response(400, &[], r#"{"code":60050}"#)),
        decode_error(&response(400, &[], r#"{"code":60051}"#)),
        decode_error(&response(400, &[], r#"{"code":60052}"#)),
        decode_error(&response(400, &[], &format!(r#"{{"code":"{MARKER}"}}"#))),
        decode_error(&response(503, &[], MARKER)),
        decode_error(&response(302, &[("Location", MARKER)], "")),
    ];
    let b64 = base64_forms(MARKER);
    for e in &echoing {
        let h = hint(e, &[]);
        assert!(!h.is_empty(), "no hint for {e}");
        assert!(!h.contains(MARKER), "token in a hint: {h}");
        assert!(b64.iter().all(|b| !h.contains(b.as_str())), "{h}");
    }
}
