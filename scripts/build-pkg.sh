#!/usr/bin/env bash
# Builds the npm package's generated files into pkg/dist/ (build output, not committed):
#   cargo build --profile wasm-release --target wasm32-unknown-unknown -p pcl-client
#   wasm-bindgen --target web, then wasm-opt -Oz (npm binaryen) -> dist/pcl_client{.js,_bg.wasm}
#   esbuild --bundle --minify of pkg/src/browser.mjs           -> dist/browser.mjs (driver + glue)
#   esbuild --bundle --minify --format=cjs of pkg/src/node.mjs -> dist/index.node.cjs (Node)
#   esbuild --minify of pkg/src/hints.mjs (the hint texts, loaded on the first error) -> dist/hints.mjs
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
  && [ -z "$(find src wasm pkg/src Cargo.toml Cargo.lock scripts/build-pkg.sh scripts/build-bulk.sh scripts/wasm-tools.sh -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "build-pkg: pkg/dist is up to date (scripts/build-pkg.sh --force rebuilds)"
  exit 0
fi

# The tool checks and build_wasm (cargo build, wasm-bindgen, wasm-opt -Oz, the glue minified).
. scripts/wasm-tools.sh
check_wasm_tools build-pkg

rm -rf "$dist" && mkdir -p "$dist"
build_wasm pcl-client pcl_client
# Browsers: one ES module (entry, driver and glue; one request and one gzip stream instead of
# five: ~1 KB gzip less); it is the package's browser entry itself (package.json `exports`), bulk.mjs stays apart.
"$esbuild" pkg/src/browser.mjs --bundle --minify --format=esm --platform=neutral \
  --external:./bulk.mjs --external:./hints.mjs --log-level=warning --outfile="$dist/browser.mjs"
# Node: one CommonJS bundle (driver + glue); the .wasm is read beside it; bulk stays apart.
"$esbuild" pkg/src/node.mjs --bundle --minify --format=cjs --platform=node --target=node18 \
  --external:./bulk.mjs --external:./hints.mjs --log-level=warning --log-override:empty-import-meta=silent --outfile="$dist/index.node.cjs"
# The hint texts (generated from src/hint.rs by `cargo test`), imported on the first error
# whose hint the core names by number (pkg/src/error.mjs).
"$esbuild" pkg/src/hints.mjs --minify --format=esm --log-level=warning --outfile="$dist/hints.mjs"
rm -f "$dist/pcl_client.js" # bundled into both entries
BULK_FROM_BUILD_PKG=1 bash scripts/build-bulk.sh
touch "$stamp"
echo "build-pkg: built $(cd pkg && find dist -type f ! -name .built | sort | tr '\n' ' ')"
