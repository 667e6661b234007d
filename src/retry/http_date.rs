//! HTTP-date (RFC 9110 §5.6.7) to Unix milliseconds: the preferred IMF-fixdate
//! (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms a recipient must still
//! read, RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
//!
//! A small hand parser rather than the `httpdate` crate: it needs no `SystemTime` (absent on
//! `wasm32-unknown-unknown`), and costs less in the wasm build (figures in docs/resilience.md).

#[allow(unused_imports)]
use crate::prelude::*;

const MONTHS: [&[u8]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];
const DAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
const LONG_DAYS: [&[u8]; 7] = [
    b"Monday",
    b"Tuesday",
    b"Wednesday",
    b"Thursday",
    b"Friday",
    b"Saturday",
    b"Sunday",
];

/// Parses an HTTP-date into milliseconds since the Unix epoch. Dates before 1970 give 0
/// (they are in the past all the same). `None` when the text is not an HTTP-date. Read as
/// bytes, split on single bytes (no `str` searcher or slicing: their panic paths would bring
/// `core::fmt` into the `.wasm`).
pub fn parse_http_date(text: &str) -> Option<u64> {
    let s = text.trim().as_bytes();
    let (date, time) = if let Some(rest) = imf_fixdate(s) {
        rest
    } else if let Some(rest) = rfc850(s) {
        rest
    } else {
        asctime(s)?
    };
    let (year, month, day) = date;
    let (h, m, sec) = time;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec);
    Some(u64::try_from(secs).unwrap_or(0).saturating_mul(1000))
}

type Date = (i64, u32, u32);
type Time = (u32, u32, u32);

