//! How long the service asked the client to wait: the `Retry-After` header (seconds or an
//! HTTP-date) and, failing that, the throttle body's "Try again in N seconds".

#[allow(unused_imports)]
use crate::prelude::*;

use super::http_date::parse_http_date;
use crate::error::Error;

/// Longest wait a `Retry-After` can ask for that the client takes literally: one day.
/// Anything longer is read as one day (and then exceeds any sane total-time cap).
pub const MAX_RETRY_AFTER_MS: u64 = 86_400_000;

/// Reads a `Retry-After` value as a wait in milliseconds from `now_ms` (Unix ms):
/// `delay-seconds` (`120`) or an HTTP-date (a date in the past means 0). `None` when the
/// value is neither.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Digits only: a huge number saturates instead of failing.
        let secs = saturating_digits(v.as_bytes());
        return Some(secs.saturating_mul(1000).min(MAX_RETRY_AFTER_MS));
    }
    parse_http_date(v).map(|at| at.saturating_sub(now_ms).min(MAX_RETRY_AFTER_MS))
}

/// ASCII digits (the caller checked) as a number; `u64::MAX` when it does not fit. By hand:
/// `str::parse` brings its sign and error handling into the `.wasm`.
fn saturating_digits(digits: &[u8]) -> u64 {
    digits
        .iter()
        .try_fold(0u64, |n, d| {
            n.checked_mul(10)?
                .checked_add(u64::from(d.wrapping_sub(b'0')))
        })
        .unwrap_or(u64::MAX)
}

/// Finds "try again in N second(s)" (any case) in a message, as in the 429 body
/// `Rate limit is exceeded. Try again in 57 seconds.`; the wait in milliseconds.
pub fn parse_try_again_in(message: &str) -> Option<u64> {
    const NEEDLE: &[u8] = b"try again in ";
    // Compared without case byte by byte (no lowercased copy of the message).
    let m = message.as_bytes();
    let at = m
        .windows(NEEDLE.len())
        .position(|w| w.eq_ignore_ascii_case(NEEDLE))?;
    let rest = m.get(at + NEEDLE.len()..)?;
    let digits_end = rest
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(rest.len());
    let digits = rest.get(..digits_end)?;
    // What follows the digits (an ASCII boundary), past any white space, as `str::trim_start`
    // sees it (a no-break space too).
    let after = message
        .get(at + NEEDLE.len() + digits_end..)?
        .trim_start()
        .as_bytes();
    if digits.is_empty() || !after.get(..6)?.eq_ignore_ascii_case(b"second") {
        return None;
    }
    Some(
        saturating_digits(digits)
            .saturating_mul(1000)
            .min(MAX_RETRY_AFTER_MS),
    )
}

impl Error {
    /// How long the service asked to wait before the next attempt, in milliseconds from
    /// `now_ms` (Unix ms, for an HTTP-date): the `Retry-After` header when it parses,
    /// else the 429 body's "Try again in N seconds". `None` when the service said nothing
    /// (or the error is not a service answer). This is JavaScript's `retryAfterMs`.
    pub fn retry_after_ms(&self, now_ms: u64) -> Option<u64> {
        let Self::Api(e) = self else {
            return None;
        };
        e.retry_after
            .as_deref()
            .and_then(|v| parse_retry_after(v, now_ms))
            .or_else(|| e.description.as_deref().and_then(parse_try_again_in))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::decode_error;
    use crate::http::HttpResponse;

    const NOW: u64 = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT

    #[test]
    fn seconds() {
        assert_eq!(parse_retry_after("0", NOW), Some(0));
        assert_eq!(parse_retry_after("120", NOW), Some(120_000));
        assert_eq!(parse_retry_after(" 7 ", NOW), Some(7000));
        assert_eq!(parse_retry_after("007", NOW), Some(7000));
        assert_eq!(parse_retry_after("86400", NOW), Some(MAX_RETRY_AFTER_MS));
        assert_eq!(
            parse_retry_after("99999999999999999999999", NOW),
            Some(MAX_RETRY_AFTER_MS)
        );
    }

    #[test]
    fn http_date_relative_to_now() {
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", NOW),
            Some(30_000)
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:50:07 GMT", NOW),
            Some(30_000)
        );
        assert_eq!(
            parse_retry_after("Sun Nov  6 08:50:07 1994", NOW),
            Some(30_000)
        );
        // In the past, or now: no wait.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", NOW),
            Some(0)
        );
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", NOW),
            Some(0)
        );
        // Far future: capped at a day.
        assert_eq!(
            parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", NOW),
            Some(MAX_RETRY_AFTER_MS)
        );
    }

    #[test]
    fn neither_form() {
        for v in [
            "", " ", "-1", "1.5", "+3", "1e3", "soon", "3 s", "0x10", "١٢",
        ] {
            assert_eq!(parse_retry_after(v, NOW), None, "{v:?}");
        }
    }

    #[test]
    fn throttle_body_message() {
        assert_eq!(
            parse_try_again_in("Rate limit is exceeded. Try again in 57 seconds."),
            Some(57_000)
        );
        assert_eq!(parse_try_again_in("try again in 1 second"), Some(1000));
        assert_eq!(parse_try_again_in("TRY AGAIN IN 2  SECONDS"), Some(2000));
        // Any white space after the number, as `str::trim_start` takes it.
        assert_eq!(
            parse_try_again_in("Try again in 3\u{a0}seconds."),
            Some(3000)
        );
        assert_eq!(parse_try_again_in("Try again in 3\u{b}Seconds"), Some(3000));
        assert_eq!(
            parse_try_again_in("Try again in 999999999999999999999 seconds."),
            Some(MAX_RETRY_AFTER_MS)
        );
        for m in [
            "",
            "Rate limit is exceeded.",
            "Try again in a few seconds.",
            "Try again in 5 minutes.",
            "Try again in -5 seconds.",
            "Try again in 5",
            "Try again in ",
            "Try again İn 5 seconds",
            "Try again in 5 sec",
        ] {
            assert_eq!(parse_try_again_in(m), None, "{m:?}");
        }
    }

    fn response(status: u16, retry_after: Option<&str>, body: &str) -> HttpResponse {
        let mut headers = vec![("MS-RequestId".to_owned(), "r".to_owned())];
        if let Some(v) = retry_after {
            headers.push(("Retry-After".to_owned(), v.to_owned()));
        }
        HttpResponse::new(status, headers, body)
    }

    const THROTTLE: &str =
        r#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}"#;

    #[test]
    fn error_retry_after_prefers_the_header_then_the_body() {
        let e = decode_error(&response(429, Some("3"), THROTTLE));
        assert_eq!(e.retry_after_ms(NOW), Some(3000));
        let e = decode_error(&response(429, None, THROTTLE));
        assert_eq!(e.retry_after_ms(NOW), Some(57_000));
        // An unreadable header falls back to the body.
        let e = decode_error(&response(429, Some("later"), THROTTLE));
        assert_eq!(e.retry_after_ms(NOW), Some(57_000));
        let e = decode_error(&response(
            503,
            Some("Sun, 06 Nov 1994 08:49:47 GMT"),
            "<html>busy</html>",
        ));
        assert_eq!(e.retry_after_ms(NOW), Some(10_000));
        let e = decode_error(&response(503, None, ""));
        assert_eq!(e.retry_after_ms(NOW), None);
        assert_eq!(Error::Aborted.retry_after_ms(NOW), None);
        assert_eq!(
            Error::Network {
                message: "reset".into()
            }
            .retry_after_ms(NOW),
            None
        );
    }
}
