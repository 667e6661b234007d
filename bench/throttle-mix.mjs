// Throttled mix (issue 13): 16 calls in flight against the emulator's rate limit R for N s,
// `listLicenses` and `licenseupdates` mixed, through one LicenseClient, side by side:
// default options (the gate learns R), `rateLimit: { requestsPerSecond: R }` and
// `rateLimit: false` (no gate: every call backs off by itself, as before issue 13); then the
// same three for `reconcile` (--reconcile 0 or --mix 0 leaves one out).
// Prints one line per run and a BENCH_RESULT line.
//   node bench/throttle-mix.mjs [--rates 15,40] [--seconds 30] [--concurrency 16]
import { args, loadPackage, startEmulator, report } from './lib.mjs';
import { runMix, describe, runReconcile, describeReconcile } from '../tests/js/throttle-mix.mjs';

const opt = args({ rates: '15,40', seconds: 30, concurrency: 16, reconcile: 1, mix: 1 });
const { LicenseClient } = await loadPackage();
const emu = await startEmulator();
const runs = [];
try {
  for (const rate of String(opt.rates).split(',').map(Number)) {
    if (!Number(opt.mix)) break;
    for (const [label, rateLimit] of [['default', undefined], ['rateLimit R', { requestsPerSecond: rate }], ['rateLimit false', false]]) {
      const r = await runMix({ LicenseClient, emu, rate, seconds: Number(opt.seconds), concurrency: Number(opt.concurrency), rateLimit });
      console.error(describe(label, r));
      runs.push({ label, ...r });
    }
  }
  // reconcile (the bulk module): about `seconds` of work at R (a read and an update a user).
  for (const rate of String(opt.rates).split(',').map(Number)) {
    if (!Number(opt.reconcile)) break;
    for (const [label, rateLimit] of [['default', undefined], ['rateLimit R', { requestsPerSecond: rate }], ['rateLimit false', false]]) {
      const users = Math.min(1000, Math.round((rate * Number(opt.seconds)) / 2));
      const r = await runReconcile({ LicenseClient, emu, rate, users, concurrency: Number(opt.concurrency), rateLimit });
      console.error(describeReconcile(label, r));
      runs.push({ label, kind: 'reconcile', ...r });
    }
  }
} finally {
  await emu.stop();
}
report({ figure: 'throttleMix', runs });
