// Per call in a browser: a page that imports the built package's browser entry (from its
// `exports`, served with the runtime tests' static server) times `listLicenses` against the
// emulator (another origin, so CORS as in an app) vs `fetch` + `JSON.parse` and the signal
// baseline (the same fetch under a per-request AbortController + timeout timer), interleaved
// (bench/per-call-browser-page.mjs says how, and why in blocks). Each round is a fresh page
// (browser context) with its own warm-up; the medians over rounds are reported. Browsers are
// launched by tests/runtimes/browsers.mjs (Chromium: playwright-core; Firefox ESR:
// puppeteer-core over WebDriver BiDi). A benchmark: it prints figures and asserts none.
//   node bench/per-call-browser.mjs [--url URL --token T] [--browsers chromium,firefox] [--rounds 5]
//     [--blocks 300] [--budget-ms 12000] [--warmup 100] [--package-dir pkg]   (after scripts/build-pkg.sh)
import path from 'node:path';
import { launchBrowser } from '../tests/runtimes/browsers.mjs';
import { browserEntry, startStaticServer } from '../tests/runtimes/server.mjs';
import { args, median, report, ROOT, SEED, startEmulator } from './lib.mjs';

const opt = args({ url: '', token: '', browsers: 'chromium,firefox', rounds: 5, blocks: 300, budgetMs: 12000, warmup: 100, packageDir: path.join(ROOT, 'pkg') });
const emu = opt.url ? null : await startEmulator();
const url = opt.url || emu.url;
const token = opt.token || (await emu.token());
const packageDir = path.resolve(opt.packageDir);
const file = (name) => path.join(ROOT, 'bench', name);
const server = await startStaticServer({
  packageDir,
  extraFiles: { '/per-call.html': file('per-call-browser.html'), '/per-call.mjs': file('per-call-browser-page.mjs'), '/raw.mjs': file('raw.mjs') },
});
const params = {
  entry: browserEntry(packageDir), emulator: url, token, customer: SEED.contoso, user: SEED.grace,
  blocks: opt.blocks, budgetMs: opt.budgetMs, warmup: opt.warmup,
};
const page = `${server.url}/per-call.html#${encodeURIComponent(JSON.stringify(params))}`;
const f = (v) => v.toFixed(3);
const browsers = [];
try {
  for (const name of opt.browsers.split(',').filter(Boolean)) {
    const browser = await launchBrowser(name);
    const rounds = [];
    try {
      for (let r = 0; r < opt.rounds; r++) {
        const { state, consoleLines } = await browser.run(page);
        if (state.error) throw new Error(`${name}: ${state.error}${consoleLines.length ? `\n${consoleLines.join('\n')}` : ''}`);
        const x = state.result;
        Object.assign(x, { ratioP50: x.pkgP50Ms / x.rawP50Ms, ratioSignalP50: x.pkgP50Ms / x.signalP50Ms, floorP50: x.signalP50Ms / x.rawP50Ms });
        rounds.push(x);
        console.error(`${name} per-call round ${r + 1} (${x.blocks} blocks of ${x.callsPerBlock.toFixed(1)} calls; timer step ${x.timerStepMs.toFixed(1)} ms): p50 package ${f(x.pkgP50Ms)} raw ${f(x.rawP50Ms)} raw+signal ${f(x.signalP50Ms)} ms | package/raw ${f(x.ratioP50)} package/raw+signal ${f(x.ratioSignalP50)} raw+signal/raw ${f(x.floorP50)}`);
      }
    } finally {
      await browser.close();
    }
    const pick = (k) => median(rounds.map((x) => x[k]));
    const range = (k) => [Math.min(...rounds.map((x) => x[k])), Math.max(...rounds.map((x) => x[k]))];
    browsers.push({
      name, version: browser.version, rounds: rounds.length, blocks: pick('blocks'), callsPerBlock: pick('callsPerBlock'), timerStepMs: pick('timerStepMs'),
      pkgP50Ms: pick('pkgP50Ms'), rawP50Ms: pick('rawP50Ms'), signalP50Ms: pick('signalP50Ms'),
      ratioP50: pick('ratioP50'), ratioSignalP50: pick('ratioSignalP50'), floorP50: pick('floorP50'),
      ranges: { ratioP50: range('ratioP50'), ratioSignalP50: range('ratioSignalP50'), floorP50: range('floorP50') },
    });
  }
} finally {
  await server.close();
  await emu?.stop();
}
report({ figure: 'perCallBrowser', browsers });
