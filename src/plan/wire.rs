//! The JSON texts a reconcile run reads, read with the core's small JSON reader
//! (`crate::json`) instead of serde_json: the bulk wasm module carries no serde code. What it
//! accepts is what serde accepts for the same types (checked by tests/plan_wire.rs); the
//! texts it writes are in `wire_out.rs`.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{
    DEFAULT_CONCURRENCY, DesiredInput, DesiredLicenseInput, MAX_CONCURRENCY, ReconcileOptions,
};
use crate::error::InputError;
use crate::id::{LicenseGroup, PlanId, SkuId};
use crate::json::{self, Json};
use crate::model::{License, ProductSku, ServicePlan, SubscribedSku};

const DESIRED_SHAPE: &str =
    "(expected { \"<user id>\": [{ \"skuId\": \"...\", \"excludedPlans\": [...] }] })";

/// `{ "<user id>": [{ "skuId", "excludedPlans"? }] }` (aliases `SkuId`, `sku`,
/// `ExcludedPlans`); any other property of a license is an error.
pub(crate) fn read_desired(text: &str) -> Result<DesiredInput, InputError> {
    let bad = |what: String| InputError::new("desired", format!("{what} {DESIRED_SHAPE}"));
    let value = json::parse(text).map_err(|e| bad(e.to_owned()))?;
    let Json::Object(users) = value else {
        return Err(bad(format!("is {}, not an object", value.kind())));
    };
    let mut out = DesiredInput::new();
    for (user, licenses) in users {
        let Json::Array(items) = licenses else {
            return Err(bad(format!(
                "[{user}] is {}, not an array of licenses",
                licenses.kind()
            )));
        };
        let mut list = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            list.push(read_license(item).map_err(|m| bad(format!("[{user}][{i}] {m}")))?);
        }
        out.insert(user, list);
    }
    Ok(out)
}

fn read_license(item: Json) -> Result<DesiredLicenseInput, String> {
    let Json::Object(members) = item else {
        return Err(format!("is {}, not a license object", item.kind()));
    };
    let (mut sku, mut plans): (Option<String>, Option<Option<Vec<String>>>) = (None, None);
    for (key, value) in members {
        match key.as_str() {
            "skuId" | "SkuId" | "sku" => {
                let Json::String(s) = value else {
                    return Err(format!("skuId is {}, not a string", value.kind()));
                };
                if sku.replace(s).is_some() {
                    return Err("names its SKU twice".to_owned());
                }
            }
            "excludedPlans" | "ExcludedPlans" => {
                let list = match value {
                    Json::Null => None,
                    Json::Array(items) => Some(
                        items
                            .into_iter()
                            .map(|p| match p {
                                Json::String(s) => Ok(s),
                                other => Err(format!(
                                    "excludedPlans holds {}, not a string",
                                    other.kind()
                                )),
                            })
                            .collect::<Result<Vec<_>, _>>()?,
                    ),
                    other => {
                        return Err(format!("excludedPlans is {}, not an array", other.kind()));
                    }
                };
                if plans.replace(list).is_some() {
                    return Err("lists excludedPlans twice".to_owned());
                }
            }
            other => {
                return Err(format!(
                    "has an unknown property {} (expected skuId, excludedPlans)",
                    crate::error::quote(other)
                ));
            }
        }
    }
    Ok(DesiredLicenseInput {
        sku_id: sku.ok_or("lacks skuId")?,
        excluded_plans: plans.flatten(),
    })
}

