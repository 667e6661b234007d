//! The users endpoints against the Partner Center REST reference's own examples: the
//! documented bodies decode verbatim (serde and the shape check agree), and a page's
//! `links.next`, in both documented `uri` forms, becomes the next request.

use partner_center_licenses::endpoint::{
    CallContext, Endpoint, GetUser, ListUsers, NextPage, UserFilter,
};
use partner_center_licenses::http::{HttpResponse, Method};
use partner_center_licenses::model::{Collection, CustomerUser};
use partner_center_licenses::shape::Shaped;
use partner_center_licenses::*;

/// The reference's customer and users.
const CUSTOMER: &str = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";
const DANIEL: &str = "a9ef48bb-8758-4590-a312-d4a47bfaded4";

/// "Get a user account by ID", response example, verbatim:
/// <https://learn.microsoft.com/en-us/partner-center/developer/get-a-user-account-by-id>
const GET_USER_EXAMPLE: &str = r#"{
    "usageLocation": "US",
    "id": "a9ef48bb-8758-4590-a312-d4a47bfaded4",
    "userPrincipalName": "Daniel@dtdemocspcustomer005.onmicrosoft.com",
    "firstName": "Daniel",
    "lastName": "Tsai",
    "displayName": "Daniel Tsai",
    "userDomainType": "none",
    "state": "active",
    "links": {
        "self": {
            "uri": "/customers/4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04/users/a9ef48bb-8758-4590-a312-d4a47bfaded4",
            "method": "GET",
            "headers": []
        }
    },
    "attributes": {
        "objectType": "CustomerUser"
    }
}"#;

/// "Get a list of all user accounts for a customer", response example, verbatim (its
/// leading space included):
/// <https://learn.microsoft.com/en-us/partner-center/developer/get-a-list-of-all-user-accounts-for-a-customer>
const LIST_USERS_EXAMPLE: &str = r#" {
    "totalCount": 2,
    "items": [{
            "usageLocation": "US",
            "id": "a9ef48bb-8758-4590-a312-d4a47bfaded4",
            "userPrincipalName": "Daniel@dtdemocspcustomer005.onmicrosoft.com",
            "firstName": "Daniel",
            "lastName": "Tsai",
            "displayName": "Daniel Tsai",
            "userDomainType": "none",
            "state": "active",
            "links": {
                "self": {
                    "uri": "/customers/4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04/users/a9ef48bb-8758-4590-a312-d4a47bfaded4",
                    "method": "GET",
                    "headers": []
                }
            },
            "attributes": {
                "objectType": "CustomerUser"
            }
        }, {
            "id": "6e668259-1f09-479d-bcb8-d9b03e826b8d",
            "userPrincipalName": "admin@dtdemocspcustomer005.onmicrosoft.com",
            "firstName": "Daniel",
            "lastName": "Tsai",
            "displayName": "DT Demo CSP Customer 005",
            "userDomainType": "none",
            "state": "active",
            "links": {
                "self": {
                    "uri": "/customers/4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04/users/6e668259-1f09-479d-bcb8-d9b03e826b8d",
                    "method": "GET",
                    "headers": []
                }
            },
            "attributes": {
                "objectType": "CustomerUser"
            }
        }
    ],
    "links": {
        "self": {
            "uri": "/customers/4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04/users",
            "method": "GET",
            "headers": []
        }
    },
    "attributes": {
        "objectType": "Collection"
    }
}"#;

fn ok(body: &str) -> HttpResponse {
    HttpResponse::new(200, vec![], body.as_bytes().to_vec())
}

fn customer() -> CustomerId {
    CustomerId::parse(CUSTOMER).unwrap()
}

fn config() -> ClientConfig {
    ClientConfig::new("https://api.partnercenter.microsoft.com").unwrap()
}

fn request(e: &impl Endpoint) -> http::HttpRequest {
    let token = AccessToken::new("t0ken").unwrap();
    let call = CallContext {
        token: &token,
        request_id: Guid::from_random_bytes([1; 16]),
        correlation_id: Guid::from_random_bytes([2; 16]),
    };
    e.to_request(&config(), &call)
}

#[test]
fn the_documented_user_decodes_verbatim() {
    let response = ok(GET_USER_EXAMPLE);
    assert_eq!(GetUser::check(&response), Ok(()));
    let user: CustomerUser = GetUser::decode(&response).unwrap();
    assert_eq!(user.id, Guid::parse(DANIEL).unwrap());
    assert_eq!(
        user.user_principal_name,
        "Daniel@dtdemocspcustomer005.onmicrosoft.com"
    );
    assert_eq!(user.first_name.as_deref(), Some("Daniel"));
    assert_eq!(user.last_name.as_deref(), Some("Tsai"));
    assert_eq!(user.display_name, "Daniel Tsai");
    assert_eq!(user.usage_location.as_deref(), Some("US"));
    assert_eq!(user.user_domain_type.as_deref(), Some("none"));
    assert_eq!(user.state.as_deref(), Some("active"));
    assert_eq!(user.soft_deletion_time, None);
    let link = user.links.as_ref().and_then(|l| l.self_.as_ref()).unwrap();
    assert_eq!(link.uri, format!("/customers/{CUSTOMER}/users/{DANIEL}"));
    assert_eq!(link.method.as_deref(), Some("GET"));
    assert!(link.headers.is_empty());
    assert_eq!(
        user.attributes.and_then(|a| a.object_type).as_deref(),
        Some("CustomerUser")
    );
}

