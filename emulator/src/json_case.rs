//! The service reads property names case-insensitively: `SkuId`, `skuId` and `SKUID` are
//! one property. Known names are rewritten to camelCase before serde sees them.

use serde_json::{Map, Value};

/// Every property name of a `LicenseUpdate` request, in camelCase.
const KNOWN: &[&str] = &[
    "licensesToAssign",
    "licensesToRemove",
    "licenseWarnings",
    "attributes",
    "objectType",
    "skuId",
    "excludedPlans",
    "code",
    "message",
    "servicePlans",
];

/// Rewrites known property names to camelCase, recursively. A property given twice under
/// different cases is an error (its name is returned).
pub fn normalize(value: Value) -> Result<Value, String> {
    match value {
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, v) in map {
                let key = KNOWN
                    .iter()
                    .find(|n| n.eq_ignore_ascii_case(&k))
                    .map_or(k, |n| (*n).to_owned());
                if out.contains_key(&key) {
                    return Err(key);
                }
                out.insert(key, normalize(v)?);
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items
            .into_iter()
            .map(normalize)
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn any_case_becomes_camel_case() {
        let v = normalize(
            json!({"LICENSESTOASSIGN": [{"SkuId": "x", "excludedplans": null}], "Other": 1}),
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"licensesToAssign": [{"skuId": "x", "excludedPlans": null}], "Other": 1})
        );
        assert_eq!(
            normalize(json!({"skuId": 1, "SkuId": 2})).unwrap_err(),
            "skuId"
        );
    }
}
