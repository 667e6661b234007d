//! `Retry-After` in seconds and as an HTTP-date, the 429 body's wait, and a wait beyond
//! the total cap.

use super::*;

#[test]
fn retry_after_seconds_is_honoured_exactly_even_above_the_max_delay() {
    let p = RetryPolicy::new(5, 100, 1000, 120_000).unwrap();
    let t = run(
        p,
        true,
        ids(1),
        &[Step::Throttled(0), Step::Throttled(3), Step::Throttled(45)],
        &mut Rng(3),
    );
    assert_eq!(waits(&t), [0, 3000, 45_000]);
    assert!(t.decisions.iter().all(|d| matches!(
        d,
        Decision::Done
            | Decision::Retry {
                source: WaitSource::RetryAfter,
                ..
            }
    )));
    assert!(t.outcome.is_ok());
}

#[test]
fn retry_after_as_an_http_date_is_relative_to_now() {
    let t = run(
        RetryPolicy::default(),
        true,
        ids(1),
        &[Step::UnavailableUntil],
        &mut Rng(3),
    );
    // The date is START + 10 s; the response arrived at START + 120 ms.
    assert_eq!(waits(&t), [10_000 - ATTEMPT_MS]);
    assert_eq!(t.sent[1].0, START + 10_000);
    // Met again after the date has passed: no wait.
    let t = run(
        RetryPolicy::default(),
        true,
        ids(1),
        &[Step::Throttled(11), Step::UnavailableUntil],
        &mut Rng(3),
    );
    assert_eq!(waits(&t), [11_000, 0]);
}

#[test]
fn the_429_body_gives_the_wait_when_the_header_is_missing() {
    let t = run(
        RetryPolicy::default(),
        true,
        ids(1),
        &[
            Step::ThrottledBody,
            Step::ThrottledBody,
            Step::ThrottledBody,
        ],
        &mut Rng(3),
    );
    // 57 s twice fits in 120 s; the third would end at ~171 s: give up instead of waiting.
    assert_eq!(waits(&t), [57_000, 57_000]);
    assert_eq!(
        t.decisions.last(),
        Some(&Decision::GiveUp(GiveUpReason::TimeExhausted))
    );
    let e = t.outcome.unwrap_err();
    assert_eq!(e.retry_after_ms(t.ended_at), Some(57_000));
    assert_eq!(t.ended_at, START + 3 * ATTEMPT_MS + 114_000);
}

#[test]
fn a_retry_after_beyond_the_total_cap_gives_up_at_once() {
    let t = run(
        RetryPolicy::default(),
        true,
        ids(1),
        &[Step::Throttled(600)],
        &mut Rng(3),
    );
    assert_eq!(t.decisions, [Decision::GiveUp(GiveUpReason::TimeExhausted)]);
    assert_eq!(t.ended_at, START + ATTEMPT_MS, "no sleeping in vain");
    assert_eq!(t.outcome.unwrap_err().retry_after_ms(0), Some(600_000));
}
