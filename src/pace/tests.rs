//! The gate with a fake clock, and against simulated servers (an oracle for the figures
//! issue 13 asks of the real package: ≥ 95 % of R, 429s ≤ calls in flight + 1 %).

use super::*;
use std::collections::BinaryHeap;

fn learn() -> PaceGate {
    PaceGate::new(RateLimit::Learn)
}

#[test]
fn unthrottled_client_never_waits() {
    let mut g = learn();
    let mut slot = None;
    for t in 0..10_000 {
        assert_eq!(g.admit(&mut slot, t / 10), 0);
        g.on_response(t / 10, 200, None);
    }
    assert_eq!(g.milli_per_second(), None);
    assert_eq!(g.take_news(), 0);
}

#[test]
fn off_never_waits_even_after_429() {
    let mut g = PaceGate::new(RateLimit::Off);
    g.on_response(0, 429, Some(5_000));
    let mut slot = None;
    assert_eq!(g.admit(&mut slot, 1), 0);
    assert_eq!(g.take_news(), 0);
}

#[test]
fn fixed_pace_spaces_calls_and_429_closes_without_changing_it() {
    let mut g = PaceGate::new(RateLimit::Fixed(10));
    let mut slots = [None; 4];
    let waits: Vec<u64> = slots.iter_mut().map(|s| g.admit(s, 1_000)).collect();
    assert_eq!(waits, [0, 100, 200, 300]);
    // Asked again at its time, a call goes.
    assert_eq!(g.admit(&mut slots[1], 1_100), 0);
    g.on_response(1_200, 429, Some(2_000));
    assert!(g.is_closed(3_199) && !g.is_closed(3_200));
    assert_eq!(g.milli_per_second(), Some(10_000));
    // The call holding a slot inside the closing gives it up and waits for the reopening.
    assert_eq!(g.admit(&mut slots[3], 1_300), 1_900);
    assert_eq!(g.take_news(), CLOSED, "closed; the pace is the caller's");
    assert_eq!(g.closed_until_ms(), 3_200);
}

#[test]
fn a_429_closes_the_gate_for_everyone_then_paces_at_the_accepted_rate() {
    let mut g = learn();
    let mut slot = None;
    // 20 accepted within the last second, then a 429 asking for 1 s.
    for i in 0..20 {
        assert_eq!(g.admit(&mut slot, 500 + i), 0);
        g.on_response(500 + i, 200, None);
    }
    g.on_response(600, 429, Some(1_000));
    assert_eq!(g.milli_per_second(), Some(20_000));
    let mut other = None;
    assert_eq!(
        g.admit(&mut other, 700),
        900,
        "every call waits for the reopening"
    );
    let mut third = None;
    assert_eq!(g.admit(&mut third, 700), 950, "then one every 50 ms");
    // 429s of requests sent before the gate closed extend it a little but learn nothing.
    g.on_response(650, 429, Some(1_000));
    assert_eq!(g.milli_per_second(), Some(20_000));
    assert_eq!(g.take_news(), CLOSED | PACED_THROTTLED);
    assert_eq!(g.closed_until_ms(), 1_650);
    assert_eq!(g.take_news(), 0, "told once");
    // The slot reserved before the extension now lies in the closed time: a new one.
    assert_eq!(g.admit(&mut other, 1_600), 100);
}

#[test]
fn a_503_with_retry_after_closes_but_teaches_no_pace() {
    let mut g = learn();
    g.on_response(0, 503, Some(3_000));
    assert!(g.is_closed(2_999));
    assert_eq!(g.milli_per_second(), None);
    g.on_response(0, 503, None);
    assert_eq!(g.take_news(), CLOSED);
}

