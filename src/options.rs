//! Options a caller passes to a shell, read from JSON text and validated.
//!
//! The wasm shell hands JavaScript option objects over as `JSON.stringify` text (functions
//! and `AbortSignal`s drop out, data stays), so every check of their shape lives here, where
//! native tests reach it.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::de::DeserializeOwned;

use crate::config::{ClientConfig, ClientOptions};
use crate::endpoint::{AssignInput, UpdateLicensesInput};
use crate::error::InputError;
use crate::id::LicenseGroup;
use crate::json::Json;
use crate::model::LicenseUpdate;

/// Reads JSON text into `T` with serde (bulk work only: the planner's inputs); a wrong
/// shape becomes an [`InputError`] on `field`.
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

/// Parses `JSON.stringify` text with the core's small reader ([`crate::json`]); text that is
/// not JSON becomes an [`InputError`] on `field`.
pub fn parse_json(field: &str, json: &str) -> Result<Json, InputError> {
    crate::json::parse(json)
        .map_err(|why| InputError::new(field, crate::text::cat(&["is not JSON: ", why])))
}

/// A string member of an options object (`null` or absent: `None`).
pub fn string_member<'a>(
    object: &'a Json,
    key: &str,
    field: &str,
) -> Result<Option<&'a str>, InputError> {
    match object.member(key) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(other) => Err(wrong_type(field, "a string", other)),
    }
}

/// `field must be <expected>, not <what it is>`.
pub fn wrong_type(field: &str, expected: &str, got: &Json) -> InputError {
    InputError::new(
        field,
        crate::text::cat(&["must be ", expected, ", not ", got.kind()]),
    )
}

/// `JSON.stringify` threw on an argument.
pub const UNREADABLE: &str =
    "cannot be read as JSON data (does it hold a cycle, a BigInt or a throwing getter?)";

/// An id argument of a call: a string (`None`: the caller passed something else).
pub fn string_arg<'a>(field: &str, value: Option<&'a str>) -> Result<&'a str, InputError> {
    value.ok_or_else(|| InputError::new(field, "must be a string"))
}

/// The `customerId` argument of a call, checked (the first argument every call checks).
pub fn customer_arg(value: Option<&str>) -> Result<crate::id::CustomerId, InputError> {
    crate::id::CustomerId::parse(string_arg("customerId", value)?)
        .map_err(|e| InputError::new("customerId", e.message))
}

/// The caller's options must be an object (or absent: `null`).
pub fn options_object(field: &str, json: &str) -> Result<Json, InputError> {
    let v = parse_json(field, json)?;
    match v {
        Json::Null | Json::Object(_) => Ok(v),
        other => Err(wrong_type(field, "an object", &other)),
    }
}

/// The array `value`, every item checked to be a string, naming a bad item (`field[i]`).
/// Not generic over what each string becomes: one copy in the `.wasm` for every list.
fn strings<'a>(field: &str, value: &'a Json) -> Result<&'a [Json], InputError> {
    let items = value
        .as_array()
        .ok_or_else(|| wrong_type(field, "an array", value))?;
    for (i, item) in items.iter().enumerate() {
        if item.as_str().is_none() {
            return Err(wrong_type(&indexed(field, i), "a string", item));
        }
    }
    Ok(items)
}

/// The strings of the array `value` ([`strings`]), copied.
fn string_list(field: &str, value: &Json) -> Result<Vec<String>, InputError> {
    let items = strings(field, value)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(item.as_str().unwrap_or_default().to_owned());
    }
    Ok(out)
}

/// `field[i]`.
pub fn indexed(field: &str, i: usize) -> String {
    let mut s = String::with_capacity(field.len() + 4);
    s.push_str(field);
    s.push('[');
    crate::json::push_u64(&mut s, i as u64);
    s.push(']');
    s
}

/// The strings [`ClientOptions::KEYS`] name in the client options (other members, such as
/// `token`, are the shell's), type-checked in that order.
pub fn client_option_strs(options: &Json) -> Result<[Option<&str>; 4], InputError> {
    let mut out = [None; 4];
    for (slot, key) in out.iter_mut().zip(ClientOptions::KEYS) {
        *slot = string_member(options, key, key)?;
    }
    Ok(out)
}

impl ClientOptions {
    /// Reads `baseUrl`, `locale`, `correlationId` and `applicationName` from the client
    /// options (other members, such as `token`, are the shell's).
    pub fn from_json(options: &Json) -> Result<Self, InputError> {
        let [base_url, locale, correlation_id, application_name] =
            client_option_strs(options)?.map(|v| v.map(str::to_owned));
        Ok(Self {
            base_url,
            locale,
            correlation_id,
            application_name,
        })
    }
}

/// Client options (`new LicenseClient({ baseUrl, locale, correlationId, applicationName })`)
/// from JSON text, validated into a [`ClientConfig`].
pub fn client_config_from_json(json: &str) -> Result<ClientConfig, InputError> {
    let options = options_object("options", json)?;
    ClientConfig::from_parts(client_option_strs(&options)?)
}

/// Options of the two list calls: `{ licenseGroups: ["Group1", "Group2"] }`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListOptions {
    /// License groups to list; empty: the service's default (Group1).
    pub groups: Vec<LicenseGroup>,
}

