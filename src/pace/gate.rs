//! The gate: one per client, fed every response, asked before every attempt.

#[allow(unused_imports)]
use crate::prelude::*;

use super::options::RateLimit;

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

/// What changed since the shell last asked ([`PaceGate::take_news`]), for `onEvent`: the
/// gate closed (or its closing grew by a second or more) ...
pub const CLOSED: u8 = 1;
/// ... and why the pace changed (bits 1–2): learned at a 429,
pub const PACED_THROTTLED: u8 = 2;
/// raised by 10 % or more since it was last told (probing),
pub const PACED_PROBE: u8 = 4;
/// or forgotten (two quiet minutes: wide open again).
pub const PACED_FORGOTTEN: u8 = 6;

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
    /// The pace last told.
    announced: Option<u64>,
    news: u8,
}

const fn us(ms: u64) -> u64 {
    ms.saturating_mul(1000)
}

impl PaceGate {
    /// A gate for `setting`.
    pub fn new(setting: RateLimit) -> Self {
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
            news: 0,
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
        if matches!(self.setting, RateLimit::Off) {
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
        if matches!(self.setting, RateLimit::Off) {
            return;
        }
        match (status, retry_after_ms) {
            (429, wait) => self.close(now_ms, 429, wait.unwrap_or(DEFAULT_CLOSE_MS)),
            (503, Some(wait)) => self.close(now_ms, 503, wait),
            _ => self.accepted(now_ms),
        }
    }

    /// What changed since the last call ([`CLOSED`] | a `PACED_*` reason), then forgets it.
    pub fn take_news(&mut self) -> u8 {
        core::mem::take(&mut self.news)
    }

    /// Until when the gate is (or was last) closed, in ms.
    pub const fn closed_until_ms(&self) -> u64 {
        self.closed_until / 1000
    }

    fn accepted(&mut self, now_ms: u64) {
        self.count(now_ms);
        self.accepted_since += 1;
        let since = now_ms.saturating_sub(self.probed_ms).min(WINDOW_MS);
        self.probed_ms = now_ms;
        if !matches!(self.setting, RateLimit::Learn) || !core::mem::take(&mut self.queued) {
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
            self.announce(Some(raised), PACED_PROBE);
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

    /// Responses accepted over about the last second (the current 1-second window or the
    /// previous one, whichever counted more), in milli-requests per second.
    fn last_second(&self, now_ms: u64) -> u64 {
        if now_ms.saturating_sub(self.window_start) >= 2 * WINDOW_MS {
            return 0;
        }
        self.window_count.max(self.previous_count) * 1000
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
            self.news |= CLOSED;
        }
        // Only the 429 that closes an open gate says something about the pace: the others
        // answer requests sent before it closed.
        if !was_open || status != 429 || !matches!(self.setting, RateLimit::Learn) {
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
        self.announce(Some(learned), PACED_THROTTLED);
    }

    fn forget_if_quiet(&mut self, now_ms: u64) {
        if !matches!(self.setting, RateLimit::Learn) || self.rate.is_none() {
            return;
        }
        if self
            .last_throttle_ms
            .is_some_and(|t| now_ms.saturating_sub(t) >= FORGET_MS)
        {
            self.rate = None;
            self.last_throttle_ms = None;
            self.limit = 0;
            self.announce(None, PACED_FORGOTTEN);
        }
    }

    fn announce(&mut self, rate: Option<u64>, reason: u8) {
        self.announced = rate;
        self.news = (self.news & CLOSED) | reason;
    }
}
