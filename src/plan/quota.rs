//! Units: what the plan takes and frees per SKU, and whether the customer has enough.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::Serialize;

use super::{Phase, PlannedUpdate, Problem};
use crate::id::SkuId;
use crate::model::SubscribedSku;

/// The units of one SKU the plan touches (assigns, removes, or changes the plans of).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkuUnits {
    /// The SKU.
    pub sku: SkuId,
    /// Its part number (e.g. `ENTERPRISEPACK`), empty when unknown.
    pub part_number: String,
    /// `availableUnits` before the run.
    pub available: i64,
    /// New assignments (each takes a unit).
    pub needed: u64,
    /// Units released by `Free` updates, which are sent before any assignment.
    pub freed_first: u64,
    /// Units released by `Assign` updates (a SKU swapped for another in one request):
    /// they come back only as those requests succeed, in no fixed order, so they are not
    /// counted as available for this run.
    pub freed_later: u64,
}

/// Sums the units per SKU and reports each SKU that could run out.
///
/// Every `Free` update is answered before any `Assign` update is sent; `Assign` updates run
/// concurrently in any order. So a SKU can run out exactly when
/// `needed > available + freed_first`: in the worst order, every assignment of the SKU
/// is applied before any swap gives a unit of it back.
pub(crate) fn check_units(
    updates: &[PlannedUpdate],
    skus: &[SubscribedSku],
) -> (Vec<SkuUnits>, Vec<Problem>) {
    let mut per: Vec<SkuUnits> = Vec::new();
    for u in updates {
        // SKUs whose excluded plans change are listed too (no unit moves).
        for a in u.update.assignments() {
            entry(&mut per, skus, a.sku_id);
        }
        for s in &u.acquires {
            entry(&mut per, skus, *s).needed += 1;
        }
        for s in u.releases() {
            let e = entry(&mut per, skus, *s);
            match u.phase {
                Phase::Free => e.freed_first += 1,
                Phase::Assign => e.freed_later += 1,
            }
        }
    }
    let units = per;
    let problems = units
        .iter()
        .filter(|u| u.needed > 0 && !fits(u))
        .map(|u| Problem::NotEnoughUnits {
            sku: u.sku,
            needed: u.needed,
            freed: u.freed_first,
            available: u.available,
        })
        .collect();
    (units, problems)
}

/// `needed <= available + freed_first`, without overflow.
fn fits(u: &SkuUnits) -> bool {
    i128::from(u.needed) <= i128::from(u.available) + i128::from(u.freed_first)
}

/// The counts of `sku`, created from its subscription on first use (`per` stays sorted).
fn entry<'a>(per: &'a mut Vec<SkuUnits>, skus: &[SubscribedSku], sku: SkuId) -> &'a mut SkuUnits {
    let i = match per.binary_search_by(|u| u.sku.cmp(&sku)) {
        Ok(i) => i,
        Err(i) => {
            let sub = skus.iter().find(|s| s.product_sku.id == sku);
            per.insert(
                i,
                SkuUnits {
                    sku,
                    part_number: sub
                        .map(|s| s.product_sku.sku_part_number.clone())
                        .unwrap_or_default(),
                    available: sub.map_or(0, |s| s.available_units),
                    needed: 0,
                    freed_first: 0,
                    freed_later: 0,
                },
            );
            i
        }
    };
    &mut per[i]
}
