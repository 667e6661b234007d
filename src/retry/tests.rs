//! Whole calls simulated with a fake clock, scripted responses and a fixed random stream:
//! the decisions, the waits, the ids on every attempt and the events.

use super::*;
use crate::endpoint::{Endpoint, UpdateLicenses};
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::model::{LicenseAssignment, LicenseUpdate};
use crate::{AccessToken, ClientConfig, CustomerId, SkuId, UserId};

/// Sun, 22 Nov 2026 22:08:18 GMT.
const START: u64 = 1_795_385_298_000;
/// How long a scripted attempt with a response takes.
const ATTEMPT_MS: u64 = 120;
/// How long a network failure takes to show.
const NETWORK_MS: u64 = 5;
const TIMEOUT_MS: u64 = 30_000;
const SECRET: &str = "SECRET-TOKEN";

/// What one attempt meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Ok,
    /// 429 with `Retry-After: n` (seconds).
    Throttled(u64),
    /// 429 without the header: the body says "Try again in 57 seconds".
    ThrottledBody,
    /// 503 with `Retry-After` as an HTTP-date 10 s after START.
    UnavailableUntil,
    Status(u16),
    Network,
    Timeout,
    /// A 201 whose body was cut short.
    Truncated,
}

impl Step {
    fn retry_after_ms(self, now: u64) -> Option<u64> {
        match self {
            Self::Throttled(s) => Some(s * 1000),
            Self::ThrottledBody => Some(57_000),
            Self::UnavailableUntil => Some((START + 10_000).saturating_sub(now)),
            _ => None,
        }
    }
}

