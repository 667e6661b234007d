//! Validated identifiers: customers, users, SKUs, service plans, license groups.
//!
//! Every id can only be built through `parse` (or `FromStr`), so a value of one of
//! these types is always safe to put in a URL path or a JSON body.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::error::InputError;

/// Longest user principal name Entra ID accepts (64 + `@` + 48).
pub const MAX_UPN_LEN: usize = 113;

/// Percent-encodes one URL path segment: RFC 3986 unreserved bytes (`A-Z a-z 0-9 - . _ ~`)
/// are left as they are, every other byte becomes `%XX`. (A dozen lines rather than the
/// `percent-encoding` crate, whose 256-entry table of `%XX` strings would reach the `.wasm`.)
pub fn encode_path_segment(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() + 8);
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// The 16 bytes of a GUID in its canonical hyphenated form (`8-4-4-4-12` hex digits,
/// case-insensitive); `None` for anything else (no braces, no urn, no "simple" form). The
/// form is checked by the body check's [`crate::json::is_guid`] (one GUID test in the
/// `.wasm`); by hand rather than `uuid`'s parser (which takes every form, so the `.wasm`
/// carried them all).
pub fn guid_bytes(text: &[u8]) -> Option<[u8; 16]> {
    if !crate::json::is_guid(text) {
        return None;
    }
    // A checked hex digit's value: `0`-`9` are 0x30-0x39, `a`-`f`/`A`-`F` 0x61-0x66/0x41-0x46.
    let value = |b: u8| (b & 15) + 9 * (b >> 6);
    // Two digits per byte, stepping over the hyphens (a filter over every character was
    // slower in the `.wasm`): the layout `push_guid` writes.
    let mut out = [0u8; 16];
    let mut at = 0;
    for o in &mut out {
        if matches!(at, 8 | 13 | 18 | 23) {
            at += 1;
        }
        let &[hi, lo] = text.get(at..at + 2)? else {
            return None;
        };
        *o = (value(hi) << 4) | value(lo);
        at += 2;
    }
    Some(out)
}

/// Appends the lower-case hyphenated form of a GUID's bytes: written into a buffer, then
/// appended at once (a `String::push` per character was an eighth of a call's time in the
/// `.wasm`, four GUIDs per request).
fn push_guid(bytes: &[u8; 16], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = [b'-'; 36];
    let mut at = 0;
    for &b in bytes {
        if matches!(at, 8 | 13 | 18 | 23) {
            at += 1;
        }
        if let Some([hi, lo]) = text.get_mut(at..at + 2) {
            *hi = HEX[usize::from(b >> 4)];
            *lo = HEX[usize::from(b & 15)];
        }
        at += 2;
    }
    // Always ASCII: never the empty fallback.
    out.push_str(core::str::from_utf8(&text).unwrap_or_default());
}

/// The lower-case hyphenated form of a GUID.
fn guid_text(u: &Uuid) -> String {
    let mut s = String::with_capacity(36);
    push_guid(u.as_bytes(), &mut s);
    s
}

/// Parses a GUID in its canonical hyphenated form (case-insensitive).
fn parse_guid(what: &'static str, s: &str) -> Result<Uuid, InputError> {
    guid_bytes(s.as_bytes())
        .map(Uuid::from_bytes)
        .ok_or_else(|| InputError::invalid_id(what, s))
}

macro_rules! guid_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// Parses the canonical hyphenated GUID form.
            pub fn parse(s: &str) -> Result<Self, InputError> {
                parse_guid($what, s).map(Self)
            }
            /// Wraps a GUID.
            pub const fn from_uuid(u: Uuid) -> Self {
                Self(u)
            }
            /// The GUID inside.
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }
            /// Appends the lower-case hyphenated form (without `core::fmt`).
            pub fn push_to(&self, out: &mut String) {
                push_guid(self.0.as_bytes(), out);
            }
            /// The lower-case hyphenated form.
            pub fn text(&self) -> String {
                guid_text(&self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.text())
            }
        }

        impl FromStr for $name {
            type Err = InputError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.text())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <alloc::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

guid_id!(
    /// A customer (tenant) id: a GUID.
    CustomerId,
    "customer id"
);
guid_id!(
    /// A product SKU id: a GUID.
    SkuId,
    "SKU id"
);
guid_id!(
    /// A service-plan id: a GUID.
    PlanId,
    "service plan id"
);
guid_id!(
    /// A GUID used for `MS-RequestId` / `MS-CorrelationId`.
    Guid,
    "GUID"
);

