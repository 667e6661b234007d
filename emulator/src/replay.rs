//! Idempotency: the first response to a `licenseupdates` POST, kept per partner and
//! `MS-RequestId`, so that a repeat replays it and changes nothing.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

use bytes::Bytes;
use uuid::Uuid;

/// How many responses are kept (oldest dropped first).
pub const MAX_ENTRIES: usize = 10_000;
/// How long a response is kept.
pub const WINDOW: Duration = Duration::from_secs(3600);

/// A response kept for replay.
#[derive(Clone, Debug)]
pub struct Stored {
    /// What the request looked like (path and body), to spot a reused id.
    pub fingerprint: u64,
    /// Status sent.
    pub status: u16,
    /// Body sent.
    pub body: Bytes,
    at: Instant,
}

/// What a lookup found.
#[derive(Debug)]
pub enum Lookup {
    /// Never seen (or expired): process the request.
    New,
    /// Seen with the same path and body: replay this.
    Replay(Stored),
    /// Seen with a different path or body.
    Conflict,
}

/// The cache.
#[derive(Debug, Default)]
pub struct ReplayCache {
    map: HashMap<(Uuid, String), Stored>,
    order: VecDeque<((Uuid, String), Instant)>,
}

/// Hash of a request's path and body.
pub fn fingerprint(path: &str, body: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    path.hash(&mut h);
    body.hash(&mut h);
    h.finish()
}

impl ReplayCache {
    /// Looks a request up.
    pub fn lookup(&mut self, partner: Uuid, request_id: &str, fingerprint: u64) -> Lookup {
        self.expire(Instant::now());
        match self.map.get(&(partner, request_id.to_owned())) {
            None => Lookup::New,
            Some(s) if s.fingerprint == fingerprint => Lookup::Replay(s.clone()),
            Some(_) => Lookup::Conflict,
        }
    }

    /// Keeps a response.
    pub fn store(
        &mut self,
        partner: Uuid,
        request_id: &str,
        fingerprint: u64,
        status: u16,
        body: Bytes,
    ) {
        let now = Instant::now();
        let key = (partner, request_id.to_owned());
        self.order.push_back((key.clone(), now));
        self.map.insert(
            key,
            Stored {
                fingerprint,
                status,
                body,
                at: now,
            },
        );
        while self.map.len() > MAX_ENTRIES {
            let Some((k, at)) = self.order.pop_front() else {
                break;
            };
            if self.map.get(&k).is_some_and(|s| s.at == at) {
                self.map.remove(&k);
            }
        }
    }

    fn expire(&mut self, now: Instant) {
        while let Some((k, at)) = self.order.front() {
            if now.duration_since(*at) < WINDOW {
                break;
            }
            if self.map.get(k).is_some_and(|s| s.at == *at) {
                self.map.remove(k);
            }
            self.order.pop_front();
        }
    }

    /// How many responses are kept.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
