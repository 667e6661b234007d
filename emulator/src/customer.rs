//! A customer tenant: its subscribed SKUs with units, its users and their licenses, and the
//! pure apply-an-update logic (checked fully first, then committed: all or nothing).

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use serde::Serialize;
use serde_json::value::{RawValue, to_raw_value};
use uuid::Uuid;

use partner_center_licenses::endpoint::SkuCheckFailure;
use partner_center_licenses::endpoint::{check_update, check_update_against_skus_detailed};
use partner_center_licenses::id::{CustomerId, LicenseGroup, PlanId, SkuId, UserId};
use partner_center_licenses::model::{
    Attributes, Collection, License, LicenseAssignment, LicenseUpdate, ServicePlan, SubscribedSku,
};

use crate::errors::Failure;
use crate::seed::SeedUser;

/// A license a user holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Held {
    /// The SKU.
    pub sku_id: SkuId,
    /// Plans left out.
    pub excluded_plans: Vec<PlanId>,
}

/// A user of a customer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Object id.
    pub id: Uuid,
    /// User principal name.
    pub upn: String,
    /// Display name.
    pub display_name: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// ISO country code; none: no license can be assigned.
    pub usage_location: Option<String>,
    /// Set on a deleted user (`state: inactive`), which only the deleted-users filter finds.
    pub soft_deletion_time: Option<String>,
    /// Licenses held, in the order they were assigned.
    pub licenses: Vec<Held>,
}

impl User {
    /// Not deleted.
    pub fn is_active(&self) -> bool {
        self.soft_deletion_time.is_none()
    }
}

/// A customer tenant: its SKUs (the shared `SubscribedSku` model, units kept consistent)
/// and its users.
#[derive(Clone, Debug)]
pub struct Customer {
    /// Tenant id.
    pub id: CustomerId,
    /// The partner that manages it.
    pub partner: Uuid,
    /// Company name.
    pub name: String,
    /// Default domain.
    pub domain: String,
    /// Subscribed SKUs with units.
    pub skus: Vec<SubscribedSku>,
    /// Users, in seed order (deleted ones too).
    pub users: Vec<User>,
    /// Users by id, in id order (the order users are listed and paged in).
    by_id: BTreeMap<Uuid, usize>,
    by_upn: HashMap<String, usize>,
    /// Each SKU's `License` JSON with every plan (SKUs never change, so neither does this).
    license_json: HashMap<SkuId, Box<RawValue>>,
}

/// What an applied update changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// Newly assigned (one unit consumed each).
    pub assigned: Vec<LicenseAssignment>,
    /// Already held: only the excluded plans changed.
    pub updated: Vec<LicenseAssignment>,
    /// Removed (one unit freed each).
    pub removed: Vec<SkuId>,
}

/// A SKU's license as a user holds it: its plans less the excluded ones, all `Assigned`.
fn license_of(s: &SubscribedSku, excluded: &[PlanId]) -> License {
    License {
        service_plans: s
            .service_plans
            .iter()
            .filter(|p| !excluded.contains(&p.id))
            .map(|p| ServicePlan {
                capability_status: Some("Assigned".into()),
                ..p.clone()
            })
            .collect(),
        product_sku: s.product_sku.clone(),
        attributes: Attributes::of("License"),
    }
}

impl Customer {
    /// A customer with no users yet; each SKU's `License` JSON is cached here.
    pub fn new(
        id: CustomerId,
        partner: Uuid,
        name: String,
        domain: String,
        skus: Vec<SubscribedSku>,
    ) -> Result<Self, String> {
        let license_json = skus
            .iter()
            .map(|s| {
                let raw = to_raw_value(&license_of(s, &[]))
                    .map_err(|e| format!("SKU {}: {e}", s.product_sku.id))?;
                Ok((s.product_sku.id, raw))
            })
            .collect::<Result<HashMap<_, _>, String>>()?;
        Ok(Self {
            id,
            partner,
            name,
            domain,
            skus,
            users: Vec::new(),
            by_id: BTreeMap::new(),
            by_upn: HashMap::new(),
            license_json,
        })
    }

