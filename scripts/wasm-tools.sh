# Sourced by scripts/build-pkg.sh and scripts/build-bulk.sh: the tool checks and the one
# wasm build step both use. Expects `root` (the repository) and `dist` (the output folder).

# The wasm-bindgen CLI must equal the crate version in Cargo.lock exactly; wasm-opt comes from
# npm binaryen (Debian's v108 miscompiles -Oz output) and esbuild from npm. Sets wasm_opt, esbuild.
check_wasm_tools() {
  local who=$1 want have tool
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$root/Cargo.lock")
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    echo "$who: wasm-bindgen CLI is '${have:-missing}', Cargo.lock has $want." >&2
    echo "$who: install it with: cargo install wasm-bindgen-cli --version $want" >&2
    return 1
  fi
  wasm_opt=$root/node_modules/.bin/wasm-opt
  esbuild=$root/node_modules/.bin/esbuild
  for tool in "$wasm_opt" "$esbuild"; do
    [ -x "$tool" ] || { echo "$who: $tool is missing; run: npm ci --no-audit --no-fund" >&2; return 1; }
  done
  # The release .wasm is built by the nightly toolchain with std rebuilt (see build_wasm).
  if ! rustup component list --toolchain nightly --installed 2>/dev/null | grep -qx rust-src \
    || ! rustup target list --toolchain nightly --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "$who: the nightly toolchain needs rust-src and the wasm32 target; run: scripts/setup.sh" >&2
    return 1
  fi
}

# build_wasm CRATE LIB: cargo build, wasm-bindgen --target web, wasm-opt -Oz into $dist, the
# glue minified beside it. The pre-wasm-opt file (names intact) stays in target/wasm-pkg/ for
# twiggy (the size report).
build_wasm() {
  local crate=$1 lib=$2
  # Nightly, with std rebuilt for `panic = "immediate-abort"`: a panic traps at once, as
  # `panic = "abort"` does on stable, but std's panic message machinery is not linked in
  # (-633 B gzip on the client .wasm, measured at 42,517 B; docs/package.md). Stable still
  # builds, lints and tests every crate (scripts/test.d/10-rust.sh); only this artefact
  # needs the nightly build. The rustflags add to .cargo/config.toml's (arrays merge).
  cargo +nightly build --profile wasm-release --target wasm32-unknown-unknown -p "$crate" \
    -Z build-std=std,panic_abort \
    --config 'target.wasm32-unknown-unknown.rustflags = ["-Zunstable-options", "-Cpanic=immediate-abort"]'
  local out=target/wasm-pkg/$lib
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" "target/wasm32-unknown-unknown/wasm-release/$lib.wasm"
  # -Oz, repeated until it stops shrinking (--converge: ~0.5 % smaller), then the producers
  # and target_features sections dropped (only tools read them). No -all: it would enable
  # features the target_features section does not list. --low-memory-unused lets wasm-opt
  # fold `base + constant` into load/store offsets (-215 B gzip on the client .wasm): it
  # assumes the first 1 KiB of memory is never used, and there the linker puts the bottom of
  # the 1 MiB stack (stack first, data above it), which only a 1023 KiB deep stack reaches
  # (the readers' nesting limits keep the stack shallow).
  "$wasm_opt" -Oz --converge --low-memory-unused --strip-producers --strip-target-features "$out/${lib}_bg.wasm" -o "$dist/${lib}_bg.wasm"
  "$esbuild" "$out/$lib.js" --minify --format=esm --log-level=warning --outfile="$dist/$lib.js"
}
