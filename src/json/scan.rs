//! The scan both the shape check and the writer spend their time in: runs of string
//! content that need no escape.

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
/// or control character at or after `i`, else `bytes.len()`. Eight bytes at a time (a word
/// with none of them has no byte below 0x20 and no byte equal to either), then byte by byte:
/// the strings of a body are most of its bytes (the shape check), and a request's token
/// is most of its text (the writer).
pub fn plain_run_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(word) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let w = u64::from_le_bytes(*word);
        // The classic "has a zero byte" test, for `w < 0x20`, `w ^ '"'` and `w ^ '\\'`:
        // the lowest flagged byte is always a true one (a borrow only runs upward).
        let low = w.wrapping_sub(ONES * 0x20);
        let quote = (w ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES);
        let backslash = (w ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
        let stops = (low | quote | backslash) & !w & HIGH;
        if stops != 0 {
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if STOPS_A_STRING[usize::from(b)] {
            break;
        }
        i += 1;
    }
    i
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
}
