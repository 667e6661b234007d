//! # partner-center-emulator
//!
//! A local Partner Center user-license server: the three license endpoints and the two
//! customer-users endpoints (seek-paged) with their documented status codes and bodies,
//! seeded partners/customers/users/SKUs, test tokens,
//! fault injection, a per-partner rate limit, a ledger of applied changes, and the demo
//! page (`www/`) and built package (`pkg/`) served from the same port.
//!
//! Start it in-process (tests bind port 0):
//! ```no_run
//! # async fn demo() -> Result<(), String> {
//! let emu = partner_center_emulator::start(partner_center_emulator::Config::default()).await?;
//! let token = emu.issue_token("adatum", partner_center_emulator::auth::TokenKind::AppUser);
//! println!("{} {token:?}", emu.url());
//! emu.shutdown().await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

pub mod admin;
pub mod admin_users;
pub mod api;
pub mod app;
pub mod auth;
pub mod body;
pub mod cli;
pub mod customer;
pub mod errors;
pub mod faults;
pub mod gate;
pub mod json_case;
pub mod ledger;
pub mod limits;
pub mod oauth;
pub mod paging;
pub mod ratelimit;
pub mod replay;
pub mod seed;
pub mod server;
pub mod state;
pub mod users;
pub mod users_api;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use app::App;
pub use auth::TokenKind;
pub use faults::{FaultConfig, FaultKind};
pub use seed::{Seed, ids};

/// How to run the emulator.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to listen on (127.0.0.1 by default).
    pub host: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// The seed.
    pub seed: Seed,
    /// Fault settings at start.
    pub faults: FaultConfig,
    /// Requests per second per partner; none: unlimited.
    pub rate_limit: Option<u32>,
    /// Repository root: `www/` and `pkg/` are served from here.
    pub root: PathBuf,
    /// One log line per request on stderr.
    pub log: bool,
    /// Largest request body.
    pub body_limit: usize,
    /// How long a client may take to send a request's headers, then its body.
    pub read_timeout: Duration,
}

/// The repository root as seen at build time (`emulator/..`).
pub fn default_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

impl Config {
    /// The built-in seed, no faults, no rate limit, port 0, quiet.
    pub fn new() -> Result<Self, String> {
        Ok(Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            seed: Seed::builtin()?,
            faults: FaultConfig::default(),
            rate_limit: None,
            root: default_root(),
            log: false,
            body_limit: app::DEFAULT_BODY_LIMIT,
            read_timeout: app::DEFAULT_READ_TIMEOUT,
        })
    }
}

impl Default for Config {
    /// [`Config::new`]; the built-in seed is tested, so it cannot fail in practice.
    fn default() -> Self {
        Self::new().unwrap_or_else(|e| panic!("the built-in seed is broken: {e}"))
    }
}

/// A running emulator; dropping it stops it.
#[derive(Debug)]
pub struct RunningEmulator {
    addr: SocketAddr,
    app: Arc<App>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl RunningEmulator {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The shared state (for in-process tests).
    pub fn app(&self) -> &Arc<App> {
        &self.app
    }

    /// Issues a token for a partner (id or name), as `POST /emulator/token` does.
    pub fn issue_token(&self, partner: &str, kind: TokenKind) -> Option<String> {
        let id = self.app.read().find_partner(partner)?.id;
        Some(self.app.tokens.issue(id, kind, auth::DEFAULT_TTL))
    }

    /// Stops accepting, lets open connections finish (up to 2 s), and waits.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(3), task).await;
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Binds, builds the state and starts serving in the background (on the current tokio runtime).
pub async fn start(config: Config) -> Result<RunningEmulator, String> {
    let faults = faults::Faults::new(config.faults.clone())?;
    let rate_limit = ratelimit::RateLimit::new(config.rate_limit);
    let mut app = App::new(config.seed, faults, rate_limit, config.body_limit)?;
    app.read_timeout = config.read_timeout;
    let app = Arc::new(app);
    let listener = TcpListener::bind(SocketAddr::new(config.host, config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let router = server::router(app.clone(), &config.root);
    let (stop, stopped) = watch::channel(false);
    let task = tokio::spawn(server::serve(
        listener,
        router,
        stopped,
        config.log,
        config.read_timeout,
    ));
    Ok(RunningEmulator {
        addr,
        app,
        stop,
        task: Some(task),
    })
}
