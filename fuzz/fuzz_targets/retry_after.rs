//! `Retry-After` (seconds or HTTP-date) and the 429 body's "Try again in N seconds": never a
//! panic, never a wait over the one-day cap, and digits mean seconds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_center_licenses::retry::{
    MAX_RETRY_AFTER_MS, parse_http_date, parse_retry_after, parse_try_again_in,
};

fuzz_target!(|input: (&str, u64)| {
    let (text, now_ms) = input;
    if let Some(ms) = parse_retry_after(text, now_ms) {
        assert!(ms <= MAX_RETRY_AFTER_MS, "{ms}");
        let t = text.trim();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            let secs: u128 = t.parse().unwrap_or(u128::MAX);
            assert_eq!(
                u128::from(ms),
                (secs.saturating_mul(1000)).min(u128::from(MAX_RETRY_AFTER_MS))
            );
        }
    }
    if let Some(at) = parse_http_date(text) {
        // A date is a point in time: the wait from `now` is never longer than it, capped.
        let wait = parse_retry_after(text, now_ms);
        assert!(wait.is_some());
        assert!(wait.unwrap_or(0) <= at.saturating_sub(now_ms).max(0));
    }
    let _ = parse_try_again_in(text);
});
