#!/usr/bin/env bash
# The demo: builds the npm package (pkg/) and the emulator (release), then runs the
# emulator, which serves the Partner Center API, the demo page (www/) at / and the
# package at /pkg/ on one port. PORT overrides 7070. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-7070}

printf '\n== demo: building the package (scripts/build-pkg.sh)\n'
./scripts/build-pkg.sh
printf '\n== demo: building the emulator (release)\n'
cargo build --release -p partner-center-emulator
bin="${CARGO_TARGET_DIR:-target}/release/partner-center-emulator"

printf '\n== demo: Open http://127.0.0.1:%s/  (Ctrl-C stops the emulator)\n\n' "$PORT"
exec "$bin" --port "$PORT" --root "$PWD"
