//! The gate: one per client, fed every response, asked before every attempt.

#[allow(unused_imports)]
use crate::prelude::*;

use super::options::RateLimit;

/// Events kept for the shell at most (older ones are dropped first).
pub const MAX_EVENTS: usize = 16;
/// The slowest learned pace: one request a second (in milli-requests per second).
const MIN_RATE: u64 = 1_000;
/// The fastest learned pace (milli-requests per second).
const MAX_RATE: u64 = 1_000_000_000;
/// A 429 with no wait named closes the gate this long.
const DEFAULT_CLOSE_MS: u64 = 1_000;
/// No 429 for this long: the learned pace is forgotten.
const FORGET_MS: u64 = 120_000;
/// The window of the first estimate, and the shortest window of every later one.
const WINDOW_MS: u64 = 1_000;
/// While calls queue, the pace grows by 1/this per ms (2 % a second) ...
const PROBE_PER_MS: u64 = 50_000;
/// ... or by 1/this per ms (20 % a second) after the first 429 or under 90 % of `limit`.
const CLIMB_PER_MS: u64 = 5_000;
/// The highest limit measured keeps this share (%) at each later 429.
const FADE_PERCENT: u64 = 95;

/// What the gate tells the shell, for `onEvent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaceEvent {
    /// The gate closed (or its closing grew) for every call.
    Throttled {
        /// 429 or 503.
        status: u16,
        /// Until when (ms, the shell's clock).
        until_ms: u64,
        /// How long from now.
        wait_ms: u64,
    },
    /// The pace changed; `None`: no pace (the gate is wide open again).
    Paced {
        /// Milli-requests per second.
        milli_per_second: Option<u64>,
        /// Why: `throttled` (learned at a 429), `probe` (raised by 10 % or more since
        /// the last event) or `forgotten`.
        reason: &'static str,
    },
}

/// A send time reserved at the gate by one call (µs, the shell's clock).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot(u64);

/// The pacing gate of one client.
#[derive(Clone, Debug)]
pub struct PaceGate {
    setting: RateLimit,
    /// Milli-requests per second; `None`: not paced.
    rate: Option<u64>,
    /// Closed for every call before this (µs).
    closed_until: u64,
    /// The earliest time the next reservation may get (µs).
    next_slot: u64,
    /// The start of the current 1-second window, its count, the previous window's count.
    window_start: u64,
    window_count: u64,
    previous_count: u64,
    /// The last 429 that closed the gate (ms), and the responses accepted since.
    last_throttle_ms: Option<u64>,
    accepted_since: u64,
    /// A reservation had to wait since the last probe step, made at `probed_ms`.
    queued: bool,
    probed_ms: u64,
    /// The highest limit measured lately (milli-requests/s).
    limit: u64,
    /// Climb fast (from the first 429 until the next one measures the limit).
    climb: bool,
    /// Whether `limit` was measured over a whole cycle (not guessed from a burst).
    measured: bool,
    /// The pace last announced.
    announced: Option<u64>,
    events: Vec<PaceEvent>,
    keep_events: bool,
}

const fn us(ms: u64) -> u64 {
    ms.saturating_mul(1000)
}

impl PaceGate {
    /// A gate for `setting`; `keep_events`: whether anyone reads [`PaceGate::take_events`].
    pub fn new(setting: RateLimit, keep_events: bool) -> Self {
        let rate = match setting {
            RateLimit::Fixed(n) => Some(u64::from(n) * 1000),
            _ => None,
        };
        Self {
            setting,
            rate,
            closed_until: 0,
            next_slot: 0,
            window_start: 0,
            window_count: 0,
            previous_count: 0,
            last_throttle_ms: None,
            accepted_since: 0,
            queued: false,
            probed_ms: 0,
            limit: 0,
            climb: false,
            measured: false,
            announced: rate,
            events: Vec::new(),
            keep_events,
        }
    }

    /// The pace in force, in milli-requests per second (`None`: not paced).
    pub const fn milli_per_second(&self) -> Option<u64> {
        self.rate
    }

    /// Whether the gate is closed at `now_ms`.
    pub const fn is_closed(&self, now_ms: u64) -> bool {
        us(now_ms) < self.closed_until
    }

    /// How long (ms) the call holding `held` must still wait before it sends, at `now_ms`;
    /// 0: send now. A call asks again after each wait: a slot the gate has since closed
    /// over is given up and a new one reserved.
    pub fn admit(&mut self, held: &mut Option<Slot>, now_ms: u64) -> u64 {
        if self.setting == RateLimit::Off {
            return 0;
        }
        let now = us(now_ms);
        if let Some(Slot(at)) = *held {
            if at >= self.closed_until {
                if now >= at {
                    *held = None;
                    return 0;
                }
                return (at - now).div_ceil(1000);
            }
        }
        self.forget_if_quiet(now_ms);
        let at = now.max(self.closed_until).max(self.next_slot);
        if let Some(rate) = self.rate {
            self.next_slot = at + 1_000_000_000 / rate.max(1);
        }
        if at <= now {
            *held = None;
            return 0;
        }
        if !self.queued {
            self.queued = true;
            self.probed_ms = now_ms;
        }
        *held = Some(Slot(at));
        (at - now).div_ceil(1000)
    }

    /// A response came at `now_ms` with `status`; `retry_after_ms`: the wait it asked
    /// for (the `Retry-After` header or the 429 body), if any.
    pub fn on_response(&mut self, now_ms: u64, status: u16, retry_after_ms: Option<u64>) {
        if self.setting == RateLimit::Off {
            return;
        }
        match (status, retry_after_ms) {
            (429, wait) => self.close(now_ms, 429, wait.unwrap_or(DEFAULT_CLOSE_MS)),
            (503, Some(wait)) => self.close(now_ms, 503, wait),
            _ => self.accepted(now_ms),
        }
    }

