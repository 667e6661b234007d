#!/usr/bin/env bash
# Benchmark smoke run (QUICK=1: small counts, about a minute after the builds): every
# benchmark must run and print its figures; no figure can fail this step (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
QUICK=1 scripts/bench.sh
