//! The router (API, admin, static files, CORS) and the accept loop: one log line per
//! request, and connections dropped on purpose for the `drop` and `lostAfterCommit` faults.

use std::net::SocketAddr;
use std::path::Path;
use std::pin::pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request, header};
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::{any, get, post};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

use crate::admin;
use crate::api;
use crate::app::App;
use crate::body::DropConnection;
use crate::gate;

/// The error that makes hyper close a connection without a response.
#[derive(Debug)]
pub struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose (injected fault)")
    }
}
impl std::error::Error for Dropped {}

/// Whether an `Origin` is a page on this machine (`http://localhost:*`, `http://127.0.0.1:*`, `http://[::1]:*`).
pub fn is_local_origin(origin: &HeaderValue) -> bool {
    let Ok(o) = origin.to_str() else { return false };
    let Some(rest) = o
        .strip_prefix("http://")
        .or_else(|| o.strip_prefix("https://"))
    else {
        return false;
    };
    let host_ok = |h: &str, port: &str| {
        matches!(h, "localhost" | "127.0.0.1" | "[::1]")
            && (port.is_empty() || (port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit())))
    };
    if let Some(h) = rest.strip_prefix("[::1]") {
        return h.is_empty()
            || h.strip_prefix(':')
                .is_some_and(|p| host_ok("[::1]", p) && !p.is_empty());
    }
    match rest.split_once(':') {
        Some((h, p)) => !p.is_empty() && host_ok(h, p),
        None => host_ok(rest, ""),
    }
}

fn cors() -> CorsLayer {
    let h = HeaderName::from_static;
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin, _| is_local_origin(origin)))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            h("ms-requestid"),
            h("ms-correlationid"),
            h("ms-contract-version"),
            h("x-locale"),
            h("ms-partnercenter-client"),
            h("ms-partnercenter-application"),
            h("ms-continuationtoken"),
        ])
        .expose_headers([
            h("ms-requestid"),
            h("ms-correlationid"),
            header::RETRY_AFTER,
            h("ms-cv"),
            h("ms-serverid"),
            h("x-emulator-replayed"),
        ])
        .max_age(Duration::from_secs(600))
}

/// The whole application: API (gated), admin, `pkg/` at `/pkg/`, `www/` at `/`.
pub fn router(app: Arc<App>, root: &Path) -> Router {
    let api = Router::new()
        .route(
            "/v1/customers/{customer}/users/{user}/licenses",
            get(api::list_licenses).fallback(api::method_not_allowed),
        )
        .route(
            "/v1/customers/{customer}/users/{user}/licenseupdates",
            post(api::update_licenses).fallback(api::method_not_allowed),
        )
        .route(
            "/v1/customers/{customer}/users",
            get(crate::users_api::list_users).fallback(api::method_not_allowed),
        )
        .route(
            "/v1/customers/{customer}/users/{user}",
            get(crate::users_api::get_user).fallback(api::method_not_allowed),
        )
        .route(
            "/v1/customers/{customer}/subscribedskus",
            get(api::list_subscribed_skus).fallback(api::method_not_allowed),
        )
        .route_layer(from_fn_with_state(app.clone(), gate::gate))
        .route("/v1/{*rest}", any(api::no_route));
    let admin = Router::new()
        .route("/emulator/token", post(admin::issue_token))
        .route("/emulator/state", get(admin::state))
        .route("/emulator/ledger", get(admin::ledger))
        .route("/emulator/reset", post(admin::reset))
        .route(
            "/emulator/faults",
            get(admin::get_faults).put(admin::put_faults),
        )
        .route(
            "/emulator/ratelimit",
            get(admin::get_rate_limit).put(admin::put_rate_limit),
        )
        .route("/emulator/health", get(admin::health))
        .route("/emulator/users", post(crate::admin_users::add_user))
        .route(
            "/emulator/customers/{customer}/users/{user}",
            axum::routing::delete(crate::admin_users::delete_user),
        )
        .route("/{tenant}/oauth2/v2.0/token", post(crate::oauth::token));
    Router::new()
        .merge(api)
        .merge(admin)
        .nest_service("/pkg", ServeDir::new(root.join("pkg")))
        .fallback_service(ServeDir::new(root.join("www")))
        .layer(from_fn_with_state(
            app.clone(),
            crate::limits::body_deadline,
        ))
        .layer(cors())
        .with_state(app)
}

async fn handle(router: Router, req: Request<Incoming>, log: bool) -> Result<Response, Dropped> {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned());
    let sent_id = req.headers().get("ms-requestid").cloned();
    let resp = match router.oneshot(req.map(Body::new)).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let dropped = resp.extensions().get::<DropConnection>().is_some();
    if log {
        let rid = resp
            .headers()
            .get("ms-requestid")
            .or(sent_id.as_ref())
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-")
            .to_owned();
        let status = if dropped {
            "dropped".to_owned()
        } else {
            resp.status().as_u16().to_string()
        };
        eprintln!(
            "{method} {} {status} {rid} {:.1}ms",
            safe_for_log(&path),
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    if dropped { Err(Dropped) } else { Ok(resp) }
}

/// A path as logged: bounded, no control characters.
fn safe_for_log(path: &str) -> String {
    path.chars()
        .take(300)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// Accepts connections until `shutdown` turns true. A client gets `read_timeout` to send
/// a request's headers (then the connection is closed), and as long again for its body
/// (then 408; see `limits`).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
    log: bool,
    read_timeout: Duration,
) {
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.changed() => break,
        };
        let (stream, _peer): (_, SocketAddr) = match accepted {
            Ok(a) => a,
            Err(e) => {
                if log {
                    eprintln!("accept failed: {e}");
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let mut stop = shutdown.clone();
        tokio::spawn(async move {
            let svc = hyper::service::service_fn(move |req| handle(router.clone(), req, log));
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(read_timeout)
                .serve_connection(TokioIo::new(stream), svc);
            let mut conn = pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(2), conn).await;
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_origins_only() {
        for ok in [
            "http://localhost:5173",
            "http://127.0.0.1:7070",
            "http://localhost",
            "http://[::1]:8080",
        ] {
            assert!(is_local_origin(&HeaderValue::from_static(ok)), "{ok}");
        }
        for bad in [
            "http://localhost.evil.com",
            "http://evil.com",
            "http://127.0.0.1.nip.io:80",
            "null",
            "http://localhost:",
            "http://localhost:80/x",
            "file://",
        ] {
            assert!(!is_local_origin(&HeaderValue::from_static(bad)), "{bad}");
        }
    }
}