#[test]
fn probes_upward_only_while_calls_queue_and_forgets_after_two_quiet_minutes() {
    let mut g = learn();
    for i in 0..10 {
        g.on_response(i, 200, None);
    }
    g.on_response(10, 429, None);
    assert_eq!(g.milli_per_second(), Some(10_000));
    assert_eq!(g.take_news(), CLOSED | PACED_THROTTLED);
    // Responses while nobody queued: no probe.
    for i in 0..100 {
        g.on_response(2_000 + i, 200, None);
    }
    assert_eq!(g.milli_per_second(), Some(10_000));
    // Queued calls: the pace climbs 20 % a second after the first 429 (2 % each 100 ms).
    let mut now = 3_000;
    for _ in 0..10 {
        let (mut a, mut b) = (None, None);
        g.admit(&mut a, now);
        g.admit(&mut b, now);
        now += 100;
        g.on_response(now, 200, None);
    }
    let r = g.milli_per_second().unwrap();
    assert!((12_100..12_300).contains(&r), "{r}");
    assert_eq!(g.take_news(), PACED_PROBE);
    let mut s = None;
    g.admit(&mut s, 10 + 120_000);
    assert_eq!(g.milli_per_second(), None);
    assert_eq!(g.take_news(), PACED_FORGOTTEN);
}

#[test]
fn a_closing_is_told_again_only_when_it_grows_by_a_second() {
    let mut g = learn();
    g.on_response(0, 429, Some(1_000));
    assert_eq!(g.take_news() & CLOSED, CLOSED);
    g.on_response(10, 429, Some(1_000));
    assert_eq!(g.take_news(), 0);
    g.on_response(20, 429, Some(5_000));
    assert_eq!(g.take_news(), CLOSED);
    assert_eq!(g.closed_until_ms(), 5_020);
}

/// What a server says to a request arriving at `t` ms: `None` accepted, `Some(wait_ms)` 429.
trait Server {
    fn arrive(&mut self, t: u64) -> Option<u64>;
}

/// The emulator's limiter: a token bucket of `r` per second, burst `r`; a 429 asks for
/// the time to the next token, in whole seconds (at least 1).
struct Bucket {
    r: f64,
    tokens: f64,
    cap: f64,
    last: u64,
}

impl Server for Bucket {
    fn arrive(&mut self, t: u64) -> Option<u64> {
        let dt = (t - self.last) as f64 / 1000.0;
        self.tokens = (self.tokens + dt * self.r).min(self.cap);
        self.last = t;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            None
        } else {
            Some((((1.0 - self.tokens) / self.r).ceil() as u64).max(1) * 1000)
        }
    }
}

/// No limit, but a share of requests answered 429 at random (the soak's injected faults).
#[derive(Clone)]
struct Random {
    state: u64,
    share_per_mille: u64,
    /// No 429 from this time on (ms).
    until: u64,
}

impl Server for Random {
    fn arrive(&mut self, t: u64) -> Option<u64> {
        if t >= self.until {
            return None;
        }
        self.state = self
            .state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.state >> 33) % 1000 < self.share_per_mille).then_some(1_000)
    }
}

struct Run {
    accepted: u64,
    throttled: u64,
}

/// `workers` calls in flight for `ms`, each retrying a 429 after its wait (as the retry
/// state does), one-way latency `half_rtt` ms.
fn simulate(
    gate: &mut PaceGate,
    server: &mut dyn Server,
    workers: usize,
    ms: u64,
    half_rtt: u64,
) -> Run {
    // (time, worker, response: None = about to ask the gate, Some(answer)).
    let mut queue = BinaryHeap::new();
    for w in 0..workers {
        queue.push(core::cmp::Reverse((0u64, w, None::<Option<u64>>)));
    }
    let mut slots = vec![None; workers];
    let mut run = Run {
        accepted: 0,
        throttled: 0,
    };
    while let Some(core::cmp::Reverse((t, w, answer))) = queue.pop() {
        if t >= ms {
            break;
        }
        match answer {
            None => {
                let wait = gate.admit(&mut slots[w], t);
                if wait > 0 {
                    queue.push(core::cmp::Reverse((t + wait, w, None)));
                } else {
                    let said = server.arrive(t + half_rtt);
                    queue.push(core::cmp::Reverse((t + 2 * half_rtt, w, Some(said))));
                }
            }
            Some(said) => {
                gate.on_response(t, if said.is_some() { 429 } else { 200 }, said);
                let next = match said {
                    Some(wait) => {
                        run.throttled += 1;
                        t + wait
                    }
                    None => {
                        run.accepted += 1;
                        t
                    }
                };
                queue.push(core::cmp::Reverse((next, w, None)));
            }
        }
    }
    run
}

