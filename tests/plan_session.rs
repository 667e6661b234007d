//! `plan::Session`: a reconcile run driven step by step over JSON text, as the bulk wasm
//! module's JavaScript driver (pkg/src/bulk.mjs) runs it.

use partner_center_licenses::ErrorKind;
use partner_center_licenses::endpoint::check_update;
use partner_center_licenses::options::update_from_json;
use partner_center_licenses::plan::{Session, desired_from_json, plan_csv_json};
use serde_json::{Value, json};

const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
const E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";
const SWAY: &str = "a23b959c-7ce8-4e57-9140-b90eb88a9e97";
const EXO: &str = "efb87545-963c-4e0d-99df-69c6916d9eb0";
const PBI: &str = "f8a1db68-be16-40ed-86d5-cb42ce701560";
const BI: &str = "70d33638-9c74-4d01-bfd3-562de28bd4ba";
const DAVE: &str = "c9a3d1a6-4b6b-4a53-8a3b-3a2d0c6c2f10";

/// The SKUs as the driver hands them over: only the fields the planner reads.
fn skus(pbi_units: i64) -> String {
    json!([
        { "availableUnits": 10, "productSku": { "id": E3, "skuPartNumber": "ENTERPRISEPACK", "licenseGroupId": "Group1" },
          "servicePlans": [{ "id": SWAY, "serviceName": "SWAY" }, { "id": EXO, "serviceName": "EXCHANGE_S_ENTERPRISE" }] },
        { "availableUnits": pbi_units, "productSku": { "id": PBI, "skuPartNumber": "POWER_BI_PRO", "licenseGroupId": "group2" },
          "servicePlans": [{ "id": BI, "serviceName": "BI_AZURE_P2" }] },
    ])
    .to_string()
}

