//! Ops 5/6 (a users page: the first from the options, the next from a link) and 7 (getUser)
//! as the driver runs them, with what the bulk module does for them.

use partner_center_licenses::endpoint::{ListUsers, NextPage};
use partner_center_licenses::json::{self, Json};
use partner_center_licenses::shape::Shaped;
use partner_center_licenses::{Error, ErrorKind};

use crate::{Call, Core};

const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
const USER: &str = "a9ef48bb-8758-4590-a312-d4a47bfaded4";
const TOKEN: &str = "SECRET-MARKER-TOKEN";

fn core() -> Core {
    Core::checked(
        Some(r#"{"baseUrl":"http://127.0.0.1:9/"}"#),
        "string",
        Some(TOKEN.to_owned()),
        "undefined",
    )
    .unwrap()
}

fn start(op: u8, user: Option<&str>, input: &str) -> Result<Call, Error> {
    core().begin(
        op,
        Some(CUSTOMER),
        user,
        Some(input),
        true,
        &[5; 32],
        1.0e12,
    )
}

fn request(call: &mut Call) -> Json {
    json::parse(&call.request(None).unwrap()).unwrap()
}

fn text<'a>(j: &'a Json, key: &str) -> &'a str {
    j.get(key).and_then(Json::as_str).unwrap_or_default()
}

const PAGE: &[u8] = br#"{"totalCount":1,"items":[{"id":"a9ef48bb-8758-4590-a312-d4a47bfaded4","userPrincipalName":"ada@contoso.com","state":"active"}],"links":{"next":{"uri":"/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/users?seekOperation=Next","method":"GET","headers":[{"key":"MS-ContinuationToken","value":"t"}]}},"attributes":{"objectType":"Collection"}}"#;

/// What the bulk module's `usersPage` hands the driver for `options` (the same core code).
fn first_page(options: &str) -> String {
    let customer = partner_center_licenses::CustomerId::parse(CUSTOMER).unwrap();
    NextPage::from(&ListUsers::from_json(customer, options).unwrap()).to_checked_json()
}

