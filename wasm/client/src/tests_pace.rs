//! The gate through the wasm core: one per client, shared by its calls, fed by responses.

use partner_center_licenses::json::{self, Json};
use partner_center_licenses::pace::{CLOSED, PACED_THROTTLED};

use crate::{Call, Core};

const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
const T0: f64 = 1.0e12;
const THROTTLED: &[u8] = br#"{"statusCode":429,"message":"Rate limit is exceeded."}"#;
const EMPTY: &[u8] = br#"{"totalCount":0,"items":[]}"#;

fn core(options: &str, on_event: &str) -> Core {
    Core::checked(Some(options), "string", Some("t0ken".into()), on_event).unwrap()
}

fn call(core: &Core) -> Call {
    core.begin(1, Some(CUSTOMER), None, Some("null"), true, &[3; 32], T0)
        .unwrap()
}

#[test]
fn a_429_on_one_call_holds_back_every_other_call_of_the_client() {
    let core = core(r#"{"baseUrl":"http://x.test"}"#, "function");
    let (mut a, mut b) = (call(&core), call(&core));
    assert_eq!(a.admit(T0), 0.0, "never throttled: no wait");
    a.request(None).unwrap();
    for i in 0..10 {
        let mut c = call(&core);
        assert_eq!(c.admit(T0), 0.0);
        c.request(None).unwrap();
        assert_eq!(
            c.response(
                200,
                EMPTY.to_vec(),
                -1.0,
                None,
                None,
                None,
                T0 + f64::from(i),
                0
            ),
            ""
        );
    }
    assert_eq!(core.pace_news(), 0);
    let reply = a.response(
        429,
        THROTTLED.to_vec(),
        -1.0,
        None,
        None,
        Some("2".into()),
        T0 + 10.0,
        0,
    );
    let d = json::parse(&reply).unwrap();
    assert_eq!(d.get("waitMs").and_then(Json::as_u64), Some(2000));
    // Another call of the same client waits for the gate to open, then for its turn.
    assert_eq!(b.admit(T0 + 10.0), 2000.0);
    let mut c = call(&core);
    assert_eq!(
        c.admit(T0 + 10.0),
        2100.0,
        "10 accepted in the last second: 10/s"
    );
    assert_eq!(b.admit(T0 + 2010.0), 0.0);
    assert_eq!(core.pace_news(), CLOSED | PACED_THROTTLED);
    assert_eq!(core.closed_until(), T0 + 2010.0);
    assert_eq!(core.pace(), 10_000.0);
    assert_eq!(core.pace_news(), 0, "told once");
    // Another client is not held back.
    let other = self::core(r#"{"baseUrl":"http://x.test"}"#, "function");
    assert_eq!(call(&other).admit(T0 + 20.0), 0.0);
}

#[test]
fn a_fixed_rate_paces_from_the_first_call_and_false_turns_the_gate_off() {
    let fixed = core(r#"{"rateLimit":{"requestsPerSecond":4}}"#, "undefined");
    let waits: Vec<f64> = (0..4).map(|_| call(&fixed).admit(T0)).collect();
    assert_eq!(waits, [0.0, 250.0, 500.0, 750.0]);
    let off = core(r#"{"rateLimit":false}"#, "function");
    let mut a = call(&off);
    a.request(None).unwrap();
    a.response(
        429,
        THROTTLED.to_vec(),
        -1.0,
        None,
        None,
        Some("30".into()),
        T0,
        0,
    );
    assert_eq!(call(&off).admit(T0 + 1.0), 0.0);
    assert_eq!(off.pace_news(), 0);
    assert_eq!(off.pace(), 0.0);
}

#[test]
fn a_fixed_pace_is_not_news_and_bad_settings_are_refused() {
    let quiet = core(r#"{"rateLimit":{"requestsPerSecond":3}}"#, "undefined");
    assert_eq!(quiet.pace(), 3_000.0);
    let mut a = call(&quiet);
    a.request(None).unwrap();
    a.response(
        429,
        THROTTLED.to_vec(),
        -1.0,
        None,
        None,
        Some("1".into()),
        T0,
        0,
    );
    assert_eq!(
        quiet.pace_news(),
        CLOSED,
        "closed; the pace stays the caller's"
    );
    assert_eq!(quiet.pace(), 3_000.0);
    assert!(call(&quiet).admit(T0) > 0.0, "the gate closes all the same");
    let e = Core::checked(
        Some(r#"{"rateLimit":{"requestsPerSecond":-1}}"#),
        "string",
        Some("t".into()),
        "undefined",
    )
    .err()
    .unwrap();
    assert_eq!(e.field, "rateLimit.requestsPerSecond");
}

#[test]
fn a_503_with_retry_after_closes_the_gate_and_a_plain_500_does_not() {
    let core = core("{}", "function");
    let mut a = call(&core);
    a.request(None).unwrap();
    a.response(500, b"{}".to_vec(), -1.0, None, None, None, T0, 0);
    assert_eq!(call(&core).admit(T0), 0.0);
    a.response(
        503,
        b"{}".to_vec(),
        -1.0,
        None,
        None,
        Some("5".into()),
        T0,
        0,
    );
    assert_eq!(call(&core).admit(T0), 5000.0);
    assert_eq!(core.pace_news(), CLOSED, "no pace is learned from a 503");
    assert_eq!(core.pace(), 0.0);
}

/// What the exports reply without throwing: `open` and `start` give `None` and leave the
/// error fields for `refusal` (read once); `request` puts its error fields after a space.
#[test]
fn refusals_and_request_errors_are_plain_replies() {
    use crate::call::ERROR_MARK;
    let kind = |text: &str| {
        json::parse(text)
            .ok()
            .and_then(|j| j.get("kind").and_then(Json::as_str).map(str::to_owned))
    };
    assert!(
        Core::open(
            Some("[]".into()),
            "string",
            Some("t0ken".into()),
            "undefined"
        )
        .is_none()
    );
    let why = Core::refusal();
    assert_eq!(kind(&why).as_deref(), Some("invalidInput"), "{why}");
    assert_eq!(Core::refusal(), "", "read once");
    let core = Core::open(Some("{}".into()), "function", None, "undefined").unwrap();
    assert!(
        core.start(1, None, None, None, true, &[1; 32], 0.0)
            .is_none()
    );
    assert_eq!(kind(&Core::refusal()).as_deref(), Some("invalidInput"));
    let mut call = core
        .start(
            1,
            Some(CUSTOMER.into()),
            None,
            Some("null".into()),
            true,
            &[1; 32],
            0.0,
        )
        .unwrap();
    let bad = call.next_request(Some("bad\r\nSECRET".into()));
    assert!(
        bad.starts_with(ERROR_MARK) && !bad.contains("SECRET"),
        "{bad}"
    );
    assert_eq!(kind(&bad).as_deref(), Some("invalidInput"));
    let good = call.next_request(Some("t0ken".into()));
    assert!(good.starts_with('{'), "{good}");
}
