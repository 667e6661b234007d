//! Who holds what: a customer's license inventory, as pure functions.
//!
//! A shell lists the customer's subscribed SKUs once, then its users (seek paging), then each
//! user's licenses, and hands each result to a [`Builder`]: [`Builder::add`] for a user whose
//! licenses were read, [`Builder::fail`] for one whose licenses could not be read. Then
//! [`Builder::finish`] gives the [`Inventory`]: per SKU its units and its holders (with the
//! plans each holder does not get), the users who hold none of the SKUs, the SKUs whose
//! holders counted differ from `consumedUnits`, and the users that could not be read.
//!
//! Excluded plans are computed as reconcile computes them ([`crate::plan::held`]): the
//! subscribed SKU's plans that the license does not list. The order of everything is
//! deterministic (SKUs by part number then id, users by principal name then id), whatever
//! the order the users arrived in.
//!
//! [`Session`] runs the same steps over JSON text, for the lazily loaded bulk wasm module.

#[allow(unused_imports)]
use crate::prelude::*;

mod options;
mod session;
mod wire;

pub use options::{InventoryOptions, MAX_PAGE_SIZE};
pub use session::Session;
pub use wire::{inventory_json, user_from_json, users_from_json};

use serde::Serialize;

use crate::error::{InputError, quote};
use crate::id::{CustomerId, Guid, LicenseGroup, PlanId, SkuId};
use crate::model::{License, SubscribedSku};
use crate::plan::{Held, find_sku, held};
use crate::text::Text;

/// A user, as the inventory names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[cfg_attr(all(test, not(target_arch = "wasm32")), ts(rename = "InventoryUser"))]
pub struct UserRef {
    /// The user's object id.
    pub user_id: Guid,
    /// e.g. `ada@contoso.onmicrosoft.com`.
    pub user_principal_name: String,
}

/// A user holding a SKU.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[cfg_attr(all(test, not(target_arch = "wasm32")), ts(rename = "InventoryHolder"))]
pub struct Holder {
    /// The user's object id.
    pub user_id: Guid,
    /// The user's principal name.
    pub user_principal_name: String,
    /// The SKU's plans this user does not get (sorted; empty when the SKU is no longer
    /// subscribed: its plans are then unknown).
    pub excluded_plans: Vec<PlanId>,
}

/// One SKU: its units and who holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
pub struct InventorySku {
    /// The SKU.
    pub sku_id: SkuId,
    /// e.g. `ENTERPRISEPACK`.
    pub sku_part_number: String,
    /// e.g. `Office 365 E3`.
    pub name: String,
    /// Its license group, as the service writes it in responses.
    #[cfg_attr(
        all(test, not(target_arch = "wasm32")),
        ts(type = "'group1' | 'group2'")
    )]
    pub license_group_id: LicenseGroup,
    /// Units bought (`0` for a SKU held but no longer subscribed).
    pub total_units: i64,
    /// Units assigned, as the service counts them.
    pub consumed_units: i64,
    /// Units left.
    pub available_units: i64,
    /// Its holders, by principal name then id.
    pub holders: Vec<Holder>,
}

/// A SKU whose holders counted differ from the service's `consumedUnits` (users changed
/// meanwhile, a user could not be read, or the service counts units the users do not show).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    ts(rename = "InventoryMismatch")
)]
pub struct Mismatch {
    /// The SKU.
    pub sku_id: SkuId,
    /// Its part number.
    pub sku_part_number: String,
    /// What the service says is assigned.
    pub consumed_units: i64,
    /// The holders counted.
    pub holders: u64,
}

/// A user whose licenses could not be read, with the shell's error (a number in wasm, a
/// `PartnerCenterError` in JavaScript).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[cfg_attr(all(test, not(target_arch = "wasm32")), ts(rename = "InventoryFailure", concrete(E = crate::model::JsError)))]
pub struct Failed<E> {
    /// The user's object id.
    pub user_id: Guid,
    /// The user's principal name.
    pub user_principal_name: String,
    /// Why (after the client's retries).
    pub error: E,
}

/// The inventory of one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[cfg_attr(all(test, not(target_arch = "wasm32")), ts(concrete(E = crate::model::JsError)))]
pub struct Inventory<E> {
    /// The customer.
    pub customer_id: CustomerId,
    /// The SKUs (all subscribed ones of the license groups read, or the selected ones), by
    /// part number then id.
    pub skus: Vec<InventorySku>,
    /// Users read who hold none of those SKUs.
    pub unlicensed_users: Vec<UserRef>,
    /// SKUs whose holders counted differ from `consumedUnits`.
    pub mismatches: Vec<Mismatch>,
    /// Users whose licenses could not be read.
    pub failed: Vec<Failed<E>>,
}

/// What was read of one user.
#[derive(Clone, Debug)]
enum Read<E> {
    Held(Held),
    Failed(E),
}

/// Builds an [`Inventory`] from the SKUs and the users' licenses, in any order.
#[derive(Clone, Debug)]
pub struct Builder<E> {
    customer: CustomerId,
    /// The SKUs reported, each with its subscription (or `None`: held, not subscribed).
    skus: Vec<InventorySku>,
    /// The subscribed SKUs (their plans give the excluded ones).
    subscribed: Vec<SubscribedSku>,
    /// `false` when the caller selected SKUs: held SKUs that are not subscribed are not added.
    all: bool,
    /// Each user read, in order of arrival.
    users: Vec<(UserRef, Read<E>)>,
}

