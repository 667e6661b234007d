// Start-up in Chromium: compile + instantiate of each of the package's `.wasm` files, timed
// with performance marks around `WebAssembly.compile` + `WebAssembly.instantiate` of the
// bytes (imports stubbed from `WebAssembly.Module.imports`, so this is the engine's work
// alone), and `await import()` of the browser entry (from the package's `exports`) to
// ready. Each sample is a fresh browser context (a fresh renderer: no compiled-module
// cache), median over samples. Served by the runtime tests' static server
// (tests/runtimes/server.mjs). A benchmark: it prints figures and asserts none.
//   node bench/startup-browser.mjs [--runs 10] [--package-dir pkg]   (after scripts/build-pkg.sh)
// tests/runtimes/run.mjs calls measureWasmStartup() on its Chromium with the installed tarball.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserEntry, startStaticServer } from '../tests/runtimes/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Every `.wasm` under `dir` (relative paths), node_modules left out. */
function wasmFilesUnder(dir, prefix = '') {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((d) => {
    const rel = path.posix.join(prefix, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : wasmFilesUnder(dir, rel);
    return d.name.endsWith('.wasm') ? [rel] : [];
  });
}

/** The `.wasm` files `npm pack` would put in the tarball of the package in `dir`. */
function packedWasmFiles(dir) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out)[0].files.map((f) => f.path).filter((p) => p.endsWith('.wasm'));
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs in the page: fetch the bytes, then time compile + instantiate. */
async function compileAndInstantiate(wasmUrl) {
  const bytes = await (await fetch(wasmUrl)).arrayBuffer();
  performance.mark('pcl-start');
  const module = await WebAssembly.compile(bytes);
  performance.mark('pcl-compiled');
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    imports[imp.module] ??= {};
    if (imp.kind === 'function') imports[imp.module][imp.name] = () => { throw new Error('stub import'); };
    else if (imp.kind === 'memory') imports[imp.module][imp.name] = new WebAssembly.Memory({ initial: 17 });
    else if (imp.kind === 'table') imports[imp.module][imp.name] = new WebAssembly.Table({ initial: 128, element: 'anyfunc' });
    else imports[imp.module][imp.name] = new WebAssembly.Global({ value: 'i32', mutable: false }, 0);
  }
  await WebAssembly.instantiate(module, imports);
  performance.mark('pcl-end');
  return {
    totalMs: performance.measure('pcl-total', 'pcl-start', 'pcl-end').duration,
    compileMs: performance.measure('pcl-compile', 'pcl-start', 'pcl-compiled').duration,
    bytes: bytes.byteLength,
  };
}

/** Runs in the page: `await import(entry)` to ready. */
async function importEntry(entryUrl) {
  const t = performance.now();
  const m = await import(entryUrl);
  if (typeof m.LicenseClient !== 'function') throw new Error('no LicenseClient');
  return performance.now() - t;
}

/**
 * Measures with a launched playwright-core Chromium `browser`. `packageDir` is an installed
 * package (every `.wasm` in it is measured) or, with `packed: true`, a package source
 * directory (the `.wasm` files its tarball would hold).
 * @returns {Promise<Array<{ file: string, bytes: number, runs: number, medianMs: number, compileMedianMs: number, error?: string }>>}
 *   one row per `.wasm`, then `{ file: '<entry> import', medianMs }`.
 */
export async function measureWasmStartup(browser, { packageDir, runs = 10, packed = false }) {
  const server = await startStaticServer({
    packageDir,
    extraFiles: { '/startup.html': path.join(HERE, 'startup-browser.html') },
  });
  const fresh = async (fn, arg) => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/startup.html`);
      return await page.evaluate(fn, arg);
    } finally {
      await context.close();
    }
  };
  const rows = [];
  try {
    for (const file of packed ? packedWasmFiles(packageDir) : wasmFilesUnder(packageDir)) {
      const samples = [];
      try {
        for (let i = 0; i < runs; i++) samples.push(await fresh(compileAndInstantiate, `${server.url}/pkg/${file}`));
      } catch (e) {
        rows.push({ file, bytes: 0, runs: 0, medianMs: NaN, compileMedianMs: NaN, error: e.message.split('\n')[0] });
        continue;
      }
      rows.push({
        file,
        bytes: samples[0].bytes,
        runs,
        medianMs: median(samples.map((s) => s.totalMs)),
        compileMedianMs: median(samples.map((s) => s.compileMs)),
      });
    }
    const entry = browserEntry(packageDir);
    const imports = [];
    try {
      for (let i = 0; i < runs; i++) imports.push(await fresh(importEntry, `${server.url}/pkg/${entry}`));
      rows.push({ file: `${entry} import`, bytes: 0, runs, medianMs: median(imports), compileMedianMs: NaN });
    } catch (e) {
      rows.push({ file: `${entry} import`, bytes: 0, runs: 0, medianMs: NaN, compileMedianMs: NaN, error: e.message.split('\n')[0] });
    }
  } finally {
    await server.close();
  }
  return rows;
}

/** One line per row, for the test step and this script. */
export function formatStartup(rows) {
  return rows.map((r) => (r.error ? `chromium ${r.file}: failed: ${r.error}` : r.bytes
    ? `chromium ${r.file} (${(r.bytes / 1024).toFixed(1)} KiB): compile + instantiate median ${r.medianMs.toFixed(2)} ms (compile ${r.compileMedianMs.toFixed(2)} ms), ${r.runs} fresh contexts`
    : `chromium ${r.file} to ready (fetch + compile + instantiate + init over loopback): median ${r.medianMs.toFixed(2)} ms, ${r.runs} fresh contexts`)).join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const a = process.argv.slice(2);
  const opt = (name, dflt) => (a.includes(name) ? a[a.indexOf(name) + 1] : dflt);
  const packageDir = path.resolve(opt('--package-dir', path.join(HERE, '..', 'pkg')));
  const { launchBrowser } = await import('../tests/runtimes/browsers.mjs');
  const browser = await launchBrowser('chromium'); // playwright-core + /usr/bin/chromium ($CHROMIUM)
  try {
    const rows = await measureWasmStartup(browser.raw, { packageDir, packed: true, runs: Number(opt('--runs', 10)) });
    console.error(formatStartup(rows));
    process.stdout.write(`BENCH_RESULT ${JSON.stringify({ figure: 'startupBrowser', rows })}\n`);
  } finally {
    await browser.close();
  }
}
