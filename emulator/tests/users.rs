//! `GET /v1/customers/{c}/users` with seek paging over loopback: every user exactly once at
//! several page sizes, both `uri` forms, the deleted-users filter, continuation tokens bound
//! to partner + customer (and refused when expired, altered or unknown), and users changing
//! while a listing is paged.

mod common;

use std::collections::BTreeSet;

use common::users::*;
use common::*;
use partner_center_emulator::paging::{Cursor, Listing, Paging, now_secs};
use partner_center_emulator::{Config, TokenKind};
use partner_center_licenses::model::{Collection, CustomerUser};
use serde_json::{Value, json};
use uuid::Uuid;

const C: &str = ids::CUSTOMER_CONTOSO;

#[tokio::test]
async fn every_active_user_exactly_once_at_several_page_sizes() {
    let e = emulator().await;
    let mut active: Vec<String> = state_users(&e, C)
        .await
        .into_iter()
        .filter(|(_, s)| s == "active")
        .map(|(id, _)| id)
        .collect();
    active.sort();
    assert_eq!(active.len(), ids::CONTOSO_ACTIVE_USERS);
    for (size, pages_expected) in [
        (None::<u16>, 13usize),
        (Some(1), 1206),
        (Some(7), 173),
        (Some(100), 13),
        (Some(1000), 2),
    ] {
        let first = match size {
            Some(n) => format!("{}?size={n}", users_path(C)),
            None => users_path(C),
        };
        let (pages, forms) = e.walk(&first).await;
        assert_eq!(pages.len(), pages_expected, "size {size:?}");
        let seen = ids_of(&pages);
        assert_eq!(
            seen, active,
            "size {size:?}: every active user once, in id order"
        );
        let want_forms: BTreeSet<bool> = if pages_expected >= 3 {
            [false, true].into()
        } else {
            [true].into()
        };
        assert_eq!(forms, want_forms, "size {size:?}: links.next.uri forms");
        let per_page = usize::from(size.unwrap_or(100));
        for (i, p) in pages.iter().enumerate() {
            let n = p["items"].as_array().unwrap().len();
            assert_eq!(p["totalCount"], n, "totalCount is the page's count");
            let last = i + 1 == pages.len();
            assert!(
                n == per_page || (last && n <= per_page && n > 0),
                "page {i}: {n}"
            );
            assert_eq!(p["attributes"]["objectType"], "Collection");
            let me = &p["links"]["self"];
            assert_eq!(me["method"], "GET");
            assert!(
                me["uri"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("/customers/{C}/users?size={per_page}"))
            );
            assert_eq!(p["links"].get("next").is_none(), last);
            assert_eq!(p.get("continuationToken").is_none(), last);
            if let Some(next) = p["links"].get("next") {
                assert_eq!(next["headers"][0]["key"], CONTINUATION);
                assert_eq!(next["headers"][0]["value"], p["continuationToken"]);
                assert_eq!(next["headers"].as_array().unwrap().len(), 1);
                assert!(
                    next["uri"]
                        .as_str()
                        .unwrap()
                        .ends_with("&seekOperation=Next")
                );
            }
            // The core's model reads every page.
            let typed: Collection<CustomerUser> = serde_json::from_value(p.clone()).unwrap();
            assert_eq!(typed.items.len(), n);
            assert!(typed.links.unwrap().self_.is_some());
        }
    }
}

#[tokio::test]
async fn the_deleted_users_filter() {
    let e = emulator().await;
    let (pages, _) = e
        .walk(&format!("{}?filter={DELETED_FILTER}", users_path(C)))
        .await;
    assert_eq!(pages.len(), 1);
    let deleted = ids_of(&pages);
    assert_eq!(deleted, ids::CONTOSO_DELETED_USERS.to_vec());
    for u in pages[0]["items"].as_array().unwrap() {
        assert_eq!(u["state"], "inactive");
        assert!(u["softDeletionTime"].as_str().unwrap().ends_with('Z'));
        assert_eq!(u["attributes"]["objectType"], "CustomerUser");
    }
    // Paged one by one: the filter stays in every link, the same four come back.
    let (pages, forms) = e
        .walk(&format!("{}?size=1&filter={DELETED_FILTER}", users_path(C)))
        .await;
    assert_eq!(ids_of(&pages), deleted);
    assert_eq!(forms, [false, true].into());
    let next = pages[0]["links"]["next"]["uri"].as_str().unwrap();
    assert!(next.contains(&format!("filter={DELETED_FILTER}")), "{next}");
    // Deleted users are in no active listing and found by no other route.
    let (active, _) = e.walk(&format!("{}?size=1000", users_path(C))).await;
    let active: BTreeSet<String> = ids_of(&active).into_iter().collect();
    for id in ids::CONTOSO_DELETED_USERS {
        assert!(!active.contains(id));
        e.get(&user_path(C, id)).await.assert_error(404, 60002);
        e.get(&licenses_path(C, id)).await.assert_error(404, 60002);
        e.get(&user_path(C, "margaret@contoso.onmicrosoft.com"))
            .await
            .assert_error(404, 60002);
    }
    // The state lists them, inactive.
    let states = state_users(&e, C).await;
    assert_eq!(states.iter().filter(|(_, s)| s == "inactive").count(), 4);
}

