//! A 401 refreshes the token once, outside `maxAttempts`, and not after the time cap.

use super::*;

#[test]
fn a_401_refreshes_the_token_once() {
    let t = run(
        RetryPolicy::default(),
        true,
        ids(1),
        &[Step::Status(401)],
        &mut Rng(3),
    );
    assert_eq!(
        t.decisions,
        [Decision::RefreshTokenAndRetry, Decision::Done]
    );
    assert_eq!(t.tokens, 2);
    let auth: Vec<&str> = t
        .sent
        .iter()
        .map(|(_, r)| r.header("Authorization").unwrap())
        .collect();
    assert_eq!(
        auth,
        [format!("Bearer {SECRET}-1"), format!("Bearer {SECRET}-2")]
    );
    assert_eq!(
        t.sent[0].1.header("MS-RequestId"),
        t.sent[1].1.header("MS-RequestId")
    );
    // Twice 401: the fresh token is refused too; give up.
    let t = run(
        RetryPolicy::default(),
        true,
        ids(1),
        &[Step::Status(401), Step::Status(401)],
        &mut Rng(3),
    );
    assert_eq!(
        t.decisions,
        [
            Decision::RefreshTokenAndRetry,
            Decision::GiveUp(GiveUpReason::NotRetryable)
        ]
    );
    // A fixed token string cannot be refreshed.
    let t = run(
        RetryPolicy::default(),
        false,
        ids(1),
        &[Step::Status(401)],
        &mut Rng(3),
    );
    assert_eq!(t.decisions, [Decision::GiveUp(GiveUpReason::NotRetryable)]);
}

#[test]
fn the_token_refresh_is_not_counted_in_max_attempts() {
    let p = RetryPolicy::new(2, 10, 10, 60_000).unwrap();
    let t = run(
        p,
        true,
        ids(1),
        &[Step::Status(401), Step::Status(503), Step::Status(503)],
        &mut Rng(3),
    );
    assert_eq!(t.sent.len(), 3);
    assert_eq!(
        t.decisions.last(),
        Some(&Decision::GiveUp(GiveUpReason::AttemptsExhausted))
    );
}

#[test]
fn a_401_after_the_time_cap_gives_up() {
    let p = RetryPolicy::new(3, 10, 10, 100).unwrap();
    let mut s = RetryState::new(p, 0, ids(1)).with_token_refresh(true);
    let unauthorized = crate::endpoint::decode_error(&HttpResponse::new(401, vec![], ""));
    assert_eq!(
        s.on_error(100, &unauthorized, 0),
        Decision::GiveUp(GiveUpReason::TimeExhausted)
    );
    assert_eq!(
        s.on_error(99, &unauthorized, 0),
        Decision::RefreshTokenAndRetry
    );
    assert_eq!(s.attempt(), 2);
    assert_eq!(s.retries(), 1);
}
