#!/usr/bin/env bash
# The demo page end to end in Debian's Chromium (Playwright): builds the package and the
# release emulator when needed, then runs tests/browser/demo.test.mjs (the page),
# inventory.test.mjs (its "Who holds what" view) and bulk.test.mjs, each of which starts the
# emulator on an ephemeral port. Screenshots land in test-output/demo/.
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/build-pkg.sh >/dev/null
cargo build --release -q -p partner-center-emulator
node --test --test-reporter=spec tests/browser/demo.test.mjs tests/browser/inventory.test.mjs tests/browser/bulk.test.mjs
echo "screenshots: $(ls test-output/demo/*.png | wc -l) in test-output/demo/"