/// The first page's `links.next` (path, token) of a listing.
async fn first_next(e: &Emu, token: &str, customer: &str, query: &str) -> (String, String) {
    let r = e
        .get_with(token, &format!("{}?{query}", users_path(customer)), &[])
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let (uri, headers) = Emu::next_of(&r.json()).unwrap();
    (resolve(&uri), headers[0].1.clone())
}

#[tokio::test]
async fn continuation_tokens_are_bound_and_checked() {
    let e = emulator().await;
    let woodgrove = e.token_for("woodgrove", TokenKind::AppUser);
    let (next, token) = first_next(&e, &e.token, C, "size=2").await;
    let ok = e.get_with(&e.token, &next, &[(CONTINUATION, &token)]).await;
    assert_eq!(ok.status, 200);
    // The same token again (a retried page): the same page.
    let again = e.get_with(&e.token, &next, &[(CONTINUATION, &token)]).await;
    assert_eq!(ids_of(&[ok.json()]), ids_of(&[again.json()]));

    // Another partner, on its own customer: refused; on this customer: not its customer.
    let north = ids::CUSTOMER_NORTHWIND;
    let on_north = format!("{}?size=2&seekOperation=Next", users_path(north));
    e.get_with(&woodgrove, &on_north, &[(CONTINUATION, &token)])
        .await
        .assert_error(400, 60056);
    e.get_with(&woodgrove, &next, &[(CONTINUATION, &token)])
        .await
        .assert_error(404, 60003);
    // The same partner, another customer: refused.
    let tailspin = format!(
        "{}?size=2&seekOperation=Next",
        users_path(ids::CUSTOMER_TAILSPIN)
    );
    e.get_with(&e.token, &tailspin, &[(CONTINUATION, &token)])
        .await
        .assert_error(400, 60056);
    // A token sealed for another partner on this very customer: refused (partner binding alone).
    let app = e.emu.app();
    let cursor = |partner: &str, expires: u64| Cursor {
        partner: Uuid::parse_str(partner).unwrap(),
        customer: Uuid::parse_str(C).unwrap(),
        listing: Listing::Active,
        size: 2,
        page: 2,
        last: Uuid::parse_str(ids::USER_GRACE).unwrap(),
        expires,
    };
    let foreign = app
        .paging
        .seal(&cursor(ids::PARTNER_WOODGROVE, now_secs() + 60));
    e.get_with(&e.token, &next, &[(CONTINUATION, &foreign)])
        .await
        .assert_error(400, 60056);
    // Expired.
    let expired = app
        .paging
        .seal(&cursor(ids::PARTNER_ADATUM, now_secs() - 1));
    let v = e
        .get_with(&e.token, &next, &[(CONTINUATION, &expired)])
        .await
        .assert_error(400, 60057);
    assert!(v["description"].as_str().unwrap().contains("expired"));
    // Altered (one character), issued by another emulator, or junk: unknown.
    let mut altered = token.clone().into_bytes();
    altered[40] = if altered[40] == b'x' { b'y' } else { b'x' };
    let altered = String::from_utf8(altered).unwrap();
    let other = Paging::new().seal(&cursor(ids::PARTNER_ADATUM, now_secs() + 60));
    for bad in [
        altered.as_str(),
        &other,
        "",
        "not-a-token",
        "%%%",
        &token[..20],
    ] {
        e.get_with(&e.token, &next, &[(CONTINUATION, bad)])
            .await
            .assert_error(400, 60056);
    }
    // seekOperation=Next without the header, the header without seekOperation=Next.
    e.get_with(&e.token, &next, &[])
        .await
        .assert_error(400, 60056);
    let plain = format!("{}?size=2", users_path(C));
    e.get_with(&e.token, &plain, &[(CONTINUATION, &token)])
        .await
        .assert_error(400, 60056);
    // Another size or filter than the token's.
    let resized = format!("{}?size=3&seekOperation=Next", users_path(C));
    e.get_with(&e.token, &resized, &[(CONTINUATION, &token)])
        .await
        .assert_error(400, 60056);
    let filtered = format!(
        "{}?size=2&filter={DELETED_FILTER}&seekOperation=Next",
        users_path(C)
    );
    e.get_with(&e.token, &filtered, &[(CONTINUATION, &token)])
        .await
        .assert_error(400, 60056);
    // The uri without `/v1`, resolved by the client, and the token header in any case.
    let short = next.trim_start_matches("/v1").to_owned();
    let r = e
        .get_with(
            &e.token,
            &format!("/v1{short}"),
            &[("ms-continuationtoken", &token)],
        )
        .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn a_token_outlives_a_reset_but_not_a_restart() {
    let e = emulator().await;
    let (next, token) = first_next(&e, &e.token, C, "size=5").await;
    e.admin_send(reqwest::Method::POST, "/emulator/reset", json!({}))
        .await;
    let r = e.get_with(&e.token, &next, &[(CONTINUATION, &token)]).await;
    assert_eq!(r.status, 200);
    let other = start_with(Config::default()).await;
    let t = other.token.clone();
    other
        .get_with(&t, &next, &[(CONTINUATION, &token)])
        .await
        .assert_error(400, 60056);
}

#[tokio::test]
async fn users_changing_while_a_listing_is_paged() {
    let e = emulator().await;
    let r = e.get(&format!("{}?size=100", users_path(C))).await;
    let first = r.json();
    let seen_first = ids_of(std::slice::from_ref(&first));
    let cursor = seen_first.last().unwrap().clone();
    // Users before the cursor (already passed) and after it.
    let before = "00000000-0000-4000-8000-0000000000aa";
    let after = "ffffffff-0000-4000-8000-0000000000aa";
    for (id, upn) in [
        (before, "early@contoso.onmicrosoft.com"),
        (after, "late@contoso.onmicrosoft.com"),
    ] {
        let r = e
            .admin_send(
                reqwest::Method::POST,
                "/emulator/users",
                json!({ "customer": C, "id": id, "upn": upn, "displayName": "New User" }),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        assert_eq!(r.json()["state"], "active");
    }
    let gone_ahead = ids::generated_user(500);
    let gone_behind = seen_first[10].clone();
    assert!(gone_behind < cursor && gone_ahead > cursor);
    for id in [&gone_ahead, &gone_behind] {
        let r = e
            .admin_send(
                reqwest::Method::DELETE,
                &format!("/emulator/customers/{C}/users/{id}"),
                json!({}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json()["state"], "inactive");
    }
    // Grace holds licenses: refused; an unknown user: 404.
    let r = e
        .admin_send(
            reqwest::Method::DELETE,
            &format!("/emulator/customers/{C}/users/{}", ids::USER_GRACE),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = e
        .admin_send(
            reqwest::Method::DELETE,
            &format!("/emulator/customers/{C}/users/{gone_ahead}"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 404);
    // The rest of the listing: the user added ahead appears, the one deleted ahead does not,
    // the one added behind is not met, nobody comes twice.
    let (uri, headers) = Emu::next_of(&first).unwrap();
    let (rest, _) = {
        let r = e
            .get_with(&e.token, &resolve(&uri), &[(&headers[0].0, &headers[0].1)])
            .await;
        assert_eq!(r.status, 200);
        let p = r.json();
        let (more, f) = match Emu::next_of(&p) {
            Some((u, h)) => {
                let (mut pages, f) = walk_from(&e, &resolve(&u), &h[0].1).await;
                pages.insert(0, p);
                (pages, f)
            }
            None => (vec![p], BTreeSet::new()),
        };
        (more, f)
    };
    let mut all = seen_first.clone();
    all.extend(ids_of(&rest));
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "nobody twice");
    assert!(all.contains(&after.to_owned()));
    assert!(!all.contains(&before.to_owned()));
    assert!(!all.contains(&gone_ahead));
    assert!(all.contains(&gone_behind), "met before it was deleted");
    assert_eq!(all.len(), 1206 - 1 + 1);
    // A listing started now: both new users, neither deleted one; the deleted filter has 6.
    let (now, _) = e.walk(&format!("{}?size=1000", users_path(C))).await;
    let now: BTreeSet<String> = ids_of(&now).into_iter().collect();
    assert_eq!(now.len(), 1206);
    assert!(now.contains(before) && now.contains(after) && !now.contains(&gone_ahead));
    let (deleted, _) = e
        .walk(&format!("{}?filter={DELETED_FILTER}", users_path(C)))
        .await;
    assert_eq!(ids_of(&deleted).len(), 6);
    // Admin refusals: a UPN taken, a bad body, an unknown customer.
    for bad in [
        json!({ "customer": C, "upn": "late@contoso.onmicrosoft.com" }),
        json!({ "customer": C }),
        json!({ "customer": C, "upn": "not a upn" }),
    ] {
        assert_eq!(
            e.admin_send(reqwest::Method::POST, "/emulator/users", bad)
                .await
                .status,
            400
        );
    }
    let unknown = json!({ "customer": "c0000000-0000-4000-8000-0000000000ff", "upn": "x@y.com" });
    assert_eq!(
        e.admin_send(reqwest::Method::POST, "/emulator/users", unknown)
            .await
            .status,
        404
    );
}

async fn walk_from(e: &Emu, path: &str, token: &str) -> (Vec<Value>, BTreeSet<bool>) {
    let mut pages = Vec::new();
    let mut forms = BTreeSet::new();
    let (mut path, mut token) = (path.to_owned(), token.to_owned());
    loop {
        let r = e.get_with(&e.token, &path, &[(CONTINUATION, &token)]).await;
        assert_eq!(r.status, 200, "{}", r.text);
        let p = r.json();
        let next = Emu::next_of(&p);
        pages.push(p);
        let Some((u, h)) = next else { break };
        forms.insert(u.starts_with("/v1/"));
        path = resolve(&u);
        token = h[0].1.clone();
    }
    (pages, forms)
}