    /// The events since the last call, oldest first.
    pub fn take_events(&mut self) -> Vec<PaceEvent> {
        core::mem::take(&mut self.events)
    }

    /// Whether events wait to be taken.
    pub fn has_events(&self) -> bool {
        !self.events.is_empty()
    }

    fn push(&mut self, e: PaceEvent) {
        #[cfg(test)]
        if std::env::var("PACE_TRACE").is_ok() {
            std::eprintln!("{e:?} rate={:?}", self.rate);
        }
        if !self.keep_events {
            return;
        }
        if self.events.len() >= MAX_EVENTS {
            self.events.remove(0);
        }
        self.events.push(e);
    }

    fn accepted(&mut self, now_ms: u64) {
        self.count(now_ms);
        self.accepted_since += 1;
        let since = now_ms.saturating_sub(self.probed_ms).min(WINDOW_MS);
        self.probed_ms = now_ms;
        if self.setting != RateLimit::Learn || !core::mem::take(&mut self.queued) {
            return;
        }
        let Some(rate) = self.rate else { return };
        let per_ms = if self.climb || rate < self.limit / 10 * 9 {
            CLIMB_PER_MS
        } else {
            PROBE_PER_MS
        };
        let raised = (rate + rate * since / per_ms).min(MAX_RATE);
        self.rate = Some(raised);
        if self.announced.is_none_or(|a| raised >= a + a / 10) {
            self.announce(Some(raised), "probe");
        }
    }

    /// Counts an accepted response in the 1-second windows.
    fn count(&mut self, now_ms: u64) {
        let age = now_ms.saturating_sub(self.window_start);
        if age >= 2 * WINDOW_MS {
            self.previous_count = 0;
            self.window_count = 0;
            self.window_start = now_ms;
        } else if age >= WINDOW_MS {
            self.previous_count = self.window_count;
            self.window_count = 0;
            self.window_start += WINDOW_MS;
        }
        self.window_count += 1;
    }

    /// Responses accepted over the last second (the previous window weighted by how much
    /// of it still lies within the last second), in milli-requests per second.
    fn last_second(&mut self, now_ms: u64) -> u64 {
        let age = now_ms.saturating_sub(self.window_start);
        if age >= 2 * WINDOW_MS {
            return 0;
        }
        let (current, previous, into) = if age >= WINDOW_MS {
            (0, self.window_count, age - WINDOW_MS)
        } else {
            (self.window_count, self.previous_count, age)
        };
        current * 1000 + previous * (WINDOW_MS - into)
    }

    fn close(&mut self, now_ms: u64, status: u16, wait_ms: u64) {
        let until = us(now_ms.saturating_add(wait_ms));
        let was_open = !self.is_closed(now_ms);
        let grows = until >= self.closed_until.saturating_add(us(WINDOW_MS));
        if until > self.closed_until {
            self.closed_until = until;
            self.next_slot = self.next_slot.max(until);
        }
        if was_open || grows {
            self.push(PaceEvent::Throttled {
                status,
                until_ms: self.closed_until / 1000,
                wait_ms: (self.closed_until / 1000).saturating_sub(now_ms),
            });
        }
        // Only the 429 that closes an open gate says something about the pace: the others
        // answer requests sent before it closed.
        if !was_open || status != 429 || self.setting != RateLimit::Learn {
            return;
        }
        let learned = match (self.rate, self.last_throttle_ms) {
            (Some(rate), Some(last)) => {
                // What was accepted since the last 429, the closed time included (a token
                // bucket refills while the gate is shut): the limit, when there is one.
                let span = now_ms.saturating_sub(last).max(WINDOW_MS);
                let accepted = self.accepted_since.saturating_mul(1_000_000) / span;
                // The highest such rate lately (it fades 5 % a 429; the first guess, from
                // a burst, is replaced): the pace climbs back to it fast.
                self.limit = if self.measured {
                    accepted.max(self.limit / 100 * FADE_PERCENT)
                } else {
                    accepted
                };
                self.measured = true;
                self.climb = false;
                // Never cut by more than half at once: a 429 that is not about the pace (a
                // fault, or a limit shared with other clients) looks like a tight limit.
                accepted.max(rate / 2)
            }
            _ => {
                // The first 429: what was accepted over the last second (a burst, so it
                // may be far off either way); climb fast until the next 429 measures it.
                self.limit = self.last_second(now_ms).clamp(MIN_RATE, MAX_RATE);
                self.climb = true;
                self.measured = false;
                self.limit
            }
        };
        self.rate = Some(learned);
        self.last_throttle_ms = Some(now_ms);
        self.accepted_since = 0;
        self.queued = false;
        self.probed_ms = now_ms;
        self.announce(Some(learned), "throttled");
    }

    fn forget_if_quiet(&mut self, now_ms: u64) {
        if self.setting != RateLimit::Learn || self.rate.is_none() {
            return;
        }
        if self
            .last_throttle_ms
            .is_some_and(|t| now_ms.saturating_sub(t) >= FORGET_MS)
        {
            self.rate = None;
            self.last_throttle_ms = None;
            self.limit = 0;
            self.announce(None, "forgotten");
        }
    }

    fn announce(&mut self, rate: Option<u64>, reason: &'static str) {
        self.announced = rate;
        self.push(PaceEvent::Paced {
            milli_per_second: rate,
            reason,
        });
    }
}
