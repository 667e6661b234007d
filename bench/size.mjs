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
const load = (id) => figures.loads.find((l) => l.id === id);
const wasm = figures.files.find((x) => x.file === 'dist/pcl_client_bg.wasm') ?? { raw: 0, gzip: 0 };
const minus = (l) => ({ raw: l.raw - wasm.raw, gzip: l.gzip - wasm.gzip });
report({
  figure: 'size',
  wasm, webGlue: minus(load('browser')), nodeGlue: minus(load('node')),
  browserTotal: { raw: load('browser').raw, gzip: load('browser').gzip },
  nodeTotal: { raw: load('node').raw, gzip: load('node').gzip },
  browserBulk: { raw: load('browser-bulk').raw, gzip: load('browser-bulk').gzip },
  tarball: figures.tarball,
  crates: figures.dependencies ?? null,
});
