//! Helpers for the users tests: GETs with extra headers, and a whole listing walked by
//! following `links.next` as a client must (either `uri` form, every header copied).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Emu, Reply};

pub const CONTINUATION: &str = "MS-ContinuationToken";
pub const DELETED_FILTER: &str = "%7B%22Field%22%3A%22UserState%22%2C%22Value%22%3A%22Inactive%22%2C%22Operator%22%3A%22equals%22%7D";

pub fn users_path(customer: &str) -> String {
    format!("/v1/customers/{customer}/users")
}

pub fn user_path(customer: &str, user: &str) -> String {
    format!("/v1/customers/{customer}/users/{user}")
}

/// A link's `uri` as a path on the emulator: `/v1` added when it is missing.
pub fn resolve(uri: &str) -> String {
    if uri.starts_with("/v1/") {
        uri.to_owned()
    } else {
        format!("/v1{uri}")
    }
}

impl Emu {
    pub async fn get_with(&self, token: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = self.client.get(self.url(path)).bearer_auth(token);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let r = req.send().await.unwrap();
        Reply {
            status: r.status().as_u16(),
            headers: r.headers().clone(),
            text: r.text().await.unwrap(),
        }
    }

    /// The `links.next` of a page: its path and headers.
    pub fn next_of(page: &Value) -> Option<(String, Vec<(String, String)>)> {
        let next = page["links"].get("next")?;
        let headers = next["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["key"].as_str().unwrap().to_owned(),
                    h["value"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        Some((next["uri"].as_str().unwrap().to_owned(), headers))
    }

    /// Follows `links.next` from `first` to the last page; every page's JSON, and the
    /// `uri` forms met (`true`: with `/v1`).
    pub async fn walk(&self, first: &str) -> (Vec<Value>, BTreeSet<bool>) {
        let mut pages = Vec::new();
        let mut forms = BTreeSet::new();
        let mut request = (first.to_owned(), Vec::new());
        loop {
            let headers: Vec<(&str, &str)> = request
                .1
                .iter()
                .map(|(k, v): &(String, String)| (k.as_str(), v.as_str()))
                .collect();
            let r = self.get_with(&self.token, &request.0, &headers).await;
            assert_eq!(r.status, 200, "{}: {}", request.0, r.text);
            let page = r.json();
            let next = Self::next_of(&page);
            pages.push(page);
            let Some((uri, headers)) = next else { break };
            forms.insert(uri.starts_with("/v1/"));
            request = (resolve(&uri), headers);
            assert!(pages.len() < 5000, "the listing does not end");
        }
        (pages, forms)
    }
}

/// The ids of every item of every page, in order.
pub fn ids_of(pages: &[Value]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap().iter())
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect()
}

/// `(id, state)` of the users of a customer in `/emulator/state`.
pub async fn state_users(e: &Emu, customer: &str) -> Vec<(String, String)> {
    let s = e
        .admin_get(&format!("/emulator/state?customer={customer}"))
        .await;
    s["customers"][0]["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["id"].as_str().unwrap().to_owned(),
                u["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
