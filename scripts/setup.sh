#!/usr/bin/env bash
# Installs what a fresh machine lacks, and nothing it already has:
# the wasm32 target, the wasm-bindgen CLI pinned to the crate's version, Debian's
# Chromium (browser tests), Firefox ESR, WebKitGTK's WebKitWebDriver and Xvfb (the runtime
# tests, scripts/test.d/55-runtimes.sh, which starts Xvfb itself), wrk (emulator
# throughput), and the npm dev tools of package-lock.json (`npm ci`).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== setup: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The package's .wasm files are built by nightly with std rebuilt (scripts/wasm-tools.sh):
# its std sources and wasm32 target. These machines carry a nightly toolchain; a machine
# without one gets the current nightly with just those.
if ! rustup toolchain list | grep -q '^nightly'; then
  say "rustup toolchain install nightly --profile minimal -c rust-src -t wasm32-unknown-unknown"
  rustup toolchain install nightly --profile minimal -c rust-src -t wasm32-unknown-unknown
fi
if ! rustup component list --toolchain nightly --installed | grep -qx rust-src; then
  say "rustup component add rust-src --toolchain nightly"
  rustup component add rust-src --toolchain nightly
fi
if ! rustup target list --toolchain nightly --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown --toolchain nightly"
  rustup target add wasm32-unknown-unknown --toolchain nightly
fi

# The CLI must equal the wasm-bindgen crate version in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock 2>/dev/null || true)
want=${want:-0.2.130}
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "cargo install wasm-bindgen-cli $want (found '${have:-none}')"
  # No --locked: a locked dependency of the CLI is missing from the index here.
  cargo install wasm-bindgen-cli --version "$want"
fi

# cargo fuzz (the fuzz step) needs the nightly toolchain, which these machines carry.
# Not fatal here: without it the fuzz step reports itself as SKIPPED (never as passed).
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  say "cargo install cargo-fuzz"
  cargo install cargo-fuzz --version 0.13.2 --locked || cargo install cargo-fuzz --version 0.13.2 \
    || echo "setup: could not install cargo-fuzz; the fuzz step will say SKIPPED" >&2
fi

# cargo-deny (scripts/test.d/85-supply-chain.sh) takes ~5 min to build on 2 cores, so it is
# installed only on request: INSTALL_CARGO_DENY=1 scripts/setup.sh. Without it, the step
# reports its cargo deny check as SKIPPED (never as passed).
if [ "${INSTALL_CARGO_DENY:-0}" = 1 ] && ! command -v cargo-deny >/dev/null 2>&1; then
  say "cargo install cargo-deny --locked"
  cargo install cargo-deny --version 0.20.2 --locked
fi

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
command -v firefox-esr >/dev/null 2>&1 || need_apt+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || need_apt+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || need_apt+=(xvfb)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The lock file is complete (every platform's optional packages), so `npm ci` installs exactly
# it and never rewrites it. Bun and Deno come as npm packages (their binaries inside).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/deno ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci (dev tools: binaryen, typescript, playwright-core, vite, bun, deno, puppeteer-core, selenium-webdriver)"
  npm ci --no-audit --no-fund
fi
say "done"
