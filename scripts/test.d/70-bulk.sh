#!/usr/bin/env bash
# Bulk reconcile and the CLI: node:test on the built package against the emulator
# (lazy loading, 1,000-user reconcile, faults, CLI on examples/plan.csv), then the benchmark once (QUICK:
# 200 users) so it cannot rot. The planner's property tests run in 10-rust.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-pkg.sh >/dev/null
cargo build --release -q -p partner-center-emulator
node --test tests/js/bulk-lazy.test.mjs tests/js/bulk-cli-format.test.mjs tests/js/bulk-types.test.mjs tests/js/bulk-reconcile.test.mjs tests/js/bulk-faults.test.mjs tests/js/bulk-cli.test.mjs
if [ "${QUICK:-1}" = 1 ]; then
  node bench/reconcile.mjs --users 200
else
  node bench/reconcile.mjs
fi
