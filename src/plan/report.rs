//! The report of a reconcile run: per user outcome, totals, units per SKU.
//!
//! The shell feeds a [`ReportBuilder`] as the run goes (reads that failed, the plan, each
//! update's result) and calls [`ReportBuilder::finish`]; every count is computed here. The
//! error type `E` is the shell's (the core's [`Error`](crate::Error) natively, a JS error in wasm).

#[allow(unused_imports)]
use crate::prelude::*;

use serde::Serialize;

use super::{Phase, Plan, PlannedUpdate, Problem};
use crate::id::{SkuId, UserId};

/// What happened to one user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    ts(rename = "ReconcileOutcome")
)]
pub enum Outcome {
    /// Already held exactly the desired licenses; nothing sent.
    Unchanged,
    /// Needs a change that was not sent (a dry run, or the plan had problems).
    Planned,
    /// Every update for the user succeeded.
    Updated,
    /// Reading the user's licenses or one of the user's updates failed (see `error`).
    Failed,
    /// The user's desired licenses name a SKU not subscribed or a plan not in its SKU.
    Invalid,
}

/// One user's line of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[cfg_attr(all(test, not(target_arch = "wasm32")), ts(rename = "UserReconcileReport", concrete(E = crate::model::JsError)))]
pub struct UserReport<E> {
    /// The user.
    pub user: UserId,
    /// What happened.
    pub outcome: Outcome,
    /// SKUs assigned anew (planned, or done when `updated`).
    pub assigned: Vec<SkuId>,
    /// SKUs removed.
    pub removed: Vec<SkuId>,
    /// SKUs kept with another set of excluded plans.
    pub changed: Vec<SkuId>,
    /// The first error, when `failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional))]
    pub error: Option<E>,
}

/// Counts over the users and requests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[cfg_attr(all(test, not(target_arch = "wasm32")), ts(rename = "ReconcileTotals"))]
pub struct Totals {
    /// Users in the desired set.
    pub users: u64,
    /// Outcome `unchanged`.
    pub unchanged: u64,
    /// Outcome `planned`.
    pub planned: u64,
    /// Outcome `updated`.
    pub updated: u64,
    /// Outcome `failed`.
    pub failed: u64,
    /// Outcome `invalid`.
    pub invalid: u64,
    /// License updates in the plan.
    pub updates_planned: u64,
    /// License updates sent that succeeded.
    pub updates_succeeded: u64,
    /// License updates sent that failed.
    pub updates_failed: u64,
}

/// Units of one SKU: what the plan counted on, and what the run used and freed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[cfg_attr(all(test, not(target_arch = "wasm32")), ts(rename = "SkuUnitsReport"))]
pub struct UnitsReport {
    /// The SKU.
    pub sku: SkuId,
    /// Its part number, empty when unknown.
    pub part_number: String,
    /// `availableUnits` before the run.
    pub available: i64,
    /// New assignments planned.
    pub needed: u64,
    /// Removals planned.
    pub to_free: u64,
    /// Units taken by updates that succeeded.
    pub used: u64,
    /// Units given back by updates that succeeded.
    pub freed: u64,
}

/// The report of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS))]
#[cfg_attr(all(test, not(target_arch = "wasm32")), ts(rename = "ReconcileReport", concrete(E = crate::model::JsError)))]
pub struct Report<E> {
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Whether updates were sent (not a dry run, and no problem).
    pub applied: bool,
    /// One line per desired user, sorted.
    pub users: Vec<UserReport<E>>,
    /// Counts.
    pub totals: Totals,
    /// Per SKU the plan touches.
    pub units: Vec<UnitsReport>,
    /// Problems found before sending; when there is one, nothing was sent.
    pub problems: Vec<Problem>,
    /// Wall time of the run, measured by the shell.
    pub duration_ms: u64,
}

/// Collects what happens during a run, then computes the [`Report`].
#[derive(Clone, Debug)]
pub struct ReportBuilder<E> {
    dry_run: bool,
    read_failures: Vec<(UserId, E)>,
    invalid: Vec<UserId>,
    plan: Plan,
    /// One slot per planned update.
    results: Vec<Option<Result<(), E>>>,
}

impl<E> ReportBuilder<E> {
    /// A new run; `dry_run` runs send nothing.
    pub fn new(dry_run: bool) -> Self {
        Self {
            dry_run,
            read_failures: Vec::new(),
            invalid: Vec::new(),
            plan: Plan::default(),
            results: Vec::new(),
        }
    }

    /// Reading a user's licenses failed: the user is `failed` and must be left out of planning.
    pub fn read_failed(&mut self, user: UserId, error: E) {
        self.read_failures.push((user, error));
    }

    /// Users whose desired licenses could not be resolved (see [`Resolved`](super::Resolved)),
    /// with the problems found.
    pub fn invalid(&mut self, users: impl IntoIterator<Item = UserId>, problems: Vec<Problem>) {
        self.invalid.extend(users);
        self.plan.problems.splice(0..0, problems);
    }

