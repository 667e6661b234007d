// Package size: the figures of the package's own size report (scripts/size-report.mjs --json:
// raw and gzip -9 bytes of the .wasm and the JS each runtime loads, and what each dependency
// adds, from twiggy on the pre-wasm-opt module). Its human-readable report goes to stderr.
//   node bench/size.mjs
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { report, ROOT } from './lib.mjs';

const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'size-report.mjs'), '--json'], {
  cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26,
});
const figures = JSON.parse(out.trim().split('\n').at(-1));
const file = (f) => figures.files.find((x) => x.file === f) ?? { raw: 0, gzip: 0 };
const wasm = file('gen/partner_center_licenses_bg.wasm');
const sum = (pred) => figures.files.filter((x) => pred(x.file)).reduce((a, x) => ({ raw: a.raw + x.raw, gzip: a.gzip + x.gzip }), { raw: 0, gzip: 0 });
const webGlue = sum((f) => f.startsWith('gen/web/') || f === 'index.browser.mjs');
const nodeGlue = sum((f) => f.startsWith('gen/node/') || f === 'index.node.mjs');
report({
  figure: 'size',
  wasm, webGlue, nodeGlue,
  browserTotal: { raw: wasm.raw + webGlue.raw, gzip: figures.browserGzip },
  nodeTotal: { raw: wasm.raw + nodeGlue.raw, gzip: figures.nodeGzip },
  tarball: figures.tarball,
  crates: figures.dependencies ?? null,
});
