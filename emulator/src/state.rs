//! The store: partners, customers, users, subscribed SKUs and assignments, with unit
//! accounting and the pure apply-an-update logic (all or nothing).

use std::collections::HashMap;

use serde::Serialize;
use serde_json::value::{RawValue, to_raw_value};
use uuid::Uuid;

use partner_center_licenses::endpoint::SkuCheckFailure;
use partner_center_licenses::endpoint::{check_update, check_update_against_skus_detailed};
use partner_center_licenses::id::{CustomerId, LicenseGroup, PlanId, SkuId, UserId};
use partner_center_licenses::model::{
    Attributes, Collection, License, LicenseAssignment, LicenseUpdate, ProductSku, ServicePlan,
    SubscribedSku,
};

use crate::errors::Failure;
use crate::ledger::{Ledger, LedgerEntry};
use crate::replay::ReplayCache;
use crate::seed::{CatalogSku, Seed, SeedUser};

/// A partner tenant.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Partner {
    /// Tenant id.
    pub id: Uuid,
    /// Short name (`adatum`).
    pub name: String,
    /// Display name.
    pub display_name: String,
}

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
    /// Licenses held, in the order they were assigned.
    pub licenses: Vec<Held>,
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
    /// Users, in seed order.
    pub users: Vec<User>,
    by_id: HashMap<Uuid, usize>,
    by_upn: HashMap<String, usize>,
    /// Each SKU's `License` JSON with every plan (SKUs never change, so neither does this).
    license_json: HashMap<SkuId, Box<RawValue>>,
}

/// Everything that changes, behind one lock.
#[derive(Debug)]
pub struct Store {
    /// Partners, in seed order.
    pub partners: Vec<Partner>,
    /// Customers by id.
    pub customers: HashMap<CustomerId, Customer>,
    /// Customer ids in seed order.
    pub customer_order: Vec<CustomerId>,
    /// Every applied change.
    pub ledger: Ledger,
    /// Responses to replay for repeated `MS-RequestId`s.
    pub replay: ReplayCache,
}

/// Who is calling and which ids the call carries (for the ledger).
#[derive(Clone, Debug)]
pub struct CallMeta {
    /// The partner the token belongs to.
    pub partner: Uuid,
    /// `MS-RequestId` as sent.
    pub request_id: Option<String>,
    /// `MS-CorrelationId` as sent.
    pub correlation_id: Option<String>,
}

fn product_sku(c: &CatalogSku) -> ProductSku {
    ProductSku {
        id: c.id,
        name: c.name.clone(),
        sku_part_number: c.sku_part_number.clone(),
        target_type: Some(c.target_type.clone()),
        license_group_id: c.license_group_id,
    }
}

impl Store {
    /// Builds the store from a seed, checking it: unique ids, subscribed SKUs from the
    /// catalog, licenses of subscribed SKUs, excluded plans of their SKU, units enough.
    pub fn from_seed(seed: &Seed) -> Result<Self, String> {
        let catalog = seed.catalog();
        let mut store = Store {
            partners: Vec::new(),
            customers: HashMap::new(),
            customer_order: Vec::new(),
            ledger: Ledger::default(),
            replay: ReplayCache::default(),
        };
        for p in &seed.partners {
            if store
                .partners
                .iter()
                .any(|q| q.id == p.id || q.name.eq_ignore_ascii_case(&p.name))
            {
                return Err(format!("partner {} ({}) appears twice", p.id, p.name));
            }
            store.partners.push(Partner {
                id: p.id,
                name: p.name.clone(),
                display_name: if p.display_name.is_empty() {
                    p.name.clone()
                } else {
                    p.display_name.clone()
                },
            });
            for c in &p.customers {
                if store.customers.contains_key(&c.id) {
                    return Err(format!("customer {} appears twice", c.id));
                }
                let mut skus = Vec::new();
                for s in &c.subscriptions {
                    let Some(cat) = catalog.iter().find(|k| k.id == s.sku_id) else {
                        return Err(format!(
                            "customer {}: SKU {} is not in the catalog",
                            c.id, s.sku_id
                        ));
                    };
                    if skus
                        .iter()
                        .any(|k: &SubscribedSku| k.product_sku.id == s.sku_id)
                    {
                        return Err(format!(
                            "customer {}: SKU {} subscribed twice",
                            c.id, s.sku_id
                        ));
                    }
                    if s.total_units < 0
                        || s.warning_units < 0
                        || s.suspended_units < 0
                        || s.warning_units > s.total_units
                    {
                        return Err(format!(
                            "customer {}: SKU {} has impossible units",
                            c.id, s.sku_id
                        ));
                    }
                    skus.push(SubscribedSku {
                        available_units: s.total_units,
                        active_units: s.total_units - s.warning_units,
                        consumed_units: 0,
                        suspended_units: s.suspended_units,
                        total_units: s.total_units,
                        warning_units: s.warning_units,
                        product_sku: product_sku(cat),
                        service_plans: cat
                            .service_plans
                            .iter()
                            .map(|p| ServicePlan {
                                display_name: p.display_name.clone(),
                                service_name: p.service_name.clone(),
                                id: p.id,
                                capability_status: Some("Enabled".into()),
                                target_type: Some(p.target_type.clone()),
                            })
                            .collect(),
                        capability_status: Some("Enabled".into()),
                        attributes: Attributes::of("SubscribedSku"),
                    });
                }
                let license_json = skus
                    .iter()
                    .map(|s| {
                        let raw = to_raw_value(&license_of(s, &[]))
                            .map_err(|e| format!("SKU {}: {e}", s.product_sku.id))?;
                        Ok((s.product_sku.id, raw))
                    })
                    .collect::<Result<HashMap<_, _>, String>>()?;
                let mut customer = Customer {
                    id: c.id,
                    partner: p.id,
                    name: c.name.clone(),
                    domain: c.domain.clone(),
                    skus,
                    users: Vec::new(),
                    by_id: HashMap::new(),
                    by_upn: HashMap::new(),
                    license_json,
                };
                let generated = match &c.generated_users {
                    Some(g) => g.users(&c.domain)?,
                    None => Vec::new(),
                };
                for u in c.users.iter().chain(generated.iter()) {
                    customer.add_seed_user(u)?;
                }
                store.customer_order.push(c.id);
                store.customers.insert(c.id, customer);
            }
        }
        Ok(store)
    }

