// Bulk: license updates per second through the package (`assignLicenses` then `removeLicenses`
// for each user, so the emulator's state stays valid) vs a raw `fetch` loop doing the same
// POSTs with the same headers, and vs that loop with each POST under its own AbortController +
// timeout timer (the signal baseline, bench/raw.mjs), at the same concurrency, against the
// emulator. The emulator is reset before every phase; the three phases rotate over rounds.
//   node bench/bulk.mjs [--url URL --token T] [--users N] [--concurrency C] [--rounds R]
import { args, loadPackage, startEmulator, median, rawAssignRemove, report, resetEmulator, SEED, updateRate } from './lib.mjs';

const opt = args({ url: '', token: '', users: 200, concurrency: 8, rounds: 9 });
const emu = opt.url ? null : await startEmulator();
const url = opt.url || emu.url;
const token = opt.token || (await emu.token());
const { LicenseClient } = await loadPackage();
const client = new LicenseClient({ baseUrl: url, token });
const sku = SEED.office365E3;
const users = Array.from({ length: opt.users }, (_, i) => SEED.generatedUser(i + 1));

const fns = {
  pkg: async (user) => {
    await client.assignLicenses(SEED.contoso, user, [{ skuId: sku }]);
    await client.removeLicenses(SEED.contoso, user, [sku]);
  },
  raw: (user) => rawAssignRemove(url, token, user, sku),
  signal: (user) => rawAssignRemove(url, token, user, sku, { signal: true }),
};
const phase = (fn) => updateRate(url, users, opt.concurrency, fn);
const keys = Object.keys(fns);

// Warm-up (and a check that every way works).
for (const k of keys) await phase(fns[k]);
const rate = Object.fromEntries(keys.map((k) => [k, []]));
for (let r = 0; r < opt.rounds; r++) {
  for (let j = 0; j < keys.length; j++) rate[keys[(r + j) % keys.length]].push(await phase(fns[keys[(r + j) % keys.length]]));
  console.error(`bulk round ${r + 1}: package ${rate.pkg.at(-1).toFixed(0)}, raw ${rate.raw.at(-1).toFixed(0)}, raw+signal ${rate.signal.at(-1).toFixed(0)} updates/s`);
}
await resetEmulator(url);
const per = (k, base) => rate[k].map((x, i) => x / rate[base][i]);
const result = {
  figure: 'bulk', users: opt.users, concurrency: opt.concurrency, rounds: opt.rounds,
  updatesPerRound: 2 * opt.users,
  pkgUpdatesPerS: median(rate.pkg), rawUpdatesPerS: median(rate.raw), signalUpdatesPerS: median(rate.signal),
  ratios: per('pkg', 'raw'), signalRatios: per('pkg', 'signal'), floorRatios: per('signal', 'raw'),
};
result.ratio = median(result.ratios);
result.ratioSignal = median(result.signalRatios);
result.floor = median(result.floorRatios);
report(result);
client.free();
await emu?.stop();
