//! # partner-center-licenses
//!
//! A small, typed client for Microsoft Partner Center user licenses: list a user's
//! licenses, list what a customer can assign, assign and remove licenses.
//!
//! The crate is a sans-I/O core: it validates input, builds plain [`http::HttpRequest`]
//! values, decodes plain [`http::HttpResponse`] values into typed results or one typed
//! [`Error`], decides retries and plans bulk work. Shells move the bytes: the wasm shell
//! (`wasm/client/`, driven by `pkg/src/client.mjs`) lets JavaScript call `fetch`; tests and
//! the emulator use the core natively.
//!
//! ```
//! use partner_center_licenses::{endpoint::{Endpoint, CallContext, ListLicenses}, *};
//! let config = ClientConfig::new("http://127.0.0.1:7070")?;
//! let token = AccessToken::new("t0ken")?;
//! let call = CallContext {
//!     token: &token,
//!     request_id: Guid::from_random_bytes([1; 16]),
//!     correlation_id: Guid::from_random_bytes([2; 16]),
//! };
//! let req = ListLicenses {
//!     customer: CustomerId::parse("0c39d6d5-c70d-4c55-bc02-f620844f3fd1")?,
//!     user: UserId::parse("ada@contoso.onmicrosoft.com")?,
//!     groups: vec![LicenseGroup::Group1, LicenseGroup::Group2],
//! }
//! .to_request(&config, &call);
//! assert!(req.url.ends_with("/users/ada%40contoso.onmicrosoft.com/licenses?licenseGroupIds=Group1&licenseGroupIds=Group2"));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
// `no_std` + `alloc`: the core needs no operating system, so the `.wasm` built from it
// can leave out std's panic and I/O machinery (wasm/client sets its own panic handler).
// Native users link std as usual; the unit tests do too.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

/// What std's prelude would give every module (the crate is `no_std`).
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec::Vec;
    pub use alloc::{format, vec};
}

pub mod config;
pub mod endpoint;
pub mod error;
pub mod error_fields;
pub mod hint;
pub mod http;
pub mod id;
pub mod inventory;
pub mod json;
pub mod model;
pub mod options;
pub mod pace;
pub mod plan;
pub mod retry;
pub mod secret;
pub mod shape;
pub mod text;

pub use config::{ClientConfig, ClientOptions};
pub use error::{ApiError, DecodeError, Error, ErrorKind, ErrorReason, InputError};
pub use hint::hint;
pub use id::{CustomerId, Guid, LicenseGroup, PlanId, SkuId, UserId};
pub use secret::AccessToken;
