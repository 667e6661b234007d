#!/usr/bin/env bash
# Hostile input and secrets through the built package (docs/security.md): node:test on
# pkg/ against a local counting server (tests/hardening/hostile.test.mjs) and against the
# emulator binary with a marker token (tests/hardening/secrets.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-pkg.sh >/dev/null
cargo build --release -q -p partner-center-emulator
node --test tests/hardening/
