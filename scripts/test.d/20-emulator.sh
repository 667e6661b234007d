#!/usr/bin/env bash
# Emulator: its Rust tests run in 10-rust.sh (cargo test --workspace); this step runs the
# throughput benchmark, briefly in QUICK mode (1 s, debug build) so it cannot rot, and in
# full (release build, 5 s) otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/bench-emulator.sh
