#!/usr/bin/env bash
# The wasm core as the driver sees it: clippy for wasm32 runs in 10-rust.sh and its
# conversions are tested natively (wasm/client/src/tests.rs); here, the built .wasm is
# checked to import nothing but its own wasm-bindgen glue (no `env` imports: no native code
# leaked in, no js-sys/web-sys bindings) and to export the calls the driver makes; its shape
# check (byte scans on wasm SIMD blocks) is tried byte by byte (tests/js/wasm-check.test.mjs);
# what a call returns equals JSON.parse of the body decoded, ASCII or not (decode.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-pkg.sh >/dev/null
node --test tests/js/wasm-core.test.mjs tests/js/wasm-check.test.mjs tests/js/decode.test.mjs
