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
pub fn plain_run_end(bytes: &[u8], i: usize) -> usize {
    first_stop(bytes, i, Bytes::ends_a_run, |b| {
        STOPS_A_STRING[usize::from(b)]
    })
}

/// Where the run of plain ASCII string content from `i` ends: as [`plain_run_end`], and at
/// the first byte that is not ASCII too (the shape check's kept strings: a run that ends at
/// its quote is ASCII, so UTF-8, with no pass of its own; any other is checked as it is read).
pub fn ascii_run_end(bytes: &[u8], i: usize) -> usize {
    first_stop(
        bytes,
        i,
        |b| b.ends_a_run().or(b.non_ascii()),
        |b| STOPS_A_STRING[usize::from(b)] || b >= 0x80,
    )
}

/// The index of the first byte at or after `i` that is not ASCII, else `bytes.len()` (the
/// body's ASCII text, `ascii.rs`).
pub fn ascii_end(bytes: &[u8], i: usize) -> usize {
    first_stop(bytes, i, Bytes::non_ascii, |b| b >= 0x80)
}

/// The scans' one loop: the first byte at or after `i` that `block` flags (a block at a
/// time) or `byte` says stops (the tail shorter than a block), else `bytes.len()`.
#[inline(always)]
fn first_stop(
    bytes: &[u8],
    mut i: usize,
    block: impl Fn(Bytes) -> Bytes,
    byte: impl Fn(u8) -> bool,
) -> usize {
    while let Some(b) = Bytes::load(bytes, i) {
        if let Some(k) = block(b).first() {
            return i + k;
        }
        i += Bytes::LEN;
    }
    while let Some(&b) = bytes.get(i) {
        if byte(b) {
            break;
        }
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

    /// The three scans, every byte at every place of short texts beside fillers of each kind:
    /// the first stop, as a byte-by-byte scan finds it.
    #[test]
    fn run_scans_find_the_first_stop() {
        type Scan = (fn(&[u8], usize) -> usize, fn(u8) -> bool);
        let scans: [Scan; 3] = [
            (plain_run_end, |b| STOPS_A_STRING[usize::from(b)]),
            (ascii_run_end, |b| {
                STOPS_A_STRING[usize::from(b)] || b >= 0x80
            }),
            (ascii_end, |b| b >= 0x80),
        ];
        for (scan, stops) in scans {
            for filler in [b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xc3, 0xff] {
                for len in 0..20 {
                    for at in 0..len {
                        for b in 0..=255u8 {
                            let mut v = vec![filler; len];
                            v[at] = b;
                            for from in 0..=at {
                                let want = (from..len).find(|&i| stops(v[i])).unwrap_or(len);
                                assert_eq!(scan(&v, from), want, "{filler} {len} {at} {b} {from}");
                            }
                        }
                    }
                }
            }
        }
    }
}
