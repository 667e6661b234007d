//! `GET /v1/customers/{customer-id}/subscribedskus`

#[allow(unused_imports)]
use crate::prelude::*;

use super::{Endpoint, license_group_query};
use crate::http::Method;
use crate::id::{CustomerId, LicenseGroup};
use crate::model::{Collection, SubscribedSku};

/// What the customer can assign, and how many units are left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListSubscribedSkus {
    /// The customer.
    pub customer: CustomerId,
    /// `licenseGroupIds` filter; empty: the service's default (Group1).
    pub groups: Vec<LicenseGroup>,
}

impl Endpoint for ListSubscribedSkus {
    type Output = Collection<SubscribedSku>;
    const METHOD: Method = Method::Get;
    const SUCCESS: &'static [u16] = &[200];

    fn path(&self) -> String {
        super::customer_path(&self.customer, "/subscribedskus")
    }

    fn query(&self) -> String {
        license_group_query(&self.groups)
    }
}
