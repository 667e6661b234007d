#!/usr/bin/env bash
# Bundler users: npm pack pkg/, install it into a fresh Vite app, vite build, and run the
# built app in Debian's Chromium against the emulator (tests/packaging/vite.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/build-pkg.sh >/dev/null
cargo build --release -q -p partner-center-emulator
node --test --test-reporter=spec tests/packaging/vite.test.mjs
