//! Customer users as the service shows them (`CustomerUser`), the users query
//! (`size`, `filter`, `seekOperation`) and seek pages in id order.

use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use partner_center_licenses::id::{CustomerId, Guid};
use partner_center_licenses::model::{
    Attributes, Collection, CustomerUser, Link, LinkHeader, Links,
};

use crate::customer::{Customer, User};
use crate::errors::Failure;
use crate::paging::Listing;

/// Users on a page when the request gives no `size`.
pub const DEFAULT_PAGE_SIZE: u16 = 100;
/// The largest `size` accepted (larger: 400 / 60054).
pub const MAX_PAGE_SIZE: u16 = 1000;
/// The one documented filter: deleted users.
pub const DELETED_FILTER: &str = r#"{"Field":"UserState","Value":"Inactive","Operator":"equals"}"#;
/// The header that carries a continuation token.
pub const CONTINUATION_HEADER: &str = "MS-ContinuationToken";

/// `/customers/{c}/users/{u}` (the form of the reference's `links.self`).
fn user_path(customer: CustomerId, user: Uuid) -> String {
    format!("/customers/{customer}/users/{user}")
}

/// A link to GET `uri` with `headers`.
pub fn link(uri: String, headers: Vec<LinkHeader>) -> Link {
    Link {
        uri,
        method: Some("GET".into()),
        headers,
    }
}

/// The user as the service returns it.
pub fn customer_user(customer: CustomerId, u: &User) -> CustomerUser {
    CustomerUser {
        id: Guid::from_uuid(u.id),
        user_principal_name: u.upn.clone(),
        first_name: Some(u.first_name.clone()),
        last_name: Some(u.last_name.clone()),
        display_name: u.display_name.clone(),
        usage_location: u.usage_location.clone(),
        user_domain_type: Some("none".into()),
        state: Some(if u.is_active() { "active" } else { "inactive" }.into()),
        soft_deletion_time: u.soft_deletion_time.clone(),
        last_directory_sync_time: None,
        links: Some(Links {
            self_: Some(link(user_path(customer, u.id), Vec::new())),
            next: None,
        }),
        attributes: Attributes::of("CustomerUser"),
    }
}

/// What a users request asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UsersQuery {
    /// `size`, when given (1..=1000).
    pub size: Option<u16>,
    /// `filter`, when given (only the deleted-users one exists).
    pub listing: Option<Listing>,
    /// `seekOperation=Next`.
    pub seek_next: bool,
}

fn decode(s: &str) -> Result<String, Failure> {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|_| Failure::Malformed("The query string is not valid UTF-8.".into()))
}

/// Whether `text` is the deleted-users filter: property names and values in any case.
fn is_deleted_filter(text: &str) -> bool {
    let Ok(Value::Object(o)) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    let get = |name: &str| {
        let mut found = o.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name));
        match (found.next(), found.next()) {
            (Some((_, Value::String(v))), None) => Some(v.as_str()),
            _ => None,
        }
    };
    o.len() == 3
        && get("Field").is_some_and(|v| v.eq_ignore_ascii_case("UserState"))
        && get("Value").is_some_and(|v| v.eq_ignore_ascii_case("Inactive"))
        && get("Operator").is_some_and(|v| v.eq_ignore_ascii_case("equals"))
}

impl UsersQuery {
    /// Parses the query string: keys in any case; `SortField`, `SortDirection` and unknown
    /// keys ignored (users always come in id order).
    pub fn parse(query: Option<&str>) -> Result<Self, Failure> {
        let mut q = Self::default();
        for pair in query
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (decode(k)?, decode(v)?);
            if k.eq_ignore_ascii_case("size") {
                let n = v
                    .trim()
                    .parse::<u16>()
                    .ok()
                    .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                    .ok_or_else(|| {
                        Failure::Malformed(format!(
                            "size must be a whole number from 1 to {MAX_PAGE_SIZE}."
                        ))
                    })?;
                q.size = Some(n);
            } else if k.eq_ignore_ascii_case("filter") {
                if !is_deleted_filter(&v) {
                    return Err(Failure::Malformed(format!(
                        "The only filter supported is {DELETED_FILTER} (deleted users)."
                    )));
                }
                q.listing = Some(Listing::Deleted);
            } else if k.eq_ignore_ascii_case("seekOperation") {
                if !v.eq_ignore_ascii_case("Next") {
                    return Err(Failure::Malformed(
                        "seekOperation must be Next (with the MS-ContinuationToken header).".into(),
                    ));
                }
                q.seek_next = true;
            }
        }
        Ok(q)
    }
}

