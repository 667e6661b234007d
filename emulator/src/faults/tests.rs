//! The fault injector's own tests: seeded decisions and their rate, refused settings,
//! `Retry-After` as an HTTP-date.
use super::*;

#[test]
fn same_seed_same_faults_and_rate_is_respected() {
    let cfg = FaultConfig {
        rate: 0.3,
        seed: 7,
        ..FaultConfig::default()
    };
    let run = || {
        let f = Faults::new(cfg.clone()).unwrap();
        (0..1000)
            .map(|_| f.decide().map(|d| d.kind))
            .collect::<Vec<_>>()
    };
    let a = run();
    assert_eq!(a, run());
    let n = a.iter().filter(|k| k.is_some()).count();
    assert!((200..400).contains(&n), "{n}");
    for k in FaultKind::ALL {
        assert!(a.contains(&Some(k)), "{k:?} never chosen");
    }
}

#[test]
fn bad_settings_are_refused() {
    for bad in [
        r#"{"rate": 1.5}"#,
        r#"{"rate": 0.5, "kinds": []}"#,
        r#"{"latencyMs": [50, 5]}"#,
    ] {
        let c: FaultConfig = serde_json::from_str(bad).unwrap();
        assert!(c.validate().is_err(), "{bad}");
    }
    assert!(serde_json::from_str::<FaultConfig>(r#"{"kinds": ["teapot"]}"#).is_err());
    assert!(serde_json::from_str::<FaultConfig>(r#"{"rat": 1}"#).is_err());
}

#[test]
fn http_date_retry_after_parses() {
    let c = FaultConfig {
        retry_after: RetryAfterStyle::HttpDate,
        retry_after_seconds: 2,
        ..FaultConfig::default()
    };
    let v = c.retry_after_value().0;
    let at = httpdate::parse_http_date(&v).unwrap();
    assert!(at > SystemTime::now());
}
