#[allow(unused_imports)]
use crate::prelude::*;

use super::Attributes;
use super::describe::model;
use crate::id::{LicenseGroup, PlanId, SkuId};

model! {
    /// A license assigned to a user.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct License {
        /// The plans of the SKU the user holds (excluded plans are absent).
        defaulted pub service_plans: Vec<ServicePlan>,
        /// The product.
        required pub product_sku: ProductSku,
        /// `{ "objectType": "License" }`.
        optional pub attributes: Option<Attributes>,
    }
}

model! {
    /// A product SKU.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct ProductSku {
        /// The SKU id.
        required pub id: SkuId,
        /// Display name, e.g. `Office 365 E3`.
        defaulted pub name: String,
        /// Part number, e.g. `ENTERPRISEPACK`.
        defaulted pub sku_part_number: String,
        /// e.g. `User`.
        optional pub target_type: Option<String>,
        /// `group1` / `group2` as the service writes it (read case-insensitively).
        defaulted pub license_group_id: LicenseGroup,
    }
}

model! {
    /// A service plan of a SKU.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct ServicePlan {
        /// e.g. `Exchange Online (Plan 2)`.
        defaulted pub display_name: String,
        /// e.g. `EXCHANGE_S_ENTERPRISE`.
        defaulted pub service_name: String,
        /// The plan id.
        required pub id: PlanId,
        /// `Enabled`, `Suspended`, `Deleted`, `Warning`, `Assigned`...
        optional pub capability_status: Option<String>,
        /// e.g. `User`.
        optional pub target_type: Option<String>,
    }
}