    /// The partner with this id or name (case-insensitive).
    pub fn find_partner(&self, key: &str) -> Option<&Partner> {
        let key = key.trim();
        self.partners.iter().find(|p| {
            p.name.eq_ignore_ascii_case(key) || Uuid::try_parse(key).is_ok_and(|u| u == p.id)
        })
    }

    /// The customer, if `partner` manages it; otherwise "not found" (a partner never learns
    /// whether another partner's customer exists).
    pub fn customer_of(&self, partner: Uuid, id: CustomerId) -> Result<&Customer, Failure> {
        self.customers
            .get(&id)
            .filter(|c| c.partner == partner)
            .ok_or_else(|| Failure::CustomerNotFound(id.to_string()))
    }

    /// [`Store::customer_of`], mutable.
    pub fn customer_of_mut(
        &mut self,
        partner: Uuid,
        id: CustomerId,
    ) -> Result<&mut Customer, Failure> {
        self.customers
            .get_mut(&id)
            .filter(|c| c.partner == partner)
            .ok_or_else(|| Failure::CustomerNotFound(id.to_string()))
    }

    /// Applies an update for `user` of `customer`, all or nothing, and records it in the
    /// ledger. Returns the `201` echo.
    pub fn apply_update(
        &mut self,
        meta: &CallMeta,
        customer: CustomerId,
        user: &UserId,
        update: &LicenseUpdate,
    ) -> Result<LicenseUpdate, Failure> {
        let c = self.customer_of_mut(meta.partner, customer)?;
        let idx = c.user_index(user)?;
        let change = c.apply(idx, update)?;
        let user_id = c.users[idx].id;
        self.ledger
            .push(LedgerEntry::new(meta, customer, user_id, change));
        Ok(LicenseUpdate {
            licenses_to_assign: update.licenses_to_assign.clone(),
            licenses_to_remove: update.licenses_to_remove.clone(),
            license_warnings: Some(Vec::new()),
            attributes: Attributes::of("LicenseUpdate"),
        })
    }
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
    fn add_seed_user(&mut self, u: &SeedUser) -> Result<(), String> {
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
        let idx = self.users.len();
        self.users.push(User {
            id: u.id,
            upn: u.upn.clone(),
            display_name: u.display_name.clone(),
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
                self.apply(idx, &one).map_err(|f| {
                    format!(
                        "customer {}: user {}: {}",
                        self.id,
                        u.upn,
                        String::from_utf8_lossy(&f.body())
                    )
                })?;
            }
        }
        Ok(())
    }

