//! Whole calls simulated with a fake clock, scripted responses and a fixed random stream:
//! the decisions, the waits, the ids on every attempt and the events. This file holds the
//! simulator; the tests are in the files named after what they check.

mod backoff;
mod events;
mod exhaustive;
mod give_up;
mod retry_after;
mod token_refresh;

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
