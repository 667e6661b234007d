#!/usr/bin/env bash
# Hints (issue 15): every documented error thrown by the built package carries its `hint`
# (src/hint.rs), against the emulator and a scripted server (tests/js/hints.test.mjs), and
# the CLI prints it on failure with unchanged exit codes (tests/js/hints-cli.test.mjs). The
# core's own hint tests run in 10-rust.sh (src/hint/tests.rs, tests/hint_tokens.rs).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-pkg.sh >/dev/null
cargo build --release -q -p partner-center-emulator
node --test tests/js/hints.test.mjs tests/js/hints-cli.test.mjs
