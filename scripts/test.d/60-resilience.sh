#!/usr/bin/env bash
# Resilience through the built package in Node, against scripted servers and the emulator:
# retries, Retry-After, timeouts, cancellation, token providers, events, the token-trace
# test (tests/js/resilience/*.test.mjs), then the soak (tests/js/resilience/soak.mjs):
# 2,000 updates with 25 % faults in CI (QUICK=1), 20,000 with `scripts/test.sh full`
# (SOAK_UPDATES overrides either), then the soak under a rate limit (the client's pacing gate
# learning the emulator's limit): 1,000 updates at 100/s in CI, 20,000 at 200/s in full.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-pkg.sh
cargo build --release -q -p partner-center-emulator
node --test tests/js/resilience/
if [ "${QUICK:-1}" = 0 ]; then default=20000; else default=2000; fi
SOAK_UPDATES=${SOAK_UPDATES:-$default} node tests/js/resilience/soak.mjs
if [ "${QUICK:-1}" = 0 ]; then limited=20000 rate=200; else limited=1000 rate=100; fi
SOAK_UPDATES=${SOAK_RATE_LIMIT_UPDATES:-$limited} SOAK_RATE_LIMIT=$rate node tests/js/resilience/soak.mjs
