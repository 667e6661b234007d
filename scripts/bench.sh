#!/usr/bin/env bash
# The benchmarks: builds the package (scripts/build-pkg.sh, wasm-release profile) and the
# emulator (release), then bench/run.mjs starts the emulator itself and prints one table of
# figures against their goals (test-output/bench-results.{json,md}). See docs/benchmarks.md.
#   scripts/bench.sh            full run (a few minutes; installs twiggy if missing)
#   QUICK=1 scripts/bench.sh    small counts: a smoke run that cannot rot (CI)
#   BEFORE=a7ab92c scripts/bench.sh   adds a "before" column: that revision's package, same run
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
# BEFORE=<git rev>: build that revision's package in a worktree and run it through the same
# benchmarks in the same run, for a before/after column. The worktree is outside this
# checkout (${TMPDIR:-/tmp}/pcl-before/<rev>): cargo reads .cargo/config.toml from every
# parent directory, so one inside would be built with this revision's flags, not its own.
if [ -n "${BEFORE:-}" ]; then
  rev=$(git rev-parse --short "$BEFORE")
  wt=${TMPDIR:-/tmp}/pcl-before/$rev
  if [ ! -d "$wt/pkg/gen" ] && [ ! -d "$wt/pkg/dist" ]; then
    rm -rf "$wt"; git worktree prune
    git worktree add --detach "$wt" "$rev" >/dev/null
    ln -sfn "$PWD/node_modules" "$wt/node_modules"
    (cd "$wt" && bash scripts/build-pkg.sh --force)
  fi
  export PCL_BEFORE_DIR=$wt/pkg
fi
exec node bench/run.mjs
