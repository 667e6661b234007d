#!/usr/bin/env bash
# Size report of the npm package (build it first: scripts/build-pkg.sh). See scripts/size-report.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/size-report.mjs "$@"
