// "Proven everywhere": the packed tarball (npm pack of pkg/) installed in a fresh project
// and run, against the release emulator, in Node ESM, Node CJS, Bun, Deno, and in
// Chromium, Firefox and WebKit as a page, a module Worker, and both again under a strict
// Content-Security-Policy (a response header on every file, the worker script included).
// Every run does the shared flow of tests/runtimes/flow.mjs; each of its checks must pass,
// no browser may log an error or a warning beyond the 404s the flow provokes, and the
// emulator's ledger must show the run's assign and remove. One line per runtime: name,
// checks passed, time, entry or browser version.
//
//   scripts/build-pkg.sh && cargo build --release -p partner-center-emulator
//   node tests/runtimes/run.mjs [runtime...]    (scripts/test.d/55-runtimes.sh does all of it)
// Runtimes: node-esm node-cjs bun deno chromium firefox webkit (a browser name runs its
// page, worker, csp and csp-worker runs). RUNTIMES_KEEP=1 keeps the scratch project;
// RUNTIMES_PKG_DIR=DIR packs DIR instead of pkg/.

import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmulator } from '../js/emulator.mjs';
import { PROVOKED_HTTP_STATUSES, userForRun } from './flow.mjs';
import { browserEntry, startStaticServer, strictCsp, ROOT } from './server.mjs';
import { launchBrowser, DRIVER_CONSOLE } from './browsers.mjs';
import { formatStartup, measureWasmStartup } from '../../bench/startup-browser.mjs';

const run = promisify(execFile);
const HERE = path.join(ROOT, 'tests', 'runtimes');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const SERVER_RUNTIMES = ['node-esm', 'node-cjs', 'bun', 'deno'];
const BROWSERS = ['chromium', 'firefox', 'webkit'];
const MODES = ['page', 'worker', 'csp', 'csp-worker'];
/** Checks every run must report (a run that reports fewer fails). */
const MIN_FLOW_CHECKS = 12;

const T0 = Date.now();
const wanted = process.argv.slice(2);
const selected = (name) => wanted.length === 0 || wanted.includes(name);
for (const w of wanted) {
  if (![...SERVER_RUNTIMES, ...BROWSERS].includes(w)) throw new Error(`unknown runtime ${w}`);
}

// The package directory to pack: pkg/ (built by scripts/build-pkg.sh), or $RUNTIMES_PKG_DIR.
const PKG_DIR = path.resolve(process.env.RUNTIMES_PKG_DIR ?? path.join(ROOT, 'pkg'));
if (!existsSync(path.join(PKG_DIR, 'package.json'))) throw new Error(`${PKG_DIR} has no package.json`);

