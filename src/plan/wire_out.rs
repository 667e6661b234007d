//! The JSON texts a reconcile run writes (the plan for the driver, the report, a CSV plan's
//! desired licenses), with the core's small JSON writer: the same text serde_json writes for
//! the models' own `Serialize` (checked by tests/plan_wire.rs), so Rust callers and
//! JavaScript see one shape.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{DesiredInput, Phase, PlannedUpdate, Problem, Report};
use crate::id::SkuId;
use crate::json::{JsonObject, array, push_string, push_u64};

fn skus(ids: &[SkuId]) -> String {
    array(ids, |out, id| {
        out.push('"');
        id.push_to(out);
        out.push('"');
    })
}

fn signed(n: i64) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    push_u64(&mut out, n.unsigned_abs());
    out
}

/// The desired licenses, as serde_json writes [`DesiredInput`].
pub fn desired_json(desired: &DesiredInput) -> String {
    let mut out = String::from("{");
    for (i, (user, licenses)) in desired.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(&mut out, user);
        out.push(':');
        out.push_str(&array(licenses, |out, l| {
            let plans = l.excluded_plans.as_ref().map_or_else(
                || "null".to_owned(),
                |p| array(p, |out, s| push_string(out, s)),
            );
            let o = JsonObject::new()
                .str("skuId", &l.sku_id)
                .raw("excludedPlans", &plans);
            out.push_str(&o.finish());
        }));
    }
    out.push('}');
    out
}

const fn phase(p: Phase) -> &'static str {
    match p {
        Phase::Free => "free",
        Phase::Assign => "assign",
    }
}

/// `{ "apply", "updates": [{ "user", "phase", "update": { "assign"?, "remove"? } }] }`, each
/// `update` what `updateLicenses` takes.
pub fn plan_json(apply: bool, updates: &[PlannedUpdate]) -> String {
    let list = array(updates, |out, u| {
        let (assign, remove) = (u.update.assignments(), u.update.removals());
        let mut update = JsonObject::new();
        if !assign.is_empty() {
            update = update.raw(
                "assign",
                &array(assign, |out, a| {
                    let mut o = JsonObject::new().str("skuId", &a.sku_id.text());
                    if let Some(plans) = &a.excluded_plans {
                        o = o.raw(
                            "excludedPlans",
                            &array(plans, |out, p| {
                                out.push('"');
                                p.push_to(out);
                                out.push('"');
                            }),
                        );
                    }
                    out.push_str(&o.finish());
                }),
            );
        }
        if !remove.is_empty() {
            update = update.raw("remove", &skus(remove));
        }
        let step = JsonObject::new()
            .str("user", &u.user.to_string())
            .str("phase", phase(u.phase))
            .raw("update", &update.finish());
        out.push_str(&step.finish());
    });
    JsonObject::new()
        .bool("apply", apply)
        .raw("updates", &list)
        .finish()
}

fn problem(out: &mut String, p: &Problem) {
    let o = match p {
        Problem::SkuNotSubscribed { user, sku } => JsonObject::new()
            .str("kind", "skuNotSubscribed")
            .str("user", &user.to_string())
            .str("sku", sku),
        Problem::PlanNotInSku { user, sku, plan } => JsonObject::new()
            .str("kind", "planNotInSku")
            .str("user", &user.to_string())
            .str("sku", &sku.text())
            .str("plan", plan),
        Problem::NotEnoughUnits {
            sku,
            needed,
            freed,
            available,
        } => JsonObject::new()
            .str("kind", "notEnoughUnits")
            .str("sku", &sku.text())
            .num("needed", *needed)
            .num("freed", *freed)
            .raw("available", &signed(*available)),
    };
    out.push_str(&o.finish());
}

/// The report, as serde_json writes [`Report`] (`error`: the shell's error number).
pub fn report_json(r: &Report<u32>) -> String {
    let users = array(&r.users, |out, u| {
        let outcome = match u.outcome {
            super::Outcome::Unchanged => "unchanged",
            super::Outcome::Planned => "planned",
            super::Outcome::Updated => "updated",
            super::Outcome::Failed => "failed",
            super::Outcome::Invalid => "invalid",
        };
        let o = JsonObject::new()
            .str("user", &u.user.to_string())
            .str("outcome", outcome)
            .raw("assigned", &skus(&u.assigned))
            .raw("removed", &skus(&u.removed))
            .raw("changed", &skus(&u.changed))
            .opt_num("error", u.error.map(u64::from));
        out.push_str(&o.finish());
    });
    let t = &r.totals;
    let totals = JsonObject::new()
        .num("users", t.users)
        .num("unchanged", t.unchanged)
        .num("planned", t.planned)
        .num("updated", t.updated)
        .num("failed", t.failed)
        .num("invalid", t.invalid)
        .num("updatesPlanned", t.updates_planned)
        .num("updatesSucceeded", t.updates_succeeded)
        .num("updatesFailed", t.updates_failed);
    let units = array(&r.units, |out, u| {
        let o = JsonObject::new()
            .str("sku", &u.sku.text())
            .str("partNumber", &u.part_number)
            .raw("available", &signed(u.available))
            .num("needed", u.needed)
            .num("toFree", u.to_free)
            .num("used", u.used)
            .num("freed", u.freed);
        out.push_str(&o.finish());
    });
    JsonObject::new()
        .bool("dryRun", r.dry_run)
        .bool("applied", r.applied)
        .raw("users", &users)
        .raw("totals", &totals.finish())
        .raw("units", &units)
        .raw("problems", &array(&r.problems, problem))
        .num("durationMs", r.duration_ms)
        .finish()
}
