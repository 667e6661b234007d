//! Request builders: exact URL, query, headers and body, the bad field of an update named,
//! and the update body byte for byte what serde writes for the model.

mod common;

use common::{CORR, CUSTOMER, E3, EMS, REQ, USER};
use partner_center_licenses::endpoint::{
    CallContext, Endpoint, ListLicenses, ListSubscribedSkus, UpdateLicenses, UpdateLicensesInput,
};
use partner_center_licenses::http::Method;
use partner_center_licenses::*;

fn call(token: &AccessToken) -> CallContext<'_> {
    CallContext {
        token,
        request_id: Guid::parse(REQ).unwrap(),
        correlation_id: Guid::parse(CORR).unwrap(),
    }
}

fn config() -> ClientConfig {
    ClientConfig::new("http://127.0.0.1:7070/")
        .unwrap()
        .with_locale("en-GB")
        .unwrap()
        .with_application_name("Contoso Admin 1.2")
        .unwrap()
}

#[test]
fn list_licenses_request() {
    let token = AccessToken::new("secret-token").unwrap();
    let req = ListLicenses {
        customer: CustomerId::parse(CUSTOMER).unwrap(),
        user: UserId::parse("ada@contoso.onmicrosoft.com").unwrap(),
        groups: vec![
            LicenseGroup::Group1,
            LicenseGroup::Group2,
            LicenseGroup::Group1,
        ],
    }
    .to_request(&config(), &call(&token));
    assert_eq!(req.method, Method::Get);
    assert_eq!(
        req.url,
        format!(
            "http://127.0.0.1:7070/v1/customers/{CUSTOMER}/users/ada%40contoso.onmicrosoft.com/licenses?licenseGroupIds=Group1&licenseGroupIds=Group2"
        )
    );
    assert!(req.url.ends_with(&req.path));
    let expected = [
        ("Authorization", "Bearer secret-token"),
        ("Accept", "application/json"),
        ("MS-RequestId", REQ),
        ("MS-CorrelationId", CORR),
        ("MS-Contract-Version", "v1"),
        ("MS-PartnerCenter-Client", "partner-center-licenses/0.1.0"),
        ("X-Locale", "en-GB"),
        ("MS-PartnerCenter-Application", "Contoso Admin 1.2"),
    ];
    assert_eq!(req.headers.len(), expected.len(), "{:?}", req.headers);
    for (n, v) in expected {
        assert_eq!(req.header(n), Some(v), "{n}");
    }
    assert_eq!(req.header("content-type"), None);
    assert_eq!(req.body, None);
    // Debug never shows the token.
    let dbg = format!("{req:?}");
    assert!(!dbg.contains("secret-token"), "{dbg}");
    assert!(dbg.contains("<redacted>"));
}

#[test]
fn list_licenses_without_filter_has_no_query() {
    let token = AccessToken::new("t").unwrap();
    let req = ListLicenses {
        customer: CustomerId::parse(CUSTOMER).unwrap(),
        user: UserId::parse(USER).unwrap(),
        groups: vec![],
    }
    .to_request(
        &ClientConfig::new("https://api.partnercenter.microsoft.com").unwrap(),
        &call(&token),
    );
    assert_eq!(
        req.url,
        format!(
            "https://api.partnercenter.microsoft.com/v1/customers/{CUSTOMER}/users/{USER}/licenses"
        )
    );
    assert_eq!(req.header("X-Locale"), None);
    assert_eq!(req.header("MS-PartnerCenter-Application"), None);
}

#[test]
fn subscribed_skus_request() {
    let token = AccessToken::new("t").unwrap();
    let req = ListSubscribedSkus {
        customer: CustomerId::parse(CUSTOMER).unwrap(),
        groups: vec![LicenseGroup::Group2],
    }
    .to_request(&config(), &call(&token));
    assert_eq!(req.method, Method::Get);
    assert_eq!(
        req.url,
        format!(
            "http://127.0.0.1:7070/v1/customers/{CUSTOMER}/subscribedskus?licenseGroupIds=Group2"
        )
    );
    assert_eq!(
        req.path,
        format!("/v1/customers/{CUSTOMER}/subscribedskus?licenseGroupIds=Group2")
    );
}

