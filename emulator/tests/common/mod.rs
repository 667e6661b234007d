//! Helpers for the emulator's integration tests: an in-process emulator on port 0 and a
//! real HTTP client over loopback.
#![allow(dead_code)]

use partner_center_emulator::{Config, RunningEmulator, TokenKind, start};
use partner_center_licenses::http::{HttpRequest, HttpResponse, Method};
use reqwest::header::HeaderMap;
use serde_json::Value;

pub mod users;

pub use partner_center_emulator::ids;

pub struct Emu {
    pub emu: RunningEmulator,
    pub client: reqwest::Client,
    pub token: String,
}

pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// Asserts a Partner Center error body: status, code, source.
    pub fn assert_error(&self, status: u16, code: u32) -> Value {
        assert_eq!(self.status, status, "{}", self.text);
        let v = self.json();
        assert_eq!(v["code"], code, "{}", self.text);
        assert_eq!(v["source"], "PartnerFD");
        assert!(v["description"].as_str().is_some_and(|d| !d.is_empty()));
        v
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

pub async fn start_with(config: Config) -> Emu {
    let emu = start(config).await.unwrap();
    let token = emu.issue_token("adatum", TokenKind::AppUser).unwrap();
    Emu {
        emu,
        client: client(),
        token,
    }
}

pub async fn emulator() -> Emu {
    start_with(Config::default()).await
}

pub fn licenses_path(customer: &str, user: &str) -> String {
    format!("/v1/customers/{customer}/users/{user}/licenses")
}
pub fn updates_path(customer: &str, user: &str) -> String {
    format!("/v1/customers/{customer}/users/{user}/licenseupdates")
}
pub fn skus_path(customer: &str) -> String {
    format!("/v1/customers/{customer}/subscribedskus")
}

/// The string at `path` (a JSON pointer) in each of a collection's `items`.
pub fn sku_ids(v: &Value, path: &str) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.pointer(path).unwrap().as_str().unwrap().to_owned())
        .collect()
}

pub fn assign_body(skus: &[&str]) -> String {
    let items: Vec<Value> = skus
        .iter()
        .map(|s| serde_json::json!({ "skuId": s, "excludedPlans": null }))
        .collect();
    serde_json::json!({ "licensesToAssign": items }).to_string()
}

impl Emu {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emu.url())
    }

    pub fn token_for(&self, partner: &str, kind: TokenKind) -> String {
        self.emu.issue_token(partner, kind).unwrap()
    }

    async fn reply(r: reqwest::Response) -> Reply {
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap();
        Reply {
            status,
            headers,
            text,
        }
    }

    pub async fn get_as(&self, token: Option<&str>, path: &str) -> Reply {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Self::reply(req.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.get_as(Some(&self.token), path).await
    }

    pub async fn post_as(
        &self,
        token: Option<&str>,
        path: &str,
        body: &str,
        request_id: Option<&str>,
    ) -> Reply {
        let mut req = self
            .client
            .post(self.url(path))
            .header("Content-Type", "application/json")
            .body(body.to_owned());
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(id) = request_id {
            req = req.header("MS-RequestId", id);
        }
        Self::reply(req.send().await.unwrap()).await
    }

    pub async fn post(&self, path: &str, body: &str) -> Reply {
        self.post_as(Some(&self.token), path, body, None).await
    }

    pub async fn admin_get(&self, path: &str) -> Value {
        let r = self.client.get(self.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        r.json().await.unwrap()
    }

    pub async fn admin_send(&self, method: reqwest::Method, path: &str, body: Value) -> Reply {
        let r = self
            .client
            .request(method, self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        Self::reply(r).await
    }

    pub async fn state(&self) -> Value {
        self.admin_get("/emulator/state").await
    }

    pub async fn ledger(&self) -> Value {
        self.admin_get("/emulator/ledger").await
    }

    /// `availableUnits`/`consumedUnits` of a SKU of a customer, from `/emulator/state`.
    pub async fn units(&self, customer: &str, sku: &str) -> (i64, i64) {
        let s = self
            .admin_get(&format!(
                "/emulator/state?customer={customer}&licensedOnly=true"
            ))
            .await;
        let k = s["customers"][0]["skus"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["skuId"] == sku)
            .unwrap()
            .clone();
        (
            k["availableUnits"].as_i64().unwrap(),
            k["consumedUnits"].as_i64().unwrap(),
        )
    }

    /// Sends a request built by the core and returns the plain response for the core to decode.
    pub async fn send(&self, req: &HttpRequest) -> HttpResponse {
        let mut b = match req.method {
            Method::Get => self.client.get(&req.url),
            Method::Post => self.client.post(&req.url),
        };
        for (n, v) in &req.headers {
            b = b.header(*n, v);
        }
        if let Some(body) = &req.body {
            b = b.body(body.clone());
        }
        let r = b.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = r
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_owned()))
            .collect();
        let body = r.bytes().await.unwrap().to_vec();
        HttpResponse::new(status, headers, body)
    }
}

/// Sends raw bytes over a new TCP connection and reads until the server closes it
/// (or `timeout_ms` passes). Returns what was read and whether the read ended in an error.
pub async fn raw_exchange(addr: std::net::SocketAddr, request: &[u8], timeout_ms: u64) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request).await.unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_millis(timeout_ms);
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
    out
}
