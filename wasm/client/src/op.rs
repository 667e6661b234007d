//! What a call does: its endpoint and checked inputs.

use partner_center_licenses::endpoint::{
    CallContext, Endpoint, GetUser, ListLicenses, ListSubscribedSkus, NextPage, UpdateLicenses,
};
use partner_center_licenses::http::{HttpRequest, HttpResponse};
use partner_center_licenses::options::{self, ListOptions, UNREADABLE, string_arg};
use partner_center_licenses::shape::Shaped;
use partner_center_licenses::{ClientConfig, Error, InputError, UserId};

/// What a call does.
pub enum Op {
    ListLicenses(ListLicenses),
    ListSubscribedSkus(ListSubscribedSkus),
    Update(UpdateLicenses),
    /// A page of the customer's users, the first one included.
    NextPage(NextPage),
    GetUser(GetUser),
}

impl Op {
    /// `0` listLicenses, `1` listSubscribedSkus, `2` updateLicenses, `3` assignLicenses,
    /// `4` removeLicenses, `5` or `6` a page of users (`input`: the page as the bulk module
    /// checked it, [`NextPage::to_checked_json`]: the first page from the `listUsers`
    /// options, a next one from the previous page's `links.next`; anything else is a
    /// decode error), `7` getUser (`user` is ignored by `1`, `5` and `6`). The users' bodies
    /// (ops 5 to 7) are checked by the bulk module: [`Op::body_checked_elsewhere`].
    pub fn parse(
        op: u8,
        customer: Option<&str>,
        user: Option<&str>,
        input: Option<&str>,
    ) -> Result<Op, Error> {
        let customer = options::customer_arg(customer)?;
        // The user first (ops that take one), then the data argument, each checked once.
        let user = match op {
            1 | 5 | 6 => None,
            _ => Some(
                UserId::parse(string_arg("userId", user)?)
                    .map_err(|e| InputError::new("userId", e.message))?,
            ),
        };
        if op == 5 || op == 6 {
            let link = NextPage::from_checked_json(&customer, input.unwrap_or_default())?;
            return Ok(Op::NextPage(link));
        }
        let field = match op {
            2 => "update",
            3 => "assign",
            0 | 1 | 7 => "options",
            _ => "remove",
        };
        let data = input.ok_or_else(|| InputError::new(field, UNREADABLE))?;
        let Some(user) = user else {
            let groups = ListOptions::from_json(data)?.groups;
            return Ok(Op::ListSubscribedSkus(ListSubscribedSkus {
                customer,
                groups,
            }));
        };
        let update = match op {
            0 => {
                let groups = ListOptions::from_json(data)?.groups;
                return Ok(Op::ListLicenses(ListLicenses {
                    customer,
                    user,
                    groups,
                }));
            }
            7 => {
                options::options_object("options", data)?;
                return Ok(Op::GetUser(GetUser { customer, user }));
            }
            2 => options::update_from_json(data)?,
            3 => options::assign_from_json(data)?,
            _ => options::remove_from_json(data)?,
        };
        Ok(Op::Update(UpdateLicenses::new(customer, user, update)?))
    }

    pub fn request(&self, config: &ClientConfig, call: &CallContext<'_>) -> HttpRequest {
        match self {
            Op::ListLicenses(e) => e.to_request(config, call),
            Op::ListSubscribedSkus(e) => e.to_request(config, call),
            Op::Update(e) => e.to_request(config, call),
            Op::NextPage(e) => e.to_request(config, call),
            Op::GetUser(e) => e.to_request(config, call),
        }
    }

    pub fn check(&self, response: &HttpResponse) -> Result<(), Error> {
        match self {
            Op::ListLicenses(_) => ListLicenses::check(response),
            Op::ListSubscribedSkus(_) => ListSubscribedSkus::check(response),
            Op::Update(_) => UpdateLicenses::check(response),
            // The status and size here; the body's shape in the bulk module.
            Op::NextPage(_) => NextPage::check_head(response),
            Op::GetUser(_) => GetUser::check_head(response),
        }
    }

    /// Whether a success body is checked by the bulk module (`checkUsers`) rather than here:
    /// the users' bodies, so that the shape tables of `CustomerUser` stay out of this
    /// `.wasm`. The driver then reports a body that fails with [`crate::Call::failure`]
    /// (kind 3), and the core keeps the body for that error's snippet.
    pub fn body_checked_elsewhere(&self) -> bool {
        matches!(self, Op::NextPage(_) | Op::GetUser(_))
    }
}