    /// The plan of the run (problems found while resolving are kept ahead of its own).
    pub fn planned(&mut self, plan: Plan) {
        let earlier = core::mem::take(&mut self.plan.problems);
        self.plan = plan;
        self.plan.problems.splice(0..0, earlier);
        self.results = core::iter::repeat_with(|| None)
            .take(self.plan.updates.len())
            .collect();
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Whether the updates should be sent: not a dry run and no problem.
    pub fn should_apply(&self) -> bool {
        !self.dry_run && self.plan.problems.is_empty()
    }

    /// Indexes (into `plan().updates`) of one phase's updates, in order.
    pub fn phase(&self, phase: Phase) -> Vec<usize> {
        (0..self.plan.updates.len())
            .filter(|&i| self.plan.updates[i].phase == phase)
            .collect()
    }

    /// The update at `index`.
    pub fn update(&self, index: usize) -> Option<&PlannedUpdate> {
        self.plan.updates.get(index)
    }

    /// Records the result of the update at `index`.
    pub fn applied(&mut self, index: usize, result: Result<(), E>) {
        if let Some(slot) = self.results.get_mut(index) {
            *slot = Some(result);
        }
    }

    /// Computes the report. Each user is expected once: unchanged, invalid, with updates,
    /// or with a failed read (the shell leaves users whose read failed out of the plan).
    pub fn finish(self, duration_ms: u64) -> Report<E>
    where
        E: Clone,
    {
        let applied = self.should_apply();
        let Self {
            dry_run,
            read_failures,
            invalid,
            plan,
            results,
        } = self;
        let line = |user: &UserId, outcome, error| UserReport {
            user: user.clone(),
            outcome,
            assigned: vec![],
            removed: vec![],
            changed: vec![],
            error,
        };
        let mut users: Vec<UserReport<E>> = Vec::with_capacity(
            plan.unchanged.len() + invalid.len() + plan.updates.len() + read_failures.len(),
        );
        // Kept sorted by inserting at the binary-search position (most lines arrive in
        // order and are appended; a sort would weigh more in the wasm build).
        let add = |users: &mut Vec<UserReport<E>>, r: UserReport<E>| {
            let i = users
                .binary_search_by(|x| x.user.cmp(&r.user))
                .unwrap_or_else(|i| i);
            users.insert(i, r);
        };
        for u in &plan.unchanged {
            add(&mut users, line(u, Outcome::Unchanged, None));
        }
        for u in &invalid {
            add(&mut users, line(u, Outcome::Invalid, None));
        }
        for (u, e) in read_failures {
            add(&mut users, line(&u, Outcome::Failed, Some(e)));
        }
        let mut totals = Totals {
            updates_planned: plan.updates.len() as u64,
            ..Totals::default()
        };
        let mut units: Vec<UnitsReport> = plan
            .units
            .iter()
            .map(|u| UnitsReport {
                sku: u.sku,
                part_number: u.part_number.clone(),
                available: u.available,
                needed: u.needed,
                to_free: u.freed_first + u.freed_later,
                used: 0,
                freed: 0,
            })
            .collect();
        let mut count = |sku: &SkuId, used: bool| {
            if let Some(r) = units.iter_mut().find(|r| r.sku == *sku) {
                if used {
                    r.used += 1;
                } else {
                    r.freed += 1;
                }
            }
        };
        // The updates are sorted by user: one line per run of the same user.
        let mut i = 0;
        while i < plan.updates.len() {
            let user = &plan.updates[i].user;
            let mut r = line(user, Outcome::Planned, None);
            let mut all_ok = true;
            while let Some(u) = plan.updates.get(i).filter(|u| &u.user == user) {
                r.assigned.extend(&u.acquires);
                r.removed.extend(u.releases());
                r.changed.extend(
                    u.update
                        .assignments()
                        .iter()
                        .map(|a| a.sku_id)
                        .filter(|s| !u.acquires.contains(s)),
                );
                match results.get(i).and_then(Option::as_ref) {
                    Some(Ok(())) => {
                        totals.updates_succeeded += 1;
                        u.acquires.iter().for_each(|s| count(s, true));
                        u.releases().iter().for_each(|s| count(s, false));
                    }
                    Some(Err(e)) => {
                        totals.updates_failed += 1;
                        all_ok = false;
                        r.error.get_or_insert_with(|| e.clone());
                    }
                    None => all_ok = false,
                }
                i += 1;
            }
            // Not every update answered and none failed: not sent (dry run, problems).
            r.outcome = match (all_ok, &r.error) {
                (true, _) => Outcome::Updated,
                (false, Some(_)) => Outcome::Failed,
                (false, None) => Outcome::Planned,
            };
            add(&mut users, r);
        }
        for r in &users {
            totals.users += 1;
            match r.outcome {
                Outcome::Unchanged => totals.unchanged += 1,
                Outcome::Planned => totals.planned += 1,
                Outcome::Updated => totals.updated += 1,
                Outcome::Failed => totals.failed += 1,
                Outcome::Invalid => totals.invalid += 1,
            }
        }
        Report {
            dry_run,
            applied,
            users,
            totals,
            units,
            problems: plan.problems,
            duration_ms,
        }
    }
}
