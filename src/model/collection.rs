#[allow(unused_imports)]
use crate::prelude::*;

use super::Links;
use super::describe::model;

model! {
    /// `attributes` of every resource.
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub struct Attributes {
        /// `Collection`, `License`, `SubscribedSku`, `LicenseUpdate`...
        optional pub object_type alias "ObjectType": Option<String>,
    }
}

impl Attributes {
    /// `{ "objectType": kind }`.
    pub fn of(kind: &str) -> Option<Self> {
        Some(Self {
            object_type: Some(kind.to_owned()),
        })
    }
}

model! {
    /// `Collection<T>`: `totalCount` and `items`.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Collection<T> {
        /// How many items there are.
        defaulted pub total_count: u64,
        /// The items.
        defaulted pub items: Vec<T>,
        /// `links.next` on a page that has more (seek paging), `links.self`.
        optional pub links: Option<Links>,
        /// `{ "objectType": "Collection" }`.
        optional pub attributes: Option<Attributes>,
    }
}

impl<T> Collection<T> {
    /// A collection of `items`, with `totalCount` set to match.
    pub fn new(items: Vec<T>) -> Self {
        Self {
            total_count: items.len() as u64,
            items,
            links: None,
            attributes: Attributes::of("Collection"),
        }
    }
}
