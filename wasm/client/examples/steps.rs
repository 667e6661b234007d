//! The core's side of `n` listLicenses calls, natively (for callgrind's instruction counts):
//! `cargo build --profile wasm-release -p pcl-client --example steps`, then
//! `valgrind --tool=callgrind target/wasm-release/examples/steps BODY N`.
use pcl_client::Core;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let body = std::fs::read(&args[1]).expect("body file");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100);
    let core = Core::checked(
        Some(r#"{"baseUrl":"http://127.0.0.1:9"}"#),
        "string",
        Some("x".repeat(1200)),
        "undefined",
    )
    .expect("core");
    let customer = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
    let user = "482e2152-4b49-48ec-b715-823365ce3d4c";
    let mut total = 0;
    for _ in 0..n {
        let mut call = core
            .begin(
                0,
                Some(customer),
                Some(user),
                Some("null"),
                true,
                &[7; 32],
                1.0,
            )
            .expect("start");
        call.admit(1.0);
        total += call.request(None).expect("request").len();
        let reply = call.response(
            200,
            body.clone(),
            body.len() as f64,
            Some("a".into()),
            Some("b".into()),
            None,
            2.0,
            1,
        );
        assert!(reply.is_empty(), "{reply}");
    }
    println!("{total}");
}
