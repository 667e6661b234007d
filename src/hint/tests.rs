use super::*;
use crate::endpoint::{Endpoint, decode_error};
use crate::http::HttpResponse;
use crate::{ErrorKind, InputError};

const SKU_A: &str = "f8a1db68-be16-40ed-86d5-cb42ce701560";
const SKU_B: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";

fn api(status: u16, headers: &[(&str, &str)], body: &str) -> Error {
    let headers = headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    decode_error(&HttpResponse::new(status, headers, body))
}

fn coded(status: u16, code: u32) -> Error {
    let mut body = String::from(r#"{"code":"#);
    body.push_str(&code.to_string());
    body.push_str(r#","description":"refused","source":"PartnerFD"}"#);
    api(status, &[], &body)
}

fn sku(s: &str) -> SkuId {
    SkuId::parse(s).unwrap()
}

/// Compile-time guard: adding a reason without a case here (and so a thought about its
/// hint) fails the build of the tests.
fn example_of(reason: ErrorReason) -> Error {
    match reason {
        ErrorReason::OutOfLicenses => coded(400, codes::OUT_OF_LICENSES),
        ErrorReason::PartnerTokenNotAllowed => coded(400, codes::PARTNER_TOKEN_NOT_ALLOWED),
        ErrorReason::ConditionalAccessBlocked => coded(403, codes::CONDITIONAL_ACCESS_BLOCKED),
        ErrorReason::UserNotFound => coded(404, codes::USER_NOT_FOUND),
        ErrorReason::CustomerNotFound => coded(404, codes::CUSTOMER_NOT_FOUND),
        ErrorReason::Unauthorized => api(401, &[], r#"{"description":"expired"}"#),
        ErrorReason::Throttled => api(429, &[], r#"{"statusCode":429,"message":"slow down"}"#),
        ErrorReason::MixedLicenseGroups => coded(400, codes::MIXED_LICENSE_GROUPS),
        ErrorReason::SkuNotSubscribed => coded(400, codes::SKU_NOT_SUBSCRIBED),
        ErrorReason::PlanNotInSku => coded(400, codes::PLAN_NOT_IN_SKU),
        ErrorReason::BadRequest => api(400, &[], r#"{"description":"no"}"#),
        ErrorReason::ServerError => api(500, &[], "<html>oops</html>"),
        ErrorReason::Other => api(302, &[("Location", "https://login")], ""),
    }
}

const REASONS: [ErrorReason; 13] = [
    ErrorReason::OutOfLicenses,
    ErrorReason::PartnerTokenNotAllowed,
    ErrorReason::ConditionalAccessBlocked,
    ErrorReason::UserNotFound,
    ErrorReason::CustomerNotFound,
    ErrorReason::Unauthorized,
    ErrorReason::Throttled,
    ErrorReason::MixedLicenseGroups,
    ErrorReason::SkuNotSubscribed,
    ErrorReason::PlanNotInSku,
    ErrorReason::BadRequest,
    ErrorReason::ServerError,
    ErrorReason::Other,
];

fn assert_sentence(h: &str, what: &str) {
    assert!(h.len() > 30, "{what}: hint too short: {h:?}");
    assert!(h.len() < 500, "{what}: hint too long ({} bytes)", h.len());
    assert!(h.ends_with('.'), "{what}: {h:?}");
    assert!(!h.contains("  "), "{what}: double space in {h:?}");
    assert!(!h.contains(['\r', '\n', '\t']), "{what}: {h:?}");
}

#[test]
fn every_reason_has_its_own_hint() {
    let mut seen = Vec::new();
    for reason in REASONS {
        let e = example_of(reason);
        assert_eq!(e.reason(), Some(reason), "example of {}", reason.as_str());
        let h = hint(&e, &[]);
        assert_sentence(&h, reason.as_str());
        assert!(!seen.contains(&h), "{} shares its hint", reason.as_str());
        seen.push(h);
    }
}

#[test]
fn every_kind_has_a_hint() {
    let errors = [
        Error::from(InputError::new("customerId", "\"x\" is not a GUID")),
        example_of(ErrorReason::BadRequest),
        crate::endpoint::ListLicenses::decode(&HttpResponse::new(200, vec![], "<html>"))
            .unwrap_err(),
        Error::Network {
            message: "fetch failed".into(),
        },
        Error::Timeout { after_ms: 30_000 },
        Error::Aborted,
    ];
    let mut seen = Vec::new();
    for e in &errors {
        let h = hint(e, &[]);
        assert_sentence(&h, e.kind().as_str());
        assert!(!seen.contains(&h), "{} shares its hint", e.kind().as_str());
        seen.push(h);
    }
    assert_eq!(seen.len(), 6);
    assert_eq!(errors[2].kind(), ErrorKind::Decode);
}

#[test]
fn the_documented_cases_say_what_to_do() {
    let cases: [(Error, &[&str]); 11] = [
        (
            coded(400, codes::PARTNER_TOKEN_NOT_ALLOWED),
            &["App+User", "docs/tokens.md", "DefaultAzureCredential"],
        ),
        (
            coded(403, codes::CONDITIONAL_ACCESS_BLOCKED),
            &["Conditional Access"],
        ),
        (
            coded(404, codes::USER_NOT_FOUND),
            &["user id", "principal name"],
        ),
        (
            coded(404, codes::CUSTOMER_NOT_FOUND),
            &["customer (tenant) id"],
        ),
        (api(401, &[], ""), &["expired", "new App+User token"]),
        (
            coded(400, codes::MIXED_LICENSE_GROUPS),
            &["Group1", "Group2", "separate updates"],
        ),
        (
            coded(400, codes::INVALID_LICENSE_UPDATE),
            &["names a SKU twice"],
        ),
        (coded(400, codes::MALFORMED_REQUEST), &["malformed id"]),
        (
            coded(400, codes::INVALID_USAGE_LOCATION),
            &["usage location", "assign again"],
        ),
        (
            coded(400, codes::CONTINUATION_TOKEN_INVALID),
            &["first page"],
        ),
        (
            coded(400, codes::CONTINUATION_TOKEN_EXPIRED),
            &["first page"],
        ),
    ];
    for (e, words) in cases {
        let h = hint(&e, &[]);
        for w in words {
            assert!(h.contains(w), "{w:?} missing from {h:?}");
        }
    }
    // The emulator-choice 60054 on other statuses, and codeless 4xx: by status.
    assert!(hint(&coded(413, codes::MALFORMED_REQUEST), &[]).contains("too large"));
    assert!(hint(&coded(409, codes::MALFORMED_REQUEST), &[]).contains("request id"));
    assert!(hint(&coded(408, codes::MALFORMED_REQUEST), &[]).contains("in time"));
    assert!(hint(&api(403, &[], "{}"), &[]).contains("role"));
    assert!(hint(&api(404, &[], ""), &[]).contains("base URL"));
}

#[test]
fn out_of_licenses_names_the_sku() {
    // The service's data line names the SKU: that one, even when the update named others.
    let body = r#"{"code":60012,"description":"Out of licenses","data":["LicenseQuotaExceededException : Subscription with Account 0c39d6d5-c70d-4c55-bc02-f620844f3fd1 and SKU f8a1db68-be16-40ed-86d5-cb42ce701560 does not have any available licenses left."],"source":"PartnerFD"}"#;
    let e = api(400, &[], body);
    let h = hint(&e, &[sku(SKU_B)]);
    assert!(
        h.contains("no units left of SKU f8a1db68-be16-40ed-86d5-cb42ce701560: free units"),
        "{h}"
    );
    assert_eq!(h.matches("f8a1db68").count(), 1, "the SKU named once: {h}");
    assert!(h.contains("buy more"), "{h}");
    assert!(!h.contains(SKU_B), "{h}");
    // Data without a SKU: the request's SKUs.
    let e = api(
        400,
        &[],
        r#"{"code":"60012","data":["LicenseQuotaExceededException"]}"#,
    );
    let h = hint(&e, &[sku(SKU_A)]);
    assert!(h.contains("no units left of SKU f8a1db68"), "{h}");
    let h = hint(&e, &[sku(SKU_A), sku(SKU_B)]);
    assert!(
        h.contains("SKUs f8a1db68-be16-40ed-86d5-cb42ce701560, 6fd2c87f"),
        "{h}"
    );
    // Neither: still says what to do.
    let h = hint(&e, &[]);
    assert!(h.contains("free units") && h.contains("buy more"), "{h}");
    assert_sentence(&h, "60012 without a SKU");
    // A data line with something that is not a GUID after "SKU ".
    let e = api(
        400,
        &[],
        r#"{"code":60012,"data":["SKU not-a-guid-at-all and more text here......"]}"#,
    );
    assert!(!hint(&e, &[]).contains("not-a-guid"));
}

#[test]
fn throttled_says_how_long_when_the_service_did() {
    let body = r#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}"#;
    let h = hint(&api(429, &[("Retry-After", "57")], body), &[]);
    assert!(h.starts_with("Partner Center is throttling"), "{h}");
    assert!(h.contains("wait 57 seconds"), "{h}");
    assert!(hint(&api(429, &[("Retry-After", " 01 ")], body), &[]).contains("wait 1 second,"));
    assert!(hint(&api(429, &[("Retry-After", "0")], body), &[]).contains("wait 0 seconds"));
    for odd in [
        "Sun, 06 Nov 1994 08:49:47 GMT",
        "-5",
        "1e9",
        "99999999999",
        "",
    ] {
        let h = hint(&api(429, &[("Retry-After", odd)], body), &[]);
        assert!(h.contains("retryAfterMs"), "{odd:?}: {h}");
        assert!(!h.contains(odd) || odd.is_empty(), "{odd:?} quoted: {h}");
    }
}

#[test]
fn invalid_input_names_the_field_and_the_rule() {
    let e = crate::CustomerId::parse("nope").unwrap_err();
    let h = hint(
        &Error::InvalidInput(InputError::new("customerId", e.message)),
        &[],
    );
    assert_eq!(
        h,
        "Fix customerId: \"nope\" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx). Nothing was sent."
    );
    let e = crate::AccessToken::new("").unwrap_err();
    let h = hint(&Error::from(e), &[]);
    assert!(
        h.starts_with("Fix token: the access token is empty. Nothing was sent."),
        "{h}"
    );
    assert!(h.contains("docs/tokens.md"), "{h}");
}

const HINTS_MJS: &str = "pkg/src/hints.mjs";

/// How the driver picks a hint's text from an error's fields by [`RULES`] (written into
/// `pkg/src/hints.mjs`): the same test as [`hint_id`], the code read as `parse_u32` reads it.
const HINTS_MJS_PICK: &str = "\
// The hint of the core's error fields `f` (its `hint` the argument; an invalid input's is
// written out): the text of the first rule [kind, reason, code, status, needs an argument,
// text] that matches, as `hint_id` in src/hint.rs picks it.
export default function hint(f) {
  const arg = f.hint ?? '';
  const digits = /^\\+?([0-9]+)$/.exec(String(f.code ?? '').trim());
  const code = digits ? Number(digits[1]) : null;
  const rule = RULES.find(([kind, reason, c, status, needsArg]) => kind === f.kind
    && (reason === null || reason === f.reason) && (c === null || c === code)
    && (status === null || status === f.status) && (!needsArg || arg !== ''));
  return rule === undefined ? undefined : TEXTS[rule[5]].replace('{}', () => arg);
}
";

/// `pkg/src/hints.mjs`, what the JavaScript driver loads on the first error that needs a
/// hint, is [`TEXTS`] and [`RULES`] as written here: `cargo test` fails on a difference, and
/// `UPDATE_HINTS=1 cargo test -p partner-center-licenses hints_mjs` rewrites it.
#[test]
fn hints_mjs() {
    let mut want = String::from(
        "// The hint texts by number (`HintId` in src/hint.rs) and the rules that pick one, generated\n\
         // from `TEXTS` and `RULES` there by `cargo test` (src/hint/tests.rs). Do not edit: change\n\
         // src/hint.rs, then run `UPDATE_HINTS=1 cargo test -p partner-center-licenses hints_mjs`.\n\
         const TEXTS = [\n",
    );
    for text in TEXTS {
        want.push_str("  ");
        want.push_str(&serde_json::to_string(text).unwrap());
        want.push_str(",\n");
    }
    want.push_str("];\nconst RULES = [\n");
    let or_null = |v: Option<String>| v.unwrap_or_else(|| "null".into());
    for r in RULES {
        want.push_str(&format!(
            "  [{:?}, {}, {}, {}, {}, {}],\n",
            r.kind.as_str(),
            or_null(r.reason.map(|x| format!("{:?}", x.as_str()))),
            or_null(r.code.map(|c| c.to_string())),
            or_null(r.status.map(|c| c.to_string())),
            u8::from(r.arg),
            r.hint as usize,
        ));
    }
    want.push_str("];\n");
    want.push_str(HINTS_MJS_PICK);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(HINTS_MJS);
    if std::env::var("UPDATE_HINTS").as_deref() == Ok("1") {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{HINTS_MJS} differs from src/hint.rs: run \
         `UPDATE_HINTS=1 cargo test -p partner-center-licenses hints_mjs` and commit it"
    );
}

/// Each text takes at most one argument, and the numbers are the table's positions.
#[test]
fn hint_texts_by_number() {
    for text in TEXTS {
        assert!(text.matches("{}").count() <= 1, "{text}");
        assert_eq!(
            text.matches(['{', '}']).count(),
            2 * text.matches("{}").count(),
            "{text}"
        );
    }
    assert_eq!(TEXTS[HintId::PartnerToken as usize], TEXTS[0]);
    assert_eq!(HintId::OutOfLicenses as usize, TEXTS.len() - 1);
    assert_eq!(
        render(HintId::ThrottledFor, "5 seconds"),
        "Partner Center is throttling this partner: wait 5 seconds, then try again with fewer calls in flight."
    );
    assert_eq!(
        render(HintId::Decode, "ignored"),
        TEXTS[HintId::Decode as usize]
    );
}
