#!/usr/bin/env bash
# The wasm shell's own tests (src/wasm/tests.rs), run by wasm-bindgen-test in Node.
# (No -q: wasm-bindgen-test-runner refuses --quiet. --lib: the integration tests in tests/
# are native-only core tests.)
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
cargo test --target wasm32-unknown-unknown -p partner-center-licenses --lib
