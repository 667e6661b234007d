//! The access token, in a type that never prints itself.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use crate::error::InputError;

/// The longest token accepted (32 KiB). Entra ID access tokens are a few KiB; a header
/// far beyond that is refused by servers anyway, and a caller passing a file by mistake
/// should hear it before anything is sent.
pub const MAX_TOKEN_LEN: usize = 32 * 1024;
/// The length rule, written out (a test derives it from [`MAX_TOKEN_LEN`]).
const TOO_LONG: &str = "the access token is longer than 32768 bytes";

/// A bearer token. `Debug` and `Display` print `AccessToken(<redacted>)`; the only way
/// to read it is [`AccessToken::expose`], which the request builder calls once.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Checks a token: not empty, and only visible ASCII (a header value must not carry
    /// CR/LF or other control characters). The error never quotes the token.
    pub fn new(token: impl Into<String>) -> Result<Self, InputError> {
        let token = token.into();
        let token = token.trim();
        let token = match token.get(..7) {
            Some(p) if p.eq_ignore_ascii_case("bearer ") => {
                token.get(7..).unwrap_or_default().trim_start()
            }
            _ => token,
        };
        if token.is_empty() {
            return Err(InputError::new("token", "the access token is empty"));
        }
        if token.len() > MAX_TOKEN_LEN {
            return Err(InputError::new("token", TOO_LONG));
        }
        if !token.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
            return Err(InputError::new(
                "token",
                "the access token contains whitespace, control or non-ASCII characters",
            ));
        }
        Ok(Self(token.to_owned()))
    }

    /// The token itself. Call sites: the `Authorization` header, nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What an echo of the token can look like in text a server sends back: the token
    /// itself, and the part of its base64 that is the same at any alignment (a server that
    /// base64-encodes `Bearer <token>` or the token alone). For scrubbing, never for printing.
    pub fn echo_forms(&self) -> Vec<String> {
        let mut forms = vec![self.0.clone()];
        if self.0.len() >= 12 {
            for pad in 0..3 {
                let mut bytes = vec![b'x'; pad];
                bytes.extend_from_slice(self.0.as_bytes());
                let b64 = base64(&bytes);
                // The first and last 4 characters depend on the neighbouring bytes.
                if let Some(inner) = b64.get(4..b64.len().saturating_sub(4)) {
                    forms.push(inner.to_owned());
                }
            }
        }
        forms
    }
}

/// Standard base64 without padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_length_rule_names_its_limit() {
        let rule = crate::text::Text::new("the access token is longer than ")
            .num(MAX_TOKEN_LEN as u64)
            .push(" bytes")
            .done();
        assert_eq!(TOO_LONG, rule);
        let e = AccessToken::new("a".repeat(MAX_TOKEN_LEN + 1)).unwrap_err();
        assert_eq!(e.message, TOO_LONG);
    }

    #[test]
    fn token_never_prints() {
        let t = AccessToken::new("SECRET-MARKER-123").unwrap();
        assert!(!format!("{t:?} {t}").contains("SECRET"));
        assert_eq!(t.expose(), "SECRET-MARKER-123");
        let b = AccessToken::new("Bearer SECRET-MARKER-123").unwrap();
        assert_eq!(b.expose(), "SECRET-MARKER-123");
    }

    #[test]
    fn echo_forms_match_base64_at_any_alignment() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE");
        assert_eq!(base64(b"Bearer abc"), "QmVhcmVyIGFiYw");
        let t = AccessToken::new("SECRET-MARKER-123").unwrap();
        let forms = t.echo_forms();
        assert_eq!(forms.len(), 4);
        for prefix in ["", "Bearer ", "Bearer  ", "x"] {
            let encoded = base64(format!("{prefix}SECRET-MARKER-123;").as_bytes());
            assert!(
                forms[1..].iter().any(|f| encoded.contains(f.as_str())),
                "{prefix:?}: {encoded}"
            );
        }
        assert_eq!(AccessToken::new("short").unwrap().echo_forms().len(), 1);
    }

    #[test]
    fn token_rejects_header_injection_without_quoting_it() {
        for bad in ["", "  ", "abc\r\nX-Evil: 1", "a b", "tök"] {
            let e = AccessToken::new(bad).unwrap_err();
            assert_eq!(e.field, "token");
            if !bad.trim().is_empty() {
                assert!(!e.to_string().contains(bad.trim()), "{e}");
            }
        }
    }
}
