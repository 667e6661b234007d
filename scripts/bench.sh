#!/usr/bin/env bash
# The benchmarks: builds the package (scripts/build-pkg.sh, wasm-release profile) and the
# emulator (release), then bench/run.mjs starts the emulator itself and prints one table of
# figures against their goals (test-output/bench-results.{json,md}). See docs/benchmarks.md.
#   scripts/bench.sh            full run (a few minutes; installs twiggy if missing)
#   QUICK=1 scripts/bench.sh    small counts: a smoke run that cannot rot (CI)
# It fails when a benchmark breaks, never because a figure misses its goal.
set -euo pipefail
cd "$(dirname "$0")/.."
export QUICK=${QUICK:-0}
if [ "$QUICK" != 1 ] && ! command -v twiggy >/dev/null && [ ! -x "$HOME/.cargo/bin/twiggy" ]; then
  echo "bench: installing twiggy (per-dependency sizes; ~1 min)" >&2
  cargo install twiggy --quiet || echo "bench: twiggy did not install; sizes without the per-dependency table" >&2
fi
export PATH="$HOME/.cargo/bin:$PATH"
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install -y wrk; scripts/setup.sh does it)" >&2; exit 1; }
scripts/build-pkg.sh
cargo build --release -p partner-center-emulator
exec node bench/run.mjs