fn bucket(r: u32) -> Bucket {
    bursting(r, 1.0)
}

/// A bucket of `r` per second holding `burst` seconds of it.
fn bursting(r: u32, burst: f64) -> Bucket {
    let cap = f64::from(r) * burst;
    Bucket {
        r: f64::from(r),
        tokens: cap,
        cap,
        last: 0,
    }
}

#[test]
fn learns_a_token_bucket_at_15_and_40_per_second() {
    for r in [15u32, 40] {
        for half_rtt in [1, 20] {
            let mut g = learn();
            let run = simulate(&mut g, &mut bucket(r), 16, 30_000, half_rtt);
            let share = run.accepted as f64 / (30.0 * f64::from(r));
            let budget = 16 + run.accepted / 100;
            assert!(share >= 0.95, "R={r} rtt={half_rtt}: {share:.3} of R");
            assert!(
                run.throttled <= budget,
                "R={r} rtt={half_rtt}: {} 429s > {budget}",
                run.throttled
            );
        }
    }
}

#[test]
fn a_known_limit_sees_no_429_at_all() {
    for r in [15u32, 40] {
        let mut g = PaceGate::new(RateLimit::Fixed(r));
        let run = simulate(&mut g, &mut bucket(r), 16, 30_000, 1);
        assert_eq!(run.throttled, 0, "R={r}");
        assert!(
            run.accepted as f64 >= 0.95 * 30.0 * f64::from(r),
            "R={r}: {}",
            run.accepted
        );
    }
}

#[test]
fn without_a_gate_every_call_discovers_the_limit_itself() {
    // The baseline the gate is measured against (issue 13: half of all requests 429 at 15/s).
    let mut g = PaceGate::new(RateLimit::Off);
    let run = simulate(&mut g, &mut bucket(15), 16, 30_000, 1);
    assert!(
        run.throttled > run.accepted / 4,
        "{} of {}",
        run.throttled,
        run.accepted
    );
}

#[test]
fn random_429s_slow_the_client_but_never_stop_it_and_it_recovers() {
    // 6 % of requests answered 429 whatever the rate (the soak's injected 429s and 503s):
    // to any learner this looks like a tight limit, and each one closes the gate for 1 s.
    // The client keeps going (at a reduced pace), and once the 429s stop, two quiet
    // minutes later the gate is wide open again.
    let mut g = learn();
    let mut faulty = Random {
        state: 9,
        share_per_mille: 60,
        until: 60_000,
    };
    let early = simulate(&mut g, &mut faulty.clone(), 32, 60_000, 5);
    assert!(early.accepted >= 60, "{} accepted in 60 s", early.accepted);
    assert!(g.milli_per_second().is_some());
    let mut g = learn();
    let run = simulate(&mut g, &mut faulty, 32, 200_000, 5);
    assert_eq!(
        run.throttled, early.throttled,
        "no 429 after the faults stop"
    );
    assert_eq!(
        g.milli_per_second(),
        None,
        "forgotten after two quiet minutes"
    );
}

#[test]
fn learns_slow_and_fast_limits_and_bursts_other_than_one_second() {
    // (R, burst in seconds of R, least share of R over 60 s).
    for (r, burst, least) in [
        (5, 1.0, 0.95),
        (100, 1.0, 0.95),
        (15, 3.0, 0.95),
        (40, 0.3, 0.8),
    ] {
        let mut g = learn();
        let run = simulate(&mut g, &mut bursting(r, burst), 16, 60_000, 1);
        let share = run.accepted as f64 / 60.0 / f64::from(r);
        assert!(share >= least, "R={r} burst={burst}: {share:.3} of R");
        // The discovery (16 in flight), then about one 429 every 8 s or more.
        assert!(
            run.throttled <= 16 + 8,
            "R={r} burst={burst}: {} 429s",
            run.throttled
        );
    }
}
