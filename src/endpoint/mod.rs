//! The endpoints: each builds a plain [`HttpRequest`] and decodes a plain
//! [`HttpResponse`]. Shells (wasm `fetch`, tests, benchmarks) only move the bytes.

#[allow(unused_imports)]
use crate::prelude::*;

mod decode;
mod list_licenses;
mod list_subscribed_skus;
mod next_page;
mod update_licenses;
mod users;

use serde::de::DeserializeOwned;

pub use decode::{
    MAX_BODY_BYTES, body_too_large, decode_error, decode_json, snippet, too_large, undecodable,
};
pub use list_licenses::ListLicenses;
pub use list_subscribed_skus::ListSubscribedSkus;
pub use next_page::{MAX_LINK_HEADERS, NextPage, resolve};
pub use update_licenses::{
    AssignInput, SkuCheckFailure, UpdateLicenses, UpdateLicensesInput, check_update,
    check_update_against_skus, check_update_against_skus_detailed, request_body,
};
pub use users::{DELETED_FILTER_QUERY, GetUser, ListUsers, MAX_PAGE_SIZE, UserFilter};

use crate::config::{CLIENT_NAME, CONTRACT_VERSION, ClientConfig};
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method, header};
use crate::id::{CustomerId, Guid, LicenseGroup, UserId};
use crate::secret::AccessToken;

/// What changes from one call to the next: the token and the ids of the call.
#[derive(Clone, Debug)]
pub struct CallContext<'a> {
    /// The bearer token (asked for per attempt).
    pub token: &'a AccessToken,
    /// `MS-RequestId`: one per logical call, the same on every retry of it.
    pub request_id: Guid,
    /// `MS-CorrelationId`, unless the config pins one.
    pub correlation_id: Guid,
}

/// One endpoint, declared as data.
pub trait Endpoint {
    /// What a success decodes to.
    type Output: DeserializeOwned;
    /// `GET` or `POST`.
    const METHOD: Method;
    /// Statuses that mean success.
    const SUCCESS: &'static [u16];
    /// The path (ids percent-encoded), without the query.
    fn path(&self) -> String;
    /// The query string without `?`, empty when none.
    fn query(&self) -> String {
        String::new()
    }
    /// The JSON body.
    fn body(&self) -> Option<String> {
        None
    }

    /// Builds the request: URL, headers and body.
    fn to_request(&self, config: &ClientConfig, call: &CallContext<'_>) -> HttpRequest {
        build_request(
            Self::METHOD,
            self.path(),
            &self.query(),
            self.body(),
            config,
            call,
        )
    }

    /// What a response must be before its body's shape is checked: a success status (else
    /// the error its body describes) and a body within [`MAX_BODY_BYTES`].
    fn check_head(response: &HttpResponse) -> Result<(), Error> {
        if !Self::SUCCESS.contains(&response.status) {
            return Err(decode_error(response));
        }
        if response.body.len() > MAX_BODY_BYTES {
            return Err(too_large(response, response.body.len() as u64));
        }
        Ok(())
    }

    /// Decodes a response: a success status to `Output`, anything else to [`Error`].
    fn decode(response: &HttpResponse) -> Result<Self::Output, Error> {
        if Self::SUCCESS.contains(&response.status) {
            decode_json(response)
        } else {
            Err(decode_error(response))
        }
    }
}

/// The request of any endpoint: URL, headers and body (one function for all of them, so the
/// `.wasm` carries it once rather than once per endpoint type).
pub fn build_request(
    method: Method,
    mut path: String,
    query: &str,
    body: Option<String>,
    config: &ClientConfig,
    call: &CallContext<'_>,
) -> HttpRequest {
    if !query.is_empty() {
        path.push('?');
        path.push_str(query);
    }
    let correlation = config.correlation_id().unwrap_or(call.correlation_id);
    let mut headers = vec![
        (
            header::AUTHORIZATION,
            crate::text::cat(&["Bearer ", call.token.expose()]),
        ),
        (header::ACCEPT, "application/json".to_owned()),
        (header::REQUEST_ID, call.request_id.text()),
        (header::CORRELATION_ID, correlation.text()),
        (header::CONTRACT_VERSION, CONTRACT_VERSION.to_owned()),
        (header::CLIENT, CLIENT_NAME.to_owned()),
    ];
    if let Some(locale) = config.locale() {
        headers.push((header::LOCALE, locale.to_owned()));
    }
    if let Some(app) = config.application_name() {
        headers.push((header::APPLICATION, app.to_owned()));
    }
    if body.is_some() {
        headers.push((header::CONTENT_TYPE, "application/json".to_owned()));
    }
    HttpRequest {
        method,
        url: crate::text::cat(&[config.base_url(), &path]),
        path,
        headers,
        link_headers: Vec::new(),
        body,
    }
}

/// `licenseGroupIds=Group1&licenseGroupIds=Group2` (empty: no filter, the service's default).
pub fn license_group_query(groups: &[LicenseGroup]) -> String {
    let mut seen = Vec::with_capacity(2);
    for g in groups {
        if !seen.contains(g) {
            seen.push(*g);
        }
    }
    let mut query = String::new();
    for g in seen {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str("licenseGroupIds=");
        query.push_str(g.query_value());
    }
    query
}

/// `/v1/customers/{customer}/users/{user}{rest}`, the user percent-encoded.
pub fn user_path(customer: &CustomerId, user: &UserId, rest: &str) -> String {
    let mut path = customer_path(customer, "/users/");
    path.push_str(&user.to_path_segment());
    path.push_str(rest);
    path
}

/// `/v1/customers/{customer}{rest}`.
pub fn customer_path(customer: &CustomerId, rest: &str) -> String {
    let mut path = String::from("/v1/customers/");
    customer.push_to(&mut path);
    path.push_str(rest);
    path
}