    /// The index of a user named by object id or UPN (UPNs compared case-insensitively).
    pub fn user_index(&self, user: &UserId) -> Result<usize, Failure> {
        let found = match user {
            UserId::ObjectId(u) => self.by_id.get(u),
            UserId::Upn(s) => self.by_upn.get(&s.to_ascii_lowercase()),
        };
        found
            .copied()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::ids;

    fn store() -> Store {
        Store::from_seed(&Seed::builtin().unwrap()).unwrap()
    }

    fn sku(s: &str) -> SkuId {
        SkuId::parse(s).unwrap()
    }

    fn contoso(store: &Store) -> &Customer {
        &store.customers[&CustomerId::parse(ids::CUSTOMER_CONTOSO).unwrap()]
    }

    #[test]
    fn builtin_seed_units_are_as_documented() {
        let s = store();
        let c = contoso(&s);
        let avail = |id: &str| c.sku(sku(id)).unwrap().available_units;
        assert_eq!(avail(ids::SKU_BUSINESS_PREMIUM), 1);
        assert_eq!(avail(ids::SKU_EXCHANGE_P1), 0);
        assert_eq!(avail(ids::SKU_BUSINESS_BASIC), 10);
        assert_eq!(avail(ids::SKU_POWER_BI_PRO), 1099);
        assert_eq!(avail(ids::SKU_MINECRAFT_STUDENT), 29);
        assert_eq!(c.users.len(), 6 + ids::GENERATED_USERS as usize);
        let idx = c
            .user_index(&UserId::parse(&ids::generated_upn(42)).unwrap())
            .unwrap();
        assert_eq!(c.users[idx].id.to_string(), ids::generated_user(42));
        for s in &c.skus {
            assert_eq!(s.available_units, s.total_units - s.consumed_units);
            assert_eq!(s.total_units, s.active_units + s.warning_units);
        }
    }

    #[test]
    fn cached_license_json_is_the_model_serialized() {
        let mut s = store();
        let id = CustomerId::parse(ids::CUSTOMER_CONTOSO).unwrap();
        let c = s.customers.get_mut(&id).unwrap();
        // One more user with a plan excluded among plain licenses.
        let idx = c
            .user_index(&UserId::parse(ids::USER_BARBARA).unwrap())
            .unwrap();
        let update = LicenseUpdate {
            licenses_to_assign: Some(vec![
                LicenseAssignment {
                    sku_id: sku(ids::SKU_O365_E3),
                    excluded_plans: None,
                },
                LicenseAssignment {
                    sku_id: sku(ids::SKU_EMS_E3),
                    excluded_plans: Some(vec![
                        PlanId::parse("41781fb2-bc02-4b7c-bd55-b576c07bb09d").unwrap(),
                    ]),
                },
                LicenseAssignment {
                    sku_id: sku(ids::SKU_POWER_BI_PRO),
                    excluded_plans: Some(vec![]),
                },
            ]),
            ..Default::default()
        };
        c.apply(idx, &update).unwrap();
        let groups: [&[LicenseGroup]; 3] = [
            &[LicenseGroup::Group1],
            &[LicenseGroup::Group2],
            &[LicenseGroup::Group1, LicenseGroup::Group2],
        ];
        for i in 0..12 {
            for g in groups {
                assert_eq!(
                    c.licenses_json(i, g),
                    serde_json::to_vec(&c.licenses(i, g)).unwrap(),
                    "user {i} {g:?}"
                );
            }
        }
    }

    #[test]
    fn failed_update_changes_nothing() {
        let mut s = store();
        let id = CustomerId::parse(ids::CUSTOMER_CONTOSO).unwrap();
        let before = format!("{:?}", s.customers[&id]);
        let c = s.customers.get_mut(&id).unwrap();
        let idx = c
            .user_index(&UserId::parse(ids::USER_ADA).unwrap())
            .unwrap();
        let update = LicenseUpdate {
            licenses_to_assign: Some(vec![
                LicenseAssignment {
                    sku_id: sku(ids::SKU_O365_E3),
                    excluded_plans: None,
                },
                LicenseAssignment {
                    sku_id: sku(ids::SKU_EXCHANGE_P1),
                    excluded_plans: None,
                },
            ]),
            ..Default::default()
        };
        let e = c.apply(idx, &update).unwrap_err();
        assert!(matches!(e, Failure::OutOfLicenses { .. }));
        assert_eq!(format!("{:?}", s.customers[&id]), before);
    }

    #[test]
    fn reassigning_changes_plans_without_a_unit() {
        let mut s = store();
        let id = CustomerId::parse(ids::CUSTOMER_CONTOSO).unwrap();
        let c = s.customers.get_mut(&id).unwrap();
        let idx = c
            .user_index(&UserId::parse(ids::USER_ALAN).unwrap())
            .unwrap();
        let before = c.sku(sku(ids::SKU_M365_E3)).unwrap().consumed_units;
        let update = LicenseUpdate {
            licenses_to_assign: Some(vec![LicenseAssignment {
                sku_id: sku(ids::SKU_M365_E3),
                excluded_plans: None,
            }]),
            ..Default::default()
        };
        let change = c.apply(idx, &update).unwrap();
        assert_eq!(change.updated.len(), 1);
        assert_eq!(c.sku(sku(ids::SKU_M365_E3)).unwrap().consumed_units, before);
        assert!(
            c.users[idx]
                .licenses
                .iter()
                .all(|h| h.excluded_plans.is_empty())
        );
    }
}
