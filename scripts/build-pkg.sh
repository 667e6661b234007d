#!/usr/bin/env bash
# Builds the npm package's generated files into pkg/gen/ (build output, not committed):
#   cargo build --profile wasm-release --target wasm32-unknown-unknown
#   wasm-bindgen --target web    -> pkg/gen/web/   (ESM glue: browsers and bundlers)
#   wasm-bindgen --target nodejs -> pkg/gen/node/  (CommonJS glue: Node, both import and require)
#   wasm-opt -Oz (npm binaryen)  -> pkg/gen/partner_center_licenses_bg.wasm (one .wasm for both)
# Usage: scripts/build-pkg.sh [--force]  (then: cd pkg && npm pack)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
name=partner_center_licenses
gen=pkg/gen

# Every test step that needs the package calls this script; when nothing it is built from
# changed since the last build, there is nothing to do (wasm-bindgen + wasm-opt alone take
# ~50 s here). `--force` rebuilds anyway.
built=$gen/${name}_bg.wasm
if [ "${1:-}" != "--force" ] && [ -f "$built" ] && [ -f "$gen/node/$name.js" ] && [ -f "$gen/web/$name.js" ] \
  && [ -z "$(find src Cargo.toml Cargo.lock scripts/build-pkg.sh -newer "$built" -print -quit)" ]; then
  echo "build-pkg: pkg/gen is up to date (scripts/build-pkg.sh --force rebuilds)"
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
# 2. wasm-opt from npm binaryen (Debian's v108 miscompiles -Oz output).
wasm_opt=$root/node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  echo "build-pkg: $wasm_opt is missing; run: npm ci --no-audit --no-fund" >&2
  exit 1
fi

cargo build --profile wasm-release --target wasm32-unknown-unknown -p partner-center-licenses
raw=target/wasm32-unknown-unknown/wasm-release/$name.wasm

rm -rf "$gen"
mkdir -p "$gen"
wasm-bindgen --target web --out-dir "$gen/web" "$raw"
wasm-bindgen --target nodejs --out-dir "$gen/node" "$raw"
# Both targets get byte-identical .wasm files; keep one, optimised, beside the glue dirs.
cmp -s "$gen/web/${name}_bg.wasm" "$gen/node/${name}_bg.wasm" || {
  echo "build-pkg: the web and nodejs .wasm differ; cannot share one" >&2
  exit 1
}
# The pre-wasm-opt file (names intact) stays in target/ for twiggy (scripts/size-report.sh).
mkdir -p target/wasm-pkg
mv "$gen/web/${name}_bg.wasm" "target/wasm-pkg/${name}_bg.wasm"
rm -f "$gen/node/${name}_bg.wasm" "$gen"/*/"${name}_bg.wasm.d.ts" "$gen"/*/"$name.d.ts"
# -Oz only: no -all (it would enable features the target_features section does not list).
"$wasm_opt" -Oz "target/wasm-pkg/${name}_bg.wasm" -o "$gen/${name}_bg.wasm"

# The nodejs glue reads the .wasm beside itself; point it one level up, and check it did.
node_glue=$gen/node/$name.js
sed -i "s|\${__dirname}/${name}_bg.wasm|\${__dirname}/../${name}_bg.wasm|" "$node_glue"
grep -q "\${__dirname}/../${name}_bg.wasm" "$node_glue" || {
  echo "build-pkg: could not point $node_glue at the shared .wasm (glue changed?)" >&2
  exit 1
}

# The JavaScript snippets (src/wasm/error.js, src/wasm/resilience.js) are ES modules. The
# nodejs glue require()s them, so give the CommonJS side CommonJS copies.
for snippet in "$gen"/node/snippets/*/src/wasm/*.js; do
  names=$(sed -n -E 's/^export (class|function|const) ([A-Za-z_][A-Za-z0-9_]*).*/\2/p' "$snippet" | paste -sd, -)
  {
    sed -E 's/^export (class|function|const) /\1 /' "$snippet"
    echo "module.exports = { ${names//,/, } };"
  } >"$snippet.tmp"
  mv "$snippet.tmp" "$snippet"
  grep -q '^export ' "$snippet" && { echo "build-pkg: $snippet still has ESM exports" >&2; exit 1; }
done
echo '{ "type": "module" }' >"$gen/web/package.json"
echo '{ "type": "commonjs" }' >"$gen/node/package.json"

echo "build-pkg: built $(cd pkg && find gen -type f | sort | tr '\n' ' ')"
