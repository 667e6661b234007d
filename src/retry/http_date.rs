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

/// The three forms, as templates [`read`] follows: `a`/`A` a short/long day name, `m` a
/// month name, `D` a two-digit day, `d` a day of two digits or of a space and one digit (a
/// lone digit is read too), `Y`/`y` a four/two-digit year, `h`, `n`, `s` two-digit hours, minutes, seconds; any other
/// byte (`GMT`, `,`, `-`, `:`, space) stands for itself. (One table-driven reader: a third of the code of one function
/// per form, in the `.wasm`.)
const FORMS: [&[u8]; 3] = [
    b"a, D m Y h:n:s GMT",
    b"A, D-m-y h:n:s GMT",
    b"a m d h:n:s Y",
];

/// Parses an HTTP-date into milliseconds since the Unix epoch. Dates before 1970 give 0
/// (they are in the past all the same). `None` when the text is not an HTTP-date. Read as
/// bytes (no `str` searcher or slicing: their panic paths would bring `core::fmt` into the
/// `.wasm`).
pub fn parse_http_date(text: &str) -> Option<u64> {
    let s = text.trim().as_bytes();
    let [year, month, day, h, m, sec] = FORMS.iter().find_map(|form| read(s, form))?;
    let year = i64::from(year);
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec);
    Some(u64::try_from(secs).unwrap_or(0).saturating_mul(1000))
}

/// `s` read by one of [`FORMS`], all of it: `[year, month, day, hour, minute, second]`.
fn read(s: &[u8], form: &[u8]) -> Option<[u32; 6]> {
    let mut v = [0u32; 6];
    let mut i = 0;
    for &f in form {
        match f {
            b'a' | b'A' => {
                let start = i;
                while s.get(i).is_some_and(u8::is_ascii_alphabetic) {
                    i += 1;
                }
                let names: &[&[u8]] = if f == b'a' { &DAYS } else { &LONG_DAYS };
                if !names.contains(&s.get(start..i)?) {
                    return None;
                }
            }
            b'm' => {
                let name = s.get(i..i + 3)?;
                v[1] = MONTHS.iter().position(|m| *m == name)? as u32 + 1;
                i += 3;
            }
            b'd' => {
                // `SP DIGIT` or `2DIGIT` (a lone digit is read too).
                let padded = s.get(i) == Some(&b' ');
                if padded {
                    i += 1;
                }
                let one = s.get(i).filter(|b| b.is_ascii_digit())?;
                v[2] = u32::from(one - b'0');
                i += 1;
                if let Some(b) = s.get(i).filter(|b| !padded && b.is_ascii_digit()) {
                    v[2] = v[2] * 10 + u32::from(b - b'0');
                    i += 1;
                }
            }
            b'D' | b'Y' | b'y' | b'h' | b'n' | b's' => {
                let (slot, n) = match f {
                    b'Y' => (0, 4),
                    b'y' => (0, 2),
                    b'D' => (2, 2),
                    b'h' => (3, 2),
                    b'n' => (4, 2),
                    _ => (5, 2),
                };
                let mut x = 0;
                for _ in 0..n {
                    let b = s.get(i).filter(|b| b.is_ascii_digit())?;
                    x = x * 10 + u32::from(b - b'0');
                    i += 1;
                }
                // RFC 850's two-digit year: below 70 is 20xx, else 19xx.
                v[slot] = match f {
                    b'y' if x < 70 => 2000 + x,
                    b'y' => 1900 + x,
                    _ => x,
                };
            }
            byte => {
                if s.get(i) != Some(&byte) {
                    return None;
                }
                i += 1;
            }
        }
    }
    (i == s.len()).then_some(v)
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
/// (`y` from -399 on: every year an HTTP-date can name.)
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    // One era (400 years, 146,097 days) later, so that `y` is never negative (year 0's
    // January) and plain division is Euclid's.
    let y = if m <= 2 { y - 1 } else { y } + 400;
    let era = y / 400 - 1;
    let yoe = y % 400;
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
            "Sun Nov  16 08:49:37 1994",
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

    /// The reader agrees with an independent one, the `httpdate` crate (hyper's), on the
    /// three forms of many instants and on every one-byte change, cut and doubled space of
    /// them. Where only this reader accepts, the difference is one it documents: the day
    /// name is not checked against the date, a leap second (`:60`) is read, and a date
    /// before 1970 is 0 (`httpdate` refuses all three). Where only `httpdate` accepts, it
    /// is its leniency: any byte in place of the space after RFC 850's year.
    // httpdate is a native-only dev-dependency (it needs `SystemTime`): not in the wasm32
    // clippy of scripts/test.d/10-rust.sh.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn agrees_with_the_httpdate_crate() {
        let mut cases: Vec<String> = vec![];
        for s in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Thu Feb 29 23:59:60 2024",
            "Mon, 31 Dec 2069 00:00:00 GMT",
            "Friday, 28-Feb-69 12:00:00 GMT",
            "Fri Jan 16 00:00:00 1970",
            "Wed Mar  1 01:02:03 2000",
        ] {
            for (i, _) in s.char_indices() {
                cases.push(s[..i].to_owned());
                cases.push(s[i..].to_owned());
                let mut doubled = s.to_owned();
                doubled.insert(i, ' ');
                cases.push(doubled);
                for c in [
                    ' ', ',', ':', '-', '0', '1', '3', '6', '9', 'a', 'G', 'é', '\0',
                ] {
                    let mut t = s.to_owned();
                    t.replace_range(i..i + 1, &c.to_string());
                    cases.push(t);
                }
            }
        }
        let theirs = |case: &str| {
            httpdate::parse_http_date(case).ok().map(|t| {
                let since = t.duration_since(std::time::UNIX_EPOCH).unwrap();
                u64::try_from(since.as_millis()).unwrap()
            })
        };
        let mut both = 0;
        for case in &cases {
            let ours = parse_http_date(case);
            match theirs(case) {
                Some(ms) => {
                    // `httpdate` does not check the byte after RFC 850's year.
                    let after_year = case.match_indices('-').nth(1).map(|(i, _)| i + 3);
                    let spaced = after_year
                        .filter(|&i| case.is_char_boundary(i + 1))
                        .map(|i| {
                            let mut t = case.clone();
                            t.replace_range(i..=i, " ");
                            t
                        });
                    let lenient = ours.is_none()
                        && spaced.is_some_and(|t| t != *case && parse_http_date(&t) == Some(ms));
                    assert!(
                        ours == Some(ms) || lenient,
                        "{case:?}: {ours:?}, httpdate {ms}"
                    );
                    both += 1;
                }
                None => {
                    let Some(ms) = ours else { continue };
                    // 1970-01-01 was a Thursday.
                    let weekday = DAYS[usize::try_from((ms / 86_400_000 + 3) % 7).unwrap()];
                    let named = case.trim_start().as_bytes().get(..3) == Some(weekday);
                    assert!(
                        !named || ms == 0 || case.contains(":60"),
                        "{case:?} read as {ms}"
                    );
                }
            }
        }
        assert!(both > 50, "only {both} cases read by both");
    }
}
