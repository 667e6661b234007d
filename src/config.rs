//! Client settings, validated once when a client is built.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::Deserialize;

use crate::error::InputError;
use crate::id::Guid;

/// The real service.
pub const DEFAULT_BASE_URL: &str = "https://api.partnercenter.microsoft.com";
/// What `MS-PartnerCenter-Client` says.
pub const CLIENT_NAME: &str = concat!("partner-center-licenses/", env!("CARGO_PKG_VERSION"));
/// `MS-Contract-Version`.
pub const CONTRACT_VERSION: &str = "v1";
/// What the `token` option must be (the shells check its type; the text lives here).
pub const TOKEN_RULE: &str = "must be a string, a function returning (a Promise of) a token, or an object with getToken(scopes)";
/// A provider-backed call asked for the client's own token (a shell bug, reported as input).
pub const TOKEN_GIVEN_RULE: &str = "no token was given for this attempt";
/// The start of the message when the token provider throws or rejects.
pub const TOKEN_PROVIDER_FAILED: &str = "the token provider failed: ";
/// The token provider resolved to something that is not a token.
pub const TOKEN_PROVIDER_GAVE_NOTHING: &str =
    "the token provider did not give a string or { token, expiresOnTimestamp }";
/// The scope a Partner Center token is asked for.
pub const PARTNER_CENTER_SCOPE: &str = "https://api.partnercenter.microsoft.com/.default";
/// Longest header value taken from options.
const MAX_HEADER_OPTION_LEN: usize = 256;
/// The length rule of [`check_header_text`], written out (a test derives it from the limit).
const HEADER_TEXT_RULE: &str = "must be 1 to 256 characters";

/// Options as a caller writes them (camelCase in JavaScript). Unknown fields are ignored
/// so that shells can pass their own (`token`, `onEvent`...) alongside.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientOptions {
    /// Service root; [`DEFAULT_BASE_URL`] when absent.
    pub base_url: Option<String>,
    /// `X-Locale`, e.g. `en-US`.
    pub locale: Option<String>,
    /// A fixed `MS-CorrelationId` for every call (e.g. one bulk run); a new one per call otherwise.
    pub correlation_id: Option<String>,
    /// `MS-PartnerCenter-Application`.
    pub application_name: Option<String>,
}

impl ClientOptions {
    /// The option names, in the order of the fields.
    pub const KEYS: [&'static str; 4] = ["baseUrl", "locale", "correlationId", "applicationName"];
}

/// Validated settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    base_url: String,
    locale: Option<String>,
    correlation_id: Option<Guid>,
    application_name: Option<String>,
}

impl ClientConfig {
    /// Settings with a base URL and nothing else.
    pub fn new(base_url: &str) -> Result<Self, InputError> {
        Ok(Self {
            base_url: check_base_url(base_url)?,
            locale: None,
            correlation_id: None,
            application_name: None,
        })
    }

    /// Validates caller options.
    pub fn from_options(o: &ClientOptions) -> Result<Self, InputError> {
        Self::from_parts([
            o.base_url.as_deref(),
            o.locale.as_deref(),
            o.correlation_id.as_deref(),
            o.application_name.as_deref(),
        ])
    }

    /// Validates the options `baseUrl`, `locale`, `correlationId` and `applicationName`, in
    /// that order ([`ClientOptions::KEYS`]), without copying them first.
    pub fn from_parts(
        [base_url, locale, correlation_id, application_name]: [Option<&str>; 4],
    ) -> Result<Self, InputError> {
        let mut c = Self::new(base_url.unwrap_or(DEFAULT_BASE_URL))?;
        if let Some(l) = locale {
            c = c.with_locale(l)?;
        }
        if let Some(id) = correlation_id {
            c.correlation_id =
                Some(Guid::parse(id).map_err(|_| InputError::invalid_id("correlationId", id))?);
        }
        if let Some(a) = application_name {
            c = c.with_application_name(a)?;
        }
        Ok(c)
    }

    /// Sets `X-Locale` (letters, digits and `-`, e.g. `en-US`).
    pub fn with_locale(mut self, locale: &str) -> Result<Self, InputError> {
        let ok = !locale.is_empty()
            && locale.len() <= 35
            && locale
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !ok {
            return Err(InputError::new(
                "locale",
                crate::text::cat(&[
                    &crate::error::quote(locale),
                    " is not a locale such as en-US",
                ]),
            ));
        }
        self.locale = Some(locale.to_owned());
        Ok(self)
    }

