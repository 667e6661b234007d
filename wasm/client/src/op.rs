//! What a call does: its endpoint and checked inputs.

use partner_center_licenses::endpoint::{
    CallContext, Endpoint, GetUser, ListLicenses, ListSubscribedSkus, ListUsers, NextPage,
    UpdateLicenses,
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
    ListUsers(ListUsers),
    NextPage(NextPage),
    GetUser(GetUser),
}

impl Op {
    /// `0` listLicenses, `1` listSubscribedSkus, `2` updateLicenses, `3` assignLicenses,
    /// `4` removeLicenses, `5` listUsers (`input`: its options), `6` the next page of users
    /// (`input`: the previous page's `links.next` as the bulk module's `nextPage` checked it,
    /// [`NextPage::to_checked_json`]; anything else is a decode error), `7` getUser (`user`
    /// is ignored by `1`, `5` and `6`).
    pub fn parse(
        op: u8,
        customer: Option<&str>,
        user: Option<&str>,
        input: Option<&str>,
    ) -> Result<Op, Error> {
        let customer = CustomerId::parse(string_arg("customerId", customer)?)
            .map_err(|e| InputError::new("customerId", e.message))?;
        let data = |field: &str| input.ok_or_else(|| InputError::new(field, UNREADABLE));
        match op {
            1 => {
                let groups = ListOptions::from_json(data("options")?)?.groups;
                return Ok(Op::ListSubscribedSkus(ListSubscribedSkus {
                    customer,
                    groups,
                }));
            }
            5 => {
                return Ok(Op::ListUsers(ListUsers::from_json(
                    customer,
                    data("options")?,
                )?));
            }
            6 => {
                let link = NextPage::from_checked_json(&customer, input.unwrap_or_default())?;
                return Ok(Op::NextPage(link));
            }
            _ => {}
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
            7 => {
                options::options_object("options", data("options")?)?;
                return Ok(Op::GetUser(GetUser { customer, user }));
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
            Op::ListUsers(e) => e.to_request(config, call),
            Op::NextPage(e) => e.to_request(config, call),
            Op::GetUser(e) => e.to_request(config, call),
        }
    }

    pub fn check(&self, response: &HttpResponse) -> Result<(), Error> {
        match self {
            Op::ListLicenses(_) => ListLicenses::check(response),
            Op::ListSubscribedSkus(_) => ListSubscribedSkus::check(response),
            Op::Update(_) => UpdateLicenses::check(response),
            // One shape check for both: the same `Collection<CustomerUser>`.
            Op::ListUsers(_) | Op::NextPage(_) => ListUsers::check(response),
            Op::GetUser(_) => GetUser::check(response),
        }
    }
}

fn string_arg<'a>(field: &str, value: Option<&'a str>) -> Result<&'a str, InputError> {
    value.ok_or_else(|| InputError::new(field, "must be a string"))
}
