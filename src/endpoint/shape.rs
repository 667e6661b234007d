//! Checking a success body's shape without building it.
//!
//! A shell whose own JSON reader builds the values the caller gets (the wasm shell:
//! `JSON.parse`) still needs the core to say whether the body is what the models promise.
//! Decoding into the models answers that but allocates every string and list, only to drop
//! them. The shapes here mirror the models field for field (same names, aliases, defaults and
//! id parsers, through serde's derive), with every `String` replaced by [`Text`] and every
//! `Vec` by [`Seq`], which check and keep nothing. So a body passes the check exactly when it
//! decodes, with the same error message when it does not (tests below compare the two).
// The fields are read by serde only: a shape is checked, never looked at.
#![allow(dead_code)]

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

use crate::id::{LicenseGroup, PlanId, SkuId};

/// Any JSON string, kept nowhere (where the model has a `String`).
#[derive(Default)]
pub struct Text;

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Text, E> {
                Ok(Text)
            }
        }
        d.deserialize_string(V)
    }
}

/// A JSON array whose items each have the shape `T`, kept nowhere (where the model has a `Vec<T>`).
pub struct Seq<T>(PhantomData<T>);

impl<T> Default for Seq<T> {
    fn default() -> Self {
        Self(PhantomData)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Seq<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Seq<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Seq<T>, A::Error> {
                while seq.next_element::<T>()?.is_some() {}
                Ok(Seq::default())
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
}

/// [`crate::model::Attributes`].
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attributes {
    #[serde(default, alias = "ObjectType")]
    object_type: Option<Text>,
}

/// [`crate::model::Collection`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", bound = "T: Deserialize<'de>")]
pub struct Collection<T> {
    #[serde(default)]
    total_count: u64,
    #[serde(default)]
    items: Seq<T>,
    #[serde(default)]
    attributes: Option<Attributes>,
}

/// [`crate::model::License`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct License {
    #[serde(default)]
    service_plans: Seq<ServicePlan>,
    product_sku: ProductSku,
    #[serde(default)]
    attributes: Option<Attributes>,
}

/// [`crate::model::ProductSku`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductSku {
    id: SkuId,
    #[serde(default)]
    name: Text,
    #[serde(default)]
    sku_part_number: Text,
    #[serde(default)]
    target_type: Option<Text>,
    #[serde(default)]
    license_group_id: LicenseGroup,
}

/// [`crate::model::ServicePlan`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePlan {
    #[serde(default)]
    display_name: Text,
    #[serde(default)]
    service_name: Text,
    id: PlanId,
    #[serde(default)]
    capability_status: Option<Text>,
    #[serde(default)]
    target_type: Option<Text>,
}

/// [`crate::model::SubscribedSku`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribedSku {
    #[serde(default)]
    available_units: i64,
    #[serde(default)]
    active_units: i64,
    #[serde(default)]
    consumed_units: i64,
    #[serde(default)]
    suspended_units: i64,
    #[serde(default)]
    total_units: i64,
    #[serde(default)]
    warning_units: i64,
    product_sku: ProductSku,
    #[serde(default)]
    service_plans: Seq<ServicePlan>,
    #[serde(default)]
    capability_status: Option<Text>,
    #[serde(default)]
    attributes: Option<Attributes>,
}

/// [`crate::model::LicenseAssignment`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseAssignment {
    #[serde(alias = "SkuId")]
    sku_id: SkuId,
    #[serde(default, alias = "ExcludedPlans")]
    excluded_plans: Option<Seq<PlanId>>,
}

/// [`crate::model::LicenseWarning`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseWarning {
    #[serde(default, alias = "Code")]
    code: Text,
    #[serde(default, alias = "Message")]
    message: Text,
    #[serde(default, alias = "ServicePlans")]
    service_plans: Seq<Text>,
}

/// [`crate::model::LicenseUpdate`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseUpdate {
    #[serde(default, alias = "LicensesToAssign")]
    licenses_to_assign: Option<Seq<LicenseAssignment>>,
    #[serde(default, alias = "LicensesToRemove")]
    licenses_to_remove: Option<Seq<SkuId>>,
    #[serde(default, alias = "LicenseWarnings")]
    license_warnings: Option<Seq<LicenseWarning>>,
    #[serde(default, alias = "Attributes")]
    attributes: Option<Attributes>,
}

#[cfg(test)]
mod tests {
    use serde::de::DeserializeOwned;

    use super::*;
    use crate::endpoint::decode_json;
    use crate::http::HttpResponse;
    use crate::model;

    /// The check and the decoder agree on `body`: both accept it, or both refuse it with
    /// the same message.
    fn agree<S: DeserializeOwned, M: DeserializeOwned>(body: &[u8]) -> bool {
        let response = HttpResponse::new(200, vec![], body.to_vec());
        let shape = decode_json::<S>(&response)
            .map(drop)
            .map_err(|e| e.to_string());
        let model = decode_json::<M>(&response)
            .map(drop)
            .map_err(|e| e.to_string());
        assert_eq!(
            shape,
            model,
            "shape and model disagree on {}",
            String::from_utf8_lossy(body)
        );
        model.is_ok()
    }

    /// Every single-character deletion and replacement of `body` (every `step`-th position).
    fn mutations(body: &str, step: usize) -> Vec<Vec<u8>> {
        let bytes = body.as_bytes();
        let mut out = vec![bytes.to_vec()];
        for i in (0..bytes.len()).step_by(step) {
            let mut deleted = bytes.to_vec();
            deleted.remove(i);
            out.push(deleted);
            for c in *b"\"{}[],:0-9.enx \\" {
                let mut replaced = bytes.to_vec();
                replaced[i] = c;
                out.push(replaced);
            }
        }
        out
    }