impl ListOptions {
    /// Reads the options' JSON text (`null`: none), naming the first bad group
    /// (`licenseGroups[1]`).
    pub fn from_json(json: &str) -> Result<Self, InputError> {
        let options = options_object("options", json)?;
        let groups = match options.member("licenseGroups") {
            None => Vec::new(),
            Some(list) => {
                let mut groups = Vec::new();
                for (i, g) in strings("licenseGroups", list)?.iter().enumerate() {
                    let group = LicenseGroup::parse(g.as_str().unwrap_or_default())
                        .map_err(|e| InputError::new(indexed("licenseGroups", i), e.message))?;
                    groups.push(group);
                }
                groups
            }
        };
        Ok(Self { groups })
    }
}

impl AssignInput {
    /// `assign[i]`, `{ skuId, excludedPlans }` as JavaScript wrote it (the field names are
    /// built only when needed).
    fn from_json(i: usize, value: &Json) -> Result<Self, InputError> {
        let field = |suffix: &str| crate::text::cat(&[&indexed("assign", i), suffix]);
        if !matches!(value, Json::Object(_)) {
            return Err(wrong_type(
                &field(""),
                "an object { skuId, excludedPlans }",
                value,
            ));
        }
        let sku_id = match value.get("skuId") {
            Some(Json::String(s)) => s.clone(),
            Some(other) => return Err(wrong_type(&field(".skuId"), "a string", other)),
            None => return Err(InputError::new(field(".skuId"), "is missing")),
        };
        let excluded_plans = match value.member("excludedPlans") {
            None => None,
            Some(list) => Some(string_list(&field(".excludedPlans"), list)?),
        };
        Ok(Self {
            sku_id,
            excluded_plans,
        })
    }
}

fn assign_list(value: &Json) -> Result<Vec<AssignInput>, InputError> {
    let items = value
        .as_array()
        .ok_or_else(|| wrong_type("assign", "an array", value))?;
    // A loop rather than `collect::<Result<..>>` (smaller in the `.wasm`).
    let mut out = Vec::with_capacity(items.len());
    for (i, a) in items.iter().enumerate() {
        out.push(AssignInput::from_json(i, a)?);
    }
    Ok(out)
}

fn remove_list(value: &Json) -> Result<Vec<String>, InputError> {
    string_list("remove", value)
}

/// `updateLicenses(customerId, userId, { assign, remove })`: the update from JSON text.
pub fn update_from_json(json: &str) -> Result<LicenseUpdate, InputError> {
    let v = parse_json("update", json)?;
    if !matches!(v, Json::Object(_)) {
        return Err(InputError::new(
            "update",
            "must be an object { assign, remove }",
        ));
    }
    UpdateLicensesInput {
        assign: v
            .member("assign")
            .map(assign_list)
            .transpose()?
            .unwrap_or_default(),
        remove: v
            .member("remove")
            .map(remove_list)
            .transpose()?
            .unwrap_or_default(),
    }
    .into_update()
}

/// `assignLicenses(customerId, userId, [{ skuId, excludedPlans }])`: the update from JSON text.
pub fn assign_from_json(json: &str) -> Result<LicenseUpdate, InputError> {
    UpdateLicensesInput {
        assign: assign_list(&parse_json("assign", json)?)?,
        remove: Vec::new(),
    }
    .into_update()
}

/// `removeLicenses(customerId, userId, [skuId])`: the update from JSON text.
pub fn remove_from_json(json: &str) -> Result<LicenseUpdate, InputError> {
    UpdateLicensesInput {
        assign: Vec::new(),
        remove: remove_list(&parse_json("remove", json)?)?,
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
        assert_eq!(e.field, "baseUrl");
        assert_eq!(e.message, "must be a string, not a number");
        assert!(!e.to_string().contains("SECRET"));
        assert!(!e.message.contains("line"), "{e}");
        let e = client_config_from_json(r#"{"baseUrl":"ftp://x"}"#).unwrap_err();
        assert_eq!(e.field, "baseUrl");
    }

    #[test]
    fn list_options_parse_groups_and_name_the_bad_one() {
        let o =
            ListOptions::from_json(r#"{"licenseGroups":["Group1","group2"],"signal":{}}"#).unwrap();
        assert_eq!(o.groups, vec![LicenseGroup::Group1, LicenseGroup::Group2]);
        assert!(ListOptions::from_json("null").unwrap().groups.is_empty());
        let e = ListOptions::from_json(r#"{"licenseGroups":["Group1","Group3"]}"#).unwrap_err();
        assert_eq!(e.field, "licenseGroups[1]");
        let e = ListOptions::from_json(r#"{"licenseGroups":"Group1"}"#).unwrap_err();
        assert_eq!(e.field, "licenseGroups");
        assert_eq!(ListOptions::from_json("5").unwrap_err().field, "options");
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
            "assign[0].skuId"
        );
        assert_eq!(update_from_json("null").unwrap_err().field, "update");
        assert_eq!(
            update_from_json(r#"{"assign":[{"excludedPlans":[]}]}"#)
                .unwrap_err()
                .message,
            "is missing"
        );
        assert_eq!(
            update_from_json(r#"{"assign":[{"skuId":"x","excludedPlans":[1]}]}"#)
                .unwrap_err()
                .field,
            "assign[0].excludedPlans[0]"
        );
        let a = assign_from_json(&format!(r#"[{{"skuId":"{SKU}"}}]"#)).unwrap();
        assert_eq!(a.assignments()[0].sku_id.to_string(), SKU);
        let r = remove_from_json(&format!(r#"["{SKU}"]"#)).unwrap();
        assert_eq!(r.removals().len(), 1);
        assert_eq!(remove_from_json(r#"["x"]"#).unwrap_err().field, "remove[0]");
    }
}
