// Start-up: compile + instantiate the module in Node, and the package's init. Every sample is a
// fresh process (V8 caches compiled modules within a process), median over processes:
//  - glue: `require` of the package's Node bundle (dist/index.node.cjs) = read the .wasm,
//    `new WebAssembly.Module`, `new WebAssembly.Instance` (what `import 'partner-center-licenses'` runs);
//  - firstClient: the first `new LicenseClient(...)` after it (first calls into the module);
//  - asyncCompile / instantiate: `WebAssembly.compile` + `WebAssembly.instantiate` of the same
//    bytes (another process), as a bundler's async init would do it;
//  - entryImport: `await import()` of the package's ESM entry for Node, for reference (adds
//    Node's ESM loader on top of the glue).
//   node bench/startup.mjs [--processes N]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { args, median, quantile, report, ROOT } from './lib.mjs';

const opt = args({ processes: 15 });
const PKG = process.env.PCL_PKG_DIR || path.join(ROOT, 'pkg');
const glue = JSON.stringify(path.join(PKG, 'index.node.cjs'));
const entry = JSON.stringify(path.join(PKG, 'index.node.mjs'));
// The .wasm every call needs (dist/ today; gen/ in the layout before issue 12, for BEFORE runs).
const wasmPath = JSON.stringify(['dist/pcl_client_bg.wasm', 'gen/partner_center_licenses_bg.wasm']
  .map((f) => path.join(PKG, f)).find((f) => existsSync(f)));
const scripts = {
  glue: ['-e', `
    let t = performance.now(); const g = require(${glue}); const glue = performance.now() - t;
    t = performance.now(); const c = new g.LicenseClient({ baseUrl: 'http://127.0.0.1:9', token: 'x' });
    const firstClient = performance.now() - t; c.free();
    console.log(JSON.stringify({ glue, firstClient }));`],
  async: ['--input-type=module', '-e', `
    const bytes = (await import('node:fs')).readFileSync(${wasmPath});
    let t = performance.now(); const m = await WebAssembly.compile(bytes); const asyncCompile = performance.now() - t;
    const imports = {};
    for (const i of WebAssembly.Module.imports(m)) { imports[i.module] ??= {}; imports[i.module][i.name] = () => {}; }
    t = performance.now(); await WebAssembly.instantiate(m, imports); const instantiate = performance.now() - t;
    console.log(JSON.stringify({ asyncCompile, instantiate }));`],
  entry: ['--input-type=module', '-e', `
    const t = performance.now(); await import(${entry}); const entryImport = performance.now() - t;
    console.log(JSON.stringify({ entryImport }));`],
};
const samples = { glue: [], firstClient: [], asyncCompile: [], instantiate: [], entryImport: [] };
for (let i = 0; i < opt.processes; i++) {
  for (const argv of Object.values(scripts)) {
    const out = execFileSync(process.execPath, argv, { encoding: 'utf8' });
    for (const [k, v] of Object.entries(JSON.parse(out.trim().split('\n').at(-1)))) samples[k].push(v);
  }
}
const result = { figure: 'startup', processes: opt.processes };
for (const [k, v] of Object.entries(samples)) result[`${k}Ms`] = median(v);
result.glueP90Ms = quantile(samples.glue, 0.9);
result.glueAndFirstClientMs = result.glueMs + result.firstClientMs;
console.error(`startup (median of ${opt.processes} processes): require glue ${result.glueMs.toFixed(2)} ms + first client ${result.firstClientMs.toFixed(2)} ms; async compile ${result.asyncCompileMs.toFixed(2)} ms + instantiate ${result.instantiateMs.toFixed(2)} ms; ESM entry import ${result.entryImportMs.toFixed(2)} ms`);
report(result);