fn response(step: Step, request_id: &str) -> HttpResponse {
    let mut headers = vec![("MS-RequestId".to_owned(), request_id.to_owned())];
    let (status, body) = match step {
        Step::Ok => (
            201,
            r#"{"licensesToAssign":[{"skuId":"18181a46-0d4e-45cd-891e-60aabd171b4e"}],"licenseWarnings":[],"attributes":{"objectType":"LicenseUpdate"}}"#.to_owned(),
        ),
        Step::Throttled(s) => {
            headers.push(("Retry-After".to_owned(), s.to_string()));
            (429, r#"{"statusCode":429,"message":"Rate limit is exceeded."}"#.to_owned())
        }
        Step::ThrottledBody => (
            429,
            r#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}"#
                .to_owned(),
        ),
        Step::UnavailableUntil => {
            headers.push((
                "Retry-After".to_owned(),
                "Sun, 22 Nov 2026 22:08:28 GMT".to_owned(),
            ));
            (503, "<html>Service Unavailable</html>".to_owned())
        }
        Step::Status(401) => (401, String::new()),
        Step::Status(s) => (
            s,
            format!(r#"{{"code":{s}00,"description":"status {s}","source":"PartnerFD"}}"#),
        ),
        Step::Truncated => (201, r#"{"licensesToAssign":[{"sku"#.to_owned()),
        Step::Network | Step::Timeout => unreachable!("no response"),
    };
    HttpResponse::new(status, headers, body)
}

fn endpoint() -> UpdateLicenses {
    UpdateLicenses::new(
        CustomerId::parse("0c39d6d5-c70d-4c55-bc02-f620844f3fd1").unwrap(),
        UserId::parse("ada@contoso.onmicrosoft.com").unwrap(),
        LicenseUpdate {
            licenses_to_assign: Some(vec![LicenseAssignment {
                sku_id: SkuId::parse("18181a46-0d4e-45cd-891e-60aabd171b4e").unwrap(),
                excluded_plans: None,
            }]),
            licenses_to_remove: None,
            license_warnings: None,
            attributes: None,
        },
    )
    .unwrap()
}

/// A fixed xorshift stream standing in for the shell's `Math.random`.
struct Rng(u32);
impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }
}

#[derive(Debug)]
struct Trace {
    /// Each attempt: when it was sent, and the request.
    sent: Vec<(u64, HttpRequest)>,
    decisions: Vec<Decision>,
    outcome: Result<LicenseUpdate, Error>,
    events: Vec<CallEvent>,
    ended_at: u64,
    /// Tokens asked of the provider.
    tokens: u32,
}

/// Runs one call the way a shell does, with a fake clock.
fn run(policy: RetryPolicy, provider: bool, ids: CallIds, script: &[Step], rng: &mut Rng) -> Trace {
    let config = ClientConfig::new("https://pc.example").unwrap();
    let endpoint = endpoint();
    let mut clock = START;
    let mut tokens = 1;
    let mut token = AccessToken::new(format!("{SECRET}-{tokens}")).unwrap();
    let mut state = RetryState::new(policy, clock, ids).with_token_refresh(provider);
    let mut steps = script.iter().copied();
    let mut t = Trace {
        sent: vec![],
        decisions: vec![],
        outcome: Err(Error::Aborted),
        events: vec![],
        ended_at: 0,
        tokens: 0,
    };
    loop {
        let attempt = state.attempt();
        let req = endpoint.to_request(&config, &state.context(&token));
        t.events.push(CallEvent::request(&req, attempt));
        t.sent.push((clock, req.clone()));
        let step = steps.next().unwrap_or(Step::Ok);
        let (outcome, status, took) = match step {
            Step::Network => (
                Err(Error::Network {
                    message: "connection reset".into(),
                }),
                None,
                NETWORK_MS,
            ),
            Step::Timeout => (
                Err(Error::Timeout {
                    after_ms: TIMEOUT_MS,
                }),
                None,
                TIMEOUT_MS,
            ),
            _ => {
                let resp = response(step, req.header("MS-RequestId").unwrap());
                (UpdateLicenses::decode(&resp), Some(resp.status), ATTEMPT_MS)
            }
        };
        clock += took;
        t.events.push(CallEvent::response(
            &req,
            attempt,
            status,
            took,
            outcome.as_ref().err(),
        ));
        let d = state.on_outcome(clock, &outcome, rng.next());
        t.decisions.push(d);
        match (d, &outcome) {
            (Decision::Done, _) => {
                t.outcome = outcome;
                break;
            }
            (Decision::Retry { wait_ms, source }, Err(e)) => {
                t.events
                    .push(CallEvent::retry(&req, attempt, e, wait_ms, source));
                clock += wait_ms;
            }
            (Decision::RefreshTokenAndRetry, Err(e)) => {
                t.events.push(CallEvent::token_refresh(&req, attempt, e));
                tokens += 1;
                token = AccessToken::new(format!("{SECRET}-{tokens}")).unwrap();
            }
            (Decision::GiveUp(r), Err(e)) => {
                t.events
                    .push(CallEvent::give_up(&req, attempt, e, clock - START, Some(r)));
                t.outcome = outcome;
                break;
            }
            (d, Ok(_)) => panic!("{d:?} after a success"),
        }
    }
    t.ended_at = clock;
    t.tokens = tokens;
    t
}

fn ids(n: u8) -> CallIds {
    CallIds::from_random_bytes([n; 32])
}

fn waits(t: &Trace) -> Vec<u64> {
    t.decisions
        .iter()
        .filter_map(|d| match d {
            Decision::Retry { wait_ms, .. } => Some(*wait_ms),
            _ => None,
        })
        .collect()
}

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

#[test]
fn events_serialize_to_the_documented_shape() {
    let t = run(
        RetryPolicy::default(),
        true,
        ids(1),
        &[Step::Throttled(2), Step::Status(401), Step::Status(404)],
        &mut Rng(3),
    );
    let rid = t.sent[0].1.header("MS-RequestId").unwrap().to_owned();
    let path = "/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/users/ada%40contoso.onmicrosoft.com/licenseupdates";
    let json: Vec<serde_json::Value> = t
        .events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    let expected = serde_json::json!([
        {"type":"request","method":"POST","path":path,"attempt":1,"requestId":rid},
        {"type":"response","method":"POST","path":path,"attempt":1,"requestId":rid,"status":429,"durationMs":120,"errorKind":"api"},
        {"type":"retry","method":"POST","path":path,"attempt":1,"requestId":rid,"status":429,"waitMs":2000,"errorKind":"api","reason":"retryAfter"},
        {"type":"request","method":"POST","path":path,"attempt":2,"requestId":rid},
        {"type":"response","method":"POST","path":path,"attempt":2,"requestId":rid,"status":401,"durationMs":120,"errorKind":"api"},
        {"type":"retry","method":"POST","path":path,"attempt":2,"requestId":rid,"status":401,"waitMs":0,"errorKind":"api","reason":"tokenRefresh"},
        {"type":"request","method":"POST","path":path,"attempt":3,"requestId":rid},
        {"type":"response","method":"POST","path":path,"attempt":3,"requestId":rid,"status":404,"durationMs":120,"errorKind":"api"},
        {"type":"giveUp","method":"POST","path":path,"attempt":3,"requestId":rid,"status":404,"durationMs":2360,"errorKind":"api","reason":"notRetryable"},
    ]);
    assert_eq!(serde_json::Value::Array(json), expected);
    // A failure without a response: no status; an abort names itself.
    let req = &t.sent[0].1;
    let net = Error::Network {
        message: "reset".into(),
    };
    let v = serde_json::to_value(CallEvent::response(req, 1, None, 5, Some(&net))).unwrap();
    assert!(v.get("status").is_none());
    assert_eq!(v["errorKind"], "network");
    let v = serde_json::to_value(CallEvent::give_up(req, 1, &Error::Aborted, 7, None)).unwrap();
    assert_eq!(v["reason"], "aborted");
    assert_eq!(v["errorKind"], "aborted");
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
