//! The service's resources, as serde types. Property names are camelCase as the service
//! writes them; request resources also accept PascalCase (as the documented examples send);
//! unknown properties are ignored.

#[allow(unused_imports)]
use crate::prelude::*;

mod collection;
mod error_body;
mod license;
mod license_update;
mod subscribed_sku;

pub use collection::{Attributes, Collection};
pub use error_body::{ErrorBody, ErrorCode, ThrottleBody};
pub use license::{License, ProductSku, ServicePlan};
pub use license_update::{LicenseAssignment, LicenseUpdate, LicenseWarning};
pub use subscribed_sku::SubscribedSku;
