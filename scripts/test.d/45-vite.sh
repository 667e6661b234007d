#!/usr/bin/env bash
# Bundler users: npm pack pkg/, install it into a fresh Vite app, vite build, and run the
# built app in Debian's Chromium against the emulator (tests/packaging/vite.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
# Rebuild pkg/gen only when a source is newer than the built .wasm (40-packaging has just
# built it in a full run; build-pkg.sh takes ~50 s here even when cargo has nothing to do).
wasm=pkg/gen/partner_center_licenses_bg.wasm
if [ ! -f "$wasm" ] || [ -n "$(find src Cargo.toml Cargo.lock scripts/build-pkg.sh -newer "$wasm" -print -quit)" ]; then
  ./scripts/build-pkg.sh >/dev/null
fi
cargo build --release -q -p partner-center-emulator
node --test --test-reporter=spec tests/packaging/vite.test.mjs
