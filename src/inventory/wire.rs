//! The JSON texts of an inventory run, with the core's small JSON reader and writer (no
//! serde in the bulk module): what [`inventory_json`] writes is what serde_json writes for
//! [`Inventory`] (checked by tests/inventory.rs).

#[allow(unused_imports)]
use crate::prelude::*;

use super::{Holder, Inventory, UserRef};
use crate::id::{Guid, PlanId};
use crate::json::{self, Json, JsonObject, array, push_string};
use crate::text::Text;

/// `{ "id", "userPrincipalName" }` (a `CustomerUser`, of which nothing else is read).
pub fn user_from_json(text: &str) -> Result<UserRef, String> {
    user_from(&json::parse(text).map_err(ToOwned::to_owned)?)
}

/// A JSON array of users, each read as [`user_from_json`] reads one.
pub fn users_from_json(text: &str) -> Result<Vec<UserRef>, String> {
    match json::parse(text)? {
        Json::Array(items) => items.iter().map(user_from).collect(),
        other => Err(Text::new(other.kind()).push(", not an array").done()),
    }
}

pub(crate) fn user_from(value: &Json) -> Result<UserRef, String> {
    let id = value
        .member("id")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let user_id = Guid::parse(id).map_err(|e| Text::new("user id: ").push(&e.message).done())?;
    let user_principal_name = value
        .member("userPrincipalName")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned();
    Ok(UserRef {
        user_id,
        user_principal_name,
    })
}

fn signed(n: i64) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    json::push_u64(&mut out, n.unsigned_abs());
    out
}

fn user(id: &Guid, upn: &str) -> JsonObject {
    JsonObject::new()
        .str("userId", &id.text())
        .str("userPrincipalName", upn)
}

fn plans(ids: &[PlanId]) -> String {
    array(ids, |out, p| push_string(out, &p.text()))
}

fn holder(out: &mut String, h: &Holder) {
    let o =
        user(&h.user_id, &h.user_principal_name).raw("excludedPlans", &plans(&h.excluded_plans));
    out.push_str(&o.finish());
}

fn user_ref(out: &mut String, u: &UserRef) {
    out.push_str(&user(&u.user_id, &u.user_principal_name).finish());
}

/// The inventory as JSON text (`Inventory` of `pkg/reports.d.ts`; a failed user's `error` is
/// the shell's error number).
pub fn inventory_json(inv: &Inventory<u32>) -> String {
    let skus = array(&inv.skus, |out, s| {
        let o = JsonObject::new()
            .str("skuId", &s.sku_id.text())
            .str("skuPartNumber", &s.sku_part_number)
            .str("name", &s.name)
            .str("licenseGroupId", s.license_group_id.response_value())
            .raw("totalUnits", &signed(s.total_units))
            .raw("consumedUnits", &signed(s.consumed_units))
            .raw("availableUnits", &signed(s.available_units))
            .raw("holders", &array(&s.holders, holder));
        out.push_str(&o.finish());
    });
    let mismatches = array(&inv.mismatches, |out, m| {
        let o = JsonObject::new()
            .str("skuId", &m.sku_id.text())
            .str("skuPartNumber", &m.sku_part_number)
            .raw("consumedUnits", &signed(m.consumed_units))
            .num("holders", m.holders);
        out.push_str(&o.finish());
    });
    let failed = array(&inv.failed, |out, f| {
        let o = user(&f.user_id, &f.user_principal_name).num("error", u64::from(f.error));
        out.push_str(&o.finish());
    });
    JsonObject::new()
        .str("customerId", &inv.customer_id.text())
        .raw("skus", &skus)
        .raw("unlicensedUsers", &array(&inv.unlicensed_users, user_ref))
        .raw("mismatches", &mismatches)
        .raw("failed", &failed)
        .finish()
}