/// A page of users: at most `size` of `listing`, in id order, after `after`. The second
/// value is the last id of the page when more users follow.
pub fn page(
    c: &Customer,
    listing: Listing,
    after: Option<Uuid>,
    size: u16,
) -> (Vec<CustomerUser>, Option<Uuid>) {
    let wanted = listing == Listing::Active;
    let mut matching = c.users_after(after).filter(|u| u.is_active() == wanted);
    let users: Vec<&User> = matching.by_ref().take(usize::from(size)).collect();
    let more = matching.next().is_some();
    let last = users.last().map(|u| u.id).filter(|_| more);
    let items = users.into_iter().map(|u| customer_user(c.id, u)).collect();
    (items, last)
}

/// `users?size=N[&filter=...][&seekOperation=Next]`, written with the `/v1` prefix or
/// without it (both forms appear in the reference).
pub fn listing_uri(
    customer: CustomerId,
    listing: Listing,
    size: u16,
    seek: bool,
    v1: bool,
) -> String {
    let mut uri = format!(
        "{}/customers/{customer}/users?size={size}",
        if v1 { "/v1" } else { "" }
    );
    if listing == Listing::Deleted {
        uri.push_str("&filter=");
        uri.extend(utf8_percent_encode(DELETED_FILTER, NON_ALPHANUMERIC));
    }
    if seek {
        uri.push_str("&seekOperation=Next");
    }
    uri
}

/// A page as sent: `Collection<CustomerUser>` with `links`, and the reference's
/// `continuationToken` beside it when there is a next page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsersPage {
    /// The page.
    #[serde(flatten)]
    pub collection: Collection<CustomerUser>,
    /// The token of `links.next`, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_read_in_any_case() {
        assert_eq!(UsersQuery::parse(None).unwrap(), UsersQuery::default());
        let q = UsersQuery::parse(Some("SIZE=7&seekoperation=next&SortField=x")).unwrap();
        assert_eq!((q.size, q.seek_next, q.listing), (Some(7), true, None));
        let enc: String = utf8_percent_encode(DELETED_FILTER, NON_ALPHANUMERIC).collect();
        let q = UsersQuery::parse(Some(&format!("filter={enc}"))).unwrap();
        assert_eq!(q.listing, Some(Listing::Deleted));
        let lower = r#"{"field":"userstate","operator":"EQUALS","value":"inactive"}"#;
        assert!(is_deleted_filter(lower));
        for bad in [
            "size=0",
            "size=1001",
            "size=-1",
            "size=abc",
            "size=",
            "seekOperation=Previous",
            "filter=",
            "filter=%7B%7D",
            "filter=%7B%22Field%22%3A%22UserPrincipalName%22%2C%22Value%22%3A%22a%22%2C%22Operator%22%3A%22equals%22%7D",
            "size=%FF",
        ] {
            assert!(
                matches!(UsersQuery::parse(Some(bad)), Err(Failure::Malformed(_))),
                "{bad}"
            );
        }
        let twice =
            r#"{"Field":"UserState","field":"UserState","Value":"Inactive","Operator":"equals"}"#;
        assert!(!is_deleted_filter(twice));
    }

    #[test]
    fn listing_uris_in_both_forms() {
        let c = CustomerId::parse("0c39d6d5-c70d-4c55-bc02-f620844f3fd1").unwrap();
        assert_eq!(
            listing_uri(c, Listing::Active, 7, true, true),
            "/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/users?size=7&seekOperation=Next"
        );
        let u = listing_uri(c, Listing::Deleted, 7, false, false);
        assert!(
            u.starts_with(
                "/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/users?size=7&filter=%7B%22Field%22"
            ),
            "{u}"
        );
    }
}
