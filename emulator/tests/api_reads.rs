//! The two read endpoints over loopback: the documented example user, both license groups,
//! user ids as UPNs, subscribed SKUs with consistent units.

mod common;

use common::*;
use serde_json::json;

const C: &str = ids::CUSTOMER_CONTOSO;

#[tokio::test]
async fn get_example_user_has_ems_and_default_group_is_group1() {
    let e = emulator().await;
    let r = e.get(&licenses_path(C, ids::USER_GRACE)).await;
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let v = r.json();
    assert_eq!(v["attributes"]["objectType"], "Collection");
    assert_eq!(v["totalCount"], 3);
    let skus = sku_ids(&v, "/productSku/id");
    assert!(skus.contains(&ids::SKU_EMS_E3.to_owned()));
    let ems = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["productSku"]["id"] == ids::SKU_EMS_E3)
        .unwrap();
    assert_eq!(ems["productSku"]["skuPartNumber"], "EMS");
    assert_eq!(ems["productSku"]["licenseGroupId"], "group1");
    assert_eq!(ems["attributes"]["objectType"], "License");
    assert!(
        ems["servicePlans"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["serviceName"] == "RMS_S_PREMIUM" && p["capabilityStatus"] == "Assigned")
    );

    // Katherine: Business Basic (group1) and Minecraft (group2).
    let k = |q: &str| format!("{}{q}", licenses_path(C, ids::USER_KATHERINE));
    assert_eq!(
        sku_ids(&e.get(&k("")).await.json(), "/productSku/id"),
        vec![ids::SKU_BUSINESS_BASIC]
    );
    assert_eq!(
        sku_ids(
            &e.get(&k("?licenseGroupIds=Group2")).await.json(),
            "/productSku/id"
        ),
        vec![ids::SKU_MINECRAFT_STUDENT]
    );
    let both = e
        .get(&k("?licenseGroupIds=Group1&licenseGroupIds=Group2"))
        .await
        .json();
    assert_eq!(both["totalCount"], 2);
    let g2 = e.get(&k("?licenseGroupIds=group2")).await.json();
    assert_eq!(g2["items"][0]["productSku"]["licenseGroupId"], "group2");
    // A user with nothing: an empty collection.
    let none = e.get(&licenses_path(C, ids::USER_BARBARA)).await.json();
    assert_eq!(none["totalCount"], 0);
    assert_eq!(none["items"], json!([]));
}

#[tokio::test]
async fn upn_user_ids_work_percent_encoded() {
    let e = emulator().await;
    let r = e
        .get(&licenses_path(C, "GRACE%40contoso.onmicrosoft.com"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["totalCount"], 3);
    let r = e
        .post(
            &updates_path(C, &ids::generated_upn(7).replace('@', "%40")),
            &assign_body(&[ids::SKU_O365_E3]),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let l = e
        .get(&licenses_path(C, &ids::generated_user(7)))
        .await
        .json();
    assert_eq!(l["totalCount"], 1);
}

#[tokio::test]
async fn subscribed_skus_by_group_with_consistent_units() {
    let e = emulator().await;
    let g1 = e.get(&skus_path(C)).await.json();
    assert_eq!(g1["totalCount"], 7);
    let g2 = e
        .get(&format!("{}?licenseGroupIds=Group2", skus_path(C)))
        .await
        .json();
    assert_eq!(
        sku_ids(&g2, "/productSku/id"),
        vec![ids::SKU_MINECRAFT_STUDENT, ids::SKU_MINECRAFT_FACULTY]
    );
    let all = e
        .get(&format!(
            "{}?licenseGroupIds=Group1&licenseGroupIds=Group2",
            skus_path(C)
        ))
        .await
        .json();
    assert_eq!(all["totalCount"], 9);
    for s in all["items"].as_array().unwrap() {
        let n = |k: &str| s[k].as_i64().unwrap();
        assert_eq!(
            n("availableUnits"),
            n("totalUnits") - n("consumedUnits"),
            "{s}"
        );
        assert_eq!(n("totalUnits"), n("activeUnits") + n("warningUnits"));
        assert_eq!(s["attributes"]["objectType"], "SubscribedSku");
        assert!(!s["servicePlans"].as_array().unwrap().is_empty());
    }
    let avail = |id: &str| {
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["productSku"]["id"] == id)
            .unwrap()["availableUnits"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(avail(ids::SKU_BUSINESS_PREMIUM), 1);
    assert_eq!(avail(ids::SKU_EXCHANGE_P1), 0);
}
