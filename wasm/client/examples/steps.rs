//! The core's side of `n` calls, natively, for callgrind's instruction counts (deterministic
//! on a noisy machine, unlike timings):
//! `cargo build --profile wasm-release -p pcl-client --example steps --features callgrind`,
//! then `valgrind --tool=callgrind target/wasm-release/examples/steps BODY N [OP] [TOKEN]` with
//! BODY a success body of the op: 0 `listLicenses` (the default) or 3 `assignLicenses` (one
//! SKU); TOKEN the token's length (1,200 by default, as Entra ID's; the emulator's are 38).
use pcl_client::Core;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let body = std::fs::read(args.get(1).ok_or("usage: steps BODY [N] [OP]")?)
        .map_err(|e| e.to_string())?;
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100);
    let op: u8 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let token_length: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(1200);
    let options = r#"{"baseUrl":"http://127.0.0.1:9"}"#;
    let core = Core::checked(
        Some(options),
        "string",
        Some("x".repeat(token_length)),
        "undefined",
    )
    .map_err(|e| e.message)?;
    let customer = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
    let user = "482e2152-4b49-48ec-b715-823365ce3d4c";
    let input = if op == 3 {
        r#"[{"skuId":"6fd2c87f-b296-42f0-b197-1e91e994b900"}]"#
    } else {
        "null"
    };
    let mut total = 0;
    for _ in 0..n {
        let mut call = core
            .begin(
                op,
                Some(customer),
                Some(user),
                Some(input),
                true,
                &[7; 32],
                1.0,
            )
            .map_err(|e| e.to_string())?;
        call.admit(1.0);
        total += call.request(None)?.len();
        let status = if op == 3 { 201 } else { 200 };
        let reply = call.response(
            status,
            body.clone(),
            body.len() as f64,
            None,
            None,
            None,
            2.0,
            1,
        );
        if !reply.is_empty() {
            return Err(reply);
        }
    }
    println!("{total}");
    Ok(())
}
