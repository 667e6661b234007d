//! A block of bytes tested all at once, for the scans (`scan.rs`): a `v128` (16 bytes) in
//! a `.wasm` built with `simd128` (`.cargo/config.toml` turns it on for wasm32), else a `u64`
//! word (8 bytes). The scans are written once over [`Block`]; native builds (the tests, the
//! fuzz targets, callgrind) run the same scans on words.
//!
//! A test gives flags: only the high bit of each byte counts (set = the byte passes). The
//! word's tests are exact for every byte (no borrow from a neighbour), so flags combine.

/// Blocks and flags (one type: a test turns bytes into flags, flags combine bit by bit).
pub trait Block: Copy {
    /// Bytes in a block.
    const LEN: usize;
    /// The `LEN` bytes of `bytes` from `at`, if there are that many.
    fn load(bytes: &[u8], at: usize) -> Option<Self>;
    /// Flags the bytes equal to `b`.
    fn eq(self, b: u8) -> Self;
    /// Flags the bytes below `b` (`b` at most 0x80).
    fn below(self, b: u8) -> Self;
    /// Flags the bytes in `lo..=hi` (`hi` below 0x80).
    fn within(self, lo: u8, hi: u8) -> Self;
    /// Each byte with bit 5 set (ASCII letters to lower case).
    fn lower(self) -> Self;
    /// Flags the bytes that end a run of plain string content (`"`, `\\`, control
    /// characters); only the first flag is sure to be right (a word's cheaper test).
    #[inline(always)]
    fn ends_a_run(self) -> Self {
        self.below(0x20).or(self.eq(b'"')).or(self.eq(b'\\'))
    }
    /// Flags the bytes at or above 0x80 (the block itself: its high bits).
    fn non_ascii(self) -> Self {
        self
    }
    fn or(self, other: Self) -> Self;
    fn and(self, other: Self) -> Self;
    /// `yes` where `self` is flagged, else `no`.
    #[inline(always)]
    fn select(self, yes: Self, no: Self) -> Self {
        self.and(yes).or(self.not().and(no))
    }
    fn not(self) -> Self;
    /// The index of the first flagged byte.
    fn first(self) -> Option<usize>;
    /// Are all bytes flagged?
    fn all(self) -> bool;
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::V128 as Bytes;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub use word::Word as Bytes;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod word {
    use super::Block;

    /// Eight bytes in a `u64` (the first byte lowest).
    #[derive(Clone, Copy)]
    pub struct Word(u64);

    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = ONES * 0x7f;
    const HIGH: u64 = ONES * 0x80;

    impl Word {
        /// Flags the zero bytes, exactly: `(x & 0x7f) + 0x7f` sets the high bit of every byte
        /// whose low bits are not all zero, with no carry out of the byte.
        fn zero(y: u64) -> Self {
            Word(!(((y & LOW7) + LOW7) | y))
        }
    }

    impl Block for Word {
        const LEN: usize = 8;

        #[inline(always)]
        fn load(bytes: &[u8], at: usize) -> Option<Self> {
            let w = bytes.get(at..)?.first_chunk::<8>()?;
            Some(Word(u64::from_le_bytes(*w)))
        }
        #[inline(always)]
        fn eq(self, b: u8) -> Self {
            Word::zero(self.0 ^ (ONES * u64::from(b)))
        }
        #[inline(always)]
        fn below(self, b: u8) -> Self {
            // For a byte under 0x80, `x + (0x80 - b)` has its high bit set when `x >= b` (and
            // cannot carry out); a byte at or above 0x80 is not below `b`.
            Word(!(((self.0 & LOW7) + ONES * u64::from(0x80 - b)) | self.0))
        }
        #[inline(always)]
        fn within(self, lo: u8, hi: u8) -> Self {
            self.below(hi + 1).and(self.below(lo).not())
        }
        #[inline(always)]
        fn lower(self) -> Self {
            Word(self.0 | (ONES * 0x20))
        }
        #[inline(always)]
        fn ends_a_run(self) -> Self {
            // The classic "has a zero byte" test for `w < 0x20`, `w ^ '"'` and `w ^ '\\'`: a
            // borrow only runs upward, so the lowest flag is a true one (the others may not be).
            let w = self.0;
            let low = w.wrapping_sub(ONES * 0x20);
            let quote = (w ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES);
            let backslash = (w ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
            Word((low | quote | backslash) & !w)
        }
        #[inline(always)]
        fn or(self, other: Self) -> Self {
            Word(self.0 | other.0)
        }
        #[inline(always)]
        fn and(self, other: Self) -> Self {
            Word(self.0 & other.0)
        }
        #[inline(always)]
        fn not(self) -> Self {
            Word(!self.0)
        }
        #[inline(always)]
        fn first(self) -> Option<usize> {
            let flags = self.0 & HIGH;
            (flags != 0).then(|| (flags.trailing_zeros() / 8) as usize)
        }
        #[inline(always)]
        fn all(self) -> bool {
            self.0 & HIGH == HIGH
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// Every test of [`Word`] on every byte value at every place, beside neighbours that
        /// would borrow or carry into it, against the same test byte by byte.
        #[test]
        fn word_tests_are_exact_for_every_byte() {
            type Test = (&'static str, fn(Word) -> Word, fn(u8) -> bool);
            let tests: [Test; 8] = [
                ("eq 0", |w| w.eq(0), |x| x == 0),
                ("eq \"", |w| w.eq(b'"'), |x| x == b'"'),
                ("eq 0xff", |w| w.eq(0xff), |x| x == 0xff),
                ("below 0x20", |w| w.below(0x20), |x| x < 0x20),
                ("below 0x80", |w| w.below(0x80), |x| x < 0x80),
                (
                    "within 0-9",
                    |w| w.within(b'0', b'9'),
                    |x| x.is_ascii_digit(),
                ),
                (
                    "lower a-f",
                    |w| w.lower().within(b'a', b'f'),
                    |x| x.is_ascii_hexdigit() && !x.is_ascii_digit(),
                ),
                ("non-ASCII", |w| w.non_ascii(), |x| x >= 0x80),
            ];
            for (name, test, want) in tests {
                for fill in [0u8, 1, 0x1f, b'"', b'/', b'0', b'9', b':', 0x7f, 0x80, 0xff] {
                    for at in 0..8 {
                        for x in 0..=255u8 {
                            let mut bytes = [fill; 8];
                            bytes[at] = x;
                            let flags = test(Word::load(&bytes, 0).unwrap_or(Word(0)));
                            for (i, &b) in bytes.iter().enumerate() {
                                let flagged = flags.0 & (0x80 << (8 * i)) != 0;
                                assert_eq!(flagged, want(b), "{name}: {bytes:?} byte {i}");
                            }
                            let first = bytes.iter().position(|&b| want(b));
                            assert_eq!(flags.first(), first, "{name}: {bytes:?}");
                            assert_eq!(flags.all(), bytes.iter().all(|&b| want(b)));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::Block;
    use core::arch::wasm32::*;

    /// Sixteen bytes in a `v128`.
    #[derive(Clone, Copy)]
    pub struct V128(v128);

    impl Block for V128 {
        const LEN: usize = 16;

        #[inline(always)]
        fn load(bytes: &[u8], at: usize) -> Option<Self> {
            // Two 8-byte halves: the compiler makes them `v128.load64_zero` +
            // `v128.load64_lane` (`v128_load` takes a raw pointer).
            let b = bytes.get(at..)?.first_chunk::<16>()?;
            let (lo, hi) = b.split_at(8);
            let half = |h: &[u8]| h.first_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w));
            Some(V128(u64x2(half(lo), half(hi))))
        }
        #[inline(always)]
        fn eq(self, b: u8) -> Self {
            V128(u8x16_eq(self.0, u8x16_splat(b)))
        }
        #[inline(always)]
        fn below(self, b: u8) -> Self {
            V128(u8x16_lt(self.0, u8x16_splat(b)))
        }
        #[inline(always)]
        fn within(self, lo: u8, hi: u8) -> Self {
            V128(u8x16_lt(
                u8x16_sub(self.0, u8x16_splat(lo)),
                u8x16_splat(hi - lo + 1),
            ))
        }
        #[inline(always)]
        fn lower(self) -> Self {
            V128(v128_or(self.0, u8x16_splat(0x20)))
        }
        #[inline(always)]
        fn or(self, other: Self) -> Self {
            V128(v128_or(self.0, other.0))
        }
        #[inline(always)]
        fn and(self, other: Self) -> Self {
            V128(v128_and(self.0, other.0))
        }
        #[inline(always)]
        fn not(self) -> Self {
            V128(v128_not(self.0))
        }
        #[inline(always)]
        fn first(self) -> Option<usize> {
            let flags = u8x16_bitmask(self.0);
            (flags != 0).then(|| flags.trailing_zeros() as usize)
        }
        #[inline(always)]
        fn select(self, yes: Self, no: Self) -> Self {
            V128(v128_bitselect(yes.0, no.0, self.0))
        }
        #[inline(always)]
        fn all(self) -> bool {
            u8x16_bitmask(self.0) == 0xffff
        }
    }
}
