#[allow(unused_imports)]
use crate::prelude::*;

use serde::{Deserialize, Serialize};

use super::{Attributes, ProductSku, ServicePlan};

/// A SKU the customer subscribes to, with its units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribedSku {
    /// Units that can still be assigned (`totalUnits - consumedUnits`).
    #[serde(default)]
    pub available_units: i64,
    /// Active units.
    #[serde(default)]
    pub active_units: i64,
    /// Units assigned to users.
    #[serde(default)]
    pub consumed_units: i64,
    /// Suspended units.
    #[serde(default)]
    pub suspended_units: i64,
    /// `activeUnits + warningUnits`.
    #[serde(default)]
    pub total_units: i64,
    /// Units in the warning state.
    #[serde(default)]
    pub warning_units: i64,
    /// The product.
    pub product_sku: ProductSku,
    /// All the SKU's service plans.
    #[serde(default)]
    pub service_plans: Vec<ServicePlan>,
    /// e.g. `Enabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability_status: Option<String>,
    /// `{ "objectType": "SubscribedSku" }`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
}
