//! The users calls' own work, done here rather than in the client `.wasm` (which every
//! page loads): the `listUsers` options, the paging links and the users' body shapes.
//! `listUsers` and `getUser` load this module on first use. What `usersPage` and `nextPage`
//! give is the input of the client's users-page call (op 6 in wasm/client/src/op.rs);
//! `checkUsers` checks what the client core left unchecked (`Op::body_checked_elsewhere`).

use alloc::string::String;

use partner_center_licenses::endpoint::{GetUser, ListUsers, NextPage};
use partner_center_licenses::options::{UNREADABLE, customer_arg};
use partner_center_licenses::shape::{self, Shaped};
use partner_center_licenses::{ClientConfig, CustomerId, InputError};
use wasm_bindgen::prelude::*;

use crate::{error, input, ok};

/// `usersPage(customerId, JSON.stringify(options))` (each `undefined` when it is not a
/// string / `JSON.stringify` threw) → `{"ok": checked}`, the first page as
/// [`NextPage::to_checked_json`] writes it, or `{"error": fields}` naming the argument (the
/// customer first, then the options, as the client core checks its other calls).
#[wasm_bindgen(js_name = usersPage)]
pub fn users_page(customer: Option<String>, options: Option<String>) -> String {
    let list = customer_arg(customer.as_deref()).and_then(|customer| {
        let text = options.ok_or_else(|| InputError::new("options", UNREADABLE))?;
        ListUsers::from_json(customer, &text)
    });
    match list {
        Ok(list) => ok(&NextPage::from(&list).to_checked_json()),
        Err(e) => input(e),
    }
}

/// `checkUsers(bytes, one)`: `""` when a 200 body is one user (`one`, getUser) or a page of
/// users as the models describe them, else why not (`<what> at <path> (byte <n>)`, the
/// text the client core writes for its own endpoints' bodies), which the driver hands to
/// the call (`call.failure(3, why, …)`: a decode error, retried like one).
#[wasm_bindgen(js_name = checkUsers)]
pub fn check_users(body: &[u8], one: bool) -> String {
    let shape = if one {
        <GetUser as Shaped>::SHAPE
    } else {
        <ListUsers as Shaped>::SHAPE
    };
    shape::check(body, shape).map_or_else(|e| e.text(), |()| String::new())
}

