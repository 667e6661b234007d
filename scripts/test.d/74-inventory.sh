#!/usr/bin/env bash
# Who holds what (issue 14): holdings and inventory through the built package (a scripted
# client for the pipeline's timing; the emulator for state equality, faults, abort, the SKU
# filter and reconcile's every-user row), the CLI's users and inventory (JSON, CSV, exit
# codes, SIGINT), the types; then the inventory benchmarks once (QUICK: one round; the
# inventory's own CPU over a replaying client, three) so they cannot rot. The aggregation's
# own tests (tests/inventory.rs) run in 10-rust.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-pkg.sh >/dev/null
cargo build --release -q -p partner-center-emulator
node --test tests/js/inventory-pipeline.test.mjs tests/js/inventory-cli-format.test.mjs tests/js/inventory-types.test.mjs \
  tests/js/inventory.test.mjs tests/js/inventory-cli.test.mjs
if [ "${QUICK:-1}" = 1 ]; then
  node bench/inventory.mjs --rounds 1
  node bench/inventory-own.mjs --rounds 3
else
  node bench/inventory.mjs
  node bench/inventory-own.mjs
fi
