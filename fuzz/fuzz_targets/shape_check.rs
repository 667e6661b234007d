//! Differential: the wasm shell's one-pass shape check (`shape::check`) and the typed serde
//! decoders (`Endpoint::decode`) must accept exactly the same success bodies (the one
//! intended difference: serde's derive also reads a JSON array positionally), and the check
//! never panics, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_center_licenses::endpoint::{ListLicenses, ListSubscribedSkus, UpdateLicenses};
use partner_center_licenses::http::HttpResponse;
use partner_center_licenses::shape::Shaped;

fn agree<E: Shaped>(status: u16, body: &[u8]) {
    let resp = HttpResponse::new(status, vec![], body.to_vec());
    let decoded = E::decode(&resp);
    let checked = E::check(&resp);
    if let (Ok(_), Err(e)) = (&decoded, &checked) {
        if e.to_string().contains("expected an object") {
            return;
        }
    }
    assert_eq!(
        decoded.is_ok(),
        checked.is_ok(),
        "decode {:?} vs check {:?} on {:?}",
        decoded.as_ref().err(),
        checked.as_ref().err(),
        String::from_utf8_lossy(body)
    );
}

fuzz_target!(|body: &[u8]| {
    agree::<ListLicenses>(200, body);
    agree::<ListSubscribedSkus>(200, body);
    agree::<UpdateLicenses>(201, body);
});
