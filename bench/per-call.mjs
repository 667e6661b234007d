// Per-call time: `client.listLicenses` through the package vs a raw `fetch` + `JSON.parse` of the
// same URL with the same headers, interleaved (the order alternates every iteration), on
// loopback against the emulator. Prints p50/p99 of each and the p50 ratio; the median over rounds.
//   node bench/per-call.mjs [--url URL --token T] [--iterations N] [--rounds R] [--warmup W]
import { args, loadPackage, startEmulator, rawGetJson, interleave, now, quantile, median, report, SEED } from './lib.mjs';

const opt = args({ url: '', token: '', iterations: 2000, rounds: 5, warmup: 300 });
const emu = opt.url ? null : await startEmulator();
const url = opt.url || emu.url;
const token = opt.token || (await emu.token());
const { LicenseClient } = await loadPackage();
const client = new LicenseClient({ baseUrl: url, token });
const rawUrl = `${url}/v1/customers/${SEED.contoso}/users/${SEED.grace}/licenses`;

const viaPackage = () => client.listLicenses(SEED.contoso, SEED.grace);
const viaRaw = () => rawGetJson(rawUrl, token);

// Same answer both ways, or the comparison means nothing.
const a = await viaPackage();
const b = await viaRaw();
if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('package and raw fetch disagree');
if (a.items.length === 0) throw new Error('no licenses listed');

for (let i = 0; i < opt.warmup; i++) { await viaPackage(); await viaRaw(); }

const rounds = [];
for (let r = 0; r < opt.rounds; r++) {
  const [pkg, raw] = await interleave(opt.iterations, viaPackage, viaRaw);
  const round = {
    pkgP50: quantile(pkg, 0.5), pkgP99: quantile(pkg, 0.99),
    rawP50: quantile(raw, 0.5), rawP99: quantile(raw, 0.99),
  };
  round.ratioP50 = round.pkgP50 / round.rawP50;
  round.ratioP99 = round.pkgP99 / round.rawP99;
  rounds.push(round);
  console.error(`per-call round ${r + 1}: package p50 ${round.pkgP50.toFixed(3)} ms p99 ${round.pkgP99.toFixed(3)} ms | raw p50 ${round.rawP50.toFixed(3)} ms p99 ${round.rawP99.toFixed(3)} ms | ratio p50 ${round.ratioP50.toFixed(3)}`);
}
const pick = (k) => median(rounds.map((x) => x[k]));
report({
  figure: 'perCall',
  iterations: opt.iterations, rounds: opt.rounds,
  pkgP50Ms: pick('pkgP50'), pkgP99Ms: pick('pkgP99'), rawP50Ms: pick('rawP50'), rawP99Ms: pick('rawP99'),
  ratioP50: pick('ratioP50'), ratioP99: pick('ratioP99'),
  bodyBytes: Buffer.byteLength(JSON.stringify(a)),
});
client.free();
await emu?.stop();
