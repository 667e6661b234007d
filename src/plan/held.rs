//! What users hold now, reduced to "SKU → excluded plans".
//!
//! Per-user sets are small (a few SKUs, a few dozen plans), so they are sorted `Vec`s rather
//! than `BTreeMap`s: every distinct map type costs kilobytes in the wasm build.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::collections::BTreeMap;

use super::DesiredLicense;
use crate::id::{PlanId, SkuId, UserId};
use crate::model::{License, SubscribedSku};

/// The licenses each user holds now (both license groups), as the service lists them.
pub type Current = BTreeMap<UserId, Vec<License>>;

/// One user's licenses: `(SKU, the plans of the SKU the user does not get)`, sorted by SKU,
/// each plan list sorted and without repeats.
pub type Held = Vec<(SkuId, Vec<PlanId>)>;

/// Reduces a license listing to [`Held`]. A license lists the plans the user *has*; the
/// excluded ones are the subscribed SKU's plans that are not listed. For a SKU the customer no
/// longer subscribes to, the plans are unknown and the excluded set is empty.
pub fn held(licenses: &[License], skus: &[SubscribedSku]) -> Held {
    let mut out = Held::with_capacity(licenses.len());
    for lic in licenses {
        let id = lic.product_sku.id;
        let excluded = skus
            .iter()
            .find(|s| s.product_sku.id == id)
            .map(|s| {
                // A license lists its plans in the SKU's order as a rule: try the plan after
                // the last one found first, then search (dozens of plans, for every user).
                let mut next = 0;
                let mut has = |p: &PlanId| {
                    let plans = &lic.service_plans;
                    let at = plans.get(next).filter(|h| h.id == *p).map(|_| next);
                    let at = at.or_else(|| plans.iter().position(|h| h.id == *p));
                    next = at.map_or(next, |i| i + 1);
                    at.is_some()
                };
                s.service_plans
                    .iter()
                    .map(|p| p.id)
                    .filter(|p| !has(p))
                    .collect()
            })
            .unwrap_or_default();
        put(&mut out, id, excluded);
    }
    out
}

/// The desired licenses as [`Held`] (the last entry wins when a SKU is named twice).
pub fn wanted(licenses: &[DesiredLicense]) -> Held {
    let mut out = Held::with_capacity(licenses.len());
    for d in licenses {
        put(&mut out, d.sku_id, d.excluded_plans.clone());
    }
    out
}

/// The excluded plans of `sku` in `held`, if the user holds it.
pub fn plans_of(held: &Held, sku: SkuId) -> Option<&Vec<PlanId>> {
    held.iter().find(|(s, _)| *s == sku).map(|(_, p)| p)
}

/// Inserts or replaces `sku`, keeping `held` sorted and `plans` normalised (sorted, no
/// repeats). Insertion by binary search: the lists are short, and a sort would cost more
/// wasm than it saves time.
fn put(held: &mut Held, sku: SkuId, plans: Vec<PlanId>) {
    let mut sorted: Vec<PlanId> = Vec::with_capacity(plans.len());
    for p in plans {
        if let Err(i) = sorted.binary_search(&p) {
            sorted.insert(i, p);
        }
    }
    match held.binary_search_by(|(s, _)| s.cmp(&sku)) {
        Ok(i) => held[i].1 = sorted,
        Err(i) => held.insert(i, (sku, sorted)),
    }
}