    /// Adds a seed user and applies its licenses (one SKU at a time).
    pub fn add_seed_user(&mut self, u: &SeedUser) -> Result<(), String> {
        let upn = u.upn.to_ascii_lowercase();
        if UserId::parse(&u.upn).is_err() {
            return Err(format!(
                "customer {}: {:?} is not a user principal name",
                self.id, u.upn
            ));
        }
        if self.by_id.contains_key(&u.id) || self.by_upn.contains_key(&upn) {
            return Err(format!(
                "customer {}: user {} ({}) appears twice",
                self.id, u.id, u.upn
            ));
        }
        if u.soft_deletion_time.is_some() && !u.licenses.is_empty() {
            return Err(format!(
                "customer {}: deleted user {} cannot hold licenses",
                self.id, u.upn
            ));
        }
        let (first, last) = u
            .display_name
            .split_once(' ')
            .unwrap_or((&u.display_name, ""));
        let idx = self.users.len();
        self.users.push(User {
            id: u.id,
            upn: u.upn.clone(),
            display_name: u.display_name.clone(),
            first_name: u.first_name.clone().unwrap_or_else(|| first.to_owned()),
            last_name: u.last_name.clone().unwrap_or_else(|| last.to_owned()),
            usage_location: u.usage_location.clone().filter(|l| !l.is_empty()),
            soft_deletion_time: None,
            licenses: Vec::new(),
        });
        self.by_id.insert(u.id, idx);
        self.by_upn.insert(upn, idx);
        if !u.licenses.is_empty() {
            let update = LicenseUpdate {
                licenses_to_assign: Some(
                    u.licenses
                        .iter()
                        .map(|l| LicenseAssignment {
                            sku_id: l.sku_id,
                            excluded_plans: Some(l.excluded_plans.clone()),
                        })
                        .collect(),
                ),
                ..LicenseUpdate::default()
            };
            // Seed licenses may mix groups (a user holds both); apply them one SKU at a time.
            for a in update.assignments() {
                let one = LicenseUpdate {
                    licenses_to_assign: Some(vec![a.clone()]),
                    ..LicenseUpdate::default()
                };
                // Seed licenses stand whatever the usage location (one cleared after
                // assignment): only new assignments need one.
                self.apply_with(idx, &one, false).map_err(|f| {
                    format!(
                        "customer {}: user {}: {}",
                        self.id,
                        u.upn,
                        String::from_utf8_lossy(&f.body())
                    )
                })?;
            }
        }
        self.users[idx].soft_deletion_time = u.soft_deletion_time.clone();
        Ok(())
    }

