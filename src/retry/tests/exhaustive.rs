//! Every script of four steps against an oracle of the rules, with no trace of the token.

use super::*;

/// The expected end of a call, from a plain reading of the rules (an oracle independent of
/// `RetryState`): `Ok(attempts)` or `Err((attempts, reason))`. Needs a total cap large
/// enough never to matter.
fn oracle(
    max_attempts: u32,
    provider: bool,
    script: &[Step],
) -> Result<usize, (usize, GiveUpReason)> {
    let mut refreshed = false;
    let mut faults = 0;
    for (i, step) in script
        .iter()
        .chain(core::iter::repeat(&Step::Ok))
        .enumerate()
    {
        let n = i + 1;
        match step {
            Step::Ok => return Ok(n),
            Step::Status(401) if provider && !refreshed => refreshed = true,
            Step::Status(401 | 400 | 403 | 404) => return Err((n, GiveUpReason::NotRetryable)),
            _ => {
                faults += 1;
                if faults >= max_attempts {
                    return Err((n, GiveUpReason::AttemptsExhausted));
                }
            }
        }
    }
    unreachable!()
}

#[test]
fn every_script_of_four_steps_ends_as_the_rules_say() {
    const KINDS: [Step; 9] = [
        Step::Ok,
        Step::Throttled(2),
        Step::ThrottledBody,
        Step::Status(500),
        Step::Status(503),
        Step::Status(404),
        Step::Status(401),
        Step::Network,
        Step::Truncated,
    ];
    let p = RetryPolicy::new(4, 200, 5000, 86_400_000).unwrap();
    let mut rng = Rng(99);
    let mut count = 0;
    let mut script = [Step::Ok; 4];
    for code in 0..KINDS.len().pow(4) {
        let mut c = code;
        for s in &mut script {
            *s = KINDS[c % KINDS.len()];
            c /= KINDS.len();
        }
        for provider in [true, false] {
            let t = run(p, provider, ids(5), &script, &mut rng);
            let got = match (&t.outcome, t.decisions.last()) {
                (Ok(_), Some(Decision::Done)) => Ok(t.sent.len()),
                (Err(_), Some(Decision::GiveUp(r))) => Err((t.sent.len(), *r)),
                other => panic!("{script:?}: {other:?}"),
            };
            assert_eq!(
                got,
                oracle(4, provider, &script),
                "{script:?} provider {provider}"
            );
            // Each wait: the service's exactly, else within the backoff cap of its retry.
            let mut fault_retry = 0;
            let mut now = START;
            for (i, d) in t.decisions.iter().enumerate() {
                let step = script.get(i).copied().unwrap_or(Step::Ok);
                now += if step == Step::Network {
                    NETWORK_MS
                } else {
                    ATTEMPT_MS
                };
                if let Decision::Retry { wait_ms, source } = d {
                    fault_retry += 1;
                    match step.retry_after_ms(now) {
                        Some(ra) => {
                            assert_eq!((*wait_ms, *source), (ra, WaitSource::RetryAfter));
                        }
                        None => {
                            assert_eq!(*source, WaitSource::Backoff);
                            assert!(*wait_ms <= p.backoff_cap_ms(fault_retry));
                        }
                    }
                    now += wait_ms;
                }
            }
            // One request id for the whole call, in every request and every event.
            let rid = t.sent[0].1.header("MS-RequestId").unwrap();
            assert!(
                t.sent
                    .iter()
                    .all(|(_, r)| r.header("MS-RequestId") == Some(rid))
            );
            assert!(t.events.iter().all(|e| e.request_id == rid));
            // Events: request + response per attempt, then retry or giveUp between them.
            let kinds: Vec<EventType> = t.events.iter().map(|e| e.kind).collect();
            assert_eq!(
                kinds.iter().filter(|k| **k == EventType::Request).count(),
                t.sent.len()
            );
            assert_eq!(kinds.last() == Some(&EventType::GiveUp), t.outcome.is_err());
            no_token_in(&t);
            count += 1;
        }
    }
    assert_eq!(count, 2 * 9usize.pow(4));
}

/// No trace of the token in errors, events and decisions: Display, Debug and JSON.
fn no_token_in(t: &Trace) {
    let mut texts = vec![format!("{:?}", t.decisions)];
    if let Err(e) = &t.outcome {
        texts.push(e.to_string());
        texts.push(format!("{e:?}"));
    }
    for e in &t.events {
        texts.push(format!("{e:?}"));
        texts.push(serde_json::to_string(e).unwrap());
    }
    for (_, r) in &t.sent {
        texts.push(format!("{r:?}"));
    }
    for s in texts {
        assert!(!s.contains(SECRET), "token leaked: {s}");
    }
}