/// `Sun, 06 Nov 1994 08:49:37 GMT`
fn imf_fixdate(s: &[u8]) -> Option<(Date, Time)> {
    let (day_name, rest) = after_comma(s)?;
    if !DAYS.contains(&day_name) {
        return None;
    }
    let mut parts = rest.split(|&b| b == b' ');
    let day = digits(parts.next()?, 2)?;
    let month = month(parts.next()?)?;
    let year = i64::from(digits(parts.next()?, 4)?);
    let time = time(parts.next()?)?;
    if parts.next()? != b"GMT" || parts.next().is_some() {
        return None;
    }
    Some(((year, month, day), time))
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`; a two-digit year below 70 is 20xx, else 19xx.
fn rfc850(s: &[u8]) -> Option<(Date, Time)> {
    let (day_name, rest) = after_comma(s)?;
    if !LONG_DAYS.contains(&day_name) {
        return None;
    }
    let mut parts = rest.split(|&b| b == b' ');
    let mut date = parts.next()?.split(|&b| b == b'-');
    let day = digits(date.next()?, 2)?;
    let month = month(date.next()?)?;
    let yy = i64::from(digits(date.next()?, 2)?);
    if date.next().is_some() {
        return None;
    }
    let year = if yy < 70 { 2000 + yy } else { 1900 + yy };
    let time = time(parts.next()?)?;
    if parts.next()? != b"GMT" || parts.next().is_some() {
        return None;
    }
    Some(((year, month, day), time))
}

/// `Sun Nov  6 08:49:37 1994` (the day padded with a space) or `Sun Nov 16 08:49:37 1994`.
fn asctime(s: &[u8]) -> Option<(Date, Time)> {
    let (day_name, rest) = split_once(s, b' ')?;
    if !DAYS.contains(&day_name) {
        return None;
    }
    let (mon, rest) = split_once(rest, b' ')?;
    let month = month(mon)?;
    let rest = after_space(rest).unwrap_or(rest);
    let mut parts = rest.split(|&b| b == b' ');
    let day_text = parts.next()?;
    let day = digits(day_text, 1).or_else(|| digits(day_text, 2))?;
    let time = time(parts.next()?)?;
    let year = i64::from(digits(parts.next()?, 4)?);
    if parts.next().is_some() {
        return None;
    }
    Some(((year, month, day), time))
}

/// `s` split at the first `sep` (which neither part keeps).
fn split_once(s: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    let mut parts = s.splitn(2, |&b| b == sep);
    Some((parts.next()?, parts.next()?))
}

/// `s` without its leading space; `None` when it does not start with one.
fn after_space(s: &[u8]) -> Option<&[u8]> {
    match s.split_first() {
        Some((b' ', rest)) => Some(rest),
        _ => None,
    }
}

/// `Sun, rest` -> (`Sun`, `rest`): a comma, then exactly one space.
fn after_comma(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let (name, rest) = split_once(s, b',')?;
    Some((name, after_space(rest)?))
}

fn month(s: &[u8]) -> Option<u32> {
    let i = MONTHS.iter().position(|m| *m == s)?;
    u32::try_from(i + 1).ok()
}

/// Exactly `n` ASCII digits, as a number.
fn digits(s: &[u8], n: usize) -> Option<u32> {
    if s.len() != n || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |v, &d| v * 10 + u32::from(d - b'0')))
}

/// `08:49:37`
fn time(s: &[u8]) -> Option<Time> {
    let mut p = s.split(|&b| b == b':');
    let t = (
        digits(p.next()?, 2)?,
        digits(p.next()?, 2)?,
        digits(p.next()?, 2)?,
    );
    if p.next().is_some() {
        return None;
    }
    Some(t)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1994-11-06T08:49:37Z, the RFC's example.
    const RFC_EXAMPLE_MS: u64 = 784_111_777_000;

    #[test]
    fn the_three_forms_of_the_rfc_example() {
        for s in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "  Sun, 06 Nov 1994 08:49:37 GMT  ",
        ] {
            assert_eq!(parse_http_date(s), Some(RFC_EXAMPLE_MS), "{s:?}");
        }
        assert_eq!(
            parse_http_date("Sun Nov 16 08:49:37 1994"),
            Some(RFC_EXAMPLE_MS + 10 * 86_400_000)
        );
    }

    #[test]
    fn known_instants() {
        let cases = [
            ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
            ("Thu, 01 Jan 1970 00:00:01 GMT", 1000),
            ("Sat, 01 Jan 2000 00:00:00 GMT", 946_684_800_000),
            ("Tue, 29 Feb 2000 12:00:00 GMT", 951_825_600_000),
            ("Thu, 29 Feb 2024 23:59:59 GMT", 1_709_251_199_000),
            ("Sun, 22 Nov 2026 22:08:18 GMT", 1_795_385_298_000),
            ("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799_000),
            ("Thursday, 01-Jan-70 00:00:00 GMT", 0),
            ("Saturday, 01-Jan-00 00:00:00 GMT", 946_684_800_000),
            ("Monday, 31-Dec-69 00:00:00 GMT", 3_155_673_600_000),
        ];
        for (s, ms) in cases {
            assert_eq!(parse_http_date(s), Some(ms), "{s}");
        }
    }

    #[test]
    fn days_from_civil_agrees_with_a_day_by_day_count() {
        let mut days = 0i64;
        for y in 1970..2200 {
            for m in 1..=12 {
                for d in 1..=days_in_month(y, m) {
                    assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
                    days += 1;
                }
            }
        }
    }

    #[test]
    fn dates_before_1970_are_zero() {
        assert_eq!(parse_http_date("Wed, 31 Dec 1969 23:59:59 GMT"), Some(0));
        assert_eq!(parse_http_date("Mon, 01 Jan 0001 00:00:00 GMT"), Some(0));
    }

    #[test]
    fn rejects_what_is_not_an_http_date() {
        for s in [
            "",
            "120",
            "GMT",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 29 Feb 1900 08:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 06 Nov 1994 08:49:61 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37:00 GMT",
            "Sun, 06 Nov +994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sunday, 06-Nov-94-1 08:49:37 GMT",
            "Sun, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37",
            "Sun Nov 123 08:49:37 1994",
            "Sun Nov  6 08:49:37 1994 GMT",
            "Sun Nov  x 08:49:37 1994",
            "Sun,06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT\r\nX: y",
            "Sun, 06 Nov ١٩٩٤ 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn never_panics_on_any_prefix_or_byte_change() {
        let base =
            "Sunday, 06-Nov-94 08:49:37 GMT Sun, 06 Nov 1994 08:49:37 GMT Sun Nov  6 08:49:37 1994";
        for (i, _) in base.char_indices() {
            let _ = parse_http_date(&base[..i]);
            let _ = parse_http_date(&base[i..]);
            for c in [' ', ',', ':', '-', '9', 'é', '\0'] {
                let mut s = base.to_owned();
                s.replace_range(i..i + 1, &c.to_string());
                let _ = parse_http_date(&s);
            }
        }
    }
}
