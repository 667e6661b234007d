#[allow(unused_imports)]
use crate::prelude::*;

use serde::{Deserialize, Serialize};

use super::Attributes;
use crate::id::{LicenseGroup, PlanId, SkuId};

/// A license assigned to a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct License {
    /// The plans of the SKU the user holds (excluded plans are absent).
    #[serde(default)]
    pub service_plans: Vec<ServicePlan>,
    /// The product.
    pub product_sku: ProductSku,
    /// `{ "objectType": "License" }`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
}

/// A product SKU.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductSku {
    /// The SKU id.
    pub id: SkuId,
    /// Display name, e.g. `Office 365 E3`.
    #[serde(default)]
    pub name: String,
    /// Part number, e.g. `ENTERPRISEPACK`.
    #[serde(default)]
    pub sku_part_number: String,
    /// e.g. `User`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<String>,
    /// `group1` / `group2` (read case-insensitively).
    #[serde(default)]
    pub license_group_id: LicenseGroup,
}

/// A service plan of a SKU.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePlan {
    /// e.g. `Exchange Online (Plan 2)`.
    #[serde(default)]
    pub display_name: String,
    /// e.g. `EXCHANGE_S_ENTERPRISE`.
    #[serde(default)]
    pub service_name: String,
    /// The plan id.
    pub id: PlanId,
    /// `Enabled`, `Suspended`, `Deleted`, `Warning`, `Assigned`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability_status: Option<String>,
    /// e.g. `User`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<String>,
}
