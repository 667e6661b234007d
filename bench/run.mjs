// Runs every benchmark against the built package and the release emulator and prints one
// table: figure | measured | goal | ratio | met?. Writes test-output/bench-results.json and
// test-output/bench-results.md. `QUICK=1`: small counts (CI smoke: it fails only when a
// benchmark itself breaks, never on a figure). Normally started by scripts/bench.sh, which
// builds first.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { ROOT, startEmulator } from './lib.mjs';

/** What a browser loads for one call from a package dir (gzip -9 per file). A revision that has
 *  scripts/size-loads.mjs says itself which files its browser loads; an older one (pkg/gen/
 *  layout, before that list existed) counts its entry, its web glue and its .wasm files. */
async function sizeOf(dir) {
  const own = path.join(dir, '..', 'scripts', 'size-loads.mjs');
  if (existsSync(own)) {
    const { loadSizes } = await import(pathToFileURL(own).href);
    const browser = loadSizes(dir).find((l) => l.id === 'browser');
    return { gzip: browser.gzip, files: browser.files.filter((f) => !f.missing).length };
  }
  const walk = (d) => readdirSync(d).flatMap((f) => (statSync(path.join(d, f)).isDirectory() ? walk(path.join(d, f)) : [path.join(d, f)]));
  const gen = path.join(dir, 'gen');
  const files = existsSync(path.join(gen, 'web'))
    ? [path.join(dir, 'index.browser.mjs'), ...walk(path.join(gen, 'web')).filter((f) => f.endsWith('.js')), ...walk(gen).filter((f) => f.endsWith('.wasm'))]
    : [];
  return { gzip: files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0), files: files.length };
}

const quick = process.env.QUICK === '1';
const counts = quick
  ? { perCall: [200, 2, 50], perCallBrowser: [1, 20, 10], decode: [1000, 3], bulk: [40, 2, 8], throttled: [20, 40, 8], throttleMixSeconds: 4, startup: 3, wrkSeconds: 2, inventoryRounds: 1 }
  : { perCall: [2000, 5, 300], perCallBrowser: [5, 300, 100], decode: [10000, 9], bulk: [200, 9, 8], throttled: [100, 400, 8], throttleMixSeconds: 30, startup: 15, wrkSeconds: 10, inventoryRounds: 7 };