/// A license as the driver hands it over (`productSku.id`, `servicePlans[].id`).
fn license(sku: &str, plans: &[&str]) -> Value {
    json!({ "productSku": { "id": sku }, "servicePlans": plans.iter().map(|p| json!({ "id": p })).collect::<Vec<_>>() })
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn started(desired: Value, options: &str) -> Session {
    Session::start(Some(CUSTOMER), &desired.to_string(), options).unwrap()
}

#[test]
fn start_checks_every_argument_before_anything_is_sent() {
    let ok = r#"{"ada@contoso.com":[]}"#;
    let cases = [
        (None, ok, "null", "customerId"),
        (Some("not-a-guid"), ok, "null", "customerId"),
        (Some(CUSTOMER), "null", "null", "desired"),
        (Some(CUSTOMER), r#"{"not a user":[]}"#, "null", "desired"),
        // The same user twice (ids ignore case): refused before the SKUs are even listed.
        (
            Some(CUSTOMER),
            r#"{"ada@contoso.com":[],"ADA@contoso.com":[]}"#,
            "null",
            "desired",
        ),
        (Some(CUSTOMER), ok, r#"{"concurrency":0}"#, "concurrency"),
        (Some(CUSTOMER), ok, "5", "options"),
    ];
    for (customer, desired, options, field) in cases {
        let e = Session::start(customer, desired, options).unwrap_err();
        assert!(
            e.field.starts_with(field),
            "{customer:?} {desired} {options}: {e}"
        );
    }
    let s = Session::start(
        Some(CUSTOMER),
        ok,
        r#"{"dryRun":true,"concurrency":3,"signal":{}}"#,
    )
    .unwrap();
    assert_eq!(s.options().concurrency, 3);
    assert!(s.options().dry_run);
}

#[test]
fn a_run_reads_plans_sends_free_before_assign_and_reports_errors_by_number() {
    let mut s = started(
        json!({
            "ada@contoso.com": [{ "skuId": "enterprisepack", "excludedPlans": ["sway"] }, { "skuId": PBI }],
            "bob@contoso.com": [],
            DAVE: [{ "skuId": E3 }],
            "erin@contoso.com": [{ "skuId": E3, "excludedPlans": [] }],
        }),
        "null",
    );
    let users: Vec<String> = s
        .resolve(&skus(5))
        .unwrap()
        .iter()
        .map(|u| u.to_string())
        .collect();
    assert_eq!(users.len(), 4);
    let at = |name: &str| users.iter().position(|u| u == name).unwrap();

    s.read(at("ada@contoso.com"), "[]").unwrap();
    s.read(
        at("bob@contoso.com"),
        &json!([license(E3, &[SWAY, EXO])]).to_string(),
    )
    .unwrap();
    s.read(
        at("erin@contoso.com"),
        &json!([license(E3, &[SWAY, EXO])]).to_string(),
    )
    .unwrap();
    s.read_failed(at(DAVE), 7);
    // What the driver cannot read becomes a decode error (the user is then recorded as failed).
    let e = s
        .read(at(DAVE), "[{\"productSku\":{\"id\":\"nope\"}}]")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(s.read(99, "[]").unwrap_err().kind(), ErrorKind::Decode);

    let plan = parse(&s.plan());
    assert_eq!(plan["apply"], true);
    let updates = plan["updates"].as_array().unwrap();
    // Ada: one request per license group (E3 is Group1, Power BI Group2); Bob: a removal.
    assert_eq!(updates.len(), 3, "{plan}");
    for u in updates {
        // Each update is what the client's updateLicenses takes, and passes its checks.
        let update = update_from_json(&u["update"].to_string()).unwrap();
        check_update(&update).unwrap();
    }
    let bob = updates
        .iter()
        .position(|u| u["user"] == "bob@contoso.com")
        .unwrap();
    assert_eq!(updates[bob]["phase"], "free");
    assert_eq!(updates[bob]["update"], json!({ "remove": [E3] }));
    let ada: Vec<usize> = (0..3)
        .filter(|&i| updates[i]["user"] == "ada@contoso.com")
        .collect();
    assert_eq!(ada.len(), 2);
    assert!(ada.iter().all(|&i| updates[i]["phase"] == "assign"));
    assert!(updates.iter().any(|u| u["update"] == json!({ "assign": [{ "skuId": E3, "excludedPlans": [SWAY] }] })));
    assert!(
        updates
            .iter()
            .any(|u| u["update"] == json!({ "assign": [{ "skuId": PBI, "excludedPlans": [] }] }))
    );

    s.applied(bob, None);
    s.applied(ada[0], None);
    s.applied(ada[1], Some(3));
    let report = parse(&s.finish(42));
    assert_eq!(report["applied"], true);
    assert_eq!(report["durationMs"], 42);
    let line = |user: &str| {
        report["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["user"] == user)
            .unwrap()
            .clone()
    };
    assert_eq!(line("bob@contoso.com")["outcome"], "updated");
    assert_eq!(line("bob@contoso.com").get("error"), None);
    assert_eq!(line("ada@contoso.com")["outcome"], "failed");
    assert_eq!(line("ada@contoso.com")["error"], 3);
    assert_eq!(line(DAVE)["outcome"], "failed");
    assert_eq!(line(DAVE)["error"], 7);
    assert_eq!(line("erin@contoso.com")["outcome"], "unchanged");
    assert_eq!(
        report["totals"],
        json!({ "users": 4, "unchanged": 1, "planned": 0, "updated": 1, "failed": 2, "invalid": 0,
                "updatesPlanned": 3, "updatesSucceeded": 2, "updatesFailed": 1 })
    );
    let e3 = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["sku"] == E3)
        .unwrap();
    assert_eq!(
        (
            e3["needed"].as_u64(),
            e3["used"].as_u64(),
            e3["freed"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
}

#[test]
fn problems_and_dry_runs_send_nothing() {
    // A SKU not subscribed (Carol), and more Power BI units needed than there are.
    let desired = json!({
        "ada@contoso.com": [{ "skuId": "POWER_BI_PRO" }],
        "bob@contoso.com": [{ "skuId": "POWER_BI_PRO" }],
        "carol@contoso.com": [{ "skuId": "NOT_A_SKU" }],
    });
    let mut s = started(desired.clone(), "null");
    let users: Vec<String> = s
        .resolve(&skus(1))
        .unwrap()
        .iter()
        .map(|u| u.to_string())
        .collect();
    assert_eq!(users.len(), 2, "Carol is invalid, not read");
    for i in 0..users.len() {
        s.read(i, "[]").unwrap();
    }
    let plan = parse(&s.plan());
    assert_eq!(plan["apply"], false);
    assert_eq!(plan["updates"].as_array().unwrap().len(), 2);
    let report = parse(&s.finish(0));
    let kinds: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["skuNotSubscribed", "notEnoughUnits"]);
    assert_eq!(report["totals"]["planned"], 2);
    assert_eq!(report["totals"]["invalid"], 1);
    assert_eq!(report["applied"], false);

    let mut dry = started(
        json!({ "ada@contoso.com": [{ "skuId": E3 }] }),
        r#"{"dryRun":true}"#,
    );
    dry.resolve(&skus(1)).unwrap();
    dry.read(0, "[]").unwrap();
    let plan = parse(&dry.plan());
    assert_eq!(
        (
            plan["apply"].as_bool(),
            plan["updates"].as_array().map(Vec::len)
        ),
        (Some(false), Some(1))
    );
    let report = parse(&dry.finish(1));
    assert_eq!(
        (
            report["dryRun"].as_bool(),
            report["totals"]["planned"].as_u64()
        ),
        (Some(true), Some(1))
    );
}

#[test]
fn resolve_refuses_bad_input_and_unreadable_skus() {
    let mut sku_twice = started(
        json!({ "ada@contoso.com": [{ "skuId": E3 }, { "skuId": "ENTERPRISEPACK" }] }),
        "null",
    );
    assert_eq!(
        sku_twice.resolve(&skus(1)).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    let mut bad = started(json!({ "ada@contoso.com": [] }), "null");
    assert_eq!(
        bad.resolve(r#"[{"productSku":{"id":"x"}}]"#)
            .unwrap_err()
            .kind(),
        ErrorKind::Decode
    );
}

#[test]
fn a_csv_plan_becomes_the_json_reconcile_takes() {
    let json = plan_csv_json("userId,skuId,excludedPlans\nada@contoso.com,ENTERPRISEPACK,SWAY;EXCHANGE_S_ENTERPRISE\nbob@contoso.com,,\n").unwrap();
    assert_eq!(
        parse(&json),
        json!({ "ada@contoso.com": [{ "skuId": "ENTERPRISEPACK", "excludedPlans": ["SWAY", "EXCHANGE_S_ENTERPRISE"] }], "bob@contoso.com": [] })
    );
    assert_eq!(desired_from_json(&json).unwrap().len(), 2);
    let e = plan_csv_json("user,sku\nada@contoso.com,X\nada@contoso.com,x\n").unwrap_err();
    assert_eq!(e.field, "plan file line 3");
}

#[test]
fn a_user_recorded_as_failed_after_a_read_is_reported_once_and_not_planned() {
    let mut s = started(json!({ "ada@contoso.com": [{ "skuId": E3 }] }), "null");
    s.resolve(&skus(1)).unwrap();
    s.read(0, "[]").unwrap();
    s.read_failed(0, 5);
    let plan = parse(&s.plan());
    assert_eq!(plan["updates"], json!([]));
    let report = parse(&s.finish(0));
    assert_eq!(
        report["users"],
        json!([{ "user": "ada@contoso.com", "outcome": "failed", "assigned": [], "removed": [], "changed": [], "error": 5 }])
    );
}

#[test]
fn the_every_user_row_is_expanded_from_the_users_listed_and_explicit_rows_win() {
    let mut s = started(
        json!({ "*": [{ "skuId": "ENTERPRISEPACK", "excludedPlans": ["SWAY"] }], "ADA@contoso.com": [] }),
        "null",
    );
    assert!(s.needs_users());
    let users = json!([
        { "id": "b0000000-0000-4000-8000-000000000001", "userPrincipalName": "ada@contoso.com" },
        { "id": "b0000000-0000-4000-8000-000000000002", "userPrincipalName": "bob@contoso.com", "displayName": "Bob" },
    ]);
    assert!(s.every_user("{}").is_err());
    s.every_user(&users.to_string()).unwrap();
    assert!(!s.needs_users());
    let to_read: Vec<String> = s
        .resolve(&skus(5))
        .unwrap()
        .iter()
        .map(|u| u.to_string())
        .collect();
    assert_eq!(to_read, ["ADA@contoso.com", "bob@contoso.com"]);
    s.read(0, "[]").unwrap();
    s.read(1, "[]").unwrap();
    let plan = parse(&s.plan());
    // Ada holds nothing and should: no update; Bob gets E3 without Sway.
    assert_eq!(plan["updates"].as_array().unwrap().len(), 1);
    assert_eq!(plan["updates"][0]["user"], "bob@contoso.com");
    assert_eq!(
        plan["updates"][0]["update"]["assign"][0]["excludedPlans"],
        json!([SWAY])
    );
    assert!(!started(json!({ "ada@contoso.com": [] }), "null").needs_users());
}
