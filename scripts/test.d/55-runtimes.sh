#!/usr/bin/env bash
# The packed tarball in every runtime (tests/runtimes/run.mjs): Node ESM and CJS, Bun, Deno,
# and Chromium, Firefox and WebKit each as a page, a module Worker and a page under a strict
# Content-Security-Policy, all doing the shared flow of tests/runtimes/flow.mjs against the
# release emulator. Prints one line per runtime (checks passed, time) and Chromium's .wasm
# compile + instantiate time (bench/startup-browser.mjs; printed, never asserted).
# Needs scripts/setup.sh (firefox-esr, webkit2gtk-driver, xvfb; bun, deno, puppeteer-core,
# selenium-webdriver from npm); WebKit runs under an Xvfb display the test starts itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/build-pkg.sh >/dev/null
cargo build --release -q -p partner-center-emulator
node tests/runtimes/run.mjs
