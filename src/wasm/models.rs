//! Reads the service's resources from the objects `JSON.parse` built (after the core's shape
//! check), for the shell's own use (bulk reconcile): only the fields the planner needs, so
//! the wasm build carries no serde decoder for the models.

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

use crate::id::{LicenseGroup, PlanId, SkuId};
use crate::model::{License, ProductSku, ServicePlan, SubscribedSku};

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

/// The array under `key` (empty when absent or `null`).
fn list(value: &JsValue, key: &str) -> Vec<JsValue> {
    let v = get(value, key);
    if Array::is_array(&v) {
        Array::from(&v).to_vec()
    } else {
        Vec::new()
    }
}

fn product(value: &JsValue) -> Result<ProductSku, String> {
    let p = get(value, "productSku");
    let id = text(&p, "id");
    let group = text(&p, "licenseGroupId");
    Ok(ProductSku {
        id: SkuId::parse(&id).map_err(|e| format!("productSku.id: {}", e.message))?,
        name: text(&p, "name"),
        sku_part_number: text(&p, "skuPartNumber"),
        target_type: None,
        license_group_id: if group.is_empty() {
            LicenseGroup::default()
        } else {
            LicenseGroup::parse(&group)
                .map_err(|e| format!("productSku.licenseGroupId: {}", e.message))?
        },
    })
}

fn plans(value: &JsValue) -> Result<Vec<ServicePlan>, String> {
    list(value, "servicePlans")
        .iter()
        .map(|p| {
            Ok(ServicePlan {
                display_name: String::new(),
                service_name: text(p, "serviceName"),
                id: PlanId::parse(&text(p, "id"))
                    .map_err(|e| format!("servicePlans[].id: {}", e.message))?,
                capability_status: None,
                target_type: None,
            })
        })
        .collect()
}

/// `Collection<License>` → its items.
pub fn licenses(collection: &JsValue) -> Result<Vec<License>, String> {
    list(collection, "items")
        .iter()
        .map(|l| {
            Ok(License {
                service_plans: plans(l)?,
                product_sku: product(l)?,
                attributes: None,
            })
        })
        .collect()
}

/// `Collection<SubscribedSku>` → its items (units as the planner reads them).
pub fn subscribed_skus(collection: &JsValue) -> Result<Vec<SubscribedSku>, String> {
    list(collection, "items")
        .iter()
        .map(|s| {
            Ok(SubscribedSku {
                available_units: get(s, "availableUnits").as_f64().unwrap_or(0.0) as i64,
                active_units: 0,
                consumed_units: 0,
                suspended_units: 0,
                total_units: 0,
                warning_units: 0,
                product_sku: product(s)?,
                service_plans: plans(s)?,
                capability_status: None,
                attributes: None,
            })
        })
        .collect()
}
