//! The planner tests' catalog: five SKUs (0..3 in Group1, 3..5 in Group2) of three plans
//! each, their users and licenses.

use super::{plan_id, sku_id};
use partner_center_licenses::model::{License, ProductSku, ServicePlan, SubscribedSku};
use partner_center_licenses::{LicenseGroup, PlanId, UserId};

/// SKUs in the catalog: 0..3 in Group1, 3..5 in Group2.
pub const SKUS: usize = 5;
/// Service plans per SKU.
pub const PLANS: usize = 3;

pub fn user_id(i: usize) -> UserId {
    if i % 2 == 0 {
        UserId::parse(&format!("user{i}@contoso.onmicrosoft.com")).unwrap()
    } else {
        UserId::parse(&format!("00000000-0000-4000-a000-0000000000{i:02}")).unwrap()
    }
}

pub fn product(i: usize) -> ProductSku {
    ProductSku {
        id: sku_id(i),
        name: format!("SKU {i}"),
        sku_part_number: format!("PART_{i}"),
        target_type: Some("User".into()),
        license_group_id: if i < 3 {
            LicenseGroup::Group1
        } else {
            LicenseGroup::Group2
        },
    }
}

pub fn service_plan(sku: usize, p: usize) -> ServicePlan {
    ServicePlan {
        display_name: format!("Plan {sku}.{p}"),
        service_name: format!("PLAN_{sku}_{p}"),
        id: plan_id(sku, p),
        capability_status: Some("Enabled".into()),
        target_type: Some("User".into()),
    }
}

pub fn catalog(available: &[i64]) -> Vec<SubscribedSku> {
    available
        .iter()
        .enumerate()
        .map(|(i, &a)| SubscribedSku {
            available_units: a,
            active_units: 100,
            consumed_units: 100 - a,
            suspended_units: 0,
            total_units: 100,
            warning_units: 0,
            product_sku: product(i),
            service_plans: (0..PLANS).map(|p| service_plan(i, p)).collect(),
            capability_status: Some("Enabled".into()),
            attributes: None,
        })
        .collect()
}

/// A license of SKU `sku` without the plans whose bit is set in `excluded`.
pub fn license(sku: usize, excluded: u8) -> License {
    License {
        service_plans: (0..PLANS)
            .filter(|p| excluded & (1 << p) == 0)
            .map(|p| service_plan(sku, p))
            .collect(),
        product_sku: product(sku),
        attributes: None,
    }
}

pub fn excluded_set(sku: usize, mask: u8) -> Vec<PlanId> {
    (0..PLANS)
        .filter(|p| mask & (1 << p) != 0)
        .map(|p| plan_id(sku, p))
        .collect()
}
