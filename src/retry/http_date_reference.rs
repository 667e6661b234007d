//! The hand parser `parse_http_date` replaced (one function per form), kept as the
//! oracle of a differential test: the table-driven reader must give the same answers.

use super::*;

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
