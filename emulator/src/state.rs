//! The store: partners and customers behind one lock, the ledger and the replay cache;
//! building it from a seed, and applying an update for a partner's customer.

use std::collections::HashMap;

use serde::Serialize;
use uuid::Uuid;

use partner_center_licenses::id::{CustomerId, UserId};
use partner_center_licenses::model::{
    Attributes, LicenseUpdate, ProductSku, ServicePlan, SubscribedSku,
};

pub use crate::customer::{Change, Customer, Held, User};
use crate::errors::Failure;
pub use crate::ledger::CallMeta;
use crate::ledger::{Ledger, LedgerEntry};
use crate::replay::ReplayCache;
use crate::seed::{CatalogSku, Seed};

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
                let mut customer =
                    Customer::new(c.id, p.id, c.name.clone(), c.domain.clone(), skus)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::ids;
    use partner_center_licenses::id::{LicenseGroup, PlanId, SkuId};
    use partner_center_licenses::model::LicenseAssignment;

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
        assert_eq!(c.users.len(), 6 + 4 + ids::GENERATED_USERS as usize);
        assert_eq!(
            c.users.iter().filter(|u| u.is_active()).count(),
            ids::CONTOSO_ACTIVE_USERS
        );
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
