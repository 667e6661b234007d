//! `POST /{tenant}/oauth2/v2.0/token` (*emulator choice*): a stand-in for the Microsoft Entra
//! token endpoint, so that the token flows of `docs/tokens.md` run offline.
//!
//! - `grant_type=refresh_token` (the Secure Application Model): a refresh token issued by
//!   `POST /emulator/token {"kind":"refresh"}` and a Partner Center scope give an **App+User**
//!   access token of the refresh token's partner, and a new refresh token (rotation; the old
//!   one stays valid until it expires, as in Entra).
//! - `grant_type=client_credentials` (a client secret): an **app-only** token, which the
//!   license API refuses with 900316, as the real service does.
//!
//! Errors are OAuth 2.0 error bodies (`{"error":"invalid_grant","error_description":...}`).
//! Nothing is checked against an app registration: any non-empty `client_id` is accepted.
//! Tokens are in the body only, never in the path, so the request log never shows them.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::app::App;
use crate::auth::TokenKind;
use crate::errors::json_body;

/// The delegated scope of the Partner Center API.
pub const USER_IMPERSONATION: &str = "https://api.partnercenter.microsoft.com/user_impersonation";
/// The Partner Center API's `.default` scope (all consented permissions).
pub const DEFAULT_SCOPE: &str = "https://api.partnercenter.microsoft.com/.default";
/// Lifetime of the access tokens issued here (Entra's usual hour).
const ACCESS_TTL: Duration = Duration::from_secs(3600);
/// Lifetime of the rotated refresh tokens (the longest the emulator issues).
const REFRESH_TTL: Duration = crate::auth::MAX_TTL;

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = json!({ "error": error, "error_description": description });
    (
        status,
        json_body(serde_json::to_vec(&body).unwrap_or_default()),
    )
        .into_response()
}

/// `application/x-www-form-urlencoded` pairs (`+` is a space).
fn form(body: &[u8]) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// `POST /{tenant}/oauth2/v2.0/token`.
pub async fn token(
    State(app): State<Arc<App>>,
    Path(tenant): Path<String>,
    body: Bytes,
) -> Response {
    let fields = form(&body);
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    // The tenant: a partner (id or name), or a multi-tenant alias.
    let any_tenant = ["organizations", "common"]
        .iter()
        .any(|a| tenant.eq_ignore_ascii_case(a));
    let named = app.read().find_partner(&tenant).map(|p| p.id);
    if !any_tenant && named.is_none() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "AADSTS90002: Tenant not found (emulator: a partner id or name, organizations or common).",
        );
    }
    if field("client_id").is_none() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "AADSTS900144: The request body must contain the parameter: 'client_id'.",
        );
    }
    let scopes: Vec<&str> = field("scope").unwrap_or_default().split(' ').collect();
    match field("grant_type") {
        Some("refresh_token") => {
            if !scopes
                .iter()
                .any(|s| *s == USER_IMPERSONATION || *s == DEFAULT_SCOPE)
            {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_scope",
                    "AADSTS70011: The scope must be https://api.partnercenter.microsoft.com/user_impersonation (or /.default).",
                );
            }
            let info = field("refresh_token").and_then(|t| app.tokens.lookup(t));
            let partner = match info {
                Some(i) if i.kind == TokenKind::Refresh && named.is_none_or(|p| p == i.partner) => {
                    i.partner
                }
                _ => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "AADSTS70000: The refresh token is unknown, expired, or of another tenant.",
                    );
                }
            };
            let access = app.tokens.issue(partner, TokenKind::AppUser, ACCESS_TTL);
            let rotated = app.tokens.issue(partner, TokenKind::Refresh, REFRESH_TTL);
            let scope = if scopes.contains(&USER_IMPERSONATION) {
                USER_IMPERSONATION
            } else {
                DEFAULT_SCOPE
            };
            answer(&json!({
                "token_type": "Bearer",
                "scope": scope,
                "expires_in": ACCESS_TTL.as_secs(),
                "ext_expires_in": ACCESS_TTL.as_secs(),
                "access_token": access,
                "refresh_token": rotated,
            }))
        }
        Some("client_credentials") => {
            let Some(partner) = named else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "AADSTS90002: client_credentials needs a tenant id or name, not organizations or common.",
                );
            };
            if field("client_secret").is_none() || scopes != [DEFAULT_SCOPE] {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "AADSTS7000216: client_credentials needs client_secret and the scope https://api.partnercenter.microsoft.com/.default.",
                );
            }
            let access = app.tokens.issue(partner, TokenKind::AppOnly, ACCESS_TTL);
            answer(&json!({
                "token_type": "Bearer",
                "expires_in": ACCESS_TTL.as_secs(),
                "ext_expires_in": ACCESS_TTL.as_secs(),
                "access_token": access,
            }))
        }
        _ => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "AADSTS70003: The emulator supports grant_type refresh_token and client_credentials.",
        ),
    }
}

fn answer(value: &serde_json::Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut resp = (StatusCode::OK, json_body(body)).into_response();
    resp.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::form;

    #[test]
    fn form_decodes_plus_and_percent() {
        let f = form(b"grant_type=refresh_token&scope=a+b%2Fc&x&=v");
        assert_eq!(f[0], ("grant_type".into(), "refresh_token".into()));
        assert_eq!(f[1], ("scope".into(), "a b/c".into()));
        assert_eq!(f[2], ("x".into(), String::new()));
        assert_eq!(f[3], (String::new(), "v".into()));
    }
}
