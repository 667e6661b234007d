//! `GET /v1/customers/{customer-id}/users[?size=N&filter=...]` (the first page of a
//! customer's users) and `GET /v1/customers/{customer-id}/users/{user-id}` (one user).
//! The pages after the first are [`super::NextPage`].

#[allow(unused_imports)]
use crate::prelude::*;

use super::Endpoint;
use crate::error::InputError;
use crate::http::Method;
use crate::id::{CustomerId, UserId};
use crate::json::Json;
use crate::model::{Collection, CustomerUser};
use crate::options::{options_object, wrong_type};

/// The largest `pageSize` the client asks for.
pub const MAX_PAGE_SIZE: u64 = 1000;

/// `filter` of the users list: the one filter the reference documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserFilter {
    /// Deleted users (`UserState` equals `Inactive`).
    Deleted,
}

/// `{"Field":"UserState","Value":"Inactive","Operator":"equals"}`, percent-encoded (as
/// [`crate::id::encode_path_segment`] writes it: a test holds the two together).
pub const DELETED_FILTER_QUERY: &str = "%7B%22Field%22%3A%22UserState%22%2C%22Value%22%3A%22Inactive%22%2C%22Operator%22%3A%22equals%22%7D";

/// The first page of a customer's users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListUsers {
    /// The customer.
    pub customer: CustomerId,
    /// `size` (1 to [`MAX_PAGE_SIZE`]); `None`: the service's default.
    pub page_size: Option<u16>,
    /// `filter`; `None`: the active users.
    pub filter: Option<UserFilter>,
}

impl ListUsers {
    /// Reads `listUsers` options (`{ pageSize?, filter?: 'deleted' }`; other members, such
    /// as `signal`, are the shell's; `null`: none) from JSON text.
    pub fn from_json(customer: CustomerId, json: &str) -> Result<Self, InputError> {
        let options = options_object("options", json)?;
        let page_size = match options.member("pageSize") {
            None => None,
            Some(v) => Some(page_size(v)?),
        };
        let filter = match options.member("filter") {
            None => None,
            Some(Json::String(s)) if s == "deleted" => Some(UserFilter::Deleted),
            Some(Json::String(s)) => {
                return Err(InputError::new(
                    "filter",
                    crate::text::cat(&[&crate::error::quote(s), " is not a filter: ", FILTER_RULE]),
                ));
            }
            Some(other) => return Err(wrong_type("filter", FILTER_RULE, other)),
        };
        Ok(Self {
            customer,
            page_size,
            filter,
        })
    }
}

const PAGE_SIZE_RULE: &str = "must be an integer from 1 to 1000";
const FILTER_RULE: &str = "'deleted' (the one filter the service documents)";

fn page_size(v: &Json) -> Result<u16, InputError> {
    match v {
        Json::Number(_) => v
            .as_u64()
            .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
            .map(|n| n as u16)
            .ok_or_else(|| InputError::new("pageSize", PAGE_SIZE_RULE)),
        other => Err(wrong_type("pageSize", "an integer from 1 to 1000", other)),
    }
}

impl Endpoint for ListUsers {
    type Output = Collection<CustomerUser>;
    const METHOD: Method = Method::Get;
    const SUCCESS: &'static [u16] = &[200];

    fn path(&self) -> String {
        super::customer_path(&self.customer, "/users")
    }

    fn query(&self) -> String {
        let mut query = String::new();
        if let Some(n) = self.page_size {
            query.push_str("size=");
            crate::json::push_u64(&mut query, u64::from(n));
        }
        if let Some(UserFilter::Deleted) = self.filter {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str("filter=");
            query.push_str(DELETED_FILTER_QUERY);
        }
        query
    }
}

/// One user of a customer (404 with code 60002 when there is none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetUser {
    /// The customer.
    pub customer: CustomerId,
    /// The user (GUID or user principal name).
    pub user: UserId,
}

impl Endpoint for GetUser {
    type Output = CustomerUser;
    const METHOD: Method = Method::Get;
    const SUCCESS: &'static [u16] = &[200];

    fn path(&self) -> String {
        super::user_path(&self.customer, &self.user, "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";

    fn list(json: &str) -> Result<ListUsers, InputError> {
        ListUsers::from_json(CustomerId::parse(CUSTOMER).unwrap(), json)
    }

    #[test]
    fn the_deleted_filter_is_the_documented_json_percent_encoded() {
        let json = r#"{"Field":"UserState","Value":"Inactive","Operator":"equals"}"#;
        assert_eq!(crate::id::encode_path_segment(json), DELETED_FILTER_QUERY);
    }

    #[test]
    fn options_read_page_size_and_filter() {
        let l = list(r#"{"pageSize":37,"filter":"deleted","signal":{}}"#).unwrap();
        assert_eq!(l.page_size, Some(37));
        assert_eq!(l.filter, Some(UserFilter::Deleted));
        assert_eq!(
            l.query(),
            ["size=37&filter=", DELETED_FILTER_QUERY].concat()
        );
        let l = list("null").unwrap();
        assert_eq!((l.page_size, l.filter), (None, None));
        assert_eq!(l.query(), "");
        let l = list(r#"{"pageSize":null,"filter":null}"#).unwrap();
        assert_eq!(l.query(), "");
        assert_eq!(
            list(r#"{"filter":"deleted"}"#).unwrap().query(),
            ["filter=", DELETED_FILTER_QUERY].concat()
        );
        assert_eq!(list(r#"{"pageSize":1000}"#).unwrap().query(), "size=1000");
    }

    #[test]
    fn bad_options_name_the_option() {
        for (json, field) in [
            (r#"{"pageSize":0}"#, "pageSize"),
            (r#"{"pageSize":1001}"#, "pageSize"),
            (r#"{"pageSize":2.5}"#, "pageSize"),
            (r#"{"pageSize":-1}"#, "pageSize"),
            (r#"{"pageSize":1e2}"#, "pageSize"),
            (r#"{"pageSize":"10"}"#, "pageSize"),
            (r#"{"filter":"active"}"#, "filter"),
            (r#"{"filter":true}"#, "filter"),
            ("[]", "options"),
            ("7", "options"),
        ] {
            let e = list(json).unwrap_err();
            assert_eq!(e.field, field, "{json}");
        }
        assert_eq!(
            list(r#"{"pageSize":"10"}"#).unwrap_err().message,
            "must be an integer from 1 to 1000, not a string"
        );
        assert!(
            list(r#"{"filter":"active"}"#)
                .unwrap_err()
                .message
                .contains("'deleted'")
        );
    }

    #[test]
    fn paths() {
        let c = CustomerId::parse(CUSTOMER).unwrap();
        assert_eq!(
            list("null").unwrap().path(),
            format!("/v1/customers/{CUSTOMER}/users")
        );
        let g = GetUser {
            customer: c,
            user: UserId::parse("ada@contoso.onmicrosoft.com").unwrap(),
        };
        assert_eq!(
            g.path(),
            format!("/v1/customers/{CUSTOMER}/users/ada%40contoso.onmicrosoft.com")
        );
        assert_eq!(g.query(), "");
    }
}
