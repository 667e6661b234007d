//! Any status, headers and body through every decoder: never a panic, and what decodes
//! re-encodes to the same value.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use partner_center_licenses::endpoint::{
    Endpoint, ListLicenses, ListSubscribedSkus, UpdateLicenses, decode_error,
};
use partner_center_licenses::http::HttpResponse;

#[derive(Arbitrary, Debug)]
struct Input {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn round_trips<T>(value: &T)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = serde_json::to_string(value).expect("a decoded value re-encodes");
    let again: T = serde_json::from_str(&text).expect("a re-encoded value decodes");
    assert_eq!(&again, value);
}

fn check_error(e: &partner_center_licenses::Error) {
    let shown = e.to_string();
    assert!(!shown.is_empty());
    // Snippets are bounded whatever the body: the message stays small.
    assert!(shown.len() < 4096, "{} bytes", shown.len());
}

fuzz_target!(|input: Input| {
    let resp = HttpResponse::new(input.status, input.headers, input.body);
    match ListLicenses::decode(&resp) {
        Ok(v) => round_trips(&v),
        Err(e) => check_error(&e),
    }
    match ListSubscribedSkus::decode(&resp) {
        Ok(v) => round_trips(&v),
        Err(e) => check_error(&e),
    }
    match UpdateLicenses::decode(&resp) {
        Ok(v) => round_trips(&v),
        Err(e) => check_error(&e),
    }
    let e = decode_error(&resp);
    assert_eq!(e.status(), Some(input.status));
    check_error(&e);
});
