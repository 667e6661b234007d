// Inventory: users per second of `client.inventory` (the SKUs once, the users page by page,
// each user's licenses, `concurrency` in flight) vs a raw `fetch` loop making the same
// requests with the same headers at the same concurrency (pages fetched while the licenses
// are read, as the package does), and vs that loop with each request under its own
// AbortController + timeout timer (the signal baseline, bench/raw.mjs), against the emulator's
// Contoso (1,206 users). The order rotates round by round; the figures are the medians of
// the per-round ratios.
// `--licensed N` first assigns Office 365 E3 to the first N generated users (setup, not
// timed): their license bodies are ~6 KB instead of the seed's 68 bytes. `--a DIR --b DIR`:
// two builds of the package and the raw loops, rotating round by round (what a change gained).
//   node bench/inventory.mjs [--url URL --token T] [--concurrency C] [--rounds R] [--page-size N] [--licensed N] [--a DIR --b DIR]
import path from 'node:path';
import { args, drainPages, licenseGeneratedUsers, loadPackage, median, now, rawGetJson, report, SEED, startEmulator } from './lib.mjs';

const opt = args({ url: '', token: '', concurrency: 8, rounds: 7, pageSize: 100, licensed: 0, a: '', b: '' });
const emu = opt.url ? null : await startEmulator();
const url = opt.url || emu.url;
const token = opt.token || (await emu.token());
const clientOf = async (dir) => new (await loadPackage(dir ? path.resolve(dir) : undefined)).LicenseClient({ baseUrl: url, token });
const client = await clientOf(opt.a);
const other = opt.b ? await clientOf(opt.b) : null;
const c = SEED.contoso;
if (opt.licensed > 0) await licenseGeneratedUsers(client, opt.licensed);

const through = (cl) => async () => {
  const inv = await cl.inventory(c, { concurrency: opt.concurrency, pageSize: opt.pageSize });
  if (inv.failed.length > 0) throw new Error(`${inv.failed.length} users failed`);
  const users = new Set(inv.skus.flatMap((s) => s.holders.map((h) => h.userId)));
  for (const u of inv.unlicensedUsers) users.add(u.userId);
  return users.size;
};
const viaPackage = through(client);

/**
 * The same requests by hand: SKUs, then pages (links.next, its headers copied) feeding a
 * pool; every body parsed, and the same question answered: holders per SKU, the unlicensed.
 * `options.signal`: every request under its own AbortController + timer.
 */
const rawLoop = (options) => async () => {
  const holders = new Map();
  const unlicensed = [];
  await rawGetJson(`${url}/v1/customers/${c}/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2`, token, options);
  let users = 0;
  const pages = async (push) => {
    let next = { uri: `/v1/customers/${c}/users?size=${opt.pageSize}`, headers: [] };
    while (next) {
      const path = next.uri.startsWith('/v1/') ? next.uri : `/v1${next.uri}`;
      const headers = Object.fromEntries((next.headers ?? []).map((h) => [h.key, h.value]));
      const page = await rawGetJson(url + path, token, { ...options, headers });
      push(page.items);
      next = page.links?.next;
    }
  };
  await drainPages(pages, opt.concurrency, async (u) => {
    const held = await rawGetJson(`${url}/v1/customers/${c}/users/${u.id}/licenses?licenseGroupIds=Group1&licenseGroupIds=Group2`, token, options);
    if (held.items.length === 0) unlicensed.push(u.id);
    for (const l of held.items) {
      const list = holders.get(l.productSku.id);
      if (list) list.push(u.id);
      else holders.set(l.productSku.id, [u.id]);
    }
    users++;
  });
  return users;
};

const timed = async (fn) => {
  const t0 = now();
  const users = await fn();
  return { users, perS: users / ((now() - t0) / 1000) };
};

// The runs, rotating round by round: the package (or builds A and B) and the two raw loops.
const runs = other === null ? { pkg: viaPackage } : { a: viaPackage, b: through(other) };
Object.assign(runs, { raw: rawLoop(), signal: rawLoop({ signal: true }) });
const keys = Object.keys(runs);
// Warm-up (and a check that every way reads every user).
const read = {};
for (const k of keys) read[k] = (await timed(runs[k])).users;
if (new Set(Object.values(read)).size !== 1) throw new Error(`not every way read the same users: ${JSON.stringify(read)}`);
const per = Object.fromEntries(keys.map((k) => [k, []]));
for (let r = 0; r < opt.rounds; r++) {
  for (let j = 0; j < keys.length; j++) per[keys[(r + j) % keys.length]].push((await timed(runs[keys[(r + j) % keys.length]])).perS);
  console.error(`inventory round ${r + 1}: ${keys.map((k) => `${k === 'signal' ? 'raw+signal' : k} ${per[k].at(-1).toFixed(0)}`).join(', ')} users/s`);
}
const ratios = (k, base) => per[k].map((p, i) => p / per[base][i]);
const floor = { signalUsersPerS: median(per.signal), floorRatios: ratios('signal', 'raw') };
floor.floor = median(floor.floorRatios);
if (other !== null) {
  report({
    figure: 'inventory-ab', users: read.raw, rounds: opt.rounds, aUsersPerS: median(per.a), bUsersPerS: median(per.b), rawUsersPerS: median(per.raw),
    aRatio: median(ratios('a', 'raw')), bRatio: median(ratios('b', 'raw')), aRatioSignal: median(ratios('a', 'signal')), bRatioSignal: median(ratios('b', 'signal')), ...floor,
  });
} else {
  const result = {
    figure: 'inventory', users: read.raw, licensed: opt.licensed, concurrency: opt.concurrency, pageSize: opt.pageSize, rounds: opt.rounds,
    pkgUsersPerS: median(per.pkg), rawUsersPerS: median(per.raw), ratios: ratios('pkg', 'raw'), signalRatios: ratios('pkg', 'signal'), ...floor,
  };
  result.ratio = median(result.ratios);
  result.ratioSignal = median(result.signalRatios);
  report(result);
}
client.free();
other?.free();
await emu?.stop();
