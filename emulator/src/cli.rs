//! Command-line flags.

use std::net::IpAddr;
use std::path::PathBuf;

use crate::faults::{FaultConfig, FaultKind, RetryAfterStyle};
use crate::{Config, Seed};

/// `--help` text.
pub const USAGE: &str = "\
partner-center-emulator: a local Partner Center user-license server

USAGE: partner-center-emulator [FLAGS]

  --port N               port to listen on (default 7070; 0 picks a free one)
  --host ADDR            address to listen on (default 127.0.0.1)
  --seed FILE            load the seed from a JSON file (default: the built-in seed)
  --root DIR             serve DIR/www at / and DIR/pkg at /pkg/ (default: the repository)
  --rate-limit N         at most N API requests per second per partner (429 + Retry-After)
  --faults JSON|@FILE    fault settings, as for PUT /emulator/faults
  --fault-rate R         fraction of API requests that get a fault (0..1)
  --fault-kinds LIST     comma-separated: 429,500,503,latency,drop,truncate,html,lostAfterCommit
  --fault-seed N         seed of the fault RNG
  --latency-ms MIN-MAX   delay range of the latency fault
  --retry-after STYLE    seconds | httpDate (Retry-After of injected 429/503)
  --enforce-retry-after  answer 429 again to a partner calling before its Retry-After passed
  --body-limit BYTES     largest request body (default 65536)
  --read-timeout SECS    time a client gets to send headers, then the body (default 30)
  --quiet                no per-request log lines
  --help                 this text
";

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    /// Run with this configuration.
    Run(Box<Config>),
    /// Print the usage.
    Help,
}

fn value<'a>(flag: &str, it: &mut impl Iterator<Item = &'a String>) -> Result<&'a String, String> {
    it.next().ok_or_else(|| format!("{flag} needs a value"))
}

fn num<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{flag}: {v:?} is not a valid number"))
}

/// Parses the arguments (without the program name).
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut config = Config::new()?;
    config.port = 7070;
    config.log = true;
    let mut faults = FaultConfig::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let (flag, inline) = match flag.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (flag.as_str(), None),
        };
        let mut val = || -> Result<String, String> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => value(flag, &mut it).cloned(),
            }
        };
        match flag {
            "--help" | "-h" => return Ok(Command::Help),
            "--port" | "-p" => config.port = num(flag, &val()?)?,
            "--host" => {
                config.host = val()?
                    .parse::<IpAddr>()
                    .map_err(|_| "--host needs an IP address".to_owned())?
            }
            "--seed" => {
                let path = val()?;
                let text =
                    std::fs::read_to_string(&path).map_err(|e| format!("--seed {path}: {e}"))?;
                config.seed = Seed::from_json(&text).map_err(|e| format!("--seed {path}: {e}"))?;
            }
            "--root" => config.root = PathBuf::from(val()?),
            "--rate-limit" => {
                let n: u32 = num(flag, &val()?)?;
                config.rate_limit = (n > 0).then_some(n);
            }
            "--faults" => {
                let v = val()?;
                let text = match v.strip_prefix('@') {
                    Some(path) => std::fs::read_to_string(path)
                        .map_err(|e| format!("--faults {path}: {e}"))?,
                    None => v,
                };
                faults = serde_json::from_str(&text).map_err(|e| format!("--faults: {e}"))?;
            }
            "--fault-rate" => faults.rate = num(flag, &val()?)?,
            "--fault-kinds" => {
                faults.kinds = val()?
                    .split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(|k| {
                        serde_json::from_value::<FaultKind>(serde_json::Value::String(
                            k.trim().into(),
                        ))
                        .map_err(|_| format!("--fault-kinds: unknown fault {k:?}"))
                    })
                    .collect::<Result<_, _>>()?
            }
            "--fault-seed" => faults.seed = num(flag, &val()?)?,
            "--latency-ms" => {
                let v = val()?;
                let (lo, hi) = v.split_once(['-', ',']).unwrap_or((v.as_str(), v.as_str()));
                faults.latency_ms = [num(flag, lo.trim())?, num(flag, hi.trim())?];
            }
            "--retry-after" => {
                faults.retry_after = match val()?.as_str() {
                    "seconds" => RetryAfterStyle::Seconds,
                    "httpDate" | "http-date" => RetryAfterStyle::HttpDate,
                    other => {
                        return Err(format!(
                            "--retry-after: {other:?} is not seconds or httpDate"
                        ));
                    }
                }
            }
            "--enforce-retry-after" => faults.enforce_retry_after = true,
            "--body-limit" => config.body_limit = num(flag, &val()?)?,
            "--read-timeout" => {
                let secs: u64 = num(flag, &val()?)?;
                if secs == 0 {
                    return Err("--read-timeout must be at least 1 second".into());
                }
                config.read_timeout = std::time::Duration::from_secs(secs);
            }
            "--quiet" | "-q" => config.log = false,
            other => return Err(format!("unknown flag {other:?} (see --help)")),
        }
    }
    faults.validate()?;
    config.faults = faults;
    Ok(Command::Run(Box::new(config)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn flags_parse() {
        let Command::Run(c) = parse(&args("--port 0 --rate-limit 50 --fault-rate 0.5 --fault-kinds 429,drop --latency-ms 1-3 --quiet --enforce-retry-after")).unwrap() else {
            panic!()
        };
        assert_eq!(c.port, 0);
        assert_eq!(c.rate_limit, Some(50));
        assert_eq!(c.faults.rate, 0.5);
        assert_eq!(c.faults.kinds, vec![FaultKind::Throttle, FaultKind::Drop]);
        assert_eq!(c.faults.latency_ms, [1, 3]);
        assert!(!c.log);
        assert!(c.faults.enforce_retry_after);
        let Command::Run(c) = parse(&args("--port=7071 --faults={\"rate\":0.1}")).unwrap() else {
            panic!()
        };
        assert_eq!(c.port, 7071);
        assert_eq!(c.faults.rate, 0.1);
        assert!(parse(&args("--fault-rate 2")).is_err());
        assert!(parse(&args("--fault-kinds teapot")).is_err());
        assert!(parse(&args("--bogus")).is_err());
        assert!(parse(&args("--port")).is_err());
        assert!(matches!(parse(&args("--help")).unwrap(), Command::Help));
    }
}
