//! Why the service refused a call ([`ErrorReason`]), from the documented codes and the status.

#[allow(unused_imports)]
use crate::prelude::*;

use super::codes;

/// Why the service refused a call, as far as the client can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorReason {
    /// 60012: no units left for the SKU.
    OutOfLicenses,
    /// 900316: app-only token; App+User needed.
    PartnerTokenNotAllowed,
    /// 900309: Conditional Access blocked the call.
    ConditionalAccessBlocked,
    /// 60002 (or 404 on a user path).
    UserNotFound,
    /// 60003.
    CustomerNotFound,
    /// 401: token missing, malformed or expired.
    Unauthorized,
    /// 429.
    Throttled,
    /// More than one license group in one request.
    MixedLicenseGroups,
    /// The SKU is not subscribed by the customer.
    SkuNotSubscribed,
    /// An excluded plan is not in the SKU.
    PlanNotInSku,
    /// Another 4xx.
    BadRequest,
    /// 5xx.
    ServerError,
    /// Anything else.
    Other,
}

impl ErrorReason {
    /// The camelCase name JavaScript sees.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::OutOfLicenses => "outOfLicenses",
            Self::PartnerTokenNotAllowed => "partnerTokenNotAllowed",
            Self::ConditionalAccessBlocked => "conditionalAccessBlocked",
            Self::UserNotFound => "userNotFound",
            Self::CustomerNotFound => "customerNotFound",
            Self::Unauthorized => "unauthorized",
            Self::Throttled => "throttled",
            Self::MixedLicenseGroups => "mixedLicenseGroups",
            Self::SkuNotSubscribed => "skuNotSubscribed",
            Self::PlanNotInSku => "planNotInSku",
            Self::BadRequest => "badRequest",
            Self::ServerError => "serverError",
            Self::Other => "other",
        }
    }

    /// The reason for a status and an (optional) Partner Center code.
    pub fn classify(status: u16, code: Option<&str>) -> Self {
        let num = code.and_then(crate::text::parse_u32);
        match num {
            Some(codes::OUT_OF_LICENSES) => return Self::OutOfLicenses,
            Some(codes::PARTNER_TOKEN_NOT_ALLOWED) => return Self::PartnerTokenNotAllowed,
            Some(codes::CONDITIONAL_ACCESS_BLOCKED) => return Self::ConditionalAccessBlocked,
            Some(codes::USER_NOT_FOUND) => return Self::UserNotFound,
            Some(codes::CUSTOMER_NOT_FOUND) => return Self::CustomerNotFound,
            Some(codes::MIXED_LICENSE_GROUPS) => return Self::MixedLicenseGroups,
            Some(codes::SKU_NOT_SUBSCRIBED) => return Self::SkuNotSubscribed,
            Some(codes::PLAN_NOT_IN_SKU) => return Self::PlanNotInSku,
            _ => {}
        }
        match status {
            401 => Self::Unauthorized,
            429 => Self::Throttled,
            400..=499 => Self::BadRequest,
            500..=599 => Self::ServerError,
            _ => Self::Other,
        }
    }
}
