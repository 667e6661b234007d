//! The seed documents' examples, verbatim, through the core.

mod common;

use common::{parse_message, seed_response, seed_text};
use partner_center_licenses::endpoint::{CallContext, Endpoint, ListLicenses, UpdateLicenses};
use partner_center_licenses::model::LicenseUpdate;
use partner_center_licenses::*;

#[test]
fn get_licenses_200_decodes_verbatim() {
    let resp = seed_response("get-licenses.200.http");
    let licenses = ListLicenses::decode(&resp).unwrap();
    assert_eq!(licenses.total_count, 1);
    assert_eq!(licenses.items.len(), 1);
    let l = &licenses.items[0];
    assert_eq!(l.product_sku.name, "Enterprise Mobility + Security E3");
    assert_eq!(l.product_sku.sku_part_number, "EMS");
    assert_eq!(
        l.product_sku.id.to_string(),
        "efccb6f7-5641-4e0e-bd10-b4976e1bf68e"
    );
    assert_eq!(l.product_sku.license_group_id, LicenseGroup::Group1);
    assert_eq!(l.service_plans.len(), 5);
    assert_eq!(l.service_plans[0].service_name, "RMS_S_PREMIUM");
    assert_eq!(
        l.service_plans[0].capability_status.as_deref(),
        Some("Assigned")
    );
    assert_eq!(
        l.attributes.as_ref().and_then(|a| a.object_type.as_deref()),
        Some("License")
    );
    assert_eq!(
        licenses
            .attributes
            .as_ref()
            .and_then(|a| a.object_type.as_deref()),
        Some("Collection")
    );
}

#[test]
fn get_licenses_request_matches_the_seed() {
    let seed = parse_message(&seed_text("get-licenses.request.http"));
    let config = ClientConfig::new("https://api.partnercenter.microsoft.com")
        .unwrap()
        .with_locale("en-US")
        .unwrap();
    let token = AccessToken::new("tok").unwrap();
    let call = CallContext {
        token: &token,
        request_id: Guid::parse("68e50b00-e1ff-422a-a293-158617463d41").unwrap(),
        correlation_id: Guid::parse("813f15b3-eb18-4709-b2f3-668d62babf91").unwrap(),
    };
    let req = ListLicenses {
        customer: CustomerId::parse("0c39d6d5-c70d-4c55-bc02-f620844f3fd1").unwrap(),
        user: UserId::parse("482e2152-4b49-48ec-b715-823365ce3d4c").unwrap(),
        groups: vec![],
    }
    .to_request(&config, &call);
    assert_eq!(
        seed.first_line,
        format!("{} {} HTTP/1.1", req.method.as_str(), req.url)
    );
    for (name, value) in &seed.headers {
        match name.as_str() {
            "Host" => continue,
            "Authorization" => assert_eq!(req.header(name), Some("Bearer tok")),
            _ => assert_eq!(req.header(name), Some(value.as_str()), "{name}"),
        }
    }
}

#[test]
fn assign_request_body_from_the_seed_decodes_and_round_trips() {
    let seed = parse_message(&seed_text("assign.request.http"));
    // PascalCase, as the documented example sends it.
    let update: LicenseUpdate = serde_json::from_str(&seed.body).unwrap();
    assert_eq!(update.assignments().len(), 1);
    assert_eq!(
        update.assignments()[0].sku_id.to_string(),
        "f8a1db68-be16-40ed-86d5-cb42ce701560"
    );
    assert_eq!(update.assignments()[0].excluded_plans, None);
    assert!(update.removals().is_empty());

    let config = ClientConfig::new("https://api.partnercenter.microsoft.com").unwrap();
    let token = AccessToken::new("tok").unwrap();
    let call = CallContext {
        token: &token,
        request_id: Guid::parse("a37d3009-665d-4e12-b76e-1aa10cf80140").unwrap(),
        correlation_id: Guid::parse("c73c9570-c352-459e-98a3-dafe4bd8c821").unwrap(),
    };
    let ep = UpdateLicenses::new(
        CustomerId::parse("0c39d6d5-c70d-4c55-bc02-f620844f3fd1").unwrap(),
        UserId::parse("554526aa-cf5e-46fa-95df-98dbc55d8a1e").unwrap(),
        update.clone(),
    )
    .unwrap();
    let req = ep.to_request(&config, &call);
    assert_eq!(
        seed.first_line,
        format!("{} {} HTTP/1.1", req.method.as_str(), req.url)
    );
    for name in ["Accept", "MS-RequestId", "MS-CorrelationId", "Content-Type"] {
        let want = seed.headers.iter().find(|(n, _)| n == name).unwrap();
        assert_eq!(req.header(name), Some(want.1.as_str()), "{name}");
    }
    let sent: LicenseUpdate = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(sent.licenses_to_assign, update.licenses_to_assign);
    let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["attributes"]["objectType"], "LicenseUpdate");
    assert_eq!(
        body["licensesToAssign"][0]["skuId"],
        "f8a1db68-be16-40ed-86d5-cb42ce701560"
    );
}

