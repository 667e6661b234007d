#[allow(unused_imports)]
use crate::prelude::*;

use serde::{Deserialize, Serialize};

use super::Attributes;
use crate::id::{PlanId, SkuId};

/// One license to assign: a SKU and the plans to leave out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseAssignment {
    /// The SKU.
    #[serde(alias = "SkuId")]
    pub sku_id: SkuId,
    /// Service plans to exclude; `null` or absent means none.
    #[serde(
        default,
        alias = "ExcludedPlans",
        skip_serializing_if = "Option::is_none"
    )]
    pub excluded_plans: Option<Vec<PlanId>>,
}

/// A warning the service attaches to an update.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseWarning {
    /// Warning code.
    #[serde(default, alias = "Code")]
    pub code: String,
    /// Human text.
    #[serde(default, alias = "Message")]
    pub message: String,
    /// Names of the plans concerned.
    #[serde(default, alias = "ServicePlans")]
    pub service_plans: Vec<String>,
}

/// The body of `POST .../licenseupdates`, and its `201` echo.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseUpdate {
    /// Licenses to assign (or whose excluded plans to change).
    #[serde(
        default,
        alias = "LicensesToAssign",
        skip_serializing_if = "Option::is_none"
    )]
    pub licenses_to_assign: Option<Vec<LicenseAssignment>>,
    /// SKU ids to remove.
    #[serde(
        default,
        alias = "LicensesToRemove",
        skip_serializing_if = "Option::is_none"
    )]
    pub licenses_to_remove: Option<Vec<SkuId>>,
    /// Filled by the service.
    #[serde(
        default,
        alias = "LicenseWarnings",
        skip_serializing_if = "Option::is_none"
    )]
    pub license_warnings: Option<Vec<LicenseWarning>>,
    /// `{ "objectType": "LicenseUpdate" }`.
    #[serde(default, alias = "Attributes", skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
}

impl LicenseUpdate {
    /// The assignments (empty when `null`).
    pub fn assignments(&self) -> &[LicenseAssignment] {
        self.licenses_to_assign.as_deref().unwrap_or_default()
    }
    /// The removals (empty when `null`).
    pub fn removals(&self) -> &[SkuId] {
        self.licenses_to_remove.as_deref().unwrap_or_default()
    }
}
