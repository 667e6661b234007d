//! The state a plan leads to, computed the way the service applies a license update.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{Current, PlannedUpdate};
use crate::model::{Attributes, License, SubscribedSku};

/// Applies `updates` to `current` as the service does: each removal drops the user's
/// license of that SKU; each assignment gives the user the SKU with every plan except the
/// excluded ones (replacing the license it held, if any). A SKU missing from `skus` is
/// skipped (the service would have refused the whole update; the planner never plans one).
pub fn apply<'a>(
    updates: impl IntoIterator<Item = &'a PlannedUpdate>,
    current: &Current,
    skus: &[SubscribedSku],
) -> Current {
    let mut next = current.clone();
    for u in updates {
        let licenses = next.entry(u.user.clone()).or_default();
        licenses.retain(|l| !u.releases().contains(&l.product_sku.id));
        for a in u.update.assignments() {
            let Some(sku) = skus.iter().find(|s| s.product_sku.id == a.sku_id) else {
                continue;
            };
            let excluded = a.excluded_plans.as_deref().unwrap_or_default();
            licenses.retain(|l| l.product_sku.id != a.sku_id);
            licenses.push(License {
                service_plans: sku
                    .service_plans
                    .iter()
                    .filter(|p| !excluded.contains(&p.id))
                    .cloned()
                    .collect(),
                product_sku: sku.product_sku.clone(),
                attributes: Attributes::of("License"),
            });
        }
    }
    next
}
