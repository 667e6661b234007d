#[allow(unused_imports)]
use crate::prelude::*;

use super::Attributes;
use super::describe::model;
use crate::id::Guid;

model! {
    /// A user account of a customer (`GET /v1/customers/{id}/users[/{userId}]`).
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct CustomerUser {
        /// The user's object id.
        required pub id: Guid,
        /// e.g. `ada@contoso.onmicrosoft.com`.
        defaulted pub user_principal_name: String,
        /// Given name.
        optional pub first_name: Option<String>,
        /// Family name.
        optional pub last_name: Option<String>,
        /// e.g. `Ada Lovelace`.
        defaulted pub display_name: String,
        /// ISO 3166 country code, e.g. `US`; absent when never set (such a user cannot be
        /// assigned a license).
        optional pub usage_location: Option<String>,
        /// e.g. `none`.
        optional pub user_domain_type: Option<String>,
        /// `active`, or `inactive` for a deleted user.
        optional pub state: Option<String>,
        /// When a deleted user was deleted (ISO 8601).
        optional pub soft_deletion_time: Option<String>,
        /// When the user was last synchronised from an on-premises directory (ISO 8601).
        optional pub last_directory_sync_time: Option<String>,
        /// `links.self`.
        optional pub links: Option<Links>,
        /// `{ "objectType": "CustomerUser" }`.
        optional pub attributes: Option<Attributes>,
    }
}

model! {
    /// `links` of a resource or a page: `self`, and `next` on a page that has more.
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub struct Links {
        /// This resource or page (JSON `self`).
        optional pub self_: Option<Link>,
        /// The next page (seek paging); absent on the last page.
        optional pub next: Option<Link>,
    }
}

model! {
    /// A link: a GET of `uri` (with or without the `/v1` prefix, relative to the base URL)
    /// with every header of `headers` copied onto the request.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Link {
        /// e.g. `/customers/{id}/users?size=100&seekOperation=Next`.
        required pub uri: String,
        /// e.g. `GET`.
        optional pub method: Option<String>,
        /// e.g. `[{ "key": "MS-ContinuationToken", "value": "..." }]`.
        defaulted pub headers: Vec<LinkHeader>,
    }
}

model! {
    /// A header a link asks for.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct LinkHeader {
        /// The header name, e.g. `MS-ContinuationToken`.
        required pub key: String,
        /// Its value (opaque).
        required pub value: String,
    }
}
