//! What the caller wants each user to hold, as written and once resolved.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Problem;
use crate::error::{InputError, quote};
use crate::id::{PlanId, SkuId, UserId};
use crate::model::SubscribedSku;

/// One license a user should hold: a SKU and the plans to leave out of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DesiredLicense {
    /// The SKU.
    pub sku_id: SkuId,
    /// Plans of the SKU the user should not get (order and repeats do not matter).
    #[serde(default)]
    pub excluded_plans: Vec<PlanId>,
}

/// The full set of licenses each listed user should hold, across both license groups.
/// A user with an empty list should hold none; users not listed are not touched.
pub type Desired = BTreeMap<UserId, Vec<DesiredLicense>>;

/// One license as a caller writes it: `skuId` is a SKU id or a SKU part number
/// (`ENTERPRISEPACK`); `excludedPlans` holds plan ids or plan service names
/// (`EXCHANGE_S_ENTERPRISE`). Names are matched case-insensitively.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DesiredLicenseInput {
    /// SKU id or part number.
    #[serde(alias = "SkuId", alias = "sku")]
    pub sku_id: String,
    /// Plan ids or service names; absent or `null` means none.
    #[serde(default, alias = "ExcludedPlans")]
    pub excluded_plans: Option<Vec<String>>,
}

/// What a caller writes: user id (GUID or UPN) → licenses.
pub type DesiredInput = BTreeMap<String, Vec<DesiredLicenseInput>>;

/// The result of [`resolve`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolved {
    /// The users whose every license resolved.
    pub desired: Desired,
    /// SKUs not subscribed and plans not in their SKU, per user.
    pub problems: Vec<Problem>,
    /// The users with a problem (left out of `desired`).
    pub invalid: Vec<UserId>,
}

/// Checks and resolves what the caller wrote against the customer's subscribed SKUs.
///
/// Errors (nothing can be planned): a malformed user id, one user written twice (ids are
/// compared case-insensitively), a SKU named twice for one user. Problems (reported, the
/// user is left out): a SKU that is not subscribed, an excluded plan that is not in its SKU.
pub fn resolve(input: &DesiredInput, skus: &[SubscribedSku]) -> Result<Resolved, InputError> {
    check_users(input)?;
    let mut out = Resolved::default();
    for (raw_user, licenses) in input {
        let field = format!("desired[{}]", quote(raw_user));
        let user =
            UserId::parse(raw_user.trim()).map_err(|e| InputError::new(&field, e.message))?;
        let mut wanted: Vec<DesiredLicense> = Vec::with_capacity(licenses.len());
        let mut problems = Vec::new();
        for (i, lic) in licenses.iter().enumerate() {
            let Some(sku) = find_sku(skus, &lic.sku_id) else {
                problems.push(Problem::SkuNotSubscribed {
                    user: user.clone(),
                    sku: lic.sku_id.trim().to_owned(),
                });
                continue;
            };
            let sku_id = sku.product_sku.id;
            if wanted.iter().any(|w| w.sku_id == sku_id) {
                return Err(InputError::new(
                    format!("{field}[{i}].skuId"),
                    format!("SKU {sku_id} is named twice for this user"),
                ));
            }
            let mut excluded_plans = Vec::new();
            for plan in lic.excluded_plans.iter().flatten() {
                match find_plan(sku, plan) {
                    Some(id) => excluded_plans.push(id),
                    None => problems.push(Problem::PlanNotInSku {
                        user: user.clone(),
                        sku: sku_id,
                        plan: plan.trim().to_owned(),
                    }),
                }
            }
            wanted.push(DesiredLicense {
                sku_id,
                excluded_plans,
            });
        }
        if problems.is_empty() {
            out.desired.insert(user, wanted);
        } else {
            out.problems.extend(problems);
            out.invalid.push(user);
        }
    }
    Ok(out)
}

/// The checks of [`resolve`] that need no SKUs: every user id well formed (or
/// [`EVERY_USER`](super::EVERY_USER)), no user written twice (ids compared
/// case-insensitively). A shell runs them before any request.
pub fn check_users(input: &DesiredInput) -> Result<(), InputError> {
    // Each user once, ignoring case (a sorted list of lower-cased ids, by binary search).
    let mut seen: Vec<(String, &str)> = Vec::with_capacity(input.len());
    for raw_user in input.keys() {
        let field = format!("desired[{}]", quote(raw_user));
        let key = if super::is_every_user(raw_user) {
            super::EVERY_USER.to_owned()
        } else {
            let user =
                UserId::parse(raw_user.trim()).map_err(|e| InputError::new(&field, e.message))?;
            user.to_string().to_ascii_lowercase()
        };
        match seen.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(i) => {
                return Err(InputError::new(
                    field,
                    format!("the same user as {} (ids ignore case)", quote(seen[i].1)),
                ));
            }
            Err(i) => seen.insert(i, (key, raw_user)),
        }
    }
    Ok(())
}

/// A subscribed SKU by id or part number (case-insensitive, surrounding spaces ignored).
pub fn find_sku<'a>(skus: &'a [SubscribedSku], written: &str) -> Option<&'a SubscribedSku> {
    let written = written.trim();
    match SkuId::parse(written) {
        Ok(id) => skus.iter().find(|s| s.product_sku.id == id),
        Err(_) => skus.iter().find(|s| {
            !s.product_sku.sku_part_number.is_empty()
                && s.product_sku.sku_part_number.eq_ignore_ascii_case(written)
        }),
    }
}

/// A plan of `sku` by id or service name.
fn find_plan(sku: &SubscribedSku, written: &str) -> Option<PlanId> {
    let written = written.trim();
    let plans = &sku.service_plans;
    match PlanId::parse(written) {
        Ok(id) => plans.iter().find(|p| p.id == id),
        Err(_) => plans
            .iter()
            .find(|p| !p.service_name.is_empty() && p.service_name.eq_ignore_ascii_case(written)),
    }
    .map(|p| p.id)
}
