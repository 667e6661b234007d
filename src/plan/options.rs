//! What a shell reads from the caller for a reconcile run: the desired licenses and the
//! options, as JSON text (the wasm shell hands JavaScript values over as `JSON.stringify`
//! text), validated here where native tests reach them.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::Deserialize;

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

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RawOptions {
    dry_run: Option<bool>,
    concurrency: Option<f64>,
}

impl ReconcileOptions {
    /// Reads `{ dryRun, concurrency }` (other keys, such as `signal`, are the shell's);
    /// `null` gives the defaults.
    pub fn from_json(json: &str) -> Result<Self, InputError> {
        if json.trim() == "null" {
            return Ok(Self::default());
        }
        if !json.trim_start().starts_with('{') {
            return Err(InputError::new("options", "must be an object"));
        }
        let raw: RawOptions = serde_json::from_str(json).map_err(|_| {
            InputError::new(
                "options",
                format!(
                    "dryRun must be true or false, concurrency a whole number from 1 to {MAX_CONCURRENCY}"
                ),
            )
        })?;
        let concurrency = match raw.concurrency {
            None => DEFAULT_CONCURRENCY,
            Some(n)
                if (1.0..=f64::from(MAX_CONCURRENCY)).contains(&n) && n == (n as u64) as f64 =>
            {
                n as u32
            }
            Some(_) => {
                return Err(InputError::new(
                    "concurrency",
                    format!("must be a whole number from 1 to {MAX_CONCURRENCY}"),
                ));
            }
        };
        Ok(Self {
            dry_run: raw.dry_run.unwrap_or(false),
            concurrency,
        })
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
    serde_json::from_str(json).map_err(|e| {
        let text = e.to_string();
        let text = text.rfind(" at line ").map_or(text.as_str(), |i| &text[..i]);
        InputError::new(
            "desired",
            format!("{text} (expected {{ \"<user id>\": [{{ \"skuId\": \"...\", \"excludedPlans\": [...] }}] }})"),
        )
    })
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
