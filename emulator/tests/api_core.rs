//! The core's request builders and decoders against the emulator over loopback.

mod common;

use common::*;

const C: &str = ids::CUSTOMER_CONTOSO;

#[tokio::test]
async fn core_requests_and_decoders_against_the_emulator() {
    use partner_center_licenses::endpoint::{
        CallContext, Endpoint, ListLicenses, ListSubscribedSkus, UpdateLicenses,
    };
    use partner_center_licenses::model::{LicenseAssignment, LicenseUpdate};
    use partner_center_licenses::*;
    let e = emulator().await;
    let config = ClientConfig::new(&e.emu.url())
        .unwrap()
        .with_locale("en-US")
        .unwrap();
    let token = AccessToken::new(&e.token).unwrap();
    let call = CallContext {
        token: &token,
        request_id: Guid::from_random_bytes([7; 16]),
        correlation_id: Guid::from_random_bytes([8; 16]),
    };
    let customer = CustomerId::parse(C).unwrap();
    let skus = ListSubscribedSkus {
        customer,
        groups: vec![LicenseGroup::Group1, LicenseGroup::Group2],
    };
    let got = ListSubscribedSkus::decode(&e.send(&skus.to_request(&config, &call)).await).unwrap();
    assert_eq!(got.total_count, 9);
    let update = LicenseUpdate {
        licenses_to_assign: Some(vec![LicenseAssignment {
            sku_id: SkuId::parse(ids::SKU_MINECRAFT_FACULTY).unwrap(),
            excluded_plans: None,
        }]),
        ..Default::default()
    };
    let up = UpdateLicenses::new(
        customer,
        UserId::parse("ada@contoso.onmicrosoft.com").unwrap(),
        update,
    )
    .unwrap();
    let echo = UpdateLicenses::decode(&e.send(&up.to_request(&config, &call)).await).unwrap();
    assert_eq!(echo.assignments().len(), 1);
    let list = ListLicenses {
        customer,
        user: UserId::parse(ids::USER_ADA).unwrap(),
        groups: vec![LicenseGroup::Group2],
    };
    let got = ListLicenses::decode(&e.send(&list.to_request(&config, &call)).await).unwrap();
    assert_eq!(got.items[0].product_sku.sku_part_number, "MEE_FACULTY");
    // Errors decode to the typed reasons.
    let none = ListLicenses {
        customer: CustomerId::parse(ids::CUSTOMER_NORTHWIND).unwrap(),
        user: UserId::parse(ids::USER_NANCY).unwrap(),
        groups: vec![],
    };
    let err = ListLicenses::decode(&e.send(&none.to_request(&config, &call)).await).unwrap_err();
    assert_eq!(err.reason(), Some(ErrorReason::CustomerNotFound));
    let full = LicenseUpdate {
        licenses_to_assign: Some(vec![LicenseAssignment {
            sku_id: SkuId::parse(ids::SKU_EXCHANGE_P1).unwrap(),
            excluded_plans: None,
        }]),
        ..Default::default()
    };
    let up =
        UpdateLicenses::new(customer, UserId::parse(ids::USER_BARBARA).unwrap(), full).unwrap();
    let call2 = CallContext {
        request_id: Guid::from_random_bytes([9; 16]),
        ..call.clone()
    };
    let err = UpdateLicenses::decode(&e.send(&up.to_request(&config, &call2)).await).unwrap_err();
    assert_eq!(err.reason(), Some(ErrorReason::OutOfLicenses));
    assert_eq!(
        err.request_id(),
        Some(call2.request_id.to_string().as_str())
    );
    let mixed = LicenseUpdate {
        licenses_to_assign: Some(vec![
            LicenseAssignment {
                sku_id: SkuId::parse(ids::SKU_O365_E3).unwrap(),
                excluded_plans: None,
            },
            LicenseAssignment {
                sku_id: SkuId::parse(ids::SKU_MINECRAFT_STUDENT).unwrap(),
                excluded_plans: None,
            },
        ]),
        ..Default::default()
    };
    let up =
        UpdateLicenses::new(customer, UserId::parse(ids::USER_BARBARA).unwrap(), mixed).unwrap();
    let call3 = CallContext {
        request_id: Guid::from_random_bytes([10; 16]),
        ..call.clone()
    };
    let err = UpdateLicenses::decode(&e.send(&up.to_request(&config, &call3)).await).unwrap_err();
    assert_eq!(err.reason(), Some(ErrorReason::MixedLicenseGroups));
}
