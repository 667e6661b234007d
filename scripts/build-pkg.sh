#!/usr/bin/env bash
# Builds the npm package's generated files into pkg/dist/ (build output, not committed):
#   cargo build --profile wasm-release --target wasm32-unknown-unknown -p pcl-client
#   wasm-bindgen --target web, then wasm-opt -Oz (npm binaryen) -> dist/pcl_client{.js,_bg.wasm}
#   esbuild --minify of the driver (pkg/src/*.mjs)            -> dist/{client,error,timers}.mjs
#   esbuild --bundle --format=cjs of pkg/src/node.mjs          -> dist/index.node.cjs (Node)
#   scripts/build-bulk.sh (the bulk module, loaded on demand)  -> dist/bulk.mjs, dist/pcl_bulk*
# Usage: scripts/build-pkg.sh [--force]  (then: cd pkg && npm pack)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dist=pkg/dist
stamp=$dist/.built

# Every test step that needs the package calls this script; when nothing it is built from
# changed since the last build, there is nothing to do. `--force` rebuilds anyway.
if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] \
  && [ -z "$(find src wasm pkg/src Cargo.toml Cargo.lock scripts/build-pkg.sh scripts/build-bulk.sh -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "build-pkg: pkg/dist is up to date (scripts/build-pkg.sh --force rebuilds)"
  exit 0
fi

# 1. The wasm-bindgen CLI must equal the crate version in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "build-pkg: wasm-bindgen CLI is '${have:-missing}', Cargo.lock has $want." >&2
  echo "build-pkg: install it with: cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi
# 2. wasm-opt from npm binaryen (Debian's v108 miscompiles -Oz output), esbuild from npm.
wasm_opt=$root/node_modules/.bin/wasm-opt
esbuild=$root/node_modules/.bin/esbuild
for tool in "$wasm_opt" "$esbuild"; do
  [ -x "$tool" ] || { echo "build-pkg: $tool is missing; run: npm ci --no-audit --no-fund" >&2; exit 1; }
done

# build_wasm CRATE LIB: cargo build, wasm-bindgen --target web, wasm-opt -Oz into $dist.
# The pre-wasm-opt file (names intact) stays in target/wasm-pkg/ for twiggy (size report).
build_wasm() {
  local crate=$1 lib=$2
  cargo build --profile wasm-release --target wasm32-unknown-unknown -p "$crate"
  local out=target/wasm-pkg/$lib
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" "target/wasm32-unknown-unknown/wasm-release/$lib.wasm"
  # -Oz only: no -all (it would enable features the target_features section does not list).
  "$wasm_opt" -Oz "$out/${lib}_bg.wasm" -o "$dist/${lib}_bg.wasm"
  "$esbuild" "$out/$lib.js" --minify --format=esm --log-level=warning --outfile="$dist/$lib.js"
}
export -f build_wasm
export dist wasm_opt esbuild

rm -rf "$dist" && mkdir -p "$dist"
build_wasm pcl-client pcl_client
for f in client error timers; do
  "$esbuild" "pkg/src/$f.mjs" --minify --format=esm --log-level=warning --outfile="$dist/$f.mjs"
done
# Node: one CommonJS bundle (driver + glue); the .wasm is read beside it; bulk stays apart.
"$esbuild" pkg/src/node.mjs --bundle --format=cjs --platform=node --target=node18 \
  --external:./bulk.mjs --log-level=warning --log-override:empty-import-meta=silent --outfile="$dist/index.node.cjs"
if [ -f scripts/build-bulk.sh ]; then bash scripts/build-bulk.sh; fi
touch "$stamp"
echo "build-pkg: built $(cd pkg && find dist -type f ! -name .built | sort | tr '\n' ' ')"
