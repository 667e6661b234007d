#!/usr/bin/env bash
# The token examples of docs/tokens.md (issue 15): examples/refresh-token.mjs runs against
# the emulator's token endpoint stand-in and lists a user's licenses with the App+User token
# it got; examples/browser-token.mjs is syntax-checked (tests/js/examples.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-pkg.sh >/dev/null
cargo build --release -q -p partner-center-emulator
node --test tests/js/examples.test.mjs
