//! The ledger: every applied change, in order, with the call's `MS-RequestId`.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use uuid::Uuid;

use partner_center_licenses::id::{CustomerId, SkuId};
use partner_center_licenses::model::LicenseAssignment;

use crate::customer::Change;

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

/// One applied `licenseupdates` request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    /// 1, 2, 3... in the order changes were applied.
    pub seq: u64,
    /// Milliseconds since the Unix epoch.
    pub at_ms: u64,
    /// The partner whose token made the change.
    pub partner_id: Uuid,
    /// The customer.
    pub customer_id: CustomerId,
    /// The user's object id.
    pub user_id: Uuid,
    /// `MS-RequestId` of the request, as sent.
    pub request_id: Option<String>,
    /// `MS-CorrelationId` of the request, as sent.
    pub correlation_id: Option<String>,
    /// Newly assigned licenses (one unit consumed each).
    pub assigned: Vec<LicenseAssignment>,
    /// Licenses already held whose excluded plans were replaced (no unit consumed).
    pub updated: Vec<LicenseAssignment>,
    /// Removed licenses (one unit freed each).
    pub removed: Vec<SkuId>,
}

impl LedgerEntry {
    /// An entry for a change (its `seq` is set when pushed).
    pub fn new(meta: &CallMeta, customer: CustomerId, user: Uuid, change: Change) -> Self {
        let at_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or_default();
        Self {
            seq: 0,
            at_ms,
            partner_id: meta.partner,
            customer_id: customer,
            user_id: user,
            request_id: meta.request_id.clone(),
            correlation_id: meta.correlation_id.clone(),
            assigned: change.assigned,
            updated: change.updated,
            removed: change.removed,
        }
    }
}

/// All entries since start (or the last reset).
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    entries: Vec<LedgerEntry>,
}

impl Ledger {
    /// Appends an entry, numbering it.
    pub fn push(&mut self, mut entry: LedgerEntry) {
        entry.seq = self.entries.len() as u64 + 1;
        self.entries.push(entry);
    }

    /// Entries with `seq > since`.
    pub fn since(&self, since: u64) -> &[LedgerEntry] {
        let start = usize::try_from(since)
            .unwrap_or(usize::MAX)
            .min(self.entries.len());
        &self.entries[start..]
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