#[test]
fn the_documented_list_decodes_verbatim_and_is_the_last_page() {
    let response = ok(LIST_USERS_EXAMPLE);
    assert_eq!(ListUsers::check(&response), Ok(()));
    let page: Collection<CustomerUser> = ListUsers::decode(&response).unwrap();
    assert_eq!(page.total_count, 2);
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[1].display_name, "DT Demo CSP Customer 005");
    assert_eq!(page.items[1].usage_location, None);
    let links = page.links.unwrap();
    assert_eq!(
        links.self_.map(|l| l.uri),
        Some(format!("/customers/{CUSTOMER}/users"))
    );
    assert!(links.next.is_none(), "the example is the last page");
}

#[test]
fn the_documented_request_lines() {
    let list = ListUsers {
        customer: customer(),
        page_size: None,
        filter: None,
    };
    let r = request(&list);
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        r.url,
        format!("https://api.partnercenter.microsoft.com/v1/customers/{CUSTOMER}/users")
    );
    let deleted = ListUsers {
        page_size: Some(100),
        filter: Some(UserFilter::Deleted),
        ..list
    };
    assert_eq!(
        request(&deleted).path,
        format!(
            "/v1/customers/{CUSTOMER}/users?size=100&filter=%7B%22Field%22%3A%22UserState%22%2C%22Value%22%3A%22Inactive%22%2C%22Operator%22%3A%22equals%22%7D"
        )
    );
    let get = GetUser {
        customer: customer(),
        user: UserId::parse(DANIEL).unwrap(),
    };
    assert_eq!(
        request(&get).url,
        format!("https://api.partnercenter.microsoft.com/v1/customers/{CUSTOMER}/users/{DANIEL}")
    );
    // 404 / 60002 is the typed not-found error.
    let e = GetUser::decode(&HttpResponse::new(
        404,
        vec![],
        r#"{"code":60002,"description":"User not found"}"#,
    ))
    .unwrap_err();
    assert_eq!(e.reason(), Some(ErrorReason::UserNotFound));
}

/// A page of the documented example with `links.next` added, `uri` in the given form.
fn page_with_next(uri: &str, token: &str) -> String {
    let next = format!(
        r#""next": {{"uri": "{uri}", "method": "GET", "headers": [{{"key": "MS-ContinuationToken", "value": "{token}"}}]}},"#
    );
    LIST_USERS_EXAMPLE.replacen(
        r#""links": {
        "self""#,
        &format!("\"links\": {{\n        {next}\n        \"self\""),
        1,
    )
}

#[test]
fn a_page_with_links_next_in_both_forms_leads_to_the_same_request() {
    let token = "W3sidG9rZW4iOiIrUklEOn4xMjMiLCJyYW5nZSI6eyJtaW4iOiIiLCJtYXgiOiJGRiJ9fV0=";
    let mut urls = Vec::new();
    for uri in [
        format!("/customers/{CUSTOMER}/users?size=2&seekOperation=Next"),
        format!("/v1/customers/{CUSTOMER}/users?size=2&seekOperation=Next"),
    ] {
        let body = page_with_next(&uri, token);
        let response = ok(&body);
        assert_eq!(ListUsers::check(&response), Ok(()));
        let page = ListUsers::decode(&response).unwrap();
        let next = page.links.and_then(|l| l.next).expect("links.next");
        assert_eq!(next.uri, uri);
        let r = request(&NextPage::from_link(&config(), &customer(), &next).unwrap());
        assert_eq!(r.header("MS-ContinuationToken"), Some(token));
        assert_eq!(r.method, Method::Get);
        urls.push(r.url);
    }
    assert_eq!(urls[0], urls[1]);
    assert_eq!(
        urls[0],
        format!(
            "https://api.partnercenter.microsoft.com/v1/customers/{CUSTOMER}/users?size=2&seekOperation=Next"
        )
    );
    // Another customer's link on this customer's page is refused.
    let other = CustomerId::parse("0c39d6d5-c70d-4c55-bc02-f620844f3fd1").unwrap();
    let body = page_with_next(
        &format!("/customers/{CUSTOMER}/users?seekOperation=Next"),
        token,
    );
    let next = ListUsers::decode(&ok(&body))
        .unwrap()
        .links
        .and_then(|l| l.next)
        .unwrap();
    let e = NextPage::from_link(&config(), &other, &next).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
}
