//! What users hold now, reduced to "SKU → excluded plans".

use std::collections::{BTreeMap, BTreeSet};

use crate::id::{PlanId, SkuId, UserId};
use crate::model::{License, SubscribedSku};

/// The licenses each user holds now (both license groups), as the service lists them.
pub type Current = BTreeMap<UserId, Vec<License>>;

/// One user's licenses: SKU → the plans of the SKU the user does not get.
pub type Held = BTreeMap<SkuId, BTreeSet<PlanId>>;

/// Reduces a license listing to [`Held`]. A license lists the plans the user *has*; the
/// excluded ones are the subscribed SKU's plans that are not listed. For a SKU the customer no
/// longer subscribes to, the plans are unknown and the excluded set is empty.
pub fn held(licenses: &[License], skus: &[SubscribedSku]) -> Held {
    licenses
        .iter()
        .map(|lic| {
            let id = lic.product_sku.id;
            let excluded = skus
                .iter()
                .find(|s| s.product_sku.id == id)
                .map(|s| {
                    s.service_plans
                        .iter()
                        .map(|p| p.id)
                        .filter(|p| !lic.service_plans.iter().any(|h| h.id == *p))
                        .collect()
                })
                .unwrap_or_default();
            (id, excluded)
        })
        .collect()
}
