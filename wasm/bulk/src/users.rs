//! The users list's paging links, checked here rather than in the client `.wasm` (which
//! every page loads): the first page with a `links.next` loads this module. What the check
//! gives is the input of the client's next-page call (op 6 in wasm/client/src/op.rs).

use alloc::string::String;

use partner_center_licenses::endpoint::NextPage;
use partner_center_licenses::{ClientConfig, CustomerId, InputError};
use wasm_bindgen::prelude::*;

use crate::{error, input, ok};

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