#[test]
fn assign_201_decodes_verbatim() {
    let resp = seed_response("assign.201.http");
    let echo = UpdateLicenses::decode(&resp).unwrap();
    assert_eq!(echo.assignments().len(), 1);
    assert_eq!(echo.license_warnings, Some(vec![]));
}

fn api_error(name: &str) -> ApiError {
    match UpdateLicenses::decode(&seed_response(name)).unwrap_err() {
        Error::Api(e) => *e,
        other => panic!("{name}: expected an API error, got {other:?}"),
    }
}

#[test]
fn out_of_licenses_400_60012_verbatim() {
    let e = api_error("assign.400-60012.http");
    assert_eq!(e.status, 400);
    assert_eq!(e.code.as_deref(), Some("60012"));
    assert_eq!(e.reason, ErrorReason::OutOfLicenses);
    assert!(
        e.description
            .as_deref()
            .unwrap()
            .contains("run out of licenses")
    );
    assert!(e.data[0].starts_with("LicenseQuotaExceededException"));
    assert_eq!(e.source.as_deref(), Some("PartnerFD"));
    assert_eq!(
        e.request_id.as_deref(),
        Some("f4f3b748-8b22-4d07-a5a1-dceb32824192")
    );
    assert_eq!(
        e.correlation_id.as_deref(),
        Some("c73c9570-c352-459e-98a3-dafe4bd8c821")
    );
}

/// The documented error examples get hints that say what to do; the 60012 one names the
/// SKU its `data` line names (the whole 174-character line is kept).
#[test]
fn seed_errors_get_hints() {
    let e = api_error("assign.400-60012.http");
    assert!(e.data[0].ends_with("does not have any available licenses left."));
    let h = partner_center_licenses::hint(&Error::Api(Box::new(e)), &[]);
    assert!(
        h.contains("no units left of SKU f8a1db68-be16-40ed-86d5-cb42ce701560: free units"),
        "{h}"
    );
    let h = partner_center_licenses::hint(
        &Error::Api(Box::new(api_error("assign.400-900316.http"))),
        &[],
    );
    assert!(
        h.contains("App+User") && h.contains("docs/tokens.md"),
        "{h}"
    );
    let h = partner_center_licenses::hint(
        &Error::Api(Box::new(api_error("assign.403-900309.http"))),
        &[],
    );
    assert!(h.contains("Conditional Access"), "{h}");
}

#[test]
fn partner_token_400_900316_verbatim() {
    let e = api_error("assign.400-900316.http");
    assert_eq!((e.status, e.code.as_deref()), (400, Some("900316")));
    assert_eq!(e.reason, ErrorReason::PartnerTokenNotAllowed);
    assert!(e.data.is_empty());
}

#[test]
fn conditional_access_403_900309_verbatim() {
    let e = api_error("assign.403-900309.http");
    assert_eq!((e.status, e.code.as_deref()), (403, Some("900309")));
    assert_eq!(e.reason, ErrorReason::ConditionalAccessBlocked);
    assert_eq!(
        e.request_id.as_deref(),
        Some("f0caf048-380c-4d6f-968a-3ccce01e11c1")
    );
}
