#!/usr/bin/env bash
# Builds the lazily loaded bulk module (reconcile + parsePlanCsv) into pkg/gen/bulk/
# (build output, not committed; pkg/src/bulk.mjs imports it on first use):
#   cargo build --profile wasm-release --target wasm32-unknown-unknown -p partner-center-licenses-bulk
#   wasm-bindgen --target web     -> pkg/gen/bulk/partner_center_licenses_bulk.js (ESM glue)
#   wasm-opt -Oz (npm binaryen)   -> pkg/gen/bulk/partner_center_licenses_bulk_bg.wasm
# Usage: scripts/build-bulk.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
name=partner_center_licenses_bulk
out=pkg/gen/bulk

# When nothing it is built from changed since the last build, there is nothing to do.
# (The module links the core: src/ counts too.) `--force` rebuilds anyway.
built=$out/${name}_bg.wasm
if [ "${1:-}" != "--force" ] && [ -f "$built" ] && [ -f "$out/$name.js" ] \
  && [ -z "$(find src wasm/bulk Cargo.toml Cargo.lock scripts/build-bulk.sh -newer "$built" -print -quit)" ]; then
  echo "build-bulk: $out is up to date (scripts/build-bulk.sh --force rebuilds)"
  exit 0
fi

# 1. The wasm-bindgen CLI must equal the crate version in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "build-bulk: wasm-bindgen CLI is '${have:-missing}', Cargo.lock has $want." >&2
  echo "build-bulk: install it with: cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi
# 2. wasm-opt from npm binaryen (Debian's v108 miscompiles -Oz output).
wasm_opt=$root/node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  echo "build-bulk: $wasm_opt is missing; run: npm ci --no-audit --no-fund" >&2
  exit 1
fi

cargo build --profile wasm-release --target wasm32-unknown-unknown -p partner-center-licenses-bulk
raw=target/wasm32-unknown-unknown/wasm-release/$name.wasm

rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" "$raw"
# The pre-wasm-opt file (names intact) stays in target/ for twiggy (scripts/size-report.sh).
mkdir -p target/wasm-pkg
mv "$out/${name}_bg.wasm" "target/wasm-pkg/${name}_bg.wasm"
rm -f "$out/${name}_bg.wasm.d.ts" "$out/$name.d.ts"
# -Oz only: no -all (it would enable features the target_features section does not list).
"$wasm_opt" -Oz "target/wasm-pkg/${name}_bg.wasm" -o "$built"

# The glue must be what bulk.mjs expects: the web target's default export (init) and the
# functions it calls. A wasm-bindgen upgrade that changes them fails here, not at run time.
for export in 'export { initSync, __wbg_init as default }' 'export class Run' 'export function parsePlanCsv' \
  'export function inputError' 'export function abortedError'; do
  grep -qF "$export" "$out/$name.js" || {
    echo "build-bulk: $out/$name.js lacks '$export' (glue changed?)" >&2
    exit 1
  }
done
echo '{ "type": "module" }' >"$out/package.json"

raw_bytes=$(wc -c <"$built")
gz_bytes=$(gzip -9c "$built" | wc -c)
echo "build-bulk: built $out ($name.js, ${name}_bg.wasm: $raw_bytes B raw, $gz_bytes B gzip)"
