// Bulk for two builds side by side in one process: `assignLicenses` then `removeLicenses` for
// N generated users at concurrency C through build A, build B, a raw `fetch` loop (the same
// POSTs as bench/bulk.mjs) and that loop under a per-request AbortController + timer (the
// signal baseline), the emulator reset before each phase, the order of the four rotating
// every round; per-round ratios to both baselines, medians.
//   node bench/compare-bulk.mjs --a /tmp/pkg-a [--b pkg] [--users 200] [--concurrency 8] [--rounds 9]
import path from 'node:path';
import { args, loadPackage, startEmulator, median, rawAssignRemove, resetEmulator, SEED, ROOT, updateRate } from './lib.mjs';

const opt = args({ a: '', b: path.join(ROOT, 'pkg'), users: 200, concurrency: 8, rounds: 9 });
const emu = await startEmulator();
try {
  const token = await emu.token();
  const sku = SEED.office365E3;
  const users = Array.from({ length: opt.users }, (_, i) => SEED.generatedUser(i + 1));
  const through = (client) => async (user) => {
    await client.assignLicenses(SEED.contoso, user, [{ skuId: sku }]);
    await client.removeLicenses(SEED.contoso, user, [sku]);
  };
  const A = new (await loadPackage(path.resolve(opt.a))).LicenseClient({ baseUrl: emu.url, token });
  const B = new (await loadPackage(path.resolve(opt.b))).LicenseClient({ baseUrl: emu.url, token });
  const fns = {
    a: through(A),
    b: through(B),
    raw: (user) => rawAssignRemove(emu.url, token, user, sku),
    signal: (user) => rawAssignRemove(emu.url, token, user, sku, { signal: true }),
  };
  const phase = (fn) => updateRate(emu.url, users, opt.concurrency, fn);
  const keys = Object.keys(fns);
  for (const k of keys) await phase(fns[k]); // warm-up
  const rate = Object.fromEntries(keys.map((k) => [k, []]));
  for (let r = 0; r < opt.rounds; r++) {
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(r + j) % keys.length];
      rate[k].push(await phase(fns[k]));
    }
    console.error(`bulk round ${r + 1}: A ${rate.a.at(-1).toFixed(0)} B ${rate.b.at(-1).toFixed(0)} raw ${rate.raw.at(-1).toFixed(0)} raw+signal ${rate.signal.at(-1).toFixed(0)} updates/s`);
  }
  const ratio = (k, base = 'raw') => median(rate[k].map((x, i) => x / rate[base][i])).toFixed(3);
  console.log(`bulk, concurrency ${opt.concurrency}, ${opt.rounds} rounds: A ${median(rate.a).toFixed(0)} B ${median(rate.b).toFixed(0)} raw ${median(rate.raw).toFixed(0)} raw+signal ${median(rate.signal).toFixed(0)} updates/s | A/raw ${ratio('a')} B/raw ${ratio('b')} | A/raw+signal ${ratio('a', 'signal')} B/raw+signal ${ratio('b', 'signal')} | raw+signal/raw ${ratio('signal')}`);
  await resetEmulator(emu.url);
} finally {
  await emu.stop();
}
