//! Test tokens: issued by `POST /emulator/token` for a partner and a kind, checked on
//! every API call. The emulator never logs or echoes a token.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, header};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::errors::Failure;

/// What a token stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenKind {
    /// An App+User token: the only kind these endpoints accept.
    #[serde(rename = "app+user")]
    AppUser,
    /// An app-only (partner) token: every API call answers 400 / 900316.
    #[serde(rename = "app-only")]
    AppOnly,
    /// A token blocked by Conditional Access: every API call answers 403 / 900309.
    #[serde(rename = "ca-blocked")]
    CaBlocked,
    /// A refresh token (Secure Application Model): not an access token, so every API call
    /// answers 401; `POST /{tenant}/oauth2/v2.0/token` exchanges it for an App+User token.
    #[serde(rename = "refresh")]
    Refresh,
}

/// The longest lifetime a token may ask for (one week).
pub const MAX_TTL: Duration = Duration::from_secs(7 * 24 * 3600);
/// The default lifetime (one day).
pub const DEFAULT_TTL: Duration = Duration::from_secs(24 * 3600);

/// A token's meaning.
#[derive(Clone, Copy, Debug)]
pub struct TokenInfo {
    /// The partner tenant.
    pub partner: Uuid,
    /// Its kind.
    pub kind: TokenKind,
    expires: Instant,
}

/// The issued tokens.
#[derive(Debug, Default)]
pub struct Tokens {
    map: RwLock<HashMap<String, TokenInfo>>,
}

impl Tokens {
    /// Issues a new opaque token.
    pub fn issue(&self, partner: Uuid, kind: TokenKind, ttl: Duration) -> String {
        let token = format!("pcemu.{}", Uuid::new_v4().simple());
        let now = Instant::now();
        let info = TokenInfo {
            partner,
            kind,
            expires: now + ttl.min(MAX_TTL),
        };
        let mut map = self.map.write().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, t| t.expires > now);
        }
        map.insert(token.clone(), info);
        token
    }

    /// A live token's meaning (`None` when unknown or expired).
    pub fn lookup(&self, token: &str) -> Option<TokenInfo> {
        let map = self.map.read().unwrap_or_else(|e| e.into_inner());
        map.get(token.trim())
            .copied()
            .filter(|t| t.expires > Instant::now())
    }

    /// The caller of a request: `Authorization: Bearer <token>` naming a live App+User token.
    pub fn check(&self, headers: &HeaderMap) -> Result<TokenInfo, Failure> {
        let value = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(Failure::Unauthorized)?;
        let (scheme, token) = value.trim().split_once(' ').ok_or(Failure::Unauthorized)?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(Failure::Unauthorized);
        }
        let info = {
            let map = self.map.read().unwrap_or_else(|e| e.into_inner());
            map.get(token.trim()).copied()
        };
        let info = info.ok_or(Failure::Unauthorized)?;
        if info.expires <= Instant::now() {
            return Err(Failure::Unauthorized);
        }
        match info.kind {
            TokenKind::AppUser => Ok(info),
            TokenKind::AppOnly => Err(Failure::PartnerTokenNotAllowed),
            TokenKind::CaBlocked => Err(Failure::ConditionalAccessBlocked),
            TokenKind::Refresh => Err(Failure::Unauthorized),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn kinds_map_to_documented_failures() {
        let t = Tokens::default();
        let p = Uuid::nil();
        let ok = t.issue(p, TokenKind::AppUser, DEFAULT_TTL);
        assert!(t.check(&headers(&format!("Bearer {ok}"))).is_ok());
        assert!(t.check(&headers(&format!("bearer {ok}"))).is_ok());
        let app = t.issue(p, TokenKind::AppOnly, DEFAULT_TTL);
        assert_eq!(
            t.check(&headers(&format!("Bearer {app}"))).unwrap_err(),
            Failure::PartnerTokenNotAllowed
        );
        let ca = t.issue(p, TokenKind::CaBlocked, DEFAULT_TTL);
        assert_eq!(
            t.check(&headers(&format!("Bearer {ca}"))).unwrap_err(),
            Failure::ConditionalAccessBlocked
        );
        assert_eq!(
            t.check(&HeaderMap::new()).unwrap_err(),
            Failure::Unauthorized
        );
        assert_eq!(
            t.check(&headers("Bearer nope")).unwrap_err(),
            Failure::Unauthorized
        );
        assert_eq!(
            t.check(&headers(&format!("Basic {ok}"))).unwrap_err(),
            Failure::Unauthorized
        );
        let rt = t.issue(p, TokenKind::Refresh, DEFAULT_TTL);
        assert_eq!(
            t.check(&headers(&format!("Bearer {rt}"))).unwrap_err(),
            Failure::Unauthorized,
            "a refresh token is not an access token"
        );
        assert_eq!(t.lookup(&rt).map(|i| i.kind), Some(TokenKind::Refresh));
        let expired = t.issue(p, TokenKind::AppUser, Duration::ZERO);
        assert!(t.lookup(&expired).is_none());
        assert_eq!(
            t.check(&headers(&format!("Bearer {expired}"))).unwrap_err(),
            Failure::Unauthorized
        );
    }
}
