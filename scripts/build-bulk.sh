#!/usr/bin/env bash
# Builds the lazily loaded bulk module (reconcile, parsePlanCsv, holdings, inventory) into pkg/dist/ (build
# output, not committed), loaded only on first use through `import('./dist/bulk.mjs')`:
#   cargo build --profile wasm-release --target wasm32-unknown-unknown -p pcl-bulk
#   wasm-bindgen --target web, then wasm-opt -Oz (npm binaryen) -> dist/pcl_bulk_bg.wasm
#   esbuild --bundle --minify of pkg/src/bulk.mjs (+ bulk-shared, inventory) + glue -> dist/bulk.mjs
# scripts/build-pkg.sh calls it after clearing pkg/dist/; on its own it is skipped when
# nothing it is built from changed. Both share scripts/wasm-tools.sh.
# Usage: scripts/build-bulk.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dist=${dist:-pkg/dist}
lib=pcl_bulk
built=$dist/${lib}_bg.wasm

. scripts/wasm-tools.sh
if [ -z "${BULK_FROM_BUILD_PKG:-}" ]; then
  # On its own: skipped when nothing it is built from changed.
  if [ "${1:-}" != "--force" ] && [ -f "$built" ] && [ -f "$dist/bulk.mjs" ] \
    && [ -z "$(find src wasm/bulk pkg/src/bulk.mjs pkg/src/bulk-shared.mjs pkg/src/inventory.mjs pkg/src/timers.mjs Cargo.toml Cargo.lock scripts/build-bulk.sh scripts/wasm-tools.sh -newer "$built" -print -quit)" ]; then
    echo "build-bulk: $dist/bulk.mjs and $lib are up to date (scripts/build-bulk.sh --force rebuilds)"
    exit 0
  fi
  mkdir -p "$dist"
fi
check_wasm_tools build-bulk

build_wasm pcl-bulk "$lib"
# The glue must offer what bulk.mjs imports: a wasm-bindgen upgrade that changes it fails
# here, not at run time (checked on the unminified glue).
glue=target/wasm-pkg/$lib/$lib.js
for export in 'export { initSync, __wbg_init as default }' 'export class Run' 'export class Inventory' 'export function parsePlanCsv' 'export function nextPage' \
  'export function inputError' 'export function abortedError'; do
  grep -qF "$export" "$glue" || { echo "build-bulk: $glue lacks '$export' (glue changed?)" >&2; exit 1; }
done
# One file for the driver and its glue (one request fewer on first use, and Node loads no
# typeless .js): esbuild bundles pkg/src/bulk.mjs with ../dist/pcl_bulk.js, whose
# `new URL('pcl_bulk_bg.wasm', import.meta.url)` still points beside dist/bulk.mjs.
"$esbuild" pkg/src/bulk.mjs --bundle --minify --format=esm --platform=neutral \
  --log-level=warning --outfile="$dist/bulk.mjs"
rm -f "$dist/$lib.js"
grep -qF 'pcl_bulk_bg.wasm' "$dist/bulk.mjs" || { echo "build-bulk: $dist/bulk.mjs lacks the glue" >&2; exit 1; }
if grep -qE "from ?['\"]" "$dist/bulk.mjs"; then echo "build-bulk: $dist/bulk.mjs still imports a file" >&2; exit 1; fi

gz() { gzip -9c "$1" | wc -c; }
echo "build-bulk: $built $(wc -c <"$built") B raw / $(gz "$built") B gzip;" \
  "bulk.mjs (driver + glue) $(wc -c <"$dist/bulk.mjs") B raw / $(gz "$dist/bulk.mjs") B gzip"
