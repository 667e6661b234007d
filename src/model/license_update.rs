#[allow(unused_imports)]
use crate::prelude::*;

use super::Attributes;
use super::describe::model;
use crate::id::{PlanId, SkuId};

model! {
    /// One license to assign: a SKU and the service plans to leave out.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct LicenseAssignment {
        /// The SKU.
        required pub sku_id alias "SkuId": SkuId,
        /// Service plans to exclude; `null` or absent means none.
        nullable pub excluded_plans alias "ExcludedPlans": Option<Vec<PlanId>>,
    }
}

model! {
    /// A warning the service attaches to an update.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct LicenseWarning {
        /// Warning code.
        defaulted pub code alias "Code": String,
        /// Human text.
        defaulted pub message alias "Message": String,
        /// Names of the plans concerned.
        defaulted pub service_plans alias "ServicePlans": Vec<String>,
    }
}

model! {
    /// The body of `POST .../licenseupdates`, and the service's echo of it.
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub struct LicenseUpdate {
        /// Licenses to assign (or whose excluded plans to change).
        nullable pub licenses_to_assign alias "LicensesToAssign": Option<Vec<LicenseAssignment>>,
        /// SKU ids to remove.
        nullable pub licenses_to_remove alias "LicensesToRemove": Option<Vec<SkuId>>,
        /// Filled by the service.
        nullable pub license_warnings alias "LicenseWarnings": Option<Vec<LicenseWarning>>,
        /// `{ "objectType": "LicenseUpdate" }`.
        optional pub attributes alias "Attributes": Option<Attributes>,
    }
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
