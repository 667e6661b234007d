// Per-call time: `client.listLicenses` through the package vs a raw `fetch` + `JSON.parse` of the
// same URL with the same headers, and vs the same raw request under a per-request
// AbortController + timeout timer (the floor of a client that can cancel a timed-out attempt:
// bench/raw.mjs), the three interleaved (the order rotating every iteration), on loopback
// against the emulator. Prints p50/p99 of each and the p50 ratios; the median over rounds.
//   node bench/per-call.mjs [--url URL --token T] [--iterations N] [--rounds R] [--warmup W]
import { args, loadPackage, startEmulator, rawGetJson, rotate, quantile, median, report, SEED } from './lib.mjs';

const opt = args({ url: '', token: '', iterations: 2000, rounds: 5, warmup: 300 });
const emu = opt.url ? null : await startEmulator();
const url = opt.url || emu.url;
const token = opt.token || (await emu.token());
const { LicenseClient } = await loadPackage();
const client = new LicenseClient({ baseUrl: url, token });
const rawUrl = `${url}/v1/customers/${SEED.contoso}/users/${SEED.grace}/licenses`;

const fns = {
  pkg: () => client.listLicenses(SEED.contoso, SEED.grace),
  raw: () => rawGetJson(rawUrl, token),
  signal: () => rawGetJson(rawUrl, token, { signal: true }),
};

// Same answer every way, or the comparison means nothing.
const a = await fns.pkg();
for (const k of ['raw', 'signal']) if (JSON.stringify(a) !== JSON.stringify(await fns[k]())) throw new Error(`package and ${k} fetch disagree`);
if (a.items.length === 0) throw new Error('no licenses listed');

const rounds = [];
for (let r = 0; r < opt.rounds; r++) {
  const t = await rotate(fns, opt.iterations, r === 0 ? opt.warmup : 0);
  const round = {};
  for (const k of Object.keys(fns)) {
    round[`${k}P50`] = quantile(t[k], 0.5);
    round[`${k}P99`] = quantile(t[k], 0.99);
  }
  round.ratioP50 = round.pkgP50 / round.rawP50;
  round.ratioP99 = round.pkgP99 / round.rawP99;
  round.ratioSignalP50 = round.pkgP50 / round.signalP50;
  round.floorP50 = round.signalP50 / round.rawP50;
  rounds.push(round);
  const f = (v) => v.toFixed(3);
  console.error(`per-call round ${r + 1}: p50 package ${f(round.pkgP50)} raw ${f(round.rawP50)} raw+signal ${f(round.signalP50)} ms | package/raw ${f(round.ratioP50)} package/raw+signal ${f(round.ratioSignalP50)} raw+signal/raw ${f(round.floorP50)} | p99 ${f(round.pkgP99)} ${f(round.rawP99)} ${f(round.signalP99)} ms`);
}
const pick = (k) => median(rounds.map((x) => x[k]));
const range = (k) => [Math.min(...rounds.map((x) => x[k])), Math.max(...rounds.map((x) => x[k]))];
report({
  figure: 'perCall',
  iterations: opt.iterations, rounds: opt.rounds,
  pkgP50Ms: pick('pkgP50'), pkgP99Ms: pick('pkgP99'), rawP50Ms: pick('rawP50'), rawP99Ms: pick('rawP99'),
  signalP50Ms: pick('signalP50'), signalP99Ms: pick('signalP99'),
  ratioP50: pick('ratioP50'), ratioP99: pick('ratioP99'), ratioSignalP50: pick('ratioSignalP50'), floorP50: pick('floorP50'),
  ranges: { ratioP50: range('ratioP50'), ratioSignalP50: range('ratioSignalP50'), floorP50: range('floorP50') },
  bodyBytes: Buffer.byteLength(JSON.stringify(a)),
});
client.free();
await emu?.stop();
