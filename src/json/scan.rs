//! The scan both the shape check and the writer spend their time in: runs of string
//! content that need no escape, UTF-8 and GUIDs, a block at a time (`block.rs`).

use super::block::{Block, Bytes};

/// The bytes that end a run of plain string content: `"`, `\\` and control characters.
pub static STOPS_A_STRING: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Where the run of plain string content from `i` ends: the index of the first `"`, `\\`
/// or control character at or after `i`, else `bytes.len()`. A block at a time, then byte
/// by byte: the strings of a body are most of its bytes (the shape check), and a request's
/// token is most of its text (the writer).
pub fn plain_run_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(b) = Bytes::load(bytes, i) {
        if let Some(k) = b.ends_a_run().first() {
            return i + k;
        }
        i += Bytes::LEN;
    }
    while let Some(&b) = bytes.get(i) {
        if STOPS_A_STRING[usize::from(b)] {
            break;
        }
        i += 1;
    }
    i
}

/// Is `bytes` UTF-8? ASCII runs a block at a time ([`ascii_run_end`]); each other
/// character checked by `core::str::from_utf8` (overlong forms, surrogates and the range as
/// it checks them).
pub fn is_utf8(bytes: &[u8]) -> bool {
    let mut i = 0;
    loop {
        i = ascii_run_end(bytes, i);
        let width = match bytes.get(i) {
            None => return true,
            Some(0xc2..=0xdf) => 2,
            Some(0xe0..=0xef) => 3,
            Some(0xf0..=0xf4) => 4,
            Some(_) => return false,
        };
        match bytes.get(i..i + width) {
            Some(c) if core::str::from_utf8(c).is_ok() => i += width,
            _ => return false,
        }
    }
}

/// The index of the first byte at or after `i` that is not ASCII, else `bytes.len()`: four
/// blocks at a time while there is none, then one block, then byte by byte.
fn ascii_run_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(four) = bytes.get(i..).and_then(|r| r.get(..4 * Bytes::LEN)) {
        let block = |k: usize| Bytes::load(four, k * Bytes::LEN);
        let (Some(a), Some(b), Some(c), Some(d)) = (block(0), block(1), block(2), block(3)) else {
            break;
        };
        if a.or(b).or(c).or(d).non_ascii().first().is_some() {
            break;
        }
        i += 4 * Bytes::LEN;
    }
    while let Some(b) = Bytes::load(bytes, i) {
        if let Some(k) = b.non_ascii().first() {
            return i + k;
        }
        i += Bytes::LEN;
    }
    while matches!(bytes.get(i), Some(b) if *b < 0x80) {
        i += 1;
    }
    i
}

/// Is `text` a GUID in its canonical form (`8-4-4-4-12` hex digits of either case), as
/// [`crate::id::Guid::parse`] takes it? Blocks over the 36 bytes (the last one overlapping),
/// written out (release builds do not unroll loops) so that each block's place in the form
/// is a constant: each byte a hyphen where the form has one, else a hex digit.
pub fn is_guid(text: &[u8]) -> bool {
    if text.len() != GUID_FORM.len() {
        return false;
    }
    // 16-byte blocks: 0, 16, 20; 8-byte words: 0, 8, 16, 24, 28.
    guid_block(text, 0)
        && guid_block(text, Bytes::LEN)
        && (Bytes::LEN >= 16
            || (guid_block(text, 2 * Bytes::LEN) && guid_block(text, 3 * Bytes::LEN)))
        && guid_block(text, GUID_FORM.len() - Bytes::LEN)
}

const GUID_FORM: &[u8; 36] = b"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

/// The block of `text` from `k` (a constant: the form's hyphen flags fold to one).
#[inline(always)]
fn guid_block(text: &[u8], k: usize) -> bool {
    let (Some(b), Some(form)) = (Bytes::load(text, k), Bytes::load(GUID_FORM, k)) else {
        return false;
    };
    let hex = b.within(b'0', b'9').or(b.lower().within(b'a', b'f'));
    form.eq(b'-').select(b.eq(b'-'), hex).all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_scan_finds_the_first_stop() {
        for filler in [b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xc3, 0xff] {
            for len in 0..20 {
                for at in 0..len {
                    for b in 0..=255u8 {
                        let mut v = vec![filler; len];
                        v[at] = b;
                        let naive = (0..len)
                            .find(|&i| STOPS_A_STRING[usize::from(v[i])])
                            .unwrap_or(len);
                        for from in 0..=at {
                            let want = if naive >= from { naive } else { len };
                            assert_eq!(
                                plain_run_end(&v, from),
                                want,
                                "{filler} {len} {at} {b} {from}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// Short texts from bytes at UTF-8's edges (leads, continuations, overlong and
    /// surrogate starts, bytes never in UTF-8), after 0 to 19 ASCII bytes so each lands at
    /// every place of a block: the same answer as `core::str::from_utf8`.
    #[test]
    fn utf8_check_is_from_utf8() {
        const EDGES: [u8; 22] = [
            0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
            0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf4, 0xf5, 0xff,
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200_000 {
            let r = next();
            let mut v = vec![b'a'; (r % 20) as usize];
            for k in 0..(r >> 8) % 6 {
                v.push(EDGES[((r >> (16 + 5 * k)) % 22) as usize]);
            }
            v.extend(std::iter::repeat_n(b'z', ((r >> 56) % 18) as usize));
            assert_eq!(is_utf8(&v), core::str::from_utf8(&v).is_ok(), "{v:x?}");
        }
        for c in [
            '\u{7f}',
            '\u{80}',
            '\u{7ff}',
            '\u{800}',
            '\u{ffff}',
            '\u{10000}',
            '\u{10ffff}',
        ] {
            let text = format!("{}{c}{}", "a".repeat(15), "b".repeat(17));
            assert!(is_utf8(text.as_bytes()), "{c:?}");
        }
    }
}
