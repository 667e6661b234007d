//! The binary as scripts use it: `--port 0`, the "listening on" line, one log line per
//! request that never holds the token, `--seed FILE`, bad flags.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_partner-center-emulator");

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

fn get(url: &str, token: &str) -> u16 {
    block_on(async {
        client()
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    })
}

fn token(base: &str, partner: &str) -> String {
    block_on(async {
        let v: serde_json::Value = client()
            .post(format!("{base}/emulator/token"))
            .body(format!(r#"{{"partner":"{partner}"}}"#))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["accessToken"].as_str().unwrap().to_owned()
    })
}

/// A child process killed when dropped.
struct Emulator {
    child: std::process::Child,
    url: String,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Emulator {
    fn spawn(args: &[&str]) -> Self {
        let mut child = Command::new(BIN)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let url = line
            .trim()
            .strip_prefix("partner-center-emulator listening on http://127.0.0.1:")
            .map(|port| format!("http://127.0.0.1:{port}"))
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        Self { child, url }
    }

    /// Stops the process and returns what it wrote on stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        err
    }
}

#[test]
fn logs_one_line_per_request_never_the_token() {
    let emu = Emulator::spawn(&["--port", "0"]);
    let tok = token(&emu.url, "adatum");
    let path =
        "/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/subscribedskus?licenseGroupIds=Group2";
    assert_eq!(get(&format!("{}{path}", emu.url), &tok), 200);
    assert_eq!(
        get(&format!("{}/v1/customers/x/subscribedskus", emu.url), &tok),
        400
    );
    assert_eq!(get(&format!("{}{path}", emu.url), "pcemu.wrong-token"), 401);
    let log = emu.stop();
    assert!(!log.contains(&tok), "the token was logged");
    assert!(!log.contains("pcemu."), "a token was logged");
    assert!(!log.to_ascii_lowercase().contains("bearer"));
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 4, "{log}");
    let first: Vec<&str> = lines[1].split(' ').collect();
    assert_eq!(first[0], "GET");
    assert_eq!(first[1], path);
    assert_eq!(first[2], "200");
    assert_eq!(first[3].len(), 36, "request id in {}", lines[1]);
    assert!(first[4].ends_with("ms"));
    assert!(lines[2].contains(" 400 ") && lines[3].contains(" 401 "));
}

#[test]
fn quiet_and_seed_file() {
    let seed = r#"{"partners": [{"id": "a1a1a1a1-0000-4000-8000-000000000001", "name": "solo",
        "customers": [{"id": "c1c1c1c1-0000-4000-8000-000000000001", "name": "Solo Ltd", "domain": "solo.example.com",
            "subscriptions": [{"skuId": "f8a1db68-be16-40ed-86d5-cb42ce701560", "totalUnits": 2}],
            "users": [{"id": "e1e1e1e1-0000-4000-8000-000000000001", "upn": "one@solo.example.com",
                       "licenses": [{"skuId": "f8a1db68-be16-40ed-86d5-cb42ce701560"}]}]}]}]}"#;
    let path = std::env::temp_dir().join(format!("pce-seed-{}.json", std::process::id()));
    std::fs::write(&path, seed).unwrap();
    let emu = Emulator::spawn(&["--port", "0", "--quiet", "--seed", path.to_str().unwrap()]);
    let tok = token(&emu.url, "solo");
    let c = "c1c1c1c1-0000-4000-8000-000000000001";
    assert_eq!(
        get(
            &format!("{}/v1/customers/{c}/subscribedskus", emu.url),
            &tok
        ),
        200
    );
    assert_eq!(
        get(
            &format!(
                "{}/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/subscribedskus",
                emu.url
            ),
            &tok
        ),
        404
    );
    let log = emu.stop();
    assert!(log.is_empty(), "{log}");
    std::fs::remove_file(path).ok();
}

#[test]
fn bad_flags_and_bad_seeds_fail_with_a_message() {
    for (args, needle) in [
        (vec!["--bogus"], "unknown flag"),
        (vec!["--fault-rate", "7"], "rate"),
        (vec!["--seed", "/nonexistent/seed.json"], "--seed"),
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let bad = std::env::temp_dir().join(format!("pce-bad-seed-{}.json", std::process::id()));
    // Two licenses of a SKU with one unit.
    std::fs::write(
        &bad,
        r#"{"partners": [{"id": "a1a1a1a1-0000-4000-8000-000000000001", "name": "p", "customers": [{
            "id": "c1c1c1c1-0000-4000-8000-000000000001", "name": "c", "domain": "c.example.com",
            "subscriptions": [{"skuId": "f8a1db68-be16-40ed-86d5-cb42ce701560", "totalUnits": 1}],
            "users": [
              {"id": "e1e1e1e1-0000-4000-8000-000000000001", "upn": "a@c.example.com", "licenses": [{"skuId": "f8a1db68-be16-40ed-86d5-cb42ce701560"}]},
              {"id": "e1e1e1e1-0000-4000-8000-000000000002", "upn": "b@c.example.com", "licenses": [{"skuId": "f8a1db68-be16-40ed-86d5-cb42ce701560"}]}]}]}]}"#,
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["--port", "0", "--seed", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("60012"));
    std::fs::remove_file(bad).ok();
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--rate-limit"));
}
