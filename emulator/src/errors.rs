//! One factory for every error the emulator answers with: exact status, code,
//! description and `source: "PartnerFD"`, as the service writes them.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use partner_center_licenses::error::codes;
use partner_center_licenses::id::{CustomerId, SkuId};
use partner_center_licenses::model::{ErrorBody, ErrorCode, ThrottleBody};

/// `source` of every error body.
pub const SOURCE: &str = "PartnerFD";

/// How a `Retry-After` header is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryAfter(pub String);

/// Everything the emulator can refuse a request with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// 401: no bearer token, or one the emulator did not issue, or an expired one.
    Unauthorized,
    /// 400 / 900316: an app-only token.
    PartnerTokenNotAllowed,
    /// 403 / 900309: a token marked as blocked by Conditional Access.
    ConditionalAccessBlocked,
    /// 404 / 60003: no such customer for this partner.
    CustomerNotFound(String),
    /// 404 / 60002: no such user in the customer.
    UserNotFound(String),
    /// 400 / 60012: no units left.
    OutOfLicenses {
        /// The customer.
        customer: CustomerId,
        /// The SKU without units.
        sku: SkuId,
    },
    /// 400 / 60050.
    MixedLicenseGroups(String),
    /// 400 / 60051.
    SkuNotSubscribed(String),
    /// 400 / 60052.
    PlanNotInSku(String),
    /// 400 / 60053: empty update, a SKU named twice, removing a license the user lacks.
    InvalidUpdate(String),
    /// 400 / 60054: malformed id, query, header or JSON body.
    Malformed(String),
    /// 400 / 60055: a license assigned to a user without a usage location (the UPN).
    InvalidUsageLocation(String),
    /// 400 / 60056: a continuation token that is missing, malformed, tampered with, of
    /// another emulator, partner, customer or listing.
    ContinuationTokenInvalid(String),
    /// 400 / 60057: an expired continuation token.
    ContinuationTokenExpired,
    /// 413 / 60054: the body is larger than the limit.
    BodyTooLarge(usize),
    /// 408 / 60054: the body did not arrive within the read timeout (a slow client).
    RequestTimeout(u64),
    /// 409 / 60054: an `MS-RequestId` reused for a different request.
    RequestIdReused(String),
    /// 429 with the throttle body and `Retry-After`.
    Throttled {
        /// Seconds in the message.
        seconds: u64,
        /// The header value (seconds or an HTTP-date).
        retry_after: RetryAfter,
    },
    /// 404: no such API route.
    NoRoute(String),
    /// 405.
    MethodNotAllowed,
    /// 500 (injected fault).
    Internal,
    /// 503 (injected fault), with `Retry-After`.
    Unavailable(RetryAfter),
}