#[test]
fn list_users_builds_the_first_page_and_leaves_the_body_to_the_bulk_module() {
    let mut call = start(
        6,
        None,
        &first_page(r#"{"pageSize":37,"filter":"deleted"}"#),
    )
    .unwrap();
    let req = request(&mut call);
    assert_eq!(
        text(&req, "url"),
        [
            "http://127.0.0.1:9/v1/customers/",
            CUSTOMER,
            "/users?size=37&filter=%7B%22Field%22%3A%22UserState%22%2C%22Value%22%3A%22Inactive%22%2C%22Operator%22%3A%22equals%22%7D"
        ]
        .concat()
    );
    assert_eq!(
        call.response(200, PAGE.to_vec(), -1.0, None, None, None, 1.0e12, 0),
        ""
    );
    // Op 5 is the same call; the body's shape is the bulk module's check (`checkUsers`), so a
    // user without its GUID id passes here, and the driver reports what that check says.
    let mut call = start(5, None, &first_page("null")).unwrap();
    assert_eq!(
        text(&request(&mut call), "url"),
        ["http://127.0.0.1:9/v1/customers/", CUSTOMER, "/users"].concat()
    );
    let bad = br#"{"totalCount":1,"items":[{"id":"nope"}]}"#;
    let why = partner_center_licenses::shape::check(bad, <ListUsers as Shaped>::SHAPE)
        .unwrap_err()
        .text();
    assert_eq!(
        call.response(200, bad.to_vec(), -1.0, None, None, None, 1.0e12, 0),
        ""
    );
    let d = json::parse(&call.failure(3, &why, 1.0e12, 0)).unwrap();
    let e = d.get("error").unwrap();
    assert_eq!(text(e, "kind"), "decode");
    // The message the core wrote when it checked the body itself: the reason and the body.
    let message = text(e, "message");
    assert!(message.contains(&why), "{message}");
    assert!(message.contains(r#"{"totalCount":1"#), "{message}");
    assert_eq!(text(&d, "decision"), "retry");
}

/// What the bulk module's `nextPage` hands the driver for `link` (the same core code).
fn checked(link: &str) -> String {
    let config = partner_center_licenses::ClientConfig::new("http://127.0.0.1:9").unwrap();
    let customer = partner_center_licenses::CustomerId::parse(CUSTOMER).unwrap();
    NextPage::from_json(&config, &customer, link)
        .unwrap()
        .to_checked_json()
}

#[test]
fn the_next_page_follows_the_checked_link_with_its_headers() {
    let link = [
        r#"{"uri":"/customers/"#,
        CUSTOMER,
        r#"/users?size=2&seekOperation=Next","method":"GET","headers":[{"key":"MS-ContinuationToken","value":"op/aque=="}]}"#,
    ]
    .concat();
    let mut call = start(6, None, &checked(&link)).unwrap();
    let req = request(&mut call);
    assert_eq!(
        text(&req, "url"),
        [
            "http://127.0.0.1:9/v1/customers/",
            CUSTOMER,
            "/users?size=2&seekOperation=Next"
        ]
        .concat()
    );
    let headers = req.get("headers").unwrap();
    assert_eq!(text(headers, "MS-ContinuationToken"), "op/aque==");
    assert_eq!(text(headers, "Authorization"), ["Bearer ", TOKEN].concat());
    assert_eq!(
        call.response(200, PAGE.to_vec(), -1.0, None, None, None, 1.0e12, 0),
        ""
    );
}

/// The link's own checks run in the bulk module (wasm/bulk/src/users.rs, and natively in
/// src/endpoint/next_page_tests.rs); the client core still refuses what is not a checked
/// link, a query that could change the URL, and a header the client sets itself.
#[test]
fn an_unchecked_link_is_a_decode_error_before_anything_is_sent() {
    let raw_link = [r#"{"uri":"/customers/"#, CUSTOMER, r#"/users"}"#].concat();
    for input in [
        raw_link.as_str(),
        r#"{"query":"a#b","headers":[]}"#,
        r#"{"query":"a b","headers":[]}"#,
        r#"{"query":"","headers":[["Authorization","x"]]}"#,
        r#"{"query":"","headers":[["sec-fetch-mode","x"]]}"#,
        r#"{"query":"","headers":[["MS-ContinuationToken"]]}"#,
        "not json",
    ] {
        let e = start(6, None, input).err().unwrap();
        assert_eq!(e.kind(), ErrorKind::Decode, "{input}");
        // What `core.start` refuses with: the error fields, kind decode, its hint left to
        // the driver (no argument).
        let fields = json::parse(&crate::reply::error_fields(&e, 0, None, None)).unwrap();
        assert_eq!(text(&fields, "kind"), "decode");
        assert_eq!(text(&fields, "hint"), "");
        assert_eq!(
            partner_center_licenses::hint::hint_id(&e, ""),
            Some(partner_center_licenses::hint::HintId::Decode)
        );
    }
    // The customer id is still checked first; the path is always this customer's users.
    let e = core()
        .begin(6, Some("nope"), None, Some("{}"), true, &[], 0.0)
        .err()
        .unwrap();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    let mut call = start(6, None, r#"{"query":"","headers":[]}"#).unwrap();
    let req = request(&mut call);
    assert_eq!(
        text(&req, "url"),
        ["http://127.0.0.1:9/v1/customers/", CUSTOMER, "/users"].concat()
    );
}

#[test]
fn get_user_builds_its_path_and_reads_not_found() {
    let mut call = start(7, Some(USER), "null").unwrap();
    let req = request(&mut call);
    assert_eq!(
        text(&req, "url"),
        [
            "http://127.0.0.1:9/v1/customers/",
            CUSTOMER,
            "/users/",
            USER
        ]
        .concat()
    );
    let user = br#"{"id":"a9ef48bb-8758-4590-a312-d4a47bfaded4","userPrincipalName":"Daniel@dtdemocspcustomer005.onmicrosoft.com"}"#;
    assert_eq!(
        call.response(200, user.to_vec(), -1.0, None, None, None, 1.0e12, 0),
        ""
    );
    let mut call = start(7, Some("ada@contoso.com"), "null").unwrap();
    request(&mut call);
    let body = br#"{"code":60002,"description":"User not found"}"#;
    let d =
        json::parse(&call.response(404, body.to_vec(), -1.0, None, None, None, 1.0e12, 0)).unwrap();
    let e = d.get("error").unwrap();
    assert_eq!(
        (text(e, "kind"), text(e, "reason")),
        ("api", "userNotFound")
    );
    assert_eq!(text(&d, "decision"), "giveUp");
    assert!(matches!(start(7, None, "null"), Err(Error::InvalidInput(e)) if e.field == "userId"));
}
