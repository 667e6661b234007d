//! Plain HTTP values: what the core hands to a shell, and what a shell hands back.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

/// The two methods these endpoints use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl Method {
    /// `GET` / `POST`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// A request ready to send. `Debug` redacts the `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, path segments percent-encoded.
    pub url: String,
    /// The path and query alone (for logs and events).
    pub path: String,
    /// Header names and values (values checked for CR/LF when they were built).
    pub headers: Vec<(&'static str, String)>,
    /// Headers a paging link asked for (`links.next.headers`, e.g. `MS-ContinuationToken`),
    /// sent after [`HttpRequest::headers`]: names checked as HTTP tokens and never one the
    /// client sets itself, values free of CR, LF and NUL (see `endpoint::NextPage`).
    pub link_headers: Vec<(String, String)>,
    /// The JSON body of a POST.
    pub body: Option<String>,
}

impl HttpRequest {
    /// The value of a header (names compared case-insensitively), link headers included.
    pub fn header(&self, name: &str) -> Option<&str> {
        let own = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        match own {
            Some((_, v)) => Some(v),
            None => self
                .link_headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str()),
        }
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                if n.eq_ignore_ascii_case("authorization") {
                    (*n, "Bearer <redacted>")
                } else {
                    (*n, v.as_str())
                }
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("link_headers", &self.link_headers)
            .field("body", &self.body)
            .finish()
    }
}

/// A response as received.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header names and values as received.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with a status, headers and body.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers,
            body: body.into(),
        }
    }

    /// The value of a header (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Header names the client sends and reads.
pub mod header {
    /// `Authorization`
    pub const AUTHORIZATION: &str = "Authorization";
    /// `Accept`
    pub const ACCEPT: &str = "Accept";
    /// `Content-Type`
    pub const CONTENT_TYPE: &str = "Content-Type";
    /// `MS-RequestId`
    pub const REQUEST_ID: &str = "MS-RequestId";
    /// `MS-CorrelationId`
    pub const CORRELATION_ID: &str = "MS-CorrelationId";
    /// `MS-Contract-Version`
    pub const CONTRACT_VERSION: &str = "MS-Contract-Version";
    /// `X-Locale`
    pub const LOCALE: &str = "X-Locale";
    /// `MS-PartnerCenter-Client`
    pub const CLIENT: &str = "MS-PartnerCenter-Client";
    /// `MS-PartnerCenter-Application`
    pub const APPLICATION: &str = "MS-PartnerCenter-Application";
    /// `Retry-After`
    pub const RETRY_AFTER: &str = "Retry-After";
    /// `MS-CV`
    pub const CV: &str = "MS-CV";
    /// `MS-ServerId`
    pub const SERVER_ID: &str = "MS-ServerId";

    /// The response headers the core reads: a shell that cannot cheaply copy every header
    /// (the wasm shell crosses into JavaScript per header) copies these.
    pub const READ_FROM_RESPONSES: &[&str] =
        &[REQUEST_ID, CORRELATION_ID, RETRY_AFTER, CV, SERVER_ID];

    /// The lowest status whose headers the wasm shell passes: a success's are not read (three
    /// header reads and their copies into the `.wasm` fewer per call). A success the core
    /// refuses (its body too large or not of the endpoint's shape) is reported with the ids
    /// of the request sent, which the service echoes.
    pub const READ_FROM_STATUS: u16 = 300;
}
