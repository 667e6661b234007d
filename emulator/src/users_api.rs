//! `GET /v1/customers/{c}/users` (seek paging) and `GET /v1/customers/{c}/users/{u}`
//! (behind [`crate::gate`], like the license endpoints).

use std::sync::Arc;

use axum::Extension;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use uuid::Uuid;

use partner_center_licenses::id::CustomerId;
use partner_center_licenses::model::{Collection, LinkHeader, Links};

use crate::api::{customer_id, path_ids, reply};
use crate::app::App;
use crate::errors::Failure;
use crate::gate::Caller;
use crate::paging::{Cursor, Listing, TOKEN_TTL, now_secs};
use crate::users::{
    CONTINUATION_HEADER, DEFAULT_PAGE_SIZE, UsersPage, UsersQuery, customer_user, link,
    listing_uri, page,
};

/// Where a request starts: its listing, page size and number, and the id it seeks after.
struct Start {
    listing: Listing,
    size: u16,
    page: u32,
    after: Option<Uuid>,
    token: Option<String>,
}

fn start(
    app: &App,
    caller: &Caller,
    customer: CustomerId,
    q: &UsersQuery,
    headers: &HeaderMap,
) -> Result<Start, Failure> {
    let token = match headers.get(CONTINUATION_HEADER) {
        Some(v) => Some(v.to_str().map(str::to_owned).map_err(|_| {
            Failure::ContinuationTokenInvalid("it is not one this service issued".into())
        })?),
        None => None,
    };
    if !q.seek_next {
        if token.is_some() {
            return Err(Failure::ContinuationTokenInvalid(
                "MS-ContinuationToken goes with seekOperation=Next".into(),
            ));
        }
        return Ok(Start {
            listing: q.listing.unwrap_or(Listing::Active),
            size: q.size.unwrap_or(DEFAULT_PAGE_SIZE),
            page: 1,
            after: None,
            token: None,
        });
    }
    let Some(token) = token else {
        return Err(Failure::ContinuationTokenInvalid(
            "seekOperation=Next needs the MS-ContinuationToken header of links.next".into(),
        ));
    };
    let c = app.paging.open(&token, now_secs())?;
    if c.partner != caller.partner || c.customer != *customer.as_uuid() {
        return Err(Failure::ContinuationTokenInvalid(
            "it belongs to another partner or customer".into(),
        ));
    }
    if q.size.is_some_and(|s| s != c.size) || q.listing.is_some_and(|l| l != c.listing) {
        return Err(Failure::ContinuationTokenInvalid(
            "it belongs to a listing with another size or filter".into(),
        ));
    }
    Ok(Start {
        listing: c.listing,
        size: c.size,
        page: c.page,
        after: Some(c.last),
        token: Some(token),
    })
}

/// `GET /v1/customers/{customer-id}/users[?size=N][&filter=...][&seekOperation=Next]`
/// with `MS-ContinuationToken` on the pages after the first.
pub async fn list_users(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    reply((|| {
        let customer = customer_id(path)?;
        let q = UsersQuery::parse(query.as_deref())?;
        let store = app.read();
        let c = store.customer_of(caller.partner, customer)?;
        let s = start(&app, &caller, customer, &q, &headers)?;
        let (items, last) = page(c, s.listing, s.after, s.size);
        drop(store);
        let own_headers = s
            .token
            .map(|value| {
                vec![LinkHeader {
                    key: CONTINUATION_HEADER.into(),
                    value,
                }]
            })
            .unwrap_or_default();
        let self_uri = listing_uri(customer, s.listing, s.size, s.page > 1, false);
        let next = last.map(|last| {
            let cursor = Cursor {
                partner: caller.partner,
                customer: *customer.as_uuid(),
                listing: s.listing,
                size: s.size,
                page: s.page.saturating_add(1),
                last,
                expires: now_secs() + TOKEN_TTL.as_secs(),
            };
            let token = app.paging.seal(&cursor);
            // Odd pages link on with the `/v1` prefix, even ones without: a listing of three
            // pages or more meets both documented forms.
            let uri = listing_uri(customer, s.listing, s.size, true, s.page % 2 == 1);
            let header = LinkHeader {
                key: CONTINUATION_HEADER.into(),
                value: token.clone(),
            };
            (link(uri, vec![header]), token)
        });
        let mut collection = Collection::new(items);
        let (next, continuation_token) = next.map_or((None, None), |(l, t)| (Some(l), Some(t)));
        collection.links = Some(Links {
            self_: Some(link(self_uri, own_headers)),
            next,
        });
        let body = UsersPage {
            collection,
            continuation_token,
        };
        Ok(serde_json::to_vec(&body).unwrap_or_default())
    })())
}

/// `GET /v1/customers/{customer-id}/users/{user-id}` (object id or UPN; a deleted user is
/// not found).
pub async fn get_user(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Response {
    reply((|| {
        let (customer, user) = path_ids(path)?;
        let store = app.read();
        let c = store.customer_of(caller.partner, customer)?;
        let idx = c.user_index(&user)?;
        Ok(serde_json::to_vec(&customer_user(customer, &c.users[idx])).unwrap_or_default())
    })())
}
