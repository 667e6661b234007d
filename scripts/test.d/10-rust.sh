#!/usr/bin/env bash
# Rust: format, lints (native and wasm32), and every native test of the workspace.
set -euo pipefail
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p partner-center-licenses -p pcl-client -p pcl-bulk --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo test --workspace
