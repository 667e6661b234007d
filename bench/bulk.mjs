// Bulk: license updates per second through the package (`assignLicenses` then `removeLicenses`
// for each user, so the emulator's state stays valid) vs a raw `fetch` loop doing the same
// POSTs with the same headers, at the same concurrency, against the emulator. The emulator is
// reset before every phase; phases alternate (package first, then raw first) over rounds.
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

const viaPackage = async (user) => {
  await client.assignLicenses(SEED.contoso, user, [{ skuId: sku }]);
  await client.removeLicenses(SEED.contoso, user, [sku]);
};
const viaRaw = (user) => rawAssignRemove(url, token, user, sku);
const phase = (fn) => updateRate(url, users, opt.concurrency, fn);

// Warm-up (and a check that both ways work).
await phase(async (u) => { await viaPackage(u); await viaRaw(u); }).catch((e) => { throw e; });
const pkg = [];
const raw = [];
for (let r = 0; r < opt.rounds; r++) {
  const order = r % 2 === 0 ? [[viaPackage, pkg], [viaRaw, raw]] : [[viaRaw, raw], [viaPackage, pkg]];
  for (const [fn, into] of order) into.push(await phase(fn));
  console.error(`bulk round ${r + 1}: package ${pkg.at(-1).toFixed(0)} updates/s, raw ${raw.at(-1).toFixed(0)} updates/s`);
}
await resetEmulator(url);
const result = {
  figure: 'bulk', users: opt.users, concurrency: opt.concurrency, rounds: opt.rounds,
  updatesPerRound: 2 * opt.users,
  pkgUpdatesPerS: median(pkg), rawUpdatesPerS: median(raw),
  ratios: pkg.map((p, i) => p / raw[i]),
};
result.ratio = median(result.ratios);
report(result);
client.free();
await emu?.stop();
