//! `POST /v1/customers/{customer-id}/users/{user-id}/licenseupdates`

#[allow(unused_imports)]
use crate::prelude::*;

use serde::Deserialize;

use crate::json::JsonObject;
use crate::options::indexed;

use super::Endpoint;
use crate::error::{InputError, codes};
use crate::http::Method;
use crate::id::{CustomerId, LicenseGroup, PlanId, SkuId, UserId};
use uuid::Uuid;

use crate::model::{Attributes, LicenseAssignment, LicenseUpdate, SubscribedSku};

/// Assigns and removes licenses of one user, in one license group. Built only through
/// [`UpdateLicenses::new`], which refuses an update the service would reject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateLicenses {
    customer: CustomerId,
    user: UserId,
    update: LicenseUpdate,
    body: String,
}

impl UpdateLicenses {
    /// Checks the update (see [`check_update`]) and prepares the body.
    pub fn new(
        customer: CustomerId,
        user: UserId,
        mut update: LicenseUpdate,
    ) -> Result<Self, InputError> {
        check_update(&update)?;
        update.license_warnings = None;
        update.attributes = Attributes::of("LicenseUpdate");
        let body = request_body(&update);
        Ok(Self {
            customer,
            user,
            update,
            body,
        })
    }

    /// The customer.
    pub fn customer(&self) -> CustomerId {
        self.customer
    }
    /// The user.
    pub fn user(&self) -> &UserId {
        &self.user
    }
    /// The update that will be sent.
    pub fn update(&self) -> &LicenseUpdate {
        &self.update
    }
}

impl Endpoint for UpdateLicenses {
    type Output = LicenseUpdate;
    const METHOD: Method = Method::Post;
    const SUCCESS: &'static [u16] = &[200, 201];

    fn path(&self) -> String {
        super::user_path(&self.customer, &self.user, "/licenseupdates")
    }

    fn body(&self) -> Option<String> {
        Some(self.body.clone())
    }
}

/// `assign[i].skuId`.
fn sku_field(i: usize) -> String {
    crate::text::cat(&[&indexed("assign", i), ".skuId"])
}

/// The JSON body of an update, as serde writes the [`LicenseUpdate`] model (a test holds the
/// two to the same bytes): written by hand so the `.wasm` carries no serde_json.
pub fn request_body(update: &LicenseUpdate) -> String {
    let mut body = JsonObject::new();
    if let Some(assign) = &update.licenses_to_assign {
        let mut list = String::with_capacity(64);
        list.push('[');
        for (i, a) in assign.iter().enumerate() {
            if i > 0 {
                list.push(',');
            }
            let mut item = JsonObject::new().str("skuId", &a.sku_id.text());
            if let Some(plans) = &a.excluded_plans {
                item = item.strs("excludedPlans", plans.iter().map(|p| p.text()));
            }
            list.push_str(&item.finish());
        }
        list.push(']');
        body = body.raw("licensesToAssign", &list);
    }
    if let Some(remove) = &update.licenses_to_remove {
        body = body.strs("licensesToRemove", remove.iter().map(|r| r.text()));
    }
    if let Some(object_type) = update
        .attributes
        .as_ref()
        .and_then(|a| a.object_type.as_deref())
    {
        body = body.raw(
            "attributes",
            &JsonObject::new().str("objectType", object_type).finish(),
        );
    }
    body.finish()
}

/// Structural checks, with no knowledge of the customer's SKUs: the update names at least
/// one license, no SKU twice, and no SKU both to assign and to remove.
pub fn check_update(update: &LicenseUpdate) -> Result<(), InputError> {
    let assign = update.assignments();
    let remove = update.removals();
    if assign.is_empty() && remove.is_empty() {
        return Err(InputError::new(
            "update",
            "names no license to assign or remove",
        ));
    }
    for (i, a) in assign.iter().enumerate() {
        if assign.iter().take(i).any(|b| b.sku_id == a.sku_id) {
            return Err(InputError::new(
                sku_field(i),
                crate::text::cat(&["SKU ", &a.sku_id.text(), " is named twice"]),
            ));
        }
        if remove.contains(&a.sku_id) {
            return Err(InputError::new(
                sku_field(i),
                crate::text::cat(&["SKU ", &a.sku_id.text(), " is both assigned and removed"]),
            ));
        }
    }
    for (i, r) in remove.iter().enumerate() {
        if remove.iter().take(i).any(|x| x == r) {
            return Err(InputError::new(
                indexed("remove", i),
                crate::text::cat(&["SKU ", &r.text(), " is named twice"]),
            ));
        }
    }
    Ok(())
}

/// Checks an update against the customer's subscribed SKUs: every SKU is subscribed, every
/// excluded plan belongs to its SKU, and all SKUs share one license group (the service
/// rejects mixing). Returns that group.
pub fn check_update_against_skus(
    update: &LicenseUpdate,
    skus: &[SubscribedSku],
) -> Result<LicenseGroup, InputError> {
    check_update_against_skus_detailed(update, skus).map_err(|(_, e)| e)
}

/// Which rule of [`check_update_against_skus`] an update broke; the emulator answers each
/// with its own code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkuCheckFailure {
    /// A SKU the customer does not subscribe to ([`codes::SKU_NOT_SUBSCRIBED`]).
    NotSubscribed,
    /// An excluded plan that is not one of the SKU's plans ([`codes::PLAN_NOT_IN_SKU`]).
    PlanNotInSku,
    /// SKUs of more than one license group ([`codes::MIXED_LICENSE_GROUPS`]).
    MixedLicenseGroups,
}

