//! What `pkg/index.d.ts` still writes by hand about the core is kept honest here:
//! `PartnerCenterError` declares every property the shell sets, and the `ErrorKind` /
//! `ErrorReason` unions list every name the core produces. (The models' interfaces are
//! generated into `pkg/models.d.ts` from the Rust declarations: `src/model/ts.rs`.)

use std::collections::BTreeSet;

use partner_center_licenses::error_fields::ErrorFields;
use partner_center_licenses::{Error, ErrorReason, InputError};

fn dts() -> String {
    let path = format!("{}/pkg/index.d.ts", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The property names declared in `export interface <name>` (or `class`), up to its `}`.
fn declared(dts: &str, head: &str) -> BTreeSet<String> {
    let start = dts
        .find(head)
        .unwrap_or_else(|| panic!("{head} not in index.d.ts"));
    let body = &dts[start..];
    let end = body.find("\n}").expect("closing brace");
    body[..end]
        .lines()
        .skip(1)
        .filter_map(|l| {
            let l = l.trim().trim_start_matches("readonly ");
            let name: String = l
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let rest = &l[name.len()..];
            (!name.is_empty() && (rest.starts_with(':') || rest.starts_with("?:"))).then_some(name)
        })
        .collect()
}

#[test]
fn the_error_class_declares_every_field_the_shell_sets() {
    let d = dts();
    let class = declared(&d, "export declare class PartnerCenterError ");
    let mut fields = ErrorFields::from(&Error::from(InputError::new("f", "m")));
    fields.status = Some(400);
    fields.code = Some("1".into());
    fields.reason = Some("other");
    fields.description = Some("d".into());
    fields.request_id = Some("r".into());
    fields.correlation_id = Some("c".into());
    let json: serde_json::Value = serde_json::from_str(&fields.to_json()).unwrap();
    for key in json.as_object().unwrap().keys() {
        // `message` is Error's own.
        if key != "message" {
            assert!(
                class.contains(key),
                "PartnerCenterError lacks {key}: {class:?}"
            );
        }
    }
    let kinds = [
        "invalidInput",
        "api",
        "decode",
        "network",
        "timeout",
        "aborted",
    ];
    let kind_line = d
        .lines()
        .find(|l| l.starts_with("export type ErrorKind"))
        .unwrap();
    for k in kinds {
        assert!(kind_line.contains(&format!("'{k}'")), "ErrorKind lacks {k}");
    }
    let errors = [
        Error::Aborted,
        Error::Timeout { after_ms: 1 },
        Error::Network {
            message: String::new(),
        },
        Error::from(InputError::new("f", "m")),
    ];
    for e in errors {
        assert!(kind_line.contains(&format!("'{}'", e.kind().as_str())));
    }
    let reasons = &d[d.find("export type ErrorReason").unwrap()..];
    let reasons = &reasons[..reasons.find(';').unwrap()];
    for (status, code) in [
        (400, Some("60012")),
        (400, Some("900316")),
        (403, Some("900309")),
        (404, Some("60002")),
        (404, Some("60003")),
        (400, Some("60050")),
        (400, Some("60051")),
        (400, Some("60052")),
        (401, None),
        (429, None),
        (400, None),
        (500, None),
        (302, None),
    ] {
        let r = ErrorReason::classify(status, code).as_str();
        assert!(reasons.contains(&format!("'{r}'")), "ErrorReason lacks {r}");
    }
}