#[test]
fn pinned_correlation_id_wins() {
    let token = AccessToken::new("t").unwrap();
    let pinned = Guid::parse("abcdefab-cdef-4bcd-8fab-cdefabcdefab").unwrap();
    let req = ListSubscribedSkus {
        customer: CustomerId::parse(CUSTOMER).unwrap(),
        groups: vec![],
    }
    .to_request(&config().with_correlation_id(pinned), &call(&token));
    assert_eq!(
        req.header("MS-CorrelationId"),
        Some("abcdefab-cdef-4bcd-8fab-cdefabcdefab")
    );
    assert_eq!(req.header("MS-RequestId"), Some(REQ));
}

#[test]
fn update_licenses_request() {
    let token = AccessToken::new("t").unwrap();
    let update = UpdateLicensesInput {
        assign: vec![partner_center_licenses::endpoint::AssignInput {
            sku_id: E3.into(),
            excluded_plans: Some(vec!["bea4c11e-220a-4e6d-8eb8-8ea15d019f90".into()]),
        }],
        remove: vec![EMS.into()],
    }
    .into_update()
    .unwrap();
    let ep = UpdateLicenses::new(
        CustomerId::parse(CUSTOMER).unwrap(),
        UserId::parse(USER).unwrap(),
        update,
    )
    .unwrap();
    let req = ep.to_request(&config(), &call(&token));
    assert_eq!(req.method, Method::Post);
    assert_eq!(
        req.url,
        format!("http://127.0.0.1:7070/v1/customers/{CUSTOMER}/users/{USER}/licenseupdates")
    );
    assert_eq!(req.header("Content-Type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "licensesToAssign": [{ "skuId": E3, "excludedPlans": ["bea4c11e-220a-4e6d-8eb8-8ea15d019f90"] }],
            "licensesToRemove": [EMS],
            "attributes": { "objectType": "LicenseUpdate" }
        })
    );
}

#[test]
fn update_input_names_the_bad_field() {
    let bad = |input: UpdateLicensesInput| input.into_update().unwrap_err().field;
    assert_eq!(
        bad(UpdateLicensesInput {
            assign: vec![partner_center_licenses::endpoint::AssignInput {
                sku_id: "nope".into(),
                excluded_plans: None
            }],
            remove: vec![]
        }),
        "assign[0].skuId"
    );
    assert_eq!(
        bad(UpdateLicensesInput {
            assign: vec![partner_center_licenses::endpoint::AssignInput {
                sku_id: E3.into(),
                excluded_plans: Some(vec![E3.into(), "x/../y".into()])
            }],
            remove: vec![]
        }),
        "assign[0].excludedPlans[1]"
    );
    assert_eq!(
        bad(UpdateLicensesInput {
            assign: vec![],
            remove: vec![EMS.into(), "".into()]
        }),
        "remove[1]"
    );
}

/// The request body the core writes by hand is byte for byte what serde writes for the
/// model (so the model stays the one description of the JSON).
#[test]
fn update_body_is_what_serde_writes_for_the_model() {
    use partner_center_licenses::endpoint::request_body;
    use partner_center_licenses::model::{Attributes, LicenseAssignment, LicenseUpdate};
    let sku =
        partner_center_licenses::SkuId::parse("6fd2c87f-b296-42f0-b197-1e91e994b900").unwrap();
    let plan =
        partner_center_licenses::PlanId::parse("a23b959c-7ce8-4e57-9140-b90eb88a9e97").unwrap();
    let other =
        partner_center_licenses::SkuId::parse("18181a46-0d4e-45cd-891e-60aabd171b4e").unwrap();
    for update in [
        LicenseUpdate {
            licenses_to_assign: Some(vec![
                LicenseAssignment {
                    sku_id: sku,
                    excluded_plans: Some(vec![plan, plan]),
                },
                LicenseAssignment {
                    sku_id: other,
                    excluded_plans: None,
                },
            ]),
            licenses_to_remove: None,
            license_warnings: None,
            attributes: Attributes::of("LicenseUpdate"),
        },
        LicenseUpdate {
            licenses_to_assign: None,
            licenses_to_remove: Some(vec![sku, other]),
            license_warnings: None,
            attributes: None,
        },
        LicenseUpdate {
            licenses_to_assign: Some(vec![LicenseAssignment {
                sku_id: sku,
                excluded_plans: Some(vec![]),
            }]),
            licenses_to_remove: Some(vec![other]),
            license_warnings: None,
            attributes: Attributes::of("LicenseUpdate"),
        },
    ] {
        assert_eq!(
            request_body(&update),
            serde_json::to_string(&update).unwrap()
        );
    }
}
