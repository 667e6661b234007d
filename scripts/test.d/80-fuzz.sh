#!/usr/bin/env bash
# Fuzz targets stay buildable and clean: each runs briefly (FUZZ_SECONDS, 20 s by default;
# `FUZZ_RUNS=10000000 scripts/test.d/80-fuzz.sh` for the long local runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
# libFuzzer needs nightly. Exit 77 (listed by scripts/test.sh as SKIPPED, never counted as
# passing) when it or cargo-fuzz cannot be had on this machine.
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal \
    || { echo "SKIPPED: no nightly toolchain for cargo fuzz (install failed)" >&2; exit 77; }
fi
command -v cargo-fuzz >/dev/null 2>&1 \
  || { echo "SKIPPED: cargo-fuzz is not installed (scripts/setup.sh installs it)" >&2; exit 77; }
secs=${FUZZ_SECONDS:-20}
targets=$(cargo +nightly fuzz list)
cargo +nightly fuzz build -O
for t in $targets; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus"
  seeds="fuzz/seeds/$t"
  [ -d "$seeds" ] || seeds=""
  if [ -n "${FUZZ_RUNS:-}" ]; then
    limit="-runs=$FUZZ_RUNS"
  else
    limit="-max_total_time=$secs"
  fi
  echo "-- fuzz $t ($limit)"
  cargo +nightly fuzz run -O "$t" "$corpus" $seeds -- "$limit" -print_final_stats=1 2>&1 \
    | grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|panicked|ERROR' || true
  [ -z "$(ls -A "fuzz/artifacts/$t" 2>/dev/null)" ] || { echo "fuzz target $t found a crash: fuzz/artifacts/$t"; exit 1; }
done
