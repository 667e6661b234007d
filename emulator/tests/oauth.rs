//! The token endpoint stand-in (`POST /{tenant}/oauth2/v2.0/token`, emulator choice): a
//! refresh token becomes an App+User token the license API accepts; a client secret becomes
//! an app-only token it refuses (900316); OAuth errors otherwise.
mod common;

use common::{emulator, ids, licenses_path};
use partner_center_emulator::TokenKind;
use serde_json::Value;

const USER_IMPERSONATION: &str = "https://api.partnercenter.microsoft.com/user_impersonation";

async fn token_call(emu: &common::Emu, tenant: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let r = emu
        .client
        .post(emu.url(&format!("/{tenant}/oauth2/v2.0/token")))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn refresh_token_gives_an_app_user_token_and_rotates() {
    let emu = emulator().await;
    let rt = emu.token_for("adatum", TokenKind::Refresh);
    let path = licenses_path(ids::CUSTOMER_CONTOSO, ids::USER_GRACE);
    // A refresh token is not an access token.
    assert_eq!(emu.get_as(Some(&rt), &path).await.status, 401);
    let scope = format!("{USER_IMPERSONATION} offline_access");
    for tenant in ["adatum", ids::PARTNER_ADATUM, "organizations"] {
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", "11111111-2222-4333-8444-555555555555"),
            ("scope", scope.as_str()),
            ("refresh_token", rt.as_str()),
        ];
        let (status, body) = token_call(&emu, tenant, &form).await;
        assert_eq!(status, 200, "{tenant}: {body}");
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["scope"], USER_IMPERSONATION);
        assert_eq!(body["expires_in"], 3600);
        let access = body["access_token"].as_str().unwrap();
        let rotated = body["refresh_token"].as_str().unwrap();
        assert_ne!(rotated, rt);
        assert_eq!(emu.get_as(Some(access), &path).await.status, 200);
        // The rotated refresh token works as well.
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", "x"),
            ("scope", USER_IMPERSONATION),
            ("refresh_token", rotated),
        ];
        assert_eq!(token_call(&emu, tenant, &form).await.0, 200);
    }
}

#[tokio::test]
async fn client_secret_gives_an_app_only_token_the_api_refuses() {
    let emu = emulator().await;
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", "x"),
        ("client_secret", "s3cret"),
        ("scope", "https://api.partnercenter.microsoft.com/.default"),
    ];
    let (status, body) = token_call(&emu, "adatum", &form).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("refresh_token").is_none());
    let access = body["access_token"].as_str().unwrap();
    let path = licenses_path(ids::CUSTOMER_CONTOSO, ids::USER_GRACE);
    emu.get_as(Some(access), &path)
        .await
        .assert_error(400, 900316);
}

#[tokio::test]
async fn oauth_errors() {
    let emu = emulator().await;
    let rt = emu.token_for("adatum", TokenKind::Refresh);
    let access = emu.token.clone();
    let woodgrove_rt = emu.token_for("woodgrove", TokenKind::Refresh);
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            "nowhere",
            vec![
                ("grant_type", "refresh_token"),
                ("client_id", "x"),
                ("scope", USER_IMPERSONATION),
                ("refresh_token", &rt),
            ],
            "invalid_request",
        ),
        (
            "adatum",
            vec![
                ("grant_type", "refresh_token"),
                ("scope", USER_IMPERSONATION),
                ("refresh_token", &rt),
            ],
            "invalid_request",
        ),
        (
            "adatum",
            vec![
                ("grant_type", "refresh_token"),
                ("client_id", "x"),
                ("scope", "openid"),
                ("refresh_token", &rt),
            ],
            "invalid_scope",
        ),
        (
            "adatum",
            vec![
                ("grant_type", "refresh_token"),
                ("client_id", "x"),
                ("scope", USER_IMPERSONATION),
                ("refresh_token", "pcemu.nope"),
            ],
            "invalid_grant",
        ),
        // An access token is not a refresh token; a refresh token of another partner's tenant.
        (
            "adatum",
            vec![
                ("grant_type", "refresh_token"),
                ("client_id", "x"),
                ("scope", USER_IMPERSONATION),
                ("refresh_token", &access),
            ],
            "invalid_grant",
        ),
        (
            "adatum",
            vec![
                ("grant_type", "refresh_token"),
                ("client_id", "x"),
                ("scope", USER_IMPERSONATION),
                ("refresh_token", &woodgrove_rt),
            ],
            "invalid_grant",
        ),
        (
            "adatum",
            vec![("grant_type", "password"), ("client_id", "x")],
            "unsupported_grant_type",
        ),
        (
            "organizations",
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "x"),
                ("client_secret", "s"),
                ("scope", "https://api.partnercenter.microsoft.com/.default"),
            ],
            "invalid_request",
        ),
        (
            "adatum",
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "x"),
                ("scope", "https://api.partnercenter.microsoft.com/.default"),
            ],
            "invalid_request",
        ),
    ];
    for (tenant, form, error) in cases {
        let (status, body) = token_call(&emu, tenant, &form).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some(error)),
            "{form:?}: {body}"
        );
        let text = body.to_string();
        assert!(
            !text.contains(&rt) && !text.contains(&access),
            "a token echoed: {text}"
        );
    }
}
