// Package size: raw and gzip (-9) bytes of the optimised .wasm and the JavaScript each kind of
// app loads (browser: web glue + entry + error snippet; Node: nodejs glue + entries + snippet),
// and what each crate adds, from `twiggy` on the wasm-bindgen output BEFORE wasm-opt (names
// kept; function names and custom sections left out, so the shares are of code + data).
// Runs scripts/size-report.sh too when the repository has it, and prints its output.
//   node bench/size.mjs
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { report, ROOT } from './lib.mjs';

const gen = path.join(ROOT, 'pkg', 'gen');
const name = 'partner_center_licenses';
const files = (dir) => {
  const out = [];
  const walk = (d) => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.js')) out.push(p);
    }
  };
  walk(dir);
  return out;
};
const measure = (paths) => {
  const bytes = paths.map((p) => readFileSync(p));
  return {
    raw: bytes.reduce((a, b) => a + b.length, 0),
    gzip: bytes.reduce((a, b) => a + gzipSync(b, { level: 9 }).length, 0),
  };
};
const wasm = path.join(gen, `${name}_bg.wasm`);
if (!existsSync(wasm)) throw new Error('pkg/gen is not built: scripts/build-pkg.sh');
const sizes = {
  wasm: measure([wasm]),
  webGlue: measure([...files(path.join(gen, 'web')), path.join(ROOT, 'pkg', 'index.browser.mjs')]),
  nodeGlue: measure([...files(path.join(gen, 'node')), path.join(ROOT, 'pkg', 'index.node.mjs'), path.join(ROOT, 'pkg', 'index.node.cjs')]),
};
sizes.browserTotal = { raw: sizes.wasm.raw + sizes.webGlue.raw, gzip: sizes.wasm.gzip + sizes.webGlue.gzip };
sizes.nodeTotal = { raw: sizes.wasm.raw + sizes.nodeGlue.raw, gzip: sizes.wasm.gzip + sizes.nodeGlue.gzip };

// What each crate adds (twiggy, if installed).
let crates = null;
const unopt = path.join(ROOT, 'target', 'wasm-pkg', `${name}_bg.wasm`);
let twiggy = null;
for (const p of [process.env.TWIGGY, path.join(process.env.HOME ?? '', '.cargo', 'bin', 'twiggy'), 'twiggy']) {
  if (!p) continue;
  try { execFileSync(p, ['--version'], { stdio: 'ignore' }); twiggy = p; break; } catch { /* next */ }
}
if (twiggy && existsSync(unopt)) {
  const items = JSON.parse(execFileSync(twiggy, ['top', '-n', '1000000', '--format', 'json', unopt], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  const by = new Map();
  for (const { name: item, shallow_size: size } of items) {
    let crate;
    if (/subsection|custom section|^"?producers|target_features|__wasm_bindgen_unstable/.test(item)) continue;
    if (item.startsWith('data segment')) crate = '(data: strings, tables)';
    else {
      const m = item.match(/([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
      crate = m ? m[1] : (/^(import|export|table|elem|memory|global|type|wasm-bindgen)/.test(item) ? '(wasm structure)' : '(other)');
      if (crate === 'serde_core' || crate === 'serde_derive') crate = 'serde';
      if (crate === 'std' || crate === 'alloc') crate = 'core';
    }
    by.set(crate, (by.get(crate) ?? 0) + size);
  }
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  crates = [...by].sort((a, b) => b[1] - a[1]).map(([crate, bytes]) => ({
    crate, bytesBeforeWasmOpt: bytes, share: bytes / total,
    // The same share of the optimised, gzipped .wasm: an estimate of what the crate costs a user.
    estGzipBytes: Math.round((bytes / total) * sizes.wasm.gzip),
  }));
  console.error('size: by crate (twiggy on the pre-wasm-opt module; est. gzip = share of the final .wasm gzip):');
  for (const c of crates) console.error(`  ${c.crate.padEnd(28)} ${String(c.bytesBeforeWasmOpt).padStart(8)} B  ${(100 * c.share).toFixed(1).padStart(5)} %  ~${(c.estGzipBytes / 1024).toFixed(1)} KB gzip`);
} else {
  console.error('size: twiggy is not installed (cargo install twiggy): no per-crate figures');
}
const sizeReport = path.join(ROOT, 'scripts', 'size-report.sh');
if (existsSync(sizeReport)) {
  try {
    console.error(execFileSync('bash', [sizeReport], { encoding: 'utf8', cwd: ROOT }));
  } catch (e) {
    console.error(`size: scripts/size-report.sh failed: ${e.message}`);
  }
}
console.error(`size: .wasm ${sizes.wasm.raw} B raw / ${sizes.wasm.gzip} B gzip; browser total ${sizes.browserTotal.gzip} B gzip; Node total ${sizes.nodeTotal.gzip} B gzip`);
report({ figure: 'size', ...sizes, crates });
