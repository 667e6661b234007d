//! What every handler shares: the store behind one lock, the seed it was built from,
//! the tokens, the fault injector and the rate limit.

use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use crate::auth::Tokens;
use crate::faults::Faults;
use crate::paging::Paging;
use crate::ratelimit::RateLimit;
use crate::seed::Seed;
use crate::state::Store;

/// How long a client may take to send a request's headers, and then its body (30 s).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Largest request body accepted (larger: 413).
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// The emulator's shared state.
#[derive(Debug)]
pub struct App {
    store: RwLock<Store>,
    /// The seed, kept for `POST /emulator/reset`.
    pub seed: Seed,
    /// Issued tokens.
    pub tokens: Tokens,
    /// Fault injection.
    pub faults: Faults,
    /// The rate limit (per partner, or per partner and customer; off by default).
    pub rate_limit: RateLimit,
    /// Largest request body.
    pub body_limit: usize,
    /// The key of the continuation tokens (kept across resets).
    pub paging: Paging,
    /// How long a client may take to send a request's headers, then its body.
    pub read_timeout: Duration,
}

impl App {
    /// Builds the shared state.
    pub fn new(
        seed: Seed,
        faults: Faults,
        rate_limit: RateLimit,
        body_limit: usize,
    ) -> Result<Self, String> {
        let store = Store::from_seed(&seed)?;
        Ok(Self {
            store: RwLock::new(store),
            seed,
            tokens: Tokens::default(),
            faults,
            rate_limit,
            body_limit,
            paging: Paging::new(),
            read_timeout: DEFAULT_READ_TIMEOUT,
        })
    }

    /// Reads the store.
    pub fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the store.
    pub fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Restores the seeded state (customers, users, units, ledger, replay cache).
    pub fn reset(&self) -> Result<(), String> {
        let fresh = Store::from_seed(&self.seed)?;
        *self.write() = fresh;
        self.faults.reset_counts();
        Ok(())
    }
}
