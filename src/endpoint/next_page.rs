//! The next page of a customer's users: a GET of the previous page's `links.next`.
//!
//! The link comes from the service's response, so it is checked before the token goes
//! with it: its `uri` (with or without the `/v1` prefix; a path, or an absolute URL only
//! under the configured base URL) must resolve to `/v1/customers/{the same customer}/users`,
//! its query is kept verbatim, and every header of `headers` is copied (the continuation
//! token is opaque) unless its name is not an HTTP token, it is one the client sets itself,
//! or its value holds CR, LF or NUL. A link that fails is a `decode` error: the response
//! that carried it was malformed.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{CallContext, Endpoint, ListUsers, build_request};
use crate::config::ClientConfig;
use crate::error::{DecodeError, Error, quote};
use crate::http::{HttpRequest, Method, header};
use crate::id::CustomerId;
use crate::json::Json;
use crate::model::{Collection, CustomerUser, Link};
use crate::text::find;

/// How many headers a link may ask for.
pub const MAX_LINK_HEADERS: usize = 16;
/// The longest header name and value a link may carry.
const MAX_NAME: usize = 128;
const MAX_VALUE: usize = 16 * 1024;

/// Headers a link never sets: the client's own, and those a browser or HTTP stack owns.
const REFUSED_HEADERS: &[&str] = &[
    header::AUTHORIZATION,
    header::ACCEPT,
    header::CONTENT_TYPE,
    header::REQUEST_ID,
    header::CORRELATION_ID,
    header::CONTRACT_VERSION,
    header::LOCALE,
    header::CLIENT,
    header::APPLICATION,
    "Host",
    "Content-Length",
    "Connection",
    "Transfer-Encoding",
    "Cookie",
    "Origin",
    "Referer",
    "TE",
    "Trailer",
    "Upgrade",
    "Keep-Alive",
    "Expect",
];

const BAD_CHARACTERS: &str = "uri has a space, control, non-ASCII, # or \\ character";
const NOT_UNDER_BASE: &str = "uri is neither a path nor under baseUrl";
const NOT_USERS: &str = "uri is not this customer's users list";

/// A page after the first: the resolved path and query of `links.next`, and its headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextPage {
    /// `/v1/customers/{customer}/users`.
    path: String,
    /// The link's query, verbatim (e.g. `size=100&seekOperation=Next`).
    query: String,
    /// The link's headers, checked (e.g. `MS-ContinuationToken`).
    headers: Vec<(String, String)>,
}

impl NextPage {
    /// The next page of `customer`'s users from a [`Link`] (native callers).
    pub fn from_link(
        config: &ClientConfig,
        customer: &CustomerId,
        link: &Link,
    ) -> Result<Self, Error> {
        let headers = link
            .headers
            .iter()
            .map(|h| (h.key.as_str(), h.value.as_str()));
        Self::new(config, customer, &link.uri, link.method.as_deref(), headers)
    }

    /// The next page from the link's JSON text (`JSON.stringify(page.links.next)`), read
    /// as the [`Link`] model describes it.
    pub fn from_json(
        config: &ClientConfig,
        customer: &CustomerId,
        json: &str,
    ) -> Result<Self, Error> {
        let link = crate::json::parse(json).ok();
        let (uri, method, headers) = link
            .as_ref()
            .and_then(read_link)
            .ok_or_else(|| bad_link("is not a link { uri, method, headers }", json))?;
        Self::new(config, customer, uri, method, headers.into_iter())
    }

    fn new<'a>(
        config: &ClientConfig,
        customer: &CustomerId,
        uri: &str,
        method: Option<&str>,
        headers: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, Error> {
        if let Some(m) = method.filter(|m| !m.eq_ignore_ascii_case("GET")) {
            return Err(bad_link(
                &crate::text::cat(&["method ", &quote(m), " is not GET"]),
                uri,
            ));
        }
        let (path, query) =
            resolve(config.base_url(), customer, uri).map_err(|why| bad_link(why, uri))?;
        let mut checked: Vec<(String, String)> = Vec::new();
        for (name, value) in headers {
            if checked.len() == MAX_LINK_HEADERS {
                return Err(bad_link("has over 16 headers", uri));
            }
            check_header(name, value, &checked).map_err(|why| bad_link(&why, uri))?;
            checked.push((name.to_owned(), value.to_owned()));
        }
        Ok(Self {
            path,
            query: query.to_owned(),
            headers: checked,
        })
    }

    /// The headers the link asked for, checked.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The checked link as JSON text, `{"query":"…","headers":[["name","value"],…]}`: what
    /// the bulk module (which makes the checks above, when a page has a next link) hands
    /// the client `.wasm`, so that every basic call need not carry them.
    pub fn to_checked_json(&self) -> String {
        let headers = crate::json::array(&self.headers, |out, (name, value)| {
            crate::json::push_strings(out, [name, value]);
        });
        crate::json::JsonObject::new()
            .str("query", &self.query)
            .raw("headers", &headers)
            .finish()
    }

