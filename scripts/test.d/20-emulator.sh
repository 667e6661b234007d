#!/usr/bin/env bash
# Emulator: its Rust tests run in 10-rust.sh (cargo test --workspace); this step runs the
# throughput benchmark on the release build, briefly in QUICK mode (1 s) so it cannot rot,
# for 5 s otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/bench-emulator.sh