impl SkuCheckFailure {
    /// The Partner Center code the emulator answers with.
    pub const fn code(self) -> u32 {
        match self {
            Self::NotSubscribed => codes::SKU_NOT_SUBSCRIBED,
            Self::PlanNotInSku => codes::PLAN_NOT_IN_SKU,
            Self::MixedLicenseGroups => codes::MIXED_LICENSE_GROUPS,
        }
    }
}

/// [`check_update_against_skus`], also saying which rule failed.
pub fn check_update_against_skus_detailed(
    update: &LicenseUpdate,
    skus: &[SubscribedSku],
) -> Result<LicenseGroup, (SkuCheckFailure, InputError)> {
    use SkuCheckFailure as F;
    let find = |field: String, id: &SkuId| {
        skus.iter()
            .find(|s| s.product_sku.id == *id)
            .ok_or_else(|| {
                (
                    F::NotSubscribed,
                    InputError::new(field, format!("SKU {id} is not subscribed by the customer")),
                )
            })
    };
    let mut group: Option<(LicenseGroup, SkuId)> = None;
    let mut same_group = |field: String,
                          sku: &SubscribedSku|
     -> Result<(), (SkuCheckFailure, InputError)> {
        let g = sku.product_sku.license_group_id;
        match group {
            None => {
                group = Some((g, sku.product_sku.id));
                Ok(())
            }
            Some((first, _)) if first == g => Ok(()),
            Some((first, first_id)) => Err((
                F::MixedLicenseGroups,
                InputError::new(
                    field,
                    format!(
                        "SKU {} is in {g} but SKU {first_id} is in {first}: one update takes one license group",
                        sku.product_sku.id
                    ),
                ),
            )),
        }
    };
    for (i, a) in update.assignments().iter().enumerate() {
        let sku = find(format!("assign[{i}].skuId"), &a.sku_id)?;
        for (j, p) in a.excluded_plans.iter().flatten().enumerate() {
            if !sku.service_plans.iter().any(|sp| sp.id == *p) {
                return Err((
                    F::PlanNotInSku,
                    InputError::new(
                        format!("assign[{i}].excludedPlans[{j}]"),
                        format!("service plan {p} is not part of SKU {}", a.sku_id),
                    ),
                ));
            }
        }
        same_group(format!("assign[{i}].skuId"), sku)?;
    }
    for (i, r) in update.removals().iter().enumerate() {
        let sku = find(format!("remove[{i}]"), r)?;
        same_group(format!("remove[{i}]"), sku)?;
    }
    Ok(group.map(|(g, _)| g).unwrap_or_default())
}

/// One assignment as a caller writes it (`{ skuId, excludedPlans }`), not yet checked.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AssignInput {
    /// The SKU id.
    pub sku_id: String,
    /// Plans to leave out.
    #[serde(default)]
    pub excluded_plans: Option<Vec<String>>,
}

/// An update as a caller writes it (`{ assign: [...], remove: [...] }`), not yet checked.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateLicensesInput {
    /// Licenses to assign.
    pub assign: Vec<AssignInput>,
    /// SKU ids to remove.
    pub remove: Vec<String>,
}

impl UpdateLicensesInput {
    /// Parses every id, naming the field of the first bad one.
    pub fn into_update(self) -> Result<LicenseUpdate, InputError> {
        // Loops rather than `collect::<Result<..>>`, and one out-of-line GUID reader for the
        // three lists (smaller in the `.wasm`).
        let mut assign = Vec::with_capacity(self.assign.len());
        for (i, a) in self.assign.iter().enumerate() {
            let sku_id = SkuId::from_uuid(guid_at(&a.sku_id, "assign", i, ".skuId")?);
            let excluded_plans = match &a.excluded_plans {
                None => None,
                Some(plans) => {
                    let list = crate::text::cat(&[&indexed("assign", i), ".excludedPlans"]);
                    let mut ids = Vec::with_capacity(plans.len());
                    for (j, p) in plans.iter().enumerate() {
                        ids.push(PlanId::from_uuid(guid_at(p, &list, j, "")?));
                    }
                    Some(ids)
                }
            };
            assign.push(LicenseAssignment {
                sku_id,
                excluded_plans,
            });
        }
        let mut remove = Vec::with_capacity(self.remove.len());
        for (i, r) in self.remove.iter().enumerate() {
            remove.push(SkuId::from_uuid(guid_at(r, "remove", i, "")?));
        }
        Ok(LicenseUpdate {
            licenses_to_assign: (!assign.is_empty()).then_some(assign),
            licenses_to_remove: (!remove.is_empty()).then_some(remove),
            license_warnings: None,
            attributes: None,
        })
    }
}

/// `s` as a GUID; a bad one is reported on `list[i]` + `suffix` (`assign[0].skuId`,
/// `remove[1]`), with the message every GUID id gives.
#[inline(never)]
fn guid_at(s: &str, list: &str, i: usize, suffix: &str) -> Result<Uuid, InputError> {
    match SkuId::parse(s) {
        Ok(id) => Ok(*id.as_uuid()),
        Err(e) => Err(InputError::new(
            crate::text::cat(&[&indexed(list, i), suffix]),
            e.message,
        )),
    }
}