    /// Reads back [`NextPage::to_checked_json`] for `customer`. The path is rebuilt from the
    /// customer, so the token still goes only to this customer's users list under the base
    /// URL; a query with a space, control, non-ASCII or `#` character and a header the client
    /// or the platform sets are still refused here. (The driver's own code writes the text.)
    pub fn from_checked_json(customer: &CustomerId, json: &str) -> Result<Self, Error> {
        let read = |j: &Json| -> Option<(String, Vec<(String, String)>)> {
            let query = j.get("query")?.as_str()?;
            if !query.bytes().all(|b| b.is_ascii_graphic() && b != b'#') {
                return None;
            }
            let mut headers = Vec::new();
            for pair in j.get("headers")?.as_array()? {
                let [name, value] = pair.as_array()? else {
                    return None;
                };
                let name = name.as_str()?;
                if headers.len() == MAX_LINK_HEADERS || refused(name) {
                    return None;
                }
                headers.push((name.to_owned(), value.as_str()?.to_owned()));
            }
            Some((query.to_owned(), headers))
        };
        let (query, headers) = crate::json::parse(json)
            .ok()
            .as_ref()
            .and_then(read)
            .ok_or_else(|| bad_link("was not checked", json))?;
        Ok(Self {
            path: super::customer_path(customer, "/users"),
            query,
            headers,
        })
    }
}

/// The first page as the client `.wasm` takes every page: the bulk module reads the
/// `listUsers` options ([`ListUsers::from_json`]) and hands the client core this page's
/// [`NextPage::to_checked_json`] (its query, no headers), so the basic-call `.wasm` carries
/// neither the options reader nor the users' shape tables.
impl From<&ListUsers> for NextPage {
    fn from(list: &ListUsers) -> Self {
        Self {
            path: list.path(),
            query: list.query(),
            headers: Vec::new(),
        }
    }
}

/// Whether a link may never set header `name`: the client's own, or the platform's.
fn refused(name: &str) -> bool {
    let starts = |p: &str| {
        name.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    REFUSED_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
        || starts("proxy-")
        || starts("sec-")
}

impl Endpoint for NextPage {
    type Output = Collection<CustomerUser>;
    const METHOD: Method = Method::Get;
    const SUCCESS: &'static [u16] = &[200];

    fn path(&self) -> String {
        self.path.clone()
    }

    fn query(&self) -> String {
        self.query.clone()
    }

    fn to_request(&self, config: &ClientConfig, call: &CallContext<'_>) -> HttpRequest {
        let mut request = build_request(Self::METHOD, self.path(), &self.query, None, config, call);
        request.link_headers = self.headers.clone();
        request
    }
}

/// A link's `uri`, `method` and `headers` (name, value).
type LinkParts<'a> = (&'a str, Option<&'a str>, Vec<(&'a str, &'a str)>);

/// A link's parts, when it has the [`Link`] model's shape.
fn read_link(link: &Json) -> Option<LinkParts<'_>> {
    let uri = link.get("uri")?.as_str()?;
    let method = match link.member("method") {
        None => None,
        Some(m) => Some(m.as_str()?),
    };
    let mut headers = Vec::new();
    if let Some(list) = link.member("headers") {
        for h in list.as_array()? {
            headers.push((h.get("key")?.as_str()?, h.get("value")?.as_str()?));
        }
    }
    Some((uri, method, headers))
}

/// `uri` resolved against `base`: the path `/v1/customers/{customer}/users` and the query
/// (verbatim, without `?`), or why it is refused.
pub fn resolve<'u>(
    base: &str,
    customer: &CustomerId,
    uri: &'u str,
) -> Result<(String, &'u str), &'static str> {
    if !uri.bytes().all(|b| b.is_ascii_graphic()) || uri.is_empty() {
        return Err(BAD_CHARACTERS);
    }
    if uri.bytes().any(|b| b == b'#' || b == b'\\') {
        return Err(BAD_CHARACTERS);
    }
    let absolute = uri.starts_with("https://") || uri.starts_with("http://");
    let rest = if absolute {
        uri.strip_prefix(base)
            .filter(|r| r.starts_with('/'))
            .ok_or(NOT_UNDER_BASE)?
    } else {
        uri
    };
    if !rest.starts_with('/') || rest.starts_with("//") {
        return Err(NOT_UNDER_BASE);
    }
    let (path, query) = match find(rest, "?", 0) {
        Some(at) => (
            rest.get(..at).unwrap_or(""),
            rest.get(at + 1..).unwrap_or(""),
        ),
        None => (rest, ""),
    };
    let path = path
        .strip_prefix("/v1")
        .filter(|p| p.starts_with('/'))
        .unwrap_or(path);
    let segment = path
        .strip_prefix("/customers/")
        .and_then(|p| p.strip_suffix("/users"))
        .ok_or(NOT_USERS)?;
    match CustomerId::parse(segment) {
        Ok(c) if c == *customer => Ok((super::customer_path(customer, "/users"), query)),
        _ => Err(NOT_USERS),
    }
}

/// Why a link's header cannot be sent, if it cannot. `seen`: the headers already taken.
fn check_header(name: &str, value: &str, seen: &[(String, String)]) -> Result<(), String> {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    let why = if name.is_empty() || name.len() > MAX_NAME || !name.bytes().all(token) {
        " is not an HTTP token"
    } else if refused(name) {
        " is one the client or the platform sets"
    } else if seen.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
        " is named twice"
    } else if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
        " has CR, LF or NUL in its value"
    } else if value.len() > MAX_VALUE {
        " has a value over 16 KiB"
    } else {
        return Ok(());
    };
    Err(crate::text::cat(&["header ", &quote(name), why]))
}

/// The decode error of a refused link: `links.next <why>`, the link (bounded) as the snippet.
fn bad_link(why: &str, link: &str) -> Error {
    DecodeError::of_success(
        crate::text::cat(&["the page's links.next ", why]),
        super::snippet(link.as_bytes()),
    )
}

#[cfg(test)]
#[path = "next_page_tests.rs"]
mod tests;
