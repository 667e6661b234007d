//! The options of `inventory(customerId, options)` and `holdings(customerId, options)`, read
//! from `JSON.stringify` text with the core's small JSON reader and checked before anything
//! is sent.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::InputError;
use crate::id::LicenseGroup;
use crate::json::{self, Json, JsonObject};
use crate::plan::{DEFAULT_CONCURRENCY, MAX_CONCURRENCY};
use crate::text::Text;

/// The largest `pageSize` a users listing takes.
pub const MAX_PAGE_SIZE: u64 = 1000;

/// The checked options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InventoryOptions {
    /// The license groups to read (both by default), without repeats, in order.
    pub license_groups: Vec<LicenseGroup>,
    /// The SKUs to report, as written (ids or part numbers); empty: all.
    pub skus: Vec<String>,
    /// License listings in flight (1..=64, default 8).
    pub concurrency: u32,
    /// Users per page of the users listing (1..=1000); `None`: the service's default.
    pub page_size: Option<u32>,
}

impl Default for InventoryOptions {
    fn default() -> Self {
        Self {
            license_groups: LicenseGroup::ALL.to_vec(),
            skus: Vec::new(),
            concurrency: DEFAULT_CONCURRENCY,
            page_size: None,
        }
    }
}

fn whole(value: &Json, field: &str, max: u64) -> Result<u32, InputError> {
    value
        .as_u64()
        .filter(|n| (1..=max).contains(n))
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| {
            InputError::new(
                field,
                Text::new("must be a whole number from 1 to ")
                    .num(max)
                    .done(),
            )
        })
}

fn strings<'a>(value: &'a Json, field: &str, what: &str) -> Result<Vec<&'a str>, InputError> {
    let bad = || InputError::new(field, Text::new("must be an array of ").push(what).done());
    value
        .as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|v| v.as_str().ok_or_else(bad))
        .collect()
}

impl InventoryOptions {
    /// Reads `{ licenseGroups?, skus?, concurrency?, pageSize? }` (`null` members are
    /// absent; other members, such as `onProgress` and `signal`, are the shell's).
    pub fn from_json(text: &str) -> Result<Self, InputError> {
        let value = json::parse(text)
            .map_err(|_| InputError::new("options", "cannot be read as JSON data"))?;
        let mut out = Self::default();
        match &value {
            Json::Null => return Ok(out),
            Json::Object(_) => {}
            _ => return Err(InputError::new("options", "must be an object")),
        }
        if let Some(v) = value.member("licenseGroups") {
            let mut groups = Vec::new();
            for g in strings(v, "licenseGroups", "license groups ('Group1', 'Group2')")? {
                let g = LicenseGroup::parse(g)
                    .map_err(|e| InputError::new("licenseGroups", e.message))?;
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
            if groups.is_empty() {
                return Err(InputError::new(
                    "licenseGroups",
                    "must name at least one license group ('Group1', 'Group2')",
                ));
            }
            out.license_groups = groups;
        }
        if let Some(v) = value.member("skus") {
            out.skus = strings(v, "skus", "SKU ids or part numbers")?
                .into_iter()
                .map(|s| s.trim().to_owned())
                .collect();
            if out.skus.iter().any(String::is_empty) {
                return Err(InputError::new("skus", "holds an empty SKU name"));
            }
        }
        if let Some(v) = value.member("concurrency") {
            out.concurrency = whole(v, "concurrency", u64::from(MAX_CONCURRENCY))?;
        }
        if let Some(v) = value.member("pageSize") {
            out.page_size = Some(whole(v, "pageSize", MAX_PAGE_SIZE)?);
        }
        Ok(out)
    }

    /// `{ "licenseGroups": [...], "skus": [...], "concurrency": n, "pageSize"?: n }`: what the
    /// shell passes on to its calls.
    pub fn to_json(&self) -> String {
        JsonObject::new()
            .strs(
                "licenseGroups",
                self.license_groups.iter().map(|g| g.query_value()),
            )
            .strs("skus", &self.skus)
            .num("concurrency", u64::from(self.concurrency))
            .opt_num("pageSize", self.page_size.map(u64::from))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_every_option() {
        assert_eq!(
            InventoryOptions::from_json("null").unwrap(),
            InventoryOptions::default()
        );
        let o = InventoryOptions::from_json(
            r#"{"licenseGroups":["group2","Group2"],"skus":[" ENTERPRISEPACK "],"concurrency":3,"pageSize":50,"signal":{},"onProgress":null}"#,
        )
        .unwrap();
        assert_eq!(o.license_groups, vec![LicenseGroup::Group2]);
        assert_eq!(o.skus, vec!["ENTERPRISEPACK".to_owned()]);
        assert_eq!((o.concurrency, o.page_size), (3, Some(50)));
        assert_eq!(
            o.to_json(),
            r#"{"licenseGroups":["Group2"],"skus":["ENTERPRISEPACK"],"concurrency":3,"pageSize":50}"#
        );
    }

    #[test]
    fn refuses_what_it_cannot_use() {
        for (bad, field) in [
            ("[]", "options"),
            ("{", "options"),
            (r#"{"licenseGroups":"Group1"}"#, "licenseGroups"),
            (r#"{"licenseGroups":[]}"#, "licenseGroups"),
            (r#"{"licenseGroups":["Group3"]}"#, "licenseGroups"),
            (r#"{"skus":[1]}"#, "skus"),
            (r#"{"skus":[" "]}"#, "skus"),
            (r#"{"concurrency":0}"#, "concurrency"),
            (r#"{"concurrency":65}"#, "concurrency"),
            (r#"{"concurrency":"8"}"#, "concurrency"),
            (r#"{"pageSize":1001}"#, "pageSize"),
            (r#"{"pageSize":2.5}"#, "pageSize"),
        ] {
            assert_eq!(
                InventoryOptions::from_json(bad).unwrap_err().field,
                field,
                "{bad}"
            );
        }
    }
}