impl Guid {
    /// Builds a random (version 4) GUID from 16 random bytes supplied by the caller
    /// (the core does no I/O, so the shell supplies the randomness).
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        Self(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }
}

/// A user: an object id (GUID) or a user principal name such as `ada@contoso.onmicrosoft.com`.
/// Ordered object ids first, then names as written (so bulk reports sort stably).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UserId {
    /// The user's object id.
    ObjectId(Uuid),
    /// The user's principal name (kept as written; compared as written).
    Upn(String),
}

impl UserId {
    /// Parses a GUID or a UPN. UPNs are checked against the characters Entra ID allows
    /// (letters, digits, `' . - _ ! # ^ ~ +` before the `@`; letters, digits, `. -` after it).
    pub fn parse(s: &str) -> Result<Self, InputError> {
        // The GUID test alone (not `parse_guid`, whose error text would be built and dropped).
        if let Some(u) = guid_bytes(s.as_bytes()) {
            return Ok(Self::ObjectId(Uuid::from_bytes(u)));
        }
        if is_valid_upn(s) {
            Ok(Self::Upn(s.to_owned()))
        } else {
            Err(InputError::invalid_id("user id", s))
        }
    }

    /// The id as it goes in a URL path segment (percent-encoded).
    pub fn to_path_segment(&self) -> String {
        match self {
            Self::ObjectId(u) => guid_text(u),
            Self::Upn(s) => encode_path_segment(s),
        }
    }
}

fn is_valid_upn(s: &str) -> bool {
    // Byte by byte (no `str` search or slicing, whose panic paths would reach the `.wasm`).
    let b = s.as_bytes();
    if b.is_empty() || b.len() > MAX_UPN_LEN {
        return false;
    }
    let Some(at) = b.iter().rposition(|&c| c == b'@') else {
        return false;
    };
    let local = b.get(..at).unwrap_or_default();
    let domain = b.get(at + 1..).unwrap_or_default();
    // `iter().any` rather than `<[u8]>::contains`, which brings memchr into the `.wasm`.
    #[allow(clippy::manual_contains)]
    let has = |set: &[u8], c: u8| set.iter().any(|&x| x == c);
    let edge = |c: Option<&u8>, bad: &[u8]| c.is_some_and(|&c| has(bad, c));
    let local_ok = !local.is_empty()
        && !edge(local.first(), b".")
        && !edge(local.last(), b".")
        && local
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || has(b"'.-_!#^~+", c));
    let domain_ok = has(domain, b'.')
        && !edge(domain.first(), b".-")
        && !edge(domain.last(), b".-")
        && !domain.windows(2).any(|w| w == b"..")
        && domain
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-');
    local_ok && domain_ok
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ObjectId(u) => f.write_str(&guid_text(u)),
            Self::Upn(s) => f.write_str(s),
        }
    }
}

impl fmt::Debug for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserId({self})")
    }
}

impl FromStr for UserId {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for UserId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UserId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <alloc::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A license group. `Group1`: licenses managed by Entra ID (the default);
/// `Group2`: licenses not managed by Entra ID (Minecraft: Education Edition).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum LicenseGroup {
    /// Licenses managed by Entra ID; the service's default filter.
    #[default]
    Group1,
    /// Licenses not managed by Entra ID (Minecraft: Education Edition).
    Group2,
}

impl LicenseGroup {
    /// Both groups, in order.
    pub const ALL: [LicenseGroup; 2] = [LicenseGroup::Group1, LicenseGroup::Group2];

    /// Parses `Group1` / `group2` / `GROUP1`... (case-insensitive).
    pub fn parse(s: &str) -> Result<Self, InputError> {
        if s.eq_ignore_ascii_case("group1") {
            Ok(Self::Group1)
        } else if s.eq_ignore_ascii_case("group2") {
            Ok(Self::Group2)
        } else {
            Err(InputError::invalid_id("license group", s))
        }
    }

    /// How queries write it: `Group1`, `Group2`.
    pub const fn query_value(self) -> &'static str {
        match self {
            Self::Group1 => "Group1",
            Self::Group2 => "Group2",
        }
    }

    /// How the service writes it in responses: `group1`, `group2`.
    pub const fn response_value(self) -> &'static str {
        match self {
            Self::Group1 => "group1",
            Self::Group2 => "group2",
        }
    }
}

impl fmt::Display for LicenseGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.query_value())
    }
}

impl FromStr for LicenseGroup {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for LicenseGroup {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.response_value())
    }
}

impl<'de> Deserialize<'de> for LicenseGroup {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <alloc::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
