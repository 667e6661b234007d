//! `pkg/index.d.ts` is hand-written (it costs the .wasm nothing); this test keeps it honest:
//! every model interface declares exactly the properties the serde model reads and writes,
//! `PartnerCenterError` declares every property the shell sets, and the `ErrorKind` /
//! `ErrorReason` unions list every name the core produces.

use std::collections::BTreeSet;

use partner_center_licenses::error_fields::ErrorFields;
use partner_center_licenses::model::{
    Attributes, Collection, License, LicenseAssignment, LicenseUpdate, LicenseWarning, ProductSku,
    ServicePlan, SubscribedSku,
};
use partner_center_licenses::{Error, ErrorReason, InputError};
use serde::Serialize;
use serde::de::DeserializeOwned;

const SKU: &str = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
const PLAN: &str = "6c57d4b6-3b23-47a5-9bc9-69f17b4947b3";

fn dts() -> String {
    let path = format!("{}/pkg/index.d.ts", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The property names declared in `export interface <name>` (or `class`), up to its `}`.
fn declared(dts: &str, head: &str) -> BTreeSet<String> {
    let start = dts
        .find(head)
        .unwrap_or_else(|| panic!("{head} not in index.d.ts"));
    let body = &dts[start..];
    let end = body.find("\n}").expect("closing brace");
    body[..end]
        .lines()
        .skip(1)
        .filter_map(|l| {
            let l = l.trim().trim_start_matches("readonly ");
            let name: String = l
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let rest = &l[name.len()..];
            (!name.is_empty() && (rest.starts_with(':') || rest.starts_with("?:"))).then_some(name)
        })
        .collect()
}

/// The JSON property names of a fully populated model (read from `json`, written back).
fn properties<T: Serialize + DeserializeOwned>(json: &str) -> BTreeSet<String> {
    let value: T = serde_json::from_str(json).unwrap();
    match serde_json::to_value(&value).unwrap() {
        serde_json::Value::Object(m) => m.keys().cloned().collect(),
        other => panic!("not an object: {other}"),
    }
}

#[test]
fn model_interfaces_match_the_serde_models() {
    let d = dts();
    let attributes = r#"{"objectType":"License"}"#;
    let product = format!(
        r#"{{"id":"{SKU}","name":"n","skuPartNumber":"p","targetType":"User","licenseGroupId":"group1"}}"#
    );
    let plan = format!(
        r#"{{"displayName":"d","serviceName":"s","id":"{PLAN}","capabilityStatus":"Enabled","targetType":"User"}}"#
    );
    let license =
        format!(r#"{{"servicePlans":[{plan}],"productSku":{product},"attributes":{attributes}}}"#);
    let sku = format!(
        r#"{{"availableUnits":1,"activeUnits":1,"consumedUnits":0,"suspendedUnits":0,"totalUnits":1,"warningUnits":0,"productSku":{product},"servicePlans":[{plan}],"capabilityStatus":"Enabled","attributes":{attributes}}}"#
    );
    let assignment = format!(r#"{{"skuId":"{SKU}","excludedPlans":["{PLAN}"]}}"#);
    let warning = r#"{"code":"c","message":"m","servicePlans":["X"]}"#;
    let update = format!(
        r#"{{"licensesToAssign":[{assignment}],"licensesToRemove":["{SKU}"],"licenseWarnings":[{warning}],"attributes":{attributes}}}"#
    );
    let collection = format!(r#"{{"totalCount":1,"items":[{license}],"attributes":{attributes}}}"#);
    let cases = [
        (
            "export interface Attributes ",
            properties::<Attributes>(attributes),
        ),
        (
            "export interface ProductSku ",
            properties::<ProductSku>(&product),
        ),
        (
            "export interface ServicePlan ",
            properties::<ServicePlan>(&plan),
        ),
        ("export interface License ", properties::<License>(&license)),
        (
            "export interface SubscribedSku ",
            properties::<SubscribedSku>(&sku),
        ),
        (
            "export interface LicenseAssignment ",
            properties::<LicenseAssignment>(&assignment),
        ),
        (
            "export interface LicenseWarning ",
            properties::<LicenseWarning>(warning),
        ),
        (
            "export interface LicenseUpdate ",
            properties::<LicenseUpdate>(&update),
        ),
        (
            "export interface Collection<T> ",
            properties::<Collection<License>>(&collection),
        ),
    ];
    for (head, model) in cases {
        assert_eq!(declared(&d, head), model, "{head}");
    }
}

#[test]
fn the_error_class_declares_every_field_the_shell_sets() {
    let d = dts();
    let class = declared(&d, "export declare class PartnerCenterError ");
    let mut fields = ErrorFields::from(&Error::from(InputError::new("f", "m")));
    fields.status = Some(400);
    fields.code = Some("1".into());
    fields.reason = Some("other");
    fields.description = Some("d".into());
    fields.request_id = Some("r".into());
    fields.correlation_id = Some("c".into());
    let json: serde_json::Value = serde_json::from_str(&fields.to_json()).unwrap();
    for key in json.as_object().unwrap().keys() {
        // `message` is Error's own.
        if key != "message" {
            assert!(
                class.contains(key),
                "PartnerCenterError lacks {key}: {class:?}"
            );
        }
    }
    let kinds = [
        "invalidInput",
        "api",
        "decode",
        "network",
        "timeout",
        "aborted",
    ];
    let kind_line = d
        .lines()
        .find(|l| l.starts_with("export type ErrorKind"))
        .unwrap();
    for k in kinds {
        assert!(kind_line.contains(&format!("'{k}'")), "ErrorKind lacks {k}");
    }
    let errors = [
        Error::Aborted,
        Error::Timeout { after_ms: 1 },
        Error::Network {
            message: String::new(),
        },
        Error::from(InputError::new("f", "m")),
    ];
    for e in errors {
        assert!(kind_line.contains(&format!("'{}'", e.kind().as_str())));
    }
    let reasons = &d[d.find("export type ErrorReason").unwrap()..];
    let reasons = &reasons[..reasons.find(';').unwrap()];
    for (status, code) in [
        (400, Some("60012")),
        (400, Some("900316")),
        (403, Some("900309")),
        (404, Some("60002")),
        (404, Some("60003")),
        (400, Some("60050")),
        (400, Some("60051")),
        (400, Some("60052")),
        (401, None),
        (429, None),
        (400, None),
        (500, None),
        (302, None),
    ] {
        let r = ErrorReason::classify(status, code).as_str();
        assert!(reasons.contains(&format!("'{r}'")), "ErrorReason lacks {r}");
    }
}
