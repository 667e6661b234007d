//! Errors that cannot improve are not retried; retries off means one attempt.

use super::*;

#[test]
fn errors_that_cannot_improve_are_not_retried() {
    for s in [400, 403, 404, 409, 501] {
        let t = run(
            RetryPolicy::default(),
            true,
            ids(1),
            &[Step::Status(s)],
            &mut Rng(3),
        );
        assert_eq!(
            t.decisions,
            [Decision::GiveUp(GiveUpReason::NotRetryable)],
            "{s}"
        );
    }
    let mut s = RetryState::new(RetryPolicy::default(), 0, ids(1));
    assert_eq!(
        s.on_error(1, &Error::Aborted, 0),
        Decision::GiveUp(GiveUpReason::NotRetryable)
    );
    let input = Error::InvalidInput(crate::InputError::new("x", "y"));
    assert_eq!(
        s.on_error(1, &input, 0),
        Decision::GiveUp(GiveUpReason::NotRetryable)
    );
    assert_eq!(s.attempt(), 1);
}

#[test]
fn retries_off_means_one_attempt() {
    for p in [
        RetryPolicy::disabled(),
        RetryPolicy::new(1, 0, 0, 60_000).unwrap(),
    ] {
        for step in [
            Step::Status(503),
            Step::Throttled(1),
            Step::Network,
            Step::Timeout,
            Step::Truncated,
        ] {
            let t = run(p, true, ids(1), &[step], &mut Rng(3));
            assert_eq!(
                t.decisions,
                [Decision::GiveUp(GiveUpReason::AttemptsExhausted)],
                "{step:?}"
            );
        }
        // A token refresh still happens: it is not a retry of a fault.
        let t = run(p, true, ids(1), &[Step::Status(401)], &mut Rng(3));
        assert_eq!(
            t.decisions,
            [Decision::RefreshTokenAndRetry, Decision::Done]
        );
    }
}
