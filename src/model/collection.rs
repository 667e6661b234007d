#[allow(unused_imports)]
use crate::prelude::*;

use serde::{Deserialize, Serialize};

/// `attributes` of every resource.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attributes {
    /// `Collection`, `License`, `SubscribedSku`, `LicenseUpdate`...
    #[serde(default, alias = "ObjectType", skip_serializing_if = "Option::is_none")]
    pub object_type: Option<String>,
}

impl Attributes {
    /// `{ "objectType": kind }`.
    pub fn of(kind: &str) -> Option<Self> {
        Some(Self {
            object_type: Some(kind.to_owned()),
        })
    }
}

/// `Collection<T>`: `totalCount` and `items`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection<T> {
    /// How many items there are.
    #[serde(default)]
    pub total_count: u64,
    /// The items.
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
    /// `{ "objectType": "Collection" }`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
}

impl<T> Collection<T> {
    /// A collection of `items`, with `totalCount` set to match.
    pub fn new(items: Vec<T>) -> Self {
        Self {
            total_count: items.len() as u64,
            items,
            attributes: Attributes::of("Collection"),
        }
    }
}
