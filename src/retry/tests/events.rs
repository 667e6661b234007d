//! The events' JSON shape.

use super::*;

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