// 1. The tarball, installed the way users install it.
const work = mkdtempSync(path.join(os.tmpdir(), 'pcl-runtimes-'));
const { stdout: packed } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: PKG_DIR });
const tarball = path.join(work, JSON.parse(packed)[0].filename);
const project = path.join(work, 'app');
mkdirSync(project);
writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'runtimes-app', private: true, type: 'module' }));
await run('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: project });
for (const f of ['flow.mjs', 'apps/esm.mjs', 'apps/cjs.cjs']) copyFileSync(path.join(HERE, f), path.join(project, path.basename(f)));
const installed = path.join(project, 'node_modules', 'partner-center-licenses');
const entry = browserEntry(installed);

const emulator = await startEmulator();
// Should this script die half-way, the emulator must not outlive it.
process.on('exit', () => emulator.child.kill('SIGKILL'));
const token = await emulator.token('adatum');
const lines = [];
const failures = [];
let runNumber = 0;

/** Asserts a run's outcome and records its line. */
async function record(name, started, results, problems, user, note) {
  const ms = Date.now() - started;
  const list = Array.isArray(results) ? results : [];
  const failed = list.filter((r) => !r.ok);
  if (list.length < MIN_FLOW_CHECKS) problems.push(`only ${list.length} checks reported (want ≥ ${MIN_FLOW_CHECKS})`);
  for (const f of failed) problems.push(`check "${f.name}": ${f.detail}`);
  // The emulator's own record: exactly the flow's assign (SWAY excluded) and remove for this user.
  const { entries } = await emulator.ledger();
  const mine = entries.filter((e) => e.userId === user);
  const shape = mine.map((e) => `${e.assigned.map((a) => `+${a.skuId}-${(a.excludedPlans ?? []).join('')}`)}${e.removed.map((s) => `-${s}`)}`);
  const want = ['+6fd2c87f-b296-42f0-b197-1e91e994b900-a23b959c-7ce8-4e57-9140-b90eb88a9e97', '-6fd2c87f-b296-42f0-b197-1e91e994b900'];
  if (JSON.stringify(shape) !== JSON.stringify(want)) problems.push(`ledger for ${user}: ${JSON.stringify(shape)}, want ${JSON.stringify(want)}`);
  const passed = list.length - failed.length;
  const status = problems.length === 0 ? 'ok  ' : 'FAIL';
  lines.push(`${status} ${name.padEnd(19)} ${String(passed).padStart(2)}/${list.length} checks  ${String(ms).padStart(6)} ms  ${note}`);
  if (problems.length > 0) failures.push(`${name}:\n    ${problems.join('\n    ')}`);
}

// 2. Node ESM, Node CJS, Bun, Deno: each a process in the project, all at once.
async function serverRuntimes() {
  const commands = {
    'node-esm': [process.execPath, ['esm.mjs']],
    'node-cjs': [process.execPath, ['cjs.cjs']],
    bun: [path.join(BIN, 'bun'), ['esm.mjs']],
    deno: [path.join(BIN, 'deno'), ['run', '-A', '--quiet', 'esm.mjs']],
  };
  await Promise.all(SERVER_RUNTIMES.filter(selected).map(async (name) => {
    const user = userForRun(++runNumber);
    const [cmd, args] = commands[name];
    const started = Date.now();
    const problems = [];
    let out = { entry: '', results: [] };
    try {
      const { stdout, stderr } = await run(cmd, [...args, JSON.stringify({ baseUrl: emulator.url, token, user })], {
        cwd: project,
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: path.join(work, 'deno-cache') },
      });
      if (stderr.trim()) problems.push(`stderr: ${stderr.trim()}`);
      out = JSON.parse(stdout.trim().split('\n').pop() ?? '');
    } catch (e) {
      problems.push(`${name} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
    const where = String(out.entry).replace(/^file:\/\//, '').replace(`${installed}/`, '');
    await record(name, started, out.results, problems, user, `entry ${where}`);
  }));
}

// 3. The browsers: a page and a module Worker, without and with the CSP; one browser at a time.
const allowed = (line, mode) =>
  PROVOKED_HTTP_STATUSES.some((s) => line.includes(`Failed to load resource: the server responded with a status of ${s}`)) ||
  (mode.startsWith('csp') && line.includes('csp-probe'));
let startupLine = '';
async function browsers() {
  const plain = await startStaticServer({ packageDir: installed });
  // connect-src: the emulator, and 'self' for the package's own fetch of its .wasm.
  const csp = await startStaticServer({ packageDir: installed, csp: strictCsp(["'self'", emulator.url]) });
  try {
    for (const name of BROWSERS.filter(selected)) {
      let browser;
      try {
        browser = await launchBrowser(name);
      } catch (e) {
        failures.push(`${name}: could not launch: ${e.message}`);
        lines.push(`FAIL ${name.padEnd(19)} did not launch`);
        continue;
      }
      try {
        for (const mode of MODES) {
          const user = userForRun(++runNumber);
          const underCsp = mode.startsWith('csp');
          const server = underCsp ? csp : plain;
          const probeUrl = `${plain.url}/csp-probe-${runNumber}`;
          const hash = new URLSearchParams({ mode, entry: `/pkg/${entry}`, baseUrl: emulator.url, token, user, probeUrl });
          const started = Date.now();
          const problems = [];
          let state = { results: [] };
          let allowedLines = 0;
          try {
            const out = await browser.run(`${server.url}/index.html#${hash}`);
            state = out.state;
            for (const l of [...out.consoleLines, ...state.errors]) {
              if (!allowed(l, mode)) problems.push(l);
              else allowedLines += 1;
            }
            if (process.env.RUNTIMES_VERBOSE) console.log(name, mode, out.consoleLines, state.errors);
            const scope = mode.endsWith('worker') ? 'DedicatedWorkerGlobalScope' : 'Window';
            if (state.scope !== scope) problems.push(`ran in ${state.scope}, want ${scope}`);
            if (underCsp && (state.cspProbeBlocked !== true || plain.served.includes(new URL(probeUrl).pathname))) {
              problems.push(`the CSP was not enforced: a fetch to ${probeUrl} (not in connect-src) was not refused`);
            }
          } catch (e) {
            problems.push(e.message);
          }
          const note = `${browser.version}; ${allowedLines} expected console line(s)${DRIVER_CONSOLE[name] ? '' : '; console: in-page capture only'}`;
          await record(`${name}-${mode}`, started, state.results, problems, user, note);
        }
        if (name === 'chromium' && browser.raw) {
          // A benchmark figure, printed and never asserted (see bench/startup-browser.mjs).
          startupLine = await measureWasmStartup(browser.raw, { packageDir: installed, runs: 10 })
            .then(formatStartup, (e) => `chromium start-up measurement failed: ${e.message}`);
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    await plain.close();
    await csp.close();
  }
}

try {
  if (SERVER_RUNTIMES.some(selected)) await serverRuntimes();
  if (BROWSERS.some(selected)) await browsers();
} finally {
  await emulator.stop();
  if (!process.env.RUNTIMES_KEEP) rmSync(work, { recursive: true, force: true });
  else console.log(`scratch project kept: ${project}`);
}

console.log(`package: ${path.basename(tarball)}, browser entry from exports: ${entry}`);
for (const l of lines) console.log(l);
if (startupLine) console.log(startupLine);
if (failures.length > 0) {
  console.log(`\n${failures.length} runtime run(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`all ${lines.length} runtime runs passed (${((Date.now() - T0) / 1000).toFixed(1)} s in all)`);