impl Failure {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::ConditionalAccessBlocked => StatusCode::FORBIDDEN,
            Self::CustomerNotFound(_) | Self::UserNotFound(_) | Self::NoRoute(_) => {
                StatusCode::NOT_FOUND
            }
            Self::BodyTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            Self::RequestIdReused(_) => StatusCode::CONFLICT,
            Self::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::PartnerTokenNotAllowed
            | Self::OutOfLicenses { .. }
            | Self::MixedLicenseGroups(_)
            | Self::SkuNotSubscribed(_)
            | Self::PlanNotInSku(_)
            | Self::InvalidUpdate(_)
            | Self::Malformed(_)
            | Self::InvalidUsageLocation(_)
            | Self::ContinuationTokenInvalid(_)
            | Self::ContinuationTokenExpired => StatusCode::BAD_REQUEST,
        }
    }

    /// The Partner Center code, when the case has one.
    pub fn code(&self) -> Option<u32> {
        Some(match self {
            Self::PartnerTokenNotAllowed => codes::PARTNER_TOKEN_NOT_ALLOWED,
            Self::ConditionalAccessBlocked => codes::CONDITIONAL_ACCESS_BLOCKED,
            Self::CustomerNotFound(_) => codes::CUSTOMER_NOT_FOUND,
            Self::UserNotFound(_) => codes::USER_NOT_FOUND,
            Self::OutOfLicenses { .. } => codes::OUT_OF_LICENSES,
            Self::MixedLicenseGroups(_) => codes::MIXED_LICENSE_GROUPS,
            Self::SkuNotSubscribed(_) => codes::SKU_NOT_SUBSCRIBED,
            Self::PlanNotInSku(_) => codes::PLAN_NOT_IN_SKU,
            Self::InvalidUpdate(_) => codes::INVALID_LICENSE_UPDATE,
            Self::InvalidUsageLocation(_) => codes::INVALID_USAGE_LOCATION,
            Self::ContinuationTokenInvalid(_) => codes::CONTINUATION_TOKEN_INVALID,
            Self::ContinuationTokenExpired => codes::CONTINUATION_TOKEN_EXPIRED,
            Self::Malformed(_)
            | Self::BodyTooLarge(_)
            | Self::RequestTimeout(_)
            | Self::RequestIdReused(_) => codes::MALFORMED_REQUEST,
            Self::Unauthorized
            | Self::Throttled { .. }
            | Self::NoRoute(_)
            | Self::MethodNotAllowed
            | Self::Internal
            | Self::Unavailable(_) => return None,
        })
    }

    fn description(&self) -> String {
        match self {
            Self::Unauthorized => {
                "Authentication failed: the access token is missing, invalid or expired.".into()
            }
            Self::PartnerTokenNotAllowed => "Partner token is not allowed in license management calls. Please call with Partner Access Token. To learn more, see https://learn.microsoft.com/partner-center/developer/enable-secure-app-model#get-access-token".into(),
            Self::ConditionalAccessBlocked => "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance. Learn more at https://learn.microsoft.com/azure/active-directory/conditional-access/concept-conditional-access-users-groups.".into(),
            Self::CustomerNotFound(id) => format!("Customer {id} was not found."),
            Self::UserNotFound(id) => format!("User {id} was not found."),
            Self::InvalidUsageLocation(_) => {
                "License assignment cannot be done for user with invalid usage location".into()
            }
            Self::ContinuationTokenInvalid(m) => {
                format!("The continuation token is not valid: {m}. List again from the first page.")
            }
            Self::ContinuationTokenExpired => {
                "The continuation token has expired. List again from the first page.".into()
            }
            Self::OutOfLicenses { .. } => "We are sorry, it looks like you have run out of licenses. Buy more licenses, and then try again.".into(),
            Self::MixedLicenseGroups(m)
            | Self::SkuNotSubscribed(m)
            | Self::PlanNotInSku(m)
            | Self::InvalidUpdate(m)
            | Self::Malformed(m)
            | Self::RequestIdReused(m) => m.clone(),
            Self::BodyTooLarge(limit) => {
                format!("The request body is larger than {limit} bytes.")
            }
            Self::RequestTimeout(seconds) => {
                format!("The request body did not arrive within {seconds} seconds.")
            }
            Self::Throttled { seconds, .. } => {
                format!("Rate limit is exceeded. Try again in {seconds} seconds.")
            }
            Self::NoRoute(path) => format!("No API resource matches {path}."),
            Self::MethodNotAllowed => "The method is not allowed on this resource.".into(),
            Self::Internal => "An internal server error occurred.".into(),
            Self::Unavailable(_) => "The service is temporarily unavailable. Try again later.".into(),
        }
    }

    /// The JSON body, exactly as sent.
    pub fn body(&self) -> Vec<u8> {
        let json = match self {
            Self::Throttled { .. } => serde_json::to_vec(&ThrottleBody {
                status_code: 429,
                message: self.description(),
            }),
            _ => serde_json::to_vec(&ErrorBody {
                code: self.code().map(|c| ErrorCode(c.to_string())),
                description: Some(self.description()),
                data: match self {
                    Self::OutOfLicenses { customer, sku } => Some(vec![format!(
                        "LicenseQuotaExceededException : Subscription with Account {customer} and SKU {sku} does not have any available licenses left."
                    )]),
                    _ => None,
                },
                source: Some(SOURCE.into()),
            }),
        };
        json.unwrap_or_default()
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut resp = (self.status(), json_body(self.body())).into_response();
        let headers = resp.headers_mut();
        match &self {
            Self::Unauthorized => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer error=\"invalid_token\""),
                );
            }
            Self::RequestTimeout(_) => {
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            Self::Throttled { retry_after, .. } | Self::Unavailable(retry_after) => {
                if let Ok(v) = HeaderValue::from_str(&retry_after.0) {
                    headers.insert(header::RETRY_AFTER, v);
                }
            }
            _ => {}
        }
        resp
    }
}

/// A JSON body with the service's content type.
pub fn json_body(bytes: Vec<u8>) -> JsonBytes {
    JsonBytes(bytes)
}

/// Bytes sent as `application/json; charset=utf-8`.
pub struct JsonBytes(pub Vec<u8>);

impl IntoResponse for JsonBytes {
    fn into_response(self) -> Response {
        let mut resp = self.0.into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_licenses_matches_the_documented_body() {
        let f = Failure::OutOfLicenses {
            customer: CustomerId::parse("0c39d6d5-c70d-4c55-bc02-f620844f3fd1").unwrap(),
            sku: SkuId::parse("f8a1db68-be16-40ed-86d5-cb42ce701560").unwrap(),
        };
        assert_eq!(f.status(), StatusCode::BAD_REQUEST);
        let v: serde_json::Value = serde_json::from_slice(&f.body()).unwrap();
        assert_eq!(v["code"], 60012);
        assert_eq!(v["source"], "PartnerFD");
        assert_eq!(
            v["data"][0],
            "LicenseQuotaExceededException : Subscription with Account 0c39d6d5-c70d-4c55-bc02-f620844f3fd1 and SKU f8a1db68-be16-40ed-86d5-cb42ce701560 does not have any available licenses left."
        );
    }

    #[test]
    fn throttle_body_has_its_own_shape() {
        let f = Failure::Throttled {
            seconds: 3,
            retry_after: RetryAfter("3".into()),
        };
        let v: serde_json::Value = serde_json::from_slice(&f.body()).unwrap();
        assert_eq!(v["statusCode"], 429);
        assert_eq!(
            v["message"],
            "Rate limit is exceeded. Try again in 3 seconds."
        );
        assert_eq!(f.into_response().headers()["retry-after"], "3");
    }

    #[test]
    fn unauthorized_has_no_code_and_a_challenge() {
        let f = Failure::Unauthorized;
        assert_eq!(f.code(), None);
        let r = f.into_response();
        assert_eq!(r.status(), 401);
        assert!(r.headers().contains_key("www-authenticate"));
    }
}