    /// Users after `after` (all when `None`), in id order, deleted ones too.
    pub fn users_after(&self, after: Option<Uuid>) -> impl Iterator<Item = &User> + '_ {
        let from = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.by_id
            .range((from, Bound::Unbounded))
            .map(|(_, &i)| &self.users[i])
    }

    /// The index of an active user named by object id or UPN (UPNs compared
    /// case-insensitively); a deleted user is not found.
    pub fn user_index(&self, user: &UserId) -> Result<usize, Failure> {
        let found = match user {
            UserId::ObjectId(u) => self.by_id.get(u),
            UserId::Upn(s) => self.by_upn.get(&s.to_ascii_lowercase()),
        };
        found
            .copied()
            .filter(|&i| self.users[i].is_active())
            .ok_or_else(|| Failure::UserNotFound(user.to_string()))
    }

    /// A SKU the customer subscribes to.
    pub fn sku(&self, id: SkuId) -> Option<&SubscribedSku> {
        self.skus.iter().find(|s| s.product_sku.id == id)
    }

    fn sku_mut(&mut self, id: SkuId) -> Option<&mut SubscribedSku> {
        self.skus.iter_mut().find(|s| s.product_sku.id == id)
    }

    /// Checks an update fully, then applies it: nothing changes unless everything fits.
    pub fn apply(&mut self, idx: usize, update: &LicenseUpdate) -> Result<Change, Failure> {
        self.apply_with(idx, update, true)
    }

    fn apply_with(
        &mut self,
        idx: usize,
        update: &LicenseUpdate,
        needs_location: bool,
    ) -> Result<Change, Failure> {
        check_update(update).map_err(|e| Failure::InvalidUpdate(e.to_string()))?;
        check_update_against_skus_detailed(update, &self.skus).map_err(|(kind, e)| {
            let m = e.to_string();
            match kind {
                SkuCheckFailure::NotSubscribed => Failure::SkuNotSubscribed(m),
                SkuCheckFailure::PlanNotInSku => Failure::PlanNotInSku(m),
                SkuCheckFailure::MixedLicenseGroups => Failure::MixedLicenseGroups(m),
                _ => Failure::InvalidUpdate(m),
            }
        })?;
        let user = &self.users[idx];
        if needs_location && user.usage_location.is_none() && !update.assignments().is_empty() {
            return Err(Failure::InvalidUsageLocation(user.upn.clone()));
        }
        let mut change = Change::default();
        for r in update.removals() {
            if !user.licenses.iter().any(|h| h.sku_id == *r) {
                return Err(Failure::InvalidUpdate(format!(
                    "invalid remove: user {} does not hold a license of SKU {r}",
                    user.upn
                )));
            }
            change.removed.push(*r);
        }
        for a in update.assignments() {
            if user.licenses.iter().any(|h| h.sku_id == a.sku_id) {
                change.updated.push(a.clone());
            } else {
                let has_unit = self.sku(a.sku_id).is_some_and(|s| s.available_units >= 1);
                if !has_unit {
                    return Err(Failure::OutOfLicenses {
                        customer: self.id,
                        sku: a.sku_id,
                    });
                }
                change.assigned.push(a.clone());
            }
        }
        // Everything fits: commit.
        for r in &change.removed {
            if let Some(s) = self.sku_mut(*r) {
                s.consumed_units -= 1;
                s.available_units = s.total_units - s.consumed_units;
            }
        }
        for a in &change.assigned {
            if let Some(s) = self.sku_mut(a.sku_id) {
                s.consumed_units += 1;
                s.available_units = s.total_units - s.consumed_units;
            }
        }
        let user = &mut self.users[idx];
        user.licenses
            .retain(|h| !change.removed.contains(&h.sku_id));
        for a in &change.updated {
            if let Some(h) = user.licenses.iter_mut().find(|h| h.sku_id == a.sku_id) {
                h.excluded_plans = a.excluded_plans.clone().unwrap_or_default();
            }
        }
        for a in &change.assigned {
            user.licenses.push(Held {
                sku_id: a.sku_id,
                excluded_plans: a.excluded_plans.clone().unwrap_or_default(),
            });
        }
        Ok(change)
    }

    /// The user's licenses in the given groups, as the service returns them.
    pub fn licenses(&self, idx: usize, groups: &[LicenseGroup]) -> Collection<License> {
        let items = self
            .held_in(idx, groups)
            .map(|(h, s)| license_of(s, &h.excluded_plans))
            .collect();
        Collection::new(items)
    }

    /// [`Customer::licenses`] serialized, from each SKU's cached `License` JSON when no plan
    /// is excluded (the bytes are the same; a test checks it).
    pub fn licenses_json(&self, idx: usize, groups: &[LicenseGroup]) -> Vec<u8> {
        let mut owned: Vec<Box<RawValue>> = Vec::new();
        let mut order: Vec<Result<&RawValue, usize>> = Vec::new();
        for (h, s) in self.held_in(idx, groups) {
            match self.license_json.get(&h.sku_id) {
                Some(raw) if h.excluded_plans.is_empty() => order.push(Ok(raw)),
                _ => {
                    if let Ok(raw) = to_raw_value(&license_of(s, &h.excluded_plans)) {
                        order.push(Err(owned.len()));
                        owned.push(raw);
                    }
                }
            }
        }
        let items: Vec<&RawValue> = order
            .into_iter()
            .filter_map(|o| match o {
                Ok(raw) => Some(raw),
                Err(i) => owned.get(i).map(|b| &**b),
            })
            .collect();
        serde_json::to_vec(&Collection::new(items)).unwrap_or_default()
    }

    fn held_in<'a>(
        &'a self,
        idx: usize,
        groups: &'a [LicenseGroup],
    ) -> impl Iterator<Item = (&'a Held, &'a SubscribedSku)> + 'a {
        self.users[idx]
            .licenses
            .iter()
            .filter_map(|h| self.sku(h.sku_id).map(|s| (h, s)))
            .filter(|(_, s)| groups.contains(&s.product_sku.license_group_id))
    }

    /// The subscribed SKUs in the given groups.
    pub fn subscribed_skus(&self, groups: &[LicenseGroup]) -> Collection<SubscribedSku> {
        Collection::new(
            self.skus
                .iter()
                .filter(|s| groups.contains(&s.product_sku.license_group_id))
                .cloned()
                .collect(),
        )
    }
}