/// `{ dryRun, concurrency }`; other members (the shell's `signal`...) are ignored.
pub(crate) fn read_options(text: &str) -> Result<ReconcileOptions, InputError> {
    let kinds = || {
        InputError::new(
            "options",
            format!(
                "dryRun must be true or false, concurrency a whole number from 1 to {MAX_CONCURRENCY}"
            ),
        )
    };
    let value = json::parse(text).map_err(|_| kinds())?;
    let mut options = ReconcileOptions::default();
    match &value {
        Json::Null => return Ok(options),
        Json::Object(_) => {}
        _ => return Err(InputError::new("options", "must be an object")),
    }
    match value.get("dryRun") {
        None | Some(Json::Null) => {}
        Some(Json::Bool(b)) => options.dry_run = *b,
        Some(_) => return Err(kinds()),
    }
    match value.get("concurrency") {
        None | Some(Json::Null) => options.concurrency = DEFAULT_CONCURRENCY,
        Some(n @ Json::Number(_)) => {
            options.concurrency = n
                .as_u64()
                .filter(|n| (1..=u64::from(MAX_CONCURRENCY)).contains(n))
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| {
                    InputError::new(
                        "concurrency",
                        format!("must be a whole number from 1 to {MAX_CONCURRENCY}"),
                    )
                })?;
        }
        Some(_) => return Err(kinds()),
    }
    Ok(options)
}

fn text<'a>(value: &'a Json, key: &str) -> &'a str {
    value.member(key).and_then(Json::as_str).unwrap_or_default()
}

fn product(value: &Json) -> Result<ProductSku, String> {
    let p = value.member("productSku").ok_or("no productSku")?;
    let group = text(p, "licenseGroupId");
    Ok(ProductSku {
        id: SkuId::parse(text(p, "id")).map_err(|e| format!("productSku.id: {}", e.message))?,
        name: text(p, "name").to_owned(),
        sku_part_number: text(p, "skuPartNumber").to_owned(),
        target_type: None,
        license_group_id: if group.is_empty() {
            LicenseGroup::default()
        } else {
            LicenseGroup::parse(group)
                .map_err(|e| format!("productSku.licenseGroupId: {}", e.message))?
        },
    })
}

fn plans(value: &Json) -> Result<Vec<ServicePlan>, String> {
    let items = value.member("servicePlans").and_then(Json::as_array);
    items
        .unwrap_or_default()
        .iter()
        .map(|p| {
            Ok(ServicePlan {
                display_name: String::new(),
                service_name: text(p, "serviceName").to_owned(),
                id: PlanId::parse(text(p, "id"))
                    .map_err(|e| format!("servicePlans[].id: {}", e.message))?,
                capability_status: None,
                target_type: None,
            })
        })
        .collect()
}

fn items(text: &str) -> Result<Vec<Json>, String> {
    match json::parse(text)? {
        Json::Array(items) => Ok(items),
        other => Err(format!("{}, not an array", other.kind())),
    }
}

/// Subscribed SKUs (a JSON array); reads `availableUnits`, `consumedUnits`, `totalUnits`,
/// `productSku.{id, name, skuPartNumber, licenseGroupId}`, `servicePlans[].{id, serviceName}`
/// (what the planner and the inventory use; a driver may leave the rest out).
pub fn skus_from_json(text: &str) -> Result<Vec<SubscribedSku>, String> {
    items(text)?
        .iter()
        .map(|s| {
            Ok(SubscribedSku {
                available_units: integer(s, "availableUnits")?,
                active_units: 0,
                consumed_units: integer(s, "consumedUnits")?,
                suspended_units: 0,
                total_units: integer(s, "totalUnits")?,
                warning_units: 0,
                product_sku: product(s)?,
                service_plans: plans(s)?,
                capability_status: None,
                attributes: None,
            })
        })
        .collect()
}

/// The member `key`: a whole number within `i64` (absent: 0).
fn integer(value: &Json, key: &str) -> Result<i64, String> {
    let Some(Json::Number(n)) = value.member(key) else {
        return Ok(0);
    };
    let (negative, digits) = n
        .strip_prefix('-')
        .map_or((false, n.as_str()), |d| (true, d));
    let magnitude = Json::Number(digits.to_owned())
        .as_u64()
        .and_then(|m| i64::try_from(m).ok())
        .ok_or_else(|| [key, " is not a whole number"].concat())?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// A user's licenses (a JSON array); reads `productSku.{id, name, skuPartNumber,
/// licenseGroupId}` and `servicePlans[].id`.
pub fn licenses_from_json(text: &str) -> Result<Vec<License>, String> {
    items(text)?
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
