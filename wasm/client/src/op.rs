//! What a call does: its endpoint and checked inputs.

use partner_center_licenses::endpoint::{
    CallContext, Endpoint, ListLicenses, ListSubscribedSkus, UpdateLicenses,
};
use partner_center_licenses::http::{HttpRequest, HttpResponse};
use partner_center_licenses::options::{self, ListOptions};
use partner_center_licenses::shape::Shaped;
use partner_center_licenses::{ClientConfig, CustomerId, Error, InputError, UserId};

/// `JSON.stringify` threw on an argument.
pub const UNREADABLE: &str =
    "cannot be read as JSON data (does it hold a cycle, a BigInt or a throwing getter?)";

/// What a call does.
pub enum Op {
    ListLicenses(ListLicenses),
    ListSubscribedSkus(ListSubscribedSkus),
    Update(UpdateLicenses),
}

impl Op {
    /// `0` listLicenses, `1` listSubscribedSkus, `2` updateLicenses, `3` assignLicenses,
    /// `4` removeLicenses (`user` is ignored by `1`).
    pub fn parse(
        op: u8,
        customer: Option<&str>,
        user: Option<&str>,
        input: Option<&str>,
    ) -> Result<Op, InputError> {
        let customer = CustomerId::parse(string_arg("customerId", customer)?)
            .map_err(|e| InputError::new("customerId", e.message))?;
        let data = |field: &str| input.ok_or_else(|| InputError::new(field, UNREADABLE));
        if op == 1 {
            let groups = ListOptions::from_json(data("options")?)?.groups;
            return Ok(Op::ListSubscribedSkus(ListSubscribedSkus {
                customer,
                groups,
            }));
        }
        let user = UserId::parse(string_arg("userId", user)?)
            .map_err(|e| InputError::new("userId", e.message))?;
        let update = match op {
            0 => {
                let groups = ListOptions::from_json(data("options")?)?.groups;
                return Ok(Op::ListLicenses(ListLicenses {
                    customer,
                    user,
                    groups,
                }));
            }
            2 => options::update_from_json(data("update")?)?,
            3 => options::assign_from_json(data("assign")?)?,
            _ => options::remove_from_json(data("remove")?)?,
        };
        Ok(Op::Update(UpdateLicenses::new(customer, user, update)?))
    }

    pub fn request(&self, config: &ClientConfig, call: &CallContext<'_>) -> HttpRequest {
        match self {
            Op::ListLicenses(e) => e.to_request(config, call),
            Op::ListSubscribedSkus(e) => e.to_request(config, call),
            Op::Update(e) => e.to_request(config, call),
        }
    }

    pub fn check(&self, response: &HttpResponse) -> Result<(), Error> {
        match self {
            Op::ListLicenses(_) => ListLicenses::check(response),
            Op::ListSubscribedSkus(_) => ListSubscribedSkus::check(response),
            Op::Update(_) => UpdateLicenses::check(response),
        }
    }
}

fn string_arg<'a>(field: &str, value: Option<&'a str>) -> Result<&'a str, InputError> {
    value.ok_or_else(|| InputError::new(field, "must be a string"))
}
