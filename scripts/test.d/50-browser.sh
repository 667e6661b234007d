#!/usr/bin/env bash
# The demo page end to end in Debian's Chromium (Playwright): builds the package and the
# release emulator when needed, then runs tests/browser/demo.test.mjs, which starts the
# emulator on an ephemeral port. Screenshots land in test-output/demo/.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Rebuild pkg/gen only when a source is newer than the built .wasm (40-packaging has just
# built it in a full run; build-pkg.sh takes ~50 s here even when cargo has nothing to do).
wasm=pkg/gen/partner_center_licenses_bg.wasm
if [ ! -f "$wasm" ] || [ -n "$(find src Cargo.toml Cargo.lock scripts/build-pkg.sh -newer "$wasm" -print -quit)" ]; then
  ./scripts/build-pkg.sh >/dev/null
fi
cargo build --release -q -p partner-center-emulator
node --test --test-reporter=spec tests/browser/demo.test.mjs
echo "screenshots: $(ls test-output/demo/*.png | wc -l) in test-output/demo/"