impl<E> Builder<E> {
    /// Starts from the customer's subscribed SKUs (of the license groups that will be read).
    /// `select` names the SKUs to report (ids or part numbers, case-insensitive); empty: all.
    /// A name no subscribed SKU has is an [`InputError`] (field `skus`).
    pub fn new(
        customer: CustomerId,
        subscribed: Vec<SubscribedSku>,
        select: &[String],
    ) -> Result<Self, InputError> {
        let mut skus: Vec<InventorySku> = Vec::new();
        if select.is_empty() {
            skus.extend(subscribed.iter().map(entry));
        }
        for written in select {
            let Some(sku) = find_sku(&subscribed, written) else {
                return Err(InputError::new(
                    "skus",
                    Text::new(
                        "no subscribed SKU of the license groups read has the id or part number ",
                    )
                    .push(&quote(written))
                    .done(),
                ));
            };
            if !skus.iter().any(|s| s.sku_id == sku.product_sku.id) {
                skus.push(entry(sku));
            }
        }
        Ok(Self {
            customer,
            skus,
            subscribed,
            all: select.is_empty(),
            users: Vec::new(),
        })
    }

    /// The SKUs reported (for a shell that filters the licenses it hands on).
    pub fn selected(&self) -> impl Iterator<Item = SkuId> + '_ {
        self.skus.iter().map(|s| s.sku_id)
    }

    /// The licenses a user holds (of the license groups read).
    pub fn add(&mut self, user: UserRef, licenses: &[License]) {
        let mut held = held(licenses, &self.subscribed);
        if self.all {
            // A SKU held but no longer subscribed is reported too, from what the license says.
            for lic in licenses {
                let p = &lic.product_sku;
                if !self.skus.iter().any(|s| s.sku_id == p.id) {
                    self.skus.push(InventorySku {
                        sku_id: p.id,
                        sku_part_number: p.sku_part_number.clone(),
                        name: p.name.clone(),
                        license_group_id: p.license_group_id,
                        total_units: 0,
                        consumed_units: 0,
                        available_units: 0,
                        holders: Vec::new(),
                    });
                }
            }
        } else {
            let skus = &self.skus;
            held.retain(|(id, _)| skus.iter().any(|s| s.sku_id == *id));
        }
        self.users.push((user, Read::Held(held)));
    }

    /// A user whose licenses could not be read.
    pub fn fail(&mut self, user: UserRef, error: E) {
        self.users.push((user, Read::Failed(error)));
    }

    /// The inventory. A user handed over twice counts once (the first time).
    pub fn finish(mut self) -> Inventory<E> {
        // By id (then arrival), to drop repeats keeping the first; then for the output.
        let mut users = sorted(core::mem::take(&mut self.users), |u| {
            u.0.user_id.as_uuid().as_bytes().to_vec()
        });
        users.dedup_by(|later, first| later.0.user_id == first.0.user_id);
        let users = sorted(users, |u| user_key(&u.0));
        let mut unlicensed = Vec::new();
        let mut failed = Vec::new();
        for (user, read) in users {
            match read {
                Read::Failed(error) => failed.push(Failed {
                    user_id: user.user_id,
                    user_principal_name: user.user_principal_name,
                    error,
                }),
                Read::Held(held) if held.is_empty() => unlicensed.push(user),
                Read::Held(held) => {
                    for (sku, excluded_plans) in held {
                        if let Some(s) = self.skus.iter_mut().find(|s| s.sku_id == sku) {
                            s.holders.push(Holder {
                                user_id: user.user_id,
                                user_principal_name: user.user_principal_name.clone(),
                                excluded_plans,
                            });
                        }
                    }
                }
            }
        }
        let skus = sorted(self.skus, |s| {
            let mut key = s.sku_part_number.as_bytes().to_vec();
            key.push(0);
            key.extend_from_slice(s.sku_id.as_uuid().as_bytes());
            key
        });
        let mismatches = skus
            .iter()
            .filter(|s| i64::try_from(s.holders.len()).ok() != Some(s.consumed_units))
            .map(|s| Mismatch {
                sku_id: s.sku_id,
                sku_part_number: s.sku_part_number.clone(),
                consumed_units: s.consumed_units,
                holders: s.holders.len() as u64,
            })
            .collect();
        Inventory {
            customer_id: self.customer,
            skus,
            unlicensed_users: unlicensed,
            mismatches,
            failed,
        }
    }
}

/// A subscribed SKU's entry, no holder yet.
fn entry(s: &SubscribedSku) -> InventorySku {
    InventorySku {
        sku_id: s.product_sku.id,
        sku_part_number: s.product_sku.sku_part_number.clone(),
        name: s.product_sku.name.clone(),
        license_group_id: s.product_sku.license_group_id,
        total_units: s.total_units,
        consumed_units: s.consumed_units,
        available_units: s.available_units,
        holders: Vec::new(),
    }
}

/// `items` ordered by `key` (ties: in their order). Every sort here goes through this one
/// routine on `(bytes, index)`: each sort of another element type would add its own copy of
/// the sorting code to the `.wasm`.
fn sorted<T>(items: Vec<T>, key: impl Fn(&T) -> Vec<u8>) -> Vec<T> {
    let mut order: Vec<(Vec<u8>, usize)> =
        items.iter().enumerate().map(|(i, x)| (key(x), i)).collect();
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(_, i)| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// Principal names ignoring ASCII case, then as written, then ids: unique per user.
fn user_key(u: &UserRef) -> Vec<u8> {
    let upn = u.user_principal_name.as_bytes();
    let mut key: Vec<u8> = upn.iter().map(u8::to_ascii_lowercase).collect();
    key.push(0);
    key.extend_from_slice(upn);
    key.push(0);
    key.extend_from_slice(u.user_id.as_uuid().as_bytes());
    key
}