/// `nextPage(client.baseUrl, customerId, JSON.stringify(page.links.next))` →
/// `{"ok": checked}` ([`NextPage::to_checked_json`]) or `{"error": fields}`: a link that
/// does not lead to this customer's users list under the base URL, or asks for a header
/// the client must not send, is a `decode` error (the page that carried it was malformed).
#[wasm_bindgen(js_name = nextPage)]
pub fn next_page(base_url: &str, customer: &str, link: &str) -> String {
    let config = match ClientConfig::new(base_url) {
        Ok(c) => c,
        Err(e) => return input(e),
    };
    let customer = match CustomerId::parse(customer) {
        Ok(c) => c,
        Err(e) => return input(InputError::new("customerId", e.message)),
    };
    match NextPage::from_json(&config, &customer, link) {
        Ok(page) => ok(&page.to_checked_json()),
        Err(e) => error(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use partner_center_licenses::json::{self, Json};

    const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";

    fn checked(link: &str) -> Json {
        json::parse(&next_page("http://127.0.0.1:9", CUSTOMER, link)).unwrap()
    }

    #[test]
    fn a_good_link_is_its_query_and_headers() {
        let link = [
            r#"{"uri":"http://127.0.0.1:9/v1/customers/"#,
            CUSTOMER,
            r#"/users?size=3&seekOperation=Next","method":"GET","headers":[{"key":"MS-ContinuationToken","value":"t1"}]}"#,
        ]
        .concat();
        let out = checked(&link);
        let ok = out.get("ok").unwrap();
        assert_eq!(
            ok.get("query").and_then(Json::as_str),
            Some("size=3&seekOperation=Next")
        );
        let headers = ok.get("headers").and_then(Json::as_array).unwrap();
        let pair = headers[0].as_array().unwrap();
        assert_eq!(pair[0].as_str(), Some("MS-ContinuationToken"));
        assert_eq!(pair[1].as_str(), Some("t1"));
    }

    fn first(customer: Option<&str>, options: Option<&str>) -> Json {
        json::parse(&users_page(
            customer.map(Into::into),
            options.map(Into::into),
        ))
        .unwrap()
    }

    #[test]
    fn the_first_page_is_its_checked_query() {
        let out = first(Some(CUSTOMER), Some(r#"{"pageSize":37,"signal":{}}"#));
        let ok = out.get("ok").unwrap();
        assert_eq!(ok.get("query").and_then(Json::as_str), Some("size=37"));
        assert_eq!(
            ok.get("headers")
                .and_then(Json::as_array)
                .map(<[Json]>::len),
            Some(0)
        );
        let out = first(Some(CUSTOMER), Some("null"));
        assert_eq!(
            out.get("ok").unwrap().get("query").and_then(Json::as_str),
            Some("")
        );
    }

    #[test]
    fn bad_list_options_are_invalid_input_naming_the_argument() {
        for (customer, options, field, message) in [
            (
                Some(CUSTOMER),
                Some(r#"{"pageSize":0}"#),
                "pageSize",
                "must be an integer from 1 to 1000",
            ),
            (Some(CUSTOMER), Some(r#"{"filter":"all"}"#), "filter", ""),
            (
                Some(CUSTOMER),
                Some("3"),
                "options",
                "must be an object, not a number",
            ),
            (Some(CUSTOMER), None, "options", UNREADABLE),
            // The customer first, as the client core checks every call.
            (Some("nope"), Some(r#"{"pageSize":0}"#), "customerId", ""),
            (None, Some("null"), "customerId", "must be a string"),
        ] {
            let out = first(customer, options);
            let e = out.get("error").unwrap();
            assert_eq!(e.get("kind").and_then(Json::as_str), Some("invalidInput"));
            assert_eq!(
                e.get("field").and_then(Json::as_str),
                Some(field),
                "{options:?}"
            );
            let text = e.get("message").and_then(Json::as_str).unwrap();
            assert!(text.contains(message), "{text}");
            // The hint written out, as the client core writes an invalid input's.
            let hint = e.get("hint").and_then(Json::as_str).unwrap();
            assert!(
                hint.starts_with("Fix ") && hint.ends_with("Nothing was sent."),
                "{hint}"
            );
        }
    }

    #[test]
    fn users_bodies_are_checked_by_their_models() {
        let user = br#"{"id":"a9ef48bb-8758-4590-a312-d4a47bfaded4","userPrincipalName":"ada@contoso.com"}"#;
        assert_eq!(check_users(user, true), "");
        let page = [&br#"{"totalCount":1,"items":["#[..], user, b"]}"].concat();
        assert_eq!(check_users(&page, false), "");
        assert_ne!(check_users(b"[]", false), "");
        assert_ne!(check_users(b"[]", true), "");
        let bad = check_users(br#"{"totalCount":1,"items":[{"id":"nope"}]}"#, false);
        assert!(
            bad.ends_with(")") && bad.contains(" at $.items[0].id (byte "),
            "{bad}"
        );
        assert_ne!(check_users(b"{", true), "");
    }

    #[test]
    fn a_bad_link_is_a_decode_error() {
        for link in [
            r#"{"uri":"https://evil.example/v1/customers/x/users"}"#,
            r#"{"uri":"/customers/4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04/users"}"#,
            "not json",
        ] {
            let out = checked(link);
            let e = out.get("error").unwrap();
            assert_eq!(
                e.get("kind").and_then(Json::as_str),
                Some("decode"),
                "{link}"
            );
            assert!(
                !e.get("hint")
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .is_empty()
            );
        }
        let out = json::parse(&next_page("http://127.0.0.1:9", "nope", "{}")).unwrap();
        let e = out.get("error").unwrap();
        assert_eq!(e.get("field").and_then(Json::as_str), Some("customerId"));
    }
}
