#!/usr/bin/env bash
# Customer users (issue 14): listUsers / getUser through the built package against a scripted
# server (tests/js/users.test.mjs: seek paging over links.next in both uri forms, headers
# copied, links and headers refused before the token goes with them, invalidInput before
# anything is sent, abort, break, a 429 retried with the same continuation token), and the
# users types under tsc --strict (tests/js/users-types.test.mjs); against the release emulator
# (tests/js/users-emulator.test.mjs), all 1,206 Contoso users exactly once at page sizes 1000
# and 37, the deleted filter, getUser. The core's own tests run in
# 10-rust.sh (src/endpoint/next_page_tests.rs, src/endpoint/users.rs, tests/core_users.rs,
# wasm/client/src/tests_users.rs).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-pkg.sh >/dev/null
cargo build --release -q -p partner-center-emulator
node --test tests/js/users.test.mjs tests/js/users-types.test.mjs tests/js/users-emulator.test.mjs
