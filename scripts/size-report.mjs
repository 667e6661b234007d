// Prints the package's size: raw and gzip (-9) bytes of the .wasm and of every JS glue and
// entry file, what a browser and what Node load, the tarball, against the 40 KB gzip goal;
// then what each dependency costs in the .wasm (twiggy on the pre-wasm-opt file, where
// function names are still there).
//
//   scripts/build-pkg.sh && node scripts/size-report.mjs      (or scripts/size-report.sh)
//   --json: the same report on stderr, and one JSON object of the figures on stdout
//   (bench/size.mjs reads it).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = path.join(ROOT, 'pkg');
const JSON_OUT = process.argv.includes('--json');
const log = JSON_OUT ? console.error : console.log;
const UNOPT = path.join(ROOT, 'target', 'wasm-pkg', 'pcl_client', 'pcl_client_bg.wasm');
const { GOAL, LOADS, loadSizes } = await import('./size-loads.mjs');
const figures = { goalGzip: GOAL };

if (!existsSync(path.join(PKG, 'dist', '.built'))) {
  console.error('size-report: pkg/dist is missing; run scripts/build-pkg.sh first');
  process.exit(1);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const row = (a, b, c) => log(`${String(a).padEnd(72)} ${String(b).padStart(9)} ${String(c).padStart(9)}`);

const loads = loadSizes(PKG);
log('== what each runtime loads, module by module (bytes; gzip -9 per file)');
for (const l of loads) {
  log(`\n-- ${l.label}`);
  row('file', 'raw', 'gzip -9');
  for (const f of l.files) row(f.missing ? `${f.file} (missing: not built)` : f.file, f.raw, f.gzip);
  row(`total${l.extends ? ` (on top of: ${l.extends})` : ''}`, l.raw, l.gzip);
}
const sizes = Object.fromEntries(loads.flatMap((l) => l.files).map((f) => [f.file, f]));
const wasm = 'dist/pcl_client_bg.wasm';
const browser = loads.find((l) => l.id === 'browser').gzip;
const node = loads.find((l) => l.id === 'node').gzip;
log('');
let tarball = null;
try {
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: PKG, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  tarball = info;
  row('npm tarball (.tgz, everything incl. types and README)', info.unpackedSize, info.size);
} catch {
  log('(npm pack --dry-run failed; tarball size not shown)');
}
Object.assign(figures, { loads, files: Object.values(sizes), browserGzip: browser, nodeGzip: node, tarball: tarball && { size: tarball.size, unpackedSize: tarball.unpackedSize } });
log(
  // The goal is what a browser downloads (issue 12); Node reads the same files from disk.
  `\ngoal: at most ${kb(GOAL)} gzip downloaded by a browser for a basic call -> browser ${kb(browser)}: ` +
    `${browser <= GOAL ? 'MET' : `OVER by ${kb(browser - GOAL)}`} (read from disk, not downloaded: Node ${kb(node)}` +
    `${tarball ? `; tarball ${kb(tarball.size)}` : ''})`,
);

log('\n== what each dependency costs in the .wasm (twiggy, pre-wasm-opt, shallow bytes of code and data)');
let twiggy = null;
try {
  execFileSync('twiggy', ['--version'], { stdio: 'ignore' });
  twiggy = 'twiggy';
} catch {
  log('twiggy is not installed (cargo install twiggy, ~1 min); skipping the per-dependency table');
}
if (twiggy && existsSync(UNOPT)) {
  const csv = execFileSync(twiggy, ['top', '-n', '1000000', '-f', 'csv', UNOPT], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const lines = csv.trim().split('\n').slice(1);
  const byCrate = new Map();
  const byModule = new Map();
  let total = 0;
  const crates = ['serde_json', 'serde_core', 'serde', 'js_sys', 'wasm_bindgen_futures', 'wasm_bindgen', 'web_sys', 'uuid', 'pcl_client',
    'percent_encoding', 'dlmalloc', 'lol_alloc', 'spin', 'thiserror', 'partner_center_licenses', 'alloc', 'core', 'std'];
  for (const line of lines) {
    const m = line.match(/^"?(.*?)"?,(\d+),/);
    if (!m) continue;
    const [, name, bytes] = m;
    if (name.includes('function names') || name.includes('custom section')) continue;
    let key;
    if (/flt2dec|dec2flt|fmt::float|f64 as core.*fmt|f32 as core.*fmt/.test(name)) key = 'core: float formatting/parsing';
    else if (name.startsWith('data segment')) key = 'data segments (.rodata: strings, tables)';
    else key = crates.find((c) => name.includes(`${c}::`) || name.includes(`${c}[`)) ?? 'other (glue, tables, imports)';
    byCrate.set(key, (byCrate.get(key) ?? 0) + Number(bytes));
    total += Number(bytes);
    const own = name.match(/partner_center_licenses::(\w+)/);
    if (key === 'partner_center_licenses' && own) byModule.set(own[1], (byModule.get(own[1]) ?? 0) + Number(bytes));
  }
  const optRaw = sizes[wasm].raw;
  row('dependency (generic code is counted where it is defined)', 'pre-opt', '~ after -Oz');
  for (const [k, v] of [...byCrate].sort((a, b) => b[1] - a[1])) row(k, v, Math.round((v / total) * optRaw));
  row('total (code + data)', total, optRaw);
  console.log('\n-- our crate by module (non-generic code only; generic code counts under the crate defining it)');
  for (const [k, v] of [...byModule].sort((a, b) => b[1] - a[1])) row(`partner_center_licenses::${k}`, v, Math.round((v / total) * optRaw));
  figures.dependencies = [...byCrate].sort((a, b) => b[1] - a[1]).map(([name, preOpt]) => ({ name, preOpt, afterOzEstimate: Math.round((preOpt / total) * optRaw), share: preOpt / total }));
  log('\n-- twiggy top 15 (pre-wasm-opt)');
  log(execFileSync(twiggy, ['top', '-n', '16', UNOPT], { encoding: 'utf8' }).split('\n').filter((l) => !l.includes('function names')).join('\n'));
} else if (twiggy) {
  log(`${UNOPT} is missing; run scripts/build-pkg.sh`);
}
if (JSON_OUT) console.log(JSON.stringify(figures));
