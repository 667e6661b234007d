//! Continuation tokens of seek paging (`MS-ContinuationToken`): opaque to clients, and
//! bound to what they continue. A token is base64url (no padding) of a 64-byte cursor
//! (partner, customer, listing, page size, page number, last user id, expiry) followed by
//! its HMAC-SHA256 under a key drawn at start, so a token is refused when it was tampered
//! with, comes from another emulator process, or names another partner, customer, listing
//! or page size. The emulator keeps nothing per token: the same token may be sent again
//! (a retried page), and it continues after the last id it names, whatever changed since.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use uuid::Uuid;

use crate::errors::Failure;

/// How long a continuation token stays valid (15 minutes).
pub const TOKEN_TTL: Duration = Duration::from_secs(15 * 60);

const VERSION: u8 = 1;
const CURSOR_LEN: usize = 64;
const TAG_LEN: usize = 32;

/// Which users a listing holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    /// Active users (no filter).
    Active,
    /// Deleted users (`{"Field":"UserState","Value":"Inactive","Operator":"equals"}`).
    Deleted,
}

/// Where a listing goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// The partner that listed.
    pub partner: Uuid,
    /// The customer listed.
    pub customer: Uuid,
    /// Active or deleted users.
    pub listing: Listing,
    /// Page size.
    pub size: u16,
    /// The number of the page this token fetches (the first page is 1, so 2 and up).
    pub page: u32,
    /// The last user id of the previous page: the next page starts after it.
    pub last: Uuid,
    /// Unix seconds after which the token is refused.
    pub expires: u64,
}

/// Unix seconds now.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Seals and opens continuation tokens with this process's key.
#[derive(Debug)]
pub struct Paging {
    key: [u8; 32],
}

impl Default for Paging {
    fn default() -> Self {
        Self::new()
    }
}

impl Paging {
    /// A new random key (two v4 UUIDs from the OS's generator).
    pub fn new() -> Self {
        let mut key = [0u8; 32];
        key[..16].copy_from_slice(Uuid::new_v4().as_bytes());
        key[16..].copy_from_slice(Uuid::new_v4().as_bytes());
        Self { key }
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC takes keys of any length; 32 bytes cannot fail.
        <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
    }

    /// The token for `c`.
    pub fn seal(&self, c: &Cursor) -> String {
        let mut bytes = Vec::with_capacity(CURSOR_LEN + TAG_LEN);
        bytes.push(VERSION);
        bytes.extend_from_slice(c.partner.as_bytes());
        bytes.extend_from_slice(c.customer.as_bytes());
        bytes.push(match c.listing {
            Listing::Active => 0,
            Listing::Deleted => 1,
        });
        bytes.extend_from_slice(&c.size.to_be_bytes());
        bytes.extend_from_slice(&c.page.to_be_bytes());
        bytes.extend_from_slice(c.last.as_bytes());
        bytes.extend_from_slice(&c.expires.to_be_bytes());
        let mut mac = self.mac();
        mac.update(&bytes);
        let tag = mac.finalize().into_bytes();
        bytes.extend_from_slice(&tag);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The cursor of a token this process sealed, if it has not expired at `now` (Unix
    /// seconds): 60056 when it is not one, 60057 when it expired.
    pub fn open(&self, token: &str, now: u64) -> Result<Cursor, Failure> {
        let invalid = |why: &str| Failure::ContinuationTokenInvalid(why.into());
        let bytes = URL_SAFE_NO_PAD
            .decode(token.trim())
            .map_err(|_| invalid("it is not one this service issued"))?;
        if bytes.len() != CURSOR_LEN + TAG_LEN {
            return Err(invalid("it is not one this service issued"));
        }
        let (body, tag) = bytes.split_at(CURSOR_LEN);
        let mut mac = self.mac();
        mac.update(body);
        mac.verify_slice(tag)
            .map_err(|_| invalid("it is not one this service issued, or it was altered"))?;
        let uuid_at = |at: usize| {
            let mut b = [0u8; 16];
            b.copy_from_slice(&body[at..at + 16]);
            Uuid::from_bytes(b)
        };
        let mut size = [0u8; 2];
        size.copy_from_slice(&body[34..36]);
        let mut page = [0u8; 4];
        page.copy_from_slice(&body[36..40]);
        let mut expires = [0u8; 8];
        expires.copy_from_slice(&body[56..64]);
        let cursor = Cursor {
            partner: uuid_at(1),
            customer: uuid_at(17),
            listing: if body[33] == 1 {
                Listing::Deleted
            } else {
                Listing::Active
            },
            size: u16::from_be_bytes(size),
            page: u32::from_be_bytes(page),
            last: uuid_at(40),
            expires: u64::from_be_bytes(expires),
        };
        if body[0] != VERSION {
            return Err(invalid("it is of another version"));
        }
        if now > cursor.expires {
            return Err(Failure::ContinuationTokenExpired);
        }
        Ok(cursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor() -> Cursor {
        Cursor {
            partner: Uuid::from_u128(1),
            customer: Uuid::from_u128(2),
            listing: Listing::Deleted,
            size: 7,
            page: 3,
            last: Uuid::from_u128(0xabc),
            expires: 1_000,
        }
    }

    #[test]
    fn a_sealed_cursor_opens_until_it_expires() {
        let p = Paging::new();
        let t = p.seal(&cursor());
        assert!(
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(p.open(&t, 1_000).unwrap(), cursor());
        assert_eq!(p.open(&t, 1_001), Err(Failure::ContinuationTokenExpired));
    }

    #[test]
    fn altered_foreign_and_garbage_tokens_are_refused() {
        let p = Paging::new();
        let t = p.seal(&cursor());
        let invalid = |r: Result<Cursor, Failure>| {
            assert!(
                matches!(r, Err(Failure::ContinuationTokenInvalid(_))),
                "{r:?}"
            )
        };
        // Every single-character change is caught (the MAC covers every byte).
        for i in 0..t.len() {
            let mut b = t.clone().into_bytes();
            b[i] = if b[i] == b'A' { b'B' } else { b'A' };
            invalid(p.open(&String::from_utf8(b).unwrap(), 0));
        }
        invalid(Paging::new().open(&t, 0));
        for junk in ["", "x", "!!!!", &t[..t.len() - 1], &format!("{t}AA")] {
            invalid(p.open(junk, 0));
        }
    }
}