/** Runs a command; resolves to its stdout (stderr is passed through). Rejects on a non-zero exit. */
const run = (cmd, argv, env = {}) => new Promise((resolve, reject) => {
  const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.on('error', reject);
  child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}`))));
});
const bench = async (script, argv = [], env = {}) => {
  const out = await run(process.execPath, [path.join('bench', script), ...argv], env);
  const line = out.split('\n').filter((l) => l.startsWith('BENCH_RESULT ')).at(-1);
  if (!line) throw new Error(`${script} printed no BENCH_RESULT line`);
  return JSON.parse(line.slice('BENCH_RESULT '.length));
};

const results = { quick, date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg() };
// BEFORE: another build of the package (scripts/bench.sh builds it from a git revision) run
// through the same benchmarks in the same run, so every row shows before and after.
const beforeDir = process.env.PCL_BEFORE_DIR || '';
const beforeEnv = beforeDir ? { PCL_PKG_DIR: beforeDir } : null;
results.size = await bench('size.mjs');
results.startup = await bench('startup.mjs', ['--processes', String(counts.startup)]);
results.startupBrowser = await bench('startup-browser.mjs', ['--runs', String(quick ? 3 : 10)]);
results.before = {};
if (beforeEnv) {
  results.before.startupBrowser = await bench('startup-browser.mjs', ['--runs', String(quick ? 3 : 10), '--package-dir', beforeDir]);
  results.before.size = await sizeOf(beforeDir);
  results.before.startup = await bench('startup.mjs', ['--processes', String(counts.startup)], beforeEnv);
}
const emu = await startEmulator();
try {
  const token = await emu.token();
  const at = ['--url', emu.url, '--token', token];
  const [it, rounds, warm] = counts.perCall;
  results.perCall = await bench('per-call.mjs', [...at, '--iterations', String(it), '--rounds', String(rounds), '--warmup', String(warm)]);
  results.decode = await bench('decode.mjs', [...at, '--skus', String(counts.decode[0]), '--iterations', String(counts.decode[1])]);
  results.inventory = await bench('inventory.mjs', [...at, '--rounds', String(counts.inventoryRounds), '--concurrency', '8']);
  const [users, bRounds, conc] = counts.bulk;
  results.bulk = await bench('bulk.mjs', [...at, '--users', String(users), '--rounds', String(bRounds), '--concurrency', String(conc)]);
  // Per call in the browsers: Chromium, and Firefox ESR when it is installed.
  const browsers = ['chromium', ...(existsSync(process.env.FIREFOX ?? '/usr/bin/firefox-esr') ? ['firefox'] : [])].join(',');
  const [bRoundsB, blocks, bWarm] = counts.perCallBrowser;
  const inBrowser = ['--browsers', browsers, '--rounds', String(bRoundsB), '--blocks', String(blocks), '--warmup', String(bWarm)];
  results.perCallBrowser = await bench('per-call-browser.mjs', [...at, ...inBrowser]);
  if (beforeEnv) {
    results.before.perCallBrowser = await bench('per-call-browser.mjs', [...at, ...inBrowser, '--package-dir', beforeDir]);
    results.before.perCall = await bench('per-call.mjs', [...at, '--iterations', String(it), '--rounds', String(rounds), '--warmup', String(warm)], beforeEnv);
    results.before.decode = await bench('decode.mjs', [...at, '--skus', String(counts.decode[0]), '--iterations', String(counts.decode[1])], beforeEnv);
    results.before.bulk = await bench('bulk.mjs', [...at, '--users', String(users), '--rounds', String(bRounds), '--concurrency', String(conc)], beforeEnv);
  }
} finally {
  await emu.stop();
}
// The emulator's own throughput benchmark (wrk -t2 -c64 on its release build; it starts its own).
const rpsOut = await run('bash', [path.join('scripts', 'bench-emulator.sh')], { PROFILE: 'release', DURATION: `${counts.wrkSeconds}s` });
process.stderr.write(rpsOut);
const rps = rpsOut.match(/emulator_rps=(\d+)/);
if (!rps) throw new Error('scripts/bench-emulator.sh printed no emulator_rps=N');
results.emulator = { figure: 'emulator', rps: Number(rps[1]), seconds: counts.wrkSeconds };
const [rate, tUsers, tConc] = counts.throttled;
results.throttled = await bench('throttled.mjs', ['--rate', String(rate), '--users', String(tUsers), '--concurrency', String(tConc)]);
// Issue 13: the throttled mix at R = 15/s and 40/s, 16 in flight, default / rateLimit R / false.
results.throttleMix = await bench('throttle-mix.mjs', ['--rates', '15,40', '--seconds', String(counts.throttleMixSeconds), '--concurrency', '16']);
// The bulk helper's reconcile benchmark, when it exists (a figure without a goal).
if (existsSync(path.join(ROOT, 'bench', 'reconcile.mjs'))) {
  const out = await run(process.execPath, [path.join('bench', 'reconcile.mjs'), '--users', quick ? '50' : '1000']);
  const m = out.match(/reconcile_users_per_s=(\d+)/);
  if (!m) throw new Error('bench/reconcile.mjs printed no reconcile_users_per_s=N');
  results.reconcile = { figure: 'reconcile', usersPerS: Number(m[1]) };
}

// The table.
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms = (x) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
const x = (r) => `${r.toFixed(2)}×`;
const { size, startup, perCall, decode, bulk, throttled, emulator } = results;
// Decode alone: the package's time minus the transfer both pay (raw − JSON.parse alone), over JSON.parse alone.
const decodeOnly = (decode.pkgMs - (decode.rawMs - decode.jsonParseOnlyMs)) / decode.jsonParseOnlyMs;
results.decode.decodeOnlyRatio = decodeOnly;
const B = results.before;
/** The basic-call `.wasm` row of a Chromium start-up result (the one every page compiles). */
function basicWasm(r) {
  return r.rows.find((x) => x.bytes && !/bulk/.test(x.file)) ?? r.rows[0];
}
function browserStartup(r) {
  const w = basicWasm(r);
  const imp = r.rows.find((x) => / import$/.test(x.file));
  return `${ms(w.medianMs)} (${w.file}${imp && !Number.isNaN(imp.medianMs) ? `; entry import to ready ${ms(imp.medianMs)}` : ''})`;
}
const beforeDecodeOnly = B.decode ? (B.decode.pkgMs - (B.decode.rawMs - B.decode.jsonParseOnlyMs)) / B.decode.jsonParseOnlyMs : NaN;
const before = {
  size: B.size ? `${kb(B.size.gzip)} gzip` : '',
  perCall: B.perCall ? `p50 ${ms(B.perCall.pkgP50Ms)} vs ${ms(B.perCall.rawP50Ms)} = ${x(B.perCall.ratioP50)}` : '',
  decode: B.decode ? `${x(beforeDecodeOnly)}` : '',
  bulk: B.bulk ? `${B.bulk.pkgUpdatesPerS.toFixed(0)}/s vs ${B.bulk.rawUpdatesPerS.toFixed(0)}/s = ${x(B.bulk.ratio)}` : '',
  startup: B.startup ? `${ms(B.startup.glueMs)} + first client ${ms(B.startup.firstClientMs)}` : '',
  startupBrowser: B.startupBrowser ? browserStartup(B.startupBrowser) : '',
  perCallFloor: B.perCall?.ratioSignalP50 ? x(B.perCall.ratioSignalP50) : '',
  bulkFloor: B.bulk?.ratioSignal ? x(B.bulk.ratioSignal) : '',
};
const span = (v) => `${x(Math.min(...v))}–${x(Math.max(...v))}`;
/** A row of the package against the signal baseline: no goal of its own (the goals are against the bare raw loop). */
const floorRow = (figure, measured, ratio, was = '') => [figure, measured, '— (package/raw+signal)', ratio, null, was];
/** The browsers' per-call rows (bench/per-call-browser.mjs): package/raw against the goal, and package/raw+signal. */
const beforeBrowser = (name) => B.perCallBrowser?.browsers.find((b) => b.name === name);
const browserRows = (results.perCallBrowser?.browsers ?? []).flatMap((b) => {
  const was = beforeBrowser(b.name);
  const engine = `${b.name} ${b.version.replace(/^[a-z]+\//i, '')}`;
  const how = `${b.rounds} fresh pages × ${b.blocks} blocks of ${b.callsPerBlock.toFixed(1)} calls (timer step ${b.timerStepMs.toFixed(1)} ms)`;
  return [
    [`per-call \`listLicenses\` in ${engine} vs fetch+JSON.parse`, `p50 ${ms(b.pkgP50Ms)} vs ${ms(b.rawP50Ms)}; rounds ${span(b.ranges.ratioP50)}; ${how}`, '≤ 1.10× at p50', b.ratioP50, b.ratioP50 <= 1.10, was ? `p50 ${ms(was.pkgP50Ms)} vs ${ms(was.rawP50Ms)} = ${x(was.ratioP50)}` : ''],
    floorRow(`per-call in ${b.name} vs the floor: raw + per-request AbortController and timeout timer`, `p50 ${ms(b.pkgP50Ms)} vs ${ms(b.signalP50Ms)}; package/raw+signal rounds ${span(b.ranges.ratioSignalP50)}; the floor raw+signal/raw ${x(b.floorP50)} (rounds ${span(b.ranges.floorP50)})`, b.ratioSignalP50, was ? x(was.ratioSignalP50) : ''),
  ];
});
const rows = [
  ['package size (browser, one call: .wasm + driver + glue + entry)', `${kb(size.browserTotal.gzip)} gzip (.wasm ${kb(size.wasm.gzip)} gzip / ${kb(size.wasm.raw)} raw; JS ${kb(size.webGlue.gzip)} gzip); bulk on demand +${kb(size.browserBulk.gzip)}; Node: ${kb(size.nodeTotal.gzip)} gzip`, '≤ 40 KB gzip', size.browserTotal.gzip / 40960, size.browserTotal.gzip <= 40960, before.size],
  ['per-call `listLicenses` vs fetch+JSON.parse', `p50 ${ms(perCall.pkgP50Ms)} vs ${ms(perCall.rawP50Ms)}; p99 ${ms(perCall.pkgP99Ms)} vs ${ms(perCall.rawP99Ms)} (p99 ratio ${x(perCall.ratioP99)}); ${perCall.iterations}×${perCall.rounds} rounds`, '≤ 1.10× at p50', perCall.ratioP50, perCall.ratioP50 <= 1.10, before.perCall],
  floorRow('per-call `listLicenses` vs the floor: raw + per-request AbortController and timeout timer', `p50 ${ms(perCall.pkgP50Ms)} vs ${ms(perCall.signalP50Ms)}; package/raw+signal rounds ${span(perCall.ranges.ratioSignalP50)}; the floor raw+signal/raw ${x(perCall.floorP50)} (rounds ${span(perCall.ranges.floorP50)})`, perCall.ratioSignalP50, before.perCallFloor),
  ...browserRows,
  [`decode ${decode.skus} SKUs (${(decode.bodyBytes / 1048576).toFixed(1)} MiB)`, `decode alone ${x(decodeOnly)} JSON.parse (${ms(decode.pkgMs - (decode.rawMs - decode.jsonParseOnlyMs))} vs ${ms(decode.jsonParseOnlyMs)}); whole call ${ms(decode.pkgMs)} vs fetch+JSON.parse ${ms(decode.rawMs)} = ${x(decode.ratio)}`, '≤ 2.0×', decodeOnly, decodeOnly <= 2.0, before.decode],
  [`bulk updates/s (concurrency ${bulk.concurrency})`, `${bulk.pkgUpdatesPerS.toFixed(0)}/s vs raw fetch ${bulk.rawUpdatesPerS.toFixed(0)}/s (median of ${bulk.rounds} rounds, the three ways rotating; rounds ${span(bulk.ratios)})`, '≥ 0.90×', bulk.ratio, bulk.ratio >= 0.90, before.bulk],
  floorRow(`bulk updates/s vs the floor: raw + per-request AbortController and timeout timer`, `${bulk.pkgUpdatesPerS.toFixed(0)}/s vs ${bulk.signalUpdatesPerS.toFixed(0)}/s; package/raw+signal rounds ${span(bulk.signalRatios)}; the floor raw+signal/raw ${x(bulk.floor)} (rounds ${span(bulk.floorRatios)})`, bulk.ratioSignal, before.bulkFloor),
  [`throttled bulk (${throttled.mode}, R=${throttled.rate}/s)`, `${throttled.achievedPerS.toFixed(1)}/s answered; ${throttled.throttled}/${throttled.requests} = ${(100 * throttled.throttledShare).toFixed(2)} % answered 429; ${throttled.failedUsers} users failed`, '≥ 0.95 R; 429 ≤ in flight + 1 % (issue 13)', throttled.achievedOverRate, throttled.achievedOverRate >= 0.95 && throttled.throttled <= throttled.concurrency + Math.ceil((throttled.requests - throttled.throttled) / 100)],
  ['start-up (Node: compile + instantiate + init)', `${ms(startup.glueMs)} (p90 ${ms(startup.glueP90Ms)}); first client ${ms(startup.firstClientMs)}; async compile ${ms(startup.asyncCompileMs)} + instantiate ${ms(startup.instantiateMs)}; ESM entry import ${ms(startup.entryImportMs)}`, '≤ 10 ms', startup.glueMs / 10, startup.glueMs <= 10, before.startup],
  ['start-up, Chromium (compile + instantiate of the basic-call .wasm)', browserStartup(results.startupBrowser), '≤ 10 ms', basicWasm(results.startupBrowser).medianMs / 10, basicWasm(results.startupBrowser).medianMs <= 10, before.startupBrowser],
  [`emulator GET licenses (wrk -t2 -c64)`, `${emulator.rps} req/s`, '≥ 20,000 req/s', emulator.rps / 20000, emulator.rps >= 20000],
];
for (const rate of [...new Set(results.throttleMix.runs.map((r) => r.rate))]) {
  const of = (label) => results.throttleMix.runs.find((r) => r.rate === rate && r.label === label && r.kind === undefined);
  const [d, fixed, off] = [of('default'), of('rateLimit R'), of('rateLimit false')];
  const pct = (v) => `${(100 * v).toFixed(1)} %`;
  const side = (r) => `work ${pct(r.workOverRate)} of R, 429 ${r.throttled}/${r.requests} (${pct(r.throttledShare)})`;
  rows.push([
    `throttled mix R=${rate}/s (list + licenseupdates, 16 in flight, ${d.seconds} s)`,
    `default: ${side(d)}, allowance ${d.allowance}; rateLimit ${rate}: ${side(fixed)}; before (rateLimit false): ${side(off)}`,
    '≥ 95 % R; 429 ≤ in flight + 1 %; rateLimit: no 429',
    d.workOverRate,
    d.workOverRate >= 0.95 && d.throttled <= d.allowance && fixed.throttled === 0 && fixed.workOverRate >= 0.95,
  ]);
}
for (const rate of [...new Set(results.throttleMix.runs.filter((r) => r.kind === 'reconcile').map((r) => r.rate))]) {
  const of = (label) => results.throttleMix.runs.find((r) => r.rate === rate && r.label === label && r.kind === 'reconcile');
  const [d, fixed, off] = [of('default'), of('rateLimit R'), of('rateLimit false')];
  const pct = (v) => `${(100 * v).toFixed(1)} %`;
  const side = (r) => `work ${pct(r.workOverRate)} of R, 429 ${r.throttled}/${r.requests} (${pct(r.throttledShare)})`;
  rows.push([
    `throttled reconcile R=${rate}/s (${d.users} users, concurrency 16)`,
    `default: ${side(d)}, allowance ${d.allowance}; rateLimit ${rate}: ${side(fixed)}; before (rateLimit false): ${side(off)}`,
    '≥ 95 % R; 429 ≤ in flight + 1 %; rateLimit: no 429',
    d.workOverRate,
    d.workOverRate >= 0.95 && d.throttled <= d.allowance && fixed.throttled === 0 && fixed.workOverRate >= 0.95,
  ]);
}
if (results.inventory) {
  const inv = results.inventory;
  rows.push([`inventory users/s (${inv.users} users, concurrency ${inv.concurrency}, pages of ${inv.pageSize})`, `${inv.pkgUsersPerS.toFixed(0)}/s vs raw fetch ${inv.rawUsersPerS.toFixed(0)}/s (median of ${inv.rounds} rounds, the three ways rotating; rounds ${span(inv.ratios)})`, '≥ 0.90×', inv.ratio, inv.ratio >= 0.90]);
  rows.push(floorRow('inventory users/s vs the floor: raw + per-request AbortController and timeout timer', `${inv.pkgUsersPerS.toFixed(0)}/s vs ${inv.signalUsersPerS.toFixed(0)}/s; package/raw+signal rounds ${span(inv.signalRatios)}; the floor raw+signal/raw ${x(inv.floor)} (rounds ${span(inv.floorRatios)})`, inv.ratioSignal));
}
if (results.reconcile) rows.push(['reconcile (bulk helper, no goal)', `${results.reconcile.usersPerS} users/s`, '—', NaN, null]);
results.table = rows.map(([figure, measured, goal, ratio, met, was]) => ({ figure, measured, goal, ratio, met, before: was || '' }));
const md = [
  `Benchmarks (${quick ? 'QUICK mode: small counts, figures are not meaningful' : 'full run'}; ${results.date}; Node ${results.node}; ${results.cpus} CPUs, load average ${results.loadAverage.map((l) => l.toFixed(1)).join(' ')}). Shared, noisy machine: ratios are measured side by side in one run.`,
  '',
  beforeDir ? `Before: the package in ${beforeDir}, run through the same benchmarks in the same run.` : 'No BEFORE build given (scripts/bench.sh BEFORE=<git rev> adds one).',
  '',
  '| figure | measured (after) | before | goal | ratio | met? |',
  '|---|---|---|---|---|---|',
  ...rows.map(([f, m, g, r, ok, was]) => `| ${f} | ${m} | ${was || '—'} | ${g} | ${Number.isNaN(r) ? '—' : x(r)} | ${ok === null ? '—' : ok ? 'yes' : '**no**'} |`),
];
if (size.crates) {
  md.push('', 'What each dependency adds to the .wasm (scripts/size-report.mjs: twiggy before wasm-opt; ≈ gzip is the same share of the final .wasm gzip):', '', '| dependency | bytes before wasm-opt | ≈ bytes after -Oz | share | ≈ gzip |', '|---|---|---|---|---|');
  for (const c of size.crates) md.push(`| ${c.name} | ${c.preOpt} | ${c.afterOzEstimate} | ${(100 * c.share).toFixed(1)} % | ${kb(c.share * size.wasm.gzip)} |`);
}
const text = md.join('\n');
console.log(`\n${text}\n`);
const outDir = path.join(ROOT, 'test-output');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'bench-results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(outDir, 'bench-results.md'), `${text}\n`);
console.log('wrote test-output/bench-results.json and test-output/bench-results.md');
