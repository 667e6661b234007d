//! `GET /v1/customers/{customer-id}/users/{user-id}/licenses`

#[allow(unused_imports)]
use crate::prelude::*;

use super::{Endpoint, license_group_query};
use crate::http::Method;
use crate::id::{CustomerId, LicenseGroup, UserId};
use crate::model::{Collection, License};

/// The licenses assigned to a user, filtered by license group (Group1 when none is given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListLicenses {
    /// The customer.
    pub customer: CustomerId,
    /// The user.
    pub user: UserId,
    /// `licenseGroupIds` filter; empty: the service's default (Group1).
    pub groups: Vec<LicenseGroup>,
}

impl Endpoint for ListLicenses {
    type Output = Collection<License>;
    const METHOD: Method = Method::Get;
    const SUCCESS: &'static [u16] = &[200];

    fn path(&self) -> String {
        super::user_path(&self.customer, &self.user, "/licenses")
    }

    fn query(&self) -> String {
        license_group_query(&self.groups)
    }
}
