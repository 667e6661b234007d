#!/usr/bin/env bash
# The npm package as users get it: build pkg/ (scripts/build-pkg.sh), then
# tests/packaging/run.mjs (npm pack; fresh ESM, CommonJS and TypeScript-strict projects
# install the tarball and call a local HTTP server), then print the size report.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-pkg.sh
node --test tests/packaging/run.mjs tests/js/size-budget.test.mjs
node scripts/size-report.mjs
