//! The service's resources, as serde types. Property names are camelCase as the service
//! writes them; request resources also accept PascalCase (as the documented examples send);
//! unknown properties are ignored.
//!
//! Each model is declared once, with `model!` (`src/model/describe.rs`): that one declaration is
//! the serde struct, its shape table ([`crate::shape::HasShape`]) and, through ts-rs in the
//! native tests, its TypeScript interface in `pkg/models.d.ts`. The same test writes the bulk
//! results' types (the inventory, the reconcile report) into `pkg/reports.d.ts`.

#[allow(unused_imports)]
use crate::prelude::*;

mod collection;
mod customer_user;
pub(crate) mod describe;
mod error_body;
mod license;
mod license_update;
mod subscribed_sku;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod ts;

#[cfg(all(test, not(target_arch = "wasm32")))]
pub use ts::JsError;

pub use collection::{Attributes, Collection};
pub use customer_user::{CustomerUser, Link, LinkHeader, Links};
pub use error_body::{ErrorBody, ErrorCode, ThrottleBody};
pub use license::{License, ProductSku, ServicePlan};
pub use license_update::{LicenseAssignment, LicenseUpdate, LicenseWarning};
pub use subscribed_sku::SubscribedSku;
