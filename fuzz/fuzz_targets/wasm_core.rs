//! The wasm core as the driver calls it, natively: any options, arguments, token, status,
//! headers and body through `Core` and `Call` — never a panic (a panic in the `.wasm` is a
//! trap), every reply is JSON the driver can read, and no reply holds the token.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use partner_center_licenses::json::{self, Json};
use pcl_client::Core;

#[derive(Arbitrary, Debug)]
struct Input {
    options: Option<String>,
    token_type: u8,
    op: u8,
    customer: Option<String>,
    user: Option<String>,
    data: Option<String>,
    signal_ok: bool,
    provider_token: Option<String>,
    attempts: Vec<Attempt>,
}

#[derive(Arbitrary, Debug)]
struct Attempt {
    status: u16,
    body: Vec<u8>,
    declared: i32,
    request_id: Option<String>,
    retry_after: Option<String>,
    now: u32,
    random: u32,
    failure: Option<(u8, String)>,
}

const TOKEN: &str = "SECRET-MARKER-TOKEN-0123456789";

fn readable(reply: &str) -> Json {
    assert!(!reply.contains(TOKEN), "token in {reply}");
    json::parse(reply).unwrap_or_else(|e| panic!("{e}: {reply}"))
}

fuzz_target!(|input: Input| {
    let token_type = ["string", "function", "credential", "number"][usize::from(input.token_type % 4)];
    let core = match Core::checked(input.options.as_deref(), token_type, Some(TOKEN.to_owned()), "undefined") {
        Ok(c) => c,
        Err(e) => {
            assert!(!e.text().contains(TOKEN));
            return;
        }
    };
    // Ops 0-7 (Op::parse): the license calls, then a users page (5 and 6), getUser. A users
    // page as the driver runs it (half the time): `data` the listUsers options (5) or a link
    // (6), read and checked by what the bulk module runs (`ListUsers::from_json`,
    // `NextPage::from_json`), its checked form handed to the core; else as it is.
    let mut data = input.data.clone();
    if input.op % 8 == 5 && input.op & 8 == 0 {
        let customer = input.customer.as_deref().map(partner_center_licenses::CustomerId::parse);
        let Some(Ok(customer)) = customer else { return };
        match partner_center_licenses::endpoint::ListUsers::from_json(customer, data.as_deref().unwrap_or("null")) {
            Ok(list) => data = Some(partner_center_licenses::endpoint::NextPage::from(&list).to_checked_json()),
            Err(_) => return,
        }
    }
    if input.op % 8 == 6 && input.op & 8 == 0 {
        let config = partner_center_licenses::ClientConfig::new(&core.base_url());
        let customer = input.customer.as_deref().map(partner_center_licenses::CustomerId::parse);
        let (Ok(config), Some(Ok(customer))) = (config, customer) else { return };
        match partner_center_licenses::endpoint::NextPage::from_json(&config, &customer, data.as_deref().unwrap_or_default()) {
            Ok(page) => data = Some(page.to_checked_json()),
            Err(_) => return,
        }
    }
    let mut call = match core.begin(
        input.op % 8,
        input.customer.as_deref(),
        input.user.as_deref(),
        data.as_deref(),
        input.signal_ok,
        &[7; 32],
        1.0e12,
    ) {
        Ok(call) => call,
        // Refused input quotes what it was given (which the fuzzer may fill with the token).
        Err(_) => return,
    };
    let token = if token_type == "string" { None } else { Some([TOKEN, input.provider_token.as_deref().unwrap_or("")].concat()) };
    for a in input.attempts.iter().take(4) {
        match call.request(token.clone()) {
            Ok(req) => {
                let r = json::parse(&req).expect("a request is JSON");
                assert!(r.get("url").and_then(Json::as_str).is_some());
            }
            Err(e) => {
                readable(&e);
                return;
            }
        }
        let now = 1.0e12 + f64::from(a.now);
        let reply = match &a.failure {
            Some((kind, message)) => call.failure(*kind, message, now, a.random),
            None => call.response(a.status, a.body.clone(), f64::from(a.declared), a.request_id.clone(), None, a.retry_after.clone(), now, a.random),
        };
        if reply.is_empty() {
            return;
        }
        let d = readable(&reply);
        assert!(d.get("error").and_then(|e| e.get("kind")).is_some(), "{reply}");
        if d.get("decision").and_then(Json::as_str) == Some("giveUp") {
            return;
        }
    }
});
