//! What a shell reads from the caller for a reconcile run: the desired licenses and the
//! options, as JSON text (the JavaScript driver hands values over as `JSON.stringify`
//! text), validated here where native tests reach them (read by `super::wire`, no serde).

#[allow(unused_imports)]
use crate::prelude::*;

use super::DesiredInput;
use crate::error::InputError;

/// Requests in flight when the caller does not say.
pub const DEFAULT_CONCURRENCY: u32 = 8;
/// The most requests in flight a run allows.
pub const MAX_CONCURRENCY: u32 = 64;

/// The checked options of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReconcileOptions {
    /// Read and plan, send nothing.
    pub dry_run: bool,
    /// Requests in flight (1..=64).
    pub concurrency: u32,
}

impl Default for ReconcileOptions {
    fn default() -> Self {
        Self {
            dry_run: false,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

impl ReconcileOptions {
    /// Reads `{ dryRun, concurrency }` (other keys, such as `signal`, are the shell's);
    /// `null` gives the defaults.
    pub fn from_json(json: &str) -> Result<Self, InputError> {
        super::wire::read_options(json)
    }
}

/// Reads the desired licenses: `{ "<user id>": [{ "skuId": "...", "excludedPlans": [...] }] }`.
/// An unknown property in a license (a typo such as `excludePlans`) is an error rather than
/// silently "no plan excluded".
pub fn desired_from_json(json: &str) -> Result<DesiredInput, InputError> {
    if matches!(json.trim(), "null" | "") {
        return Err(InputError::new(
            "desired",
            "is required: { \"<user id>\": [{ \"skuId\": \"...\", \"excludedPlans\": [...] }] }",
        ));
    }
    super::wire::read_desired(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_defaults_and_checks() {
        assert_eq!(
            ReconcileOptions::from_json("null").unwrap(),
            ReconcileOptions::default()
        );
        let o =
            ReconcileOptions::from_json(r#"{"dryRun":true,"concurrency":16,"signal":{}}"#).unwrap();
        assert_eq!(
            o,
            ReconcileOptions {
                dry_run: true,
                concurrency: 16
            }
        );
        for (bad, field) in [
            (r#"{"concurrency":0}"#, "concurrency"),
            (r#"{"concurrency":65}"#, "concurrency"),
            (r#"{"concurrency":2.5}"#, "concurrency"),
            (r#"{"concurrency":"8"}"#, "options"),
            (r#"{"dryRun":"yes"}"#, "options"),
            ("[1]", "options"),
        ] {
            assert_eq!(
                ReconcileOptions::from_json(bad).unwrap_err().field,
                field,
                "{bad}"
            );
        }
    }

    #[test]
    fn desired_reads_users_and_refuses_typos() {
        let d = desired_from_json(
            r#"{"ada@contoso.com":[{"skuId":"ENTERPRISEPACK","excludedPlans":["SWAY"]},{"sku":"POWER_BI_PRO","excludedPlans":null}],"bob@contoso.com":[]}"#,
        )
        .unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(
            d["ada@contoso.com"][0].excluded_plans,
            Some(vec!["SWAY".into()])
        );
        assert_eq!(d["ada@contoso.com"][1].sku_id, "POWER_BI_PRO");
        assert!(d["bob@contoso.com"].is_empty());
        for bad in [
            "null",
            "[]",
            r#"{"ada@contoso.com":[{"skuId":"X","excludePlans":["SWAY"]}]}"#,
            r#"{"ada@contoso.com":[{"excludedPlans":[]}]}"#,
            r#"{"ada@contoso.com":{"skuId":"X"}}"#,
        ] {
            let e = desired_from_json(bad).unwrap_err();
            assert_eq!(e.field, "desired", "{bad}");
        }
    }
}