    /// Sets `MS-PartnerCenter-Application` (visible ASCII and spaces, no CR/LF).
    pub fn with_application_name(mut self, name: &str) -> Result<Self, InputError> {
        self.application_name = Some(check_header_text("applicationName", name)?);
        Ok(self)
    }

    /// Pins `MS-CorrelationId` for every call.
    pub fn with_correlation_id(mut self, id: Guid) -> Self {
        self.correlation_id = Some(id);
        self
    }

    /// The service root, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
    /// `X-Locale`, when set.
    pub fn locale(&self) -> Option<&str> {
        self.locale.as_deref()
    }
    /// The pinned correlation id, when set.
    pub fn correlation_id(&self) -> Option<Guid> {
        self.correlation_id
    }
    /// `MS-PartnerCenter-Application`, when set.
    pub fn application_name(&self) -> Option<&str> {
        self.application_name.as_deref()
    }
}

fn check_base_url(url: &str) -> Result<String, InputError> {
    let bad = |why: &str| {
        InputError::new(
            "baseUrl",
            crate::text::cat(&[&crate::error::quote(url), " ", why]),
        )
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| bad("must start with https:// or http://"))?;
    let trimmed = rest.trim_end_matches('/');
    if trimmed.is_empty() {
        return Err(bad("has no host"));
    }
    if !trimmed.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad("contains spaces or control characters"));
    }
    if trimmed
        .bytes()
        .any(|b| matches!(b, b'?' | b'#' | b'@' | b'\\'))
    {
        return Err(bad("must not carry a query, a fragment or credentials"));
    }
    // `url` without its trailing slashes (`trimmed` is not empty: they are all in `rest`).
    let keep = url.len() - (rest.len() - trimmed.len());
    Ok(url.get(..keep).unwrap_or(url).to_owned())
}

/// Checks a free-text header value given by the caller: printable ASCII and spaces only.
pub fn check_header_text(field: &str, value: &str) -> Result<String, InputError> {
    if value.trim().is_empty() || value.len() > MAX_HEADER_OPTION_LEN {
        return Err(InputError::new(field, HEADER_TEXT_RULE));
    }
    if !value.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
        return Err(InputError::new(
            field,
            crate::text::cat(&[
                &crate::error::quote(value),
                " contains CR, LF or other characters not allowed in a header",
            ]),
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    #[test]
    fn the_header_text_rule_names_its_limit() {
        let rule = Text::new("must be 1 to ")
            .num(MAX_HEADER_OPTION_LEN as u64)
            .push(" characters")
            .done();
        assert_eq!(HEADER_TEXT_RULE, rule);
        let e = check_header_text("applicationName", &"a".repeat(257)).unwrap_err();
        assert_eq!(e.message, HEADER_TEXT_RULE);
    }

    #[test]
    fn base_url_is_checked_and_trimmed() {
        assert_eq!(
            ClientConfig::new("http://127.0.0.1:7070/")
                .unwrap()
                .base_url(),
            "http://127.0.0.1:7070"
        );
        for bad in [
            "",
            "ftp://x",
            "http://",
            "https://a b",
            "https://x?y=1",
            "https://u:p@x",
            "https://x\r\n",
        ] {
            assert_eq!(
                ClientConfig::new(bad).unwrap_err().field,
                "baseUrl",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn header_options_reject_crlf() {
        let o = ClientOptions {
            locale: Some("en-US\r\nX-Evil: 1".into()),
            ..Default::default()
        };
        assert_eq!(ClientConfig::from_options(&o).unwrap_err().field, "locale");
        let o = ClientOptions {
            application_name: Some("app\nX: y".into()),
            ..Default::default()
        };
        assert_eq!(
            ClientConfig::from_options(&o).unwrap_err().field,
            "applicationName"
        );
        let o = ClientOptions {
            correlation_id: Some("not-a-guid\r\n".into()),
            ..Default::default()
        };
        assert_eq!(
            ClientConfig::from_options(&o).unwrap_err().field,
            "correlationId"
        );
    }

    #[test]
    fn defaults_to_the_real_service() {
        let c = ClientConfig::from_options(&ClientOptions::default()).unwrap();
        assert_eq!(c.base_url(), DEFAULT_BASE_URL);
        assert_eq!(c.locale(), None);
    }
}