    const PLAN: &str = r#"{"displayName":"Exchange","serviceName":"EXCHANGE_S_STANDARD","id":"9aaf7827-d63c-4b61-89c3-182f06f82e5c","capabilityStatus":"Enabled","targetType":"User"}"#;
    const SKU: &str = r#"{"id":"4b9405b0-7788-4568-add1-99614e613b69","name":"Exchange Online (Plan 1)","skuPartNumber":"EXCHANGESTANDARD","targetType":"User","licenseGroupId":"group1"}"#;

    #[test]
    fn licenses_check_like_they_decode() {
        let license = format!(
            r#"{{"servicePlans":[{PLAN},{PLAN}],"productSku":{SKU},"attributes":{{"objectType":"License"}}}}"#
        );
        let body = format!(
            r#"{{"totalCount":1,"items":[{license}],"attributes":{{"ObjectType":"Collection"}}}}"#
        );
        let mut accepted = 0;
        for m in mutations(&body, 1) {
            accepted += usize::from(agree::<
                Collection<License>,
                model::Collection<model::License>,
            >(&m));
        }
        assert!(
            accepted > 1,
            "some mutations still decode (e.g. digits in ids)"
        );
        for body in [
            "{}",
            r#"{"items":null}"#,
            r#"{"items":[{}]}"#,
            r#"{"items":[],"items":[]}"#,
            r#"{"totalCount":-1}"#,
            r#"{"totalCount":1.5}"#,
            r#"{"attributes":null,"extra":[1,{"a":null}]}"#,
            r#"{"items":[{"productSku":{"id":"4B9405B0-7788-4568-ADD1-99614E613B69","name":"a\"b\u00e9"}}]}"#,
            r#"{"items":[{"productSku":{"id":"4b9405b0-7788-4568-add1-99614e613b69","licenseGroupId":"Group7"}}]}"#,
            r#"{"items":[{"productSku":{"id":"4b9405b0-7788-4568-add1-99614e613b69","name":null}}]}"#,
            "[]",
            "",
            "null",
        ] {
            agree::<Collection<License>, model::Collection<model::License>>(body.as_bytes());
        }
    }

    #[test]
    fn subscribed_skus_check_like_they_decode() {
        let item = format!(
            r#"{{"availableUnits":0,"activeUnits":1,"consumedUnits":1,"suspendedUnits":0,"totalUnits":1,"warningUnits":0,"productSku":{SKU},"servicePlans":[{PLAN}],"capabilityStatus":"Enabled","attributes":{{"objectType":"SubscribedSku"}}}}"#
        );
        let body = format!(r#"{{"totalCount":1,"items":[{item}]}}"#);
        for m in mutations(&body, 1) {
            agree::<Collection<SubscribedSku>, model::Collection<model::SubscribedSku>>(&m);
        }
        for body in [
            r#"{"items":[{"productSku":{"id":"4b9405b0-7788-4568-add1-99614e613b69"},"totalUnits":9223372036854775808}]}"#,
            r#"{"items":[{"productSku":{"id":"4b9405b0-7788-4568-add1-99614e613b69"},"totalUnits":-9223372036854775808}]}"#,
            r#"{"items":[{"productSku":{"id":"4b9405b0-7788-4568-add1-99614e613b69"},"servicePlans":[null]}]}"#,
        ] {
            agree::<Collection<SubscribedSku>, model::Collection<model::SubscribedSku>>(
                body.as_bytes(),
            );
        }
    }

    #[test]
    fn license_updates_check_like_they_decode() {
        let body = r#"{"licensesToAssign":[{"excludedPlans":null,"skuId":"f8a1db68-be16-40ed-86d5-cb42ce701560"}],"licensesToRemove":["f8a1db68-be16-40ed-86d5-cb42ce701560"],"licenseWarnings":[{"code":"W1","message":"m","servicePlans":["A"]}],"attributes":{"objectType":"LicenseUpdate"}}"#;
        for m in mutations(body, 1) {
            agree::<LicenseUpdate, model::LicenseUpdate>(&m);
        }
        for body in [
            r#"{"LicensesToAssign":[{"SkuId":"f8a1db68-be16-40ed-86d5-cb42ce701560","ExcludedPlans":["9aaf7827-d63c-4b61-89c3-182f06f82e5c"]}],"Attributes":{}}"#,
            r#"{"licensesToAssign":[{"skuId":"f8a1db68-be16-40ed-86d5-cb42ce701560","SkuId":"f8a1db68-be16-40ed-86d5-cb42ce701560"}]}"#,
            r#"{"licenseWarnings":[{"servicePlans":[1]}]}"#,
        ] {
            agree::<LicenseUpdate, model::LicenseUpdate>(body.as_bytes());
        }
    }

    #[test]
    fn the_seed_documents_pass_the_check() {
        for (file, status) in [("get-licenses.200.http", 200), ("assign.201.http", 201)] {
            let text = std::fs::read_to_string(format!(
                "{}/tests/fixtures/seed/{file}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            let body = &text[text.find("\n{").unwrap() + 1..];
            let ok = if status == 200 {
                agree::<Collection<License>, model::Collection<model::License>>(body.as_bytes())
            } else {
                agree::<LicenseUpdate, model::LicenseUpdate>(body.as_bytes())
            };
            assert!(ok, "{file} is a valid body");
        }
    }
}
