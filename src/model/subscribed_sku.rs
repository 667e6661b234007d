#[allow(unused_imports)]
use crate::prelude::*;

use super::describe::model;
use super::{Attributes, ProductSku, ServicePlan};

model! {
    /// A SKU the customer subscribes to, with its units.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct SubscribedSku {
        /// Units that can still be assigned (`totalUnits - consumedUnits`).
        defaulted pub available_units: i64,
        /// Active units.
        defaulted pub active_units: i64,
        /// Units assigned to users.
        defaulted pub consumed_units: i64,
        /// Suspended units.
        defaulted pub suspended_units: i64,
        /// `activeUnits + warningUnits`.
        defaulted pub total_units: i64,
        /// Units in the warning state.
        defaulted pub warning_units: i64,
        /// The product.
        required pub product_sku: ProductSku,
        /// All the SKU's service plans.
        defaulted pub service_plans: Vec<ServicePlan>,
        /// e.g. `Enabled`.
        optional pub capability_status: Option<String>,
        /// `{ "objectType": "SubscribedSku" }`.
        optional pub attributes: Option<Attributes>,
    }
}
