//! Options a caller passes to a shell, read from JSON text and validated.
//!
//! The wasm shell hands JavaScript option objects over as `JSON.stringify` text (functions
//! and `AbortSignal`s drop out, data stays), so every check of their shape lives here, where
//! native tests reach it.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::config::{ClientConfig, ClientOptions};
use crate::endpoint::{AssignInput, UpdateLicensesInput};
use crate::error::InputError;
use crate::id::LicenseGroup;
use crate::model::LicenseUpdate;

/// Reads JSON text into `T`; a wrong shape becomes an [`InputError`] on `field`.
///
/// `null` reads as `T::default()` (JavaScript callers pass `null` for "no options").
pub fn from_json<T: DeserializeOwned + Default>(field: &str, json: &str) -> Result<T, InputError> {
    if json.trim() == "null" {
        return Ok(T::default());
    }
    serde_json::from_slice(json.as_bytes()).map_err(|e| InputError::new(field, describe(&e)))
}

/// A serde_json error without the line/column suffix (meaningless for `JSON.stringify` text).
fn describe(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Client options (`new LicenseClient({ baseUrl, locale, correlationId, applicationName })`)
/// from JSON text, validated into a [`ClientConfig`].
pub fn client_config_from_json(json: &str) -> Result<ClientConfig, InputError> {
    let options: ClientOptions = from_json("options", json)?;
    ClientConfig::from_options(&options)
}

/// Options of the two list calls: `{ licenseGroups: ["Group1", "Group2"] }`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct ListOptions {
    /// License groups to list; absent or empty: the service's default (Group1).
    pub license_groups: Option<Vec<String>>,
}

impl ListOptions {
    /// Parses the groups, naming the first bad one (`licenseGroups[1]`).
    pub fn groups(&self) -> Result<Vec<LicenseGroup>, InputError> {
        self.license_groups
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, g)| {
                LicenseGroup::parse(g)
                    .map_err(|e| InputError::new(format!("licenseGroups[{i}]"), e.message))
            })
            .collect()
    }
}

/// `updateLicenses(customerId, userId, { assign, remove })`: the update from JSON text.
pub fn update_from_json(json: &str) -> Result<LicenseUpdate, InputError> {
    if json.trim() == "null" {
        return Err(InputError::new(
            "update",
            "must be an object { assign, remove }",
        ));
    }
    from_json::<UpdateLicensesInput>("update", json)?.into_update()
}

/// `assignLicenses(customerId, userId, [{ skuId, excludedPlans }])`: the update from JSON text.
pub fn assign_from_json(json: &str) -> Result<LicenseUpdate, InputError> {
    let assign: Vec<AssignInput> = from_json("assign", json)?;
    UpdateLicensesInput {
        assign,
        remove: Vec::new(),
    }
    .into_update()
}

/// `removeLicenses(customerId, userId, [skuId])`: the update from JSON text.
pub fn remove_from_json(json: &str) -> Result<LicenseUpdate, InputError> {
    let remove: Vec<String> = from_json("remove", json)?;
    UpdateLicensesInput {
        assign: Vec::new(),
        remove,
    }
    .into_update()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SKU: &str = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
    const PLAN: &str = "6c57d4b6-3b23-47a5-9bc9-69f17b4947b3";

    #[test]
    fn client_options_ignore_shell_fields_and_validate_the_rest() {
        let c = client_config_from_json(
            r#"{"baseUrl":"http://127.0.0.1:9/","token":"SECRET","locale":"en-US","signal":{}}"#,
        )
        .unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:9");
        assert_eq!(c.locale(), Some("en-US"));
        let e = client_config_from_json(r#"{"baseUrl":42,"token":"SECRET"}"#).unwrap_err();
        assert_eq!(e.field, "options");
        assert!(e.message.contains("expected a string"), "{e}");
        assert!(!e.to_string().contains("SECRET"));
        assert!(!e.message.contains("line"), "{e}");
        let e = client_config_from_json(r#"{"baseUrl":"ftp://x"}"#).unwrap_err();
        assert_eq!(e.field, "baseUrl");
    }

    #[test]
    fn list_options_parse_groups_and_name_the_bad_one() {
        let o: ListOptions = from_json(
            "options",
            r#"{"licenseGroups":["Group1","group2"],"signal":{}}"#,
        )
        .unwrap();
        assert_eq!(
            o.groups().unwrap(),
            vec![LicenseGroup::Group1, LicenseGroup::Group2]
        );
        let o: ListOptions = from_json("options", "null").unwrap();
        assert!(o.groups().unwrap().is_empty());
        let o: ListOptions =
            from_json("options", r#"{"licenseGroups":["Group1","Group3"]}"#).unwrap();
        assert_eq!(o.groups().unwrap_err().field, "licenseGroups[1]");
        let e = from_json::<ListOptions>("options", r#"{"licenseGroups":"Group1"}"#).unwrap_err();
        assert_eq!(e.field, "options");
    }

    #[test]
    fn updates_parse_and_check() {
        let u = update_from_json(&format!(
            r#"{{"assign":[{{"skuId":"{SKU}","excludedPlans":["{PLAN}"]}}]}}"#
        ))
        .unwrap();
        assert_eq!(u.assignments().len(), 1);
        assert_eq!(
            update_from_json(r#"{"assign":[{"skuId":"nope"}]}"#)
                .unwrap_err()
                .field,
            "assign[0].skuId"
        );
        assert_eq!(
            update_from_json(&format!(
                r#"{{"assign":[{{"skuId":5}}],"remove":["{SKU}"]}}"#
            ))
            .unwrap_err()
            .field,
            "update"
        );
        assert_eq!(update_from_json("null").unwrap_err().field, "update");
        let a = assign_from_json(&format!(r#"[{{"skuId":"{SKU}"}}]"#)).unwrap();
        assert_eq!(a.assignments()[0].sku_id.to_string(), SKU);
        let r = remove_from_json(&format!(r#"["{SKU}"]"#)).unwrap();
        assert_eq!(r.removals().len(), 1);
        assert_eq!(remove_from_json(r#"["x"]"#).unwrap_err().field, "remove[0]");
    }
}
