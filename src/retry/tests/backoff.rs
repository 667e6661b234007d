//! Success, the ids on every attempt, backoff waits and jitter, the total time cap, and a
//! truncated success retried with the same request id.

use super::*;

#[test]
fn success_at_once_is_done() {
    let t = run(RetryPolicy::default(), true, ids(1), &[], &mut Rng(1));
    assert_eq!(t.decisions, [Decision::Done]);
    assert!(t.outcome.is_ok());
    assert_eq!(t.sent.len(), 1);
}

#[test]
fn every_attempt_of_a_call_carries_the_same_ids_and_the_next_call_new_ones() {
    let script = [
        Step::Status(503),
        Step::Network,
        Step::Timeout,
        Step::Truncated,
    ];
    let a = run(RetryPolicy::default(), true, ids(1), &script, &mut Rng(7));
    assert_eq!(a.sent.len(), 5);
    assert!(a.outcome.is_ok());
    let header = |r: &HttpRequest, h: &str| r.header(h).unwrap().to_owned();
    let first = &a.sent[0].1;
    for (_, r) in &a.sent {
        assert_eq!(header(r, "MS-RequestId"), header(first, "MS-RequestId"));
        assert_eq!(
            header(r, "MS-CorrelationId"),
            header(first, "MS-CorrelationId")
        );
        assert_eq!(r.body, first.body);
    }
    let b = run(RetryPolicy::default(), true, ids(2), &script, &mut Rng(7));
    assert_ne!(
        header(&b.sent[0].1, "MS-RequestId"),
        header(first, "MS-RequestId")
    );
    // Every event of the call names the call's request id.
    let rid = header(first, "MS-RequestId");
    assert!(a.events.iter().all(|e| e.request_id == rid));
}

#[test]
fn backoff_waits_stay_within_the_doubling_caps() {
    let p = RetryPolicy::default();
    for seed in 1..=500 {
        let t = run(p, true, ids(1), &[Step::Status(503); 10], &mut Rng(seed));
        let w = waits(&t);
        assert_eq!(w.len(), 4, "5 attempts = 4 waits");
        for (i, wait) in w.iter().enumerate() {
            assert!(
                *wait <= p.backoff_cap_ms(i as u32 + 1),
                "seed {seed}: {w:?}"
            );
        }
        assert_eq!(
            t.decisions.last(),
            Some(&Decision::GiveUp(GiveUpReason::AttemptsExhausted))
        );
        assert_eq!(t.sent.len(), 5);
        // Attempts are sent exactly one wait after the previous ended.
        for i in 1..t.sent.len() {
            assert_eq!(t.sent[i].0, t.sent[i - 1].0 + ATTEMPT_MS + w[i - 1]);
        }
    }
}

#[test]
fn jitter_uses_the_whole_range() {
    let p = RetryPolicy::default();
    let mut rng = Rng(42);
    let mut first: Vec<u64> = (0..2000)
        .map(|_| waits(&run(p, true, ids(1), &[Step::Status(500)], &mut rng))[0])
        .collect();
    first.sort_unstable();
    assert!(first[0] < 10, "min {}", first[0]);
    assert!(
        first[first.len() - 1] > 490,
        "max {}",
        first[first.len() - 1]
    );
    let median = first[first.len() / 2];
    assert!((200..=300).contains(&median), "median {median}");
}

#[test]
fn slow_attempts_hit_the_total_time_cap() {
    // Each attempt times out after 30 s, then backoff: 30 + w1 + 30 + w2 + 30 + w3 + 30 ...
    let p = RetryPolicy::new(10, 500, 30_000, 100_000).unwrap();
    for seed in 1..50 {
        let t = run(p, true, ids(1), &[Step::Timeout; 10], &mut Rng(seed));
        assert_eq!(
            t.decisions.last(),
            Some(&Decision::GiveUp(GiveUpReason::TimeExhausted))
        );
        // Three attempts (90 s + waits) leave < 10 s; a fourth attempt starts only if its
        // wait fits, and never after the cap.
        assert!((3..=4).contains(&t.sent.len()), "{}", t.sent.len());
        assert!(t.sent.iter().all(|(at, _)| at - START <= 100_000));
    }
}

#[test]
fn a_truncated_success_is_retried_with_the_same_request_id() {
    // "Response lost after commit": the service applied the change, the body did not arrive.
    // The retry carries the same MS-RequestId, so the service replays instead of re-applying.
    let t = run(
        RetryPolicy::default(),
        true,
        ids(9),
        &[Step::Truncated, Step::Network],
        &mut Rng(5),
    );
    assert!(t.outcome.is_ok());
    assert_eq!(t.sent.len(), 3);
    let first = t.sent[0].1.header("MS-RequestId");
    assert!(
        t.sent
            .iter()
            .all(|(_, r)| r.header("MS-RequestId") == first)
    );
}
