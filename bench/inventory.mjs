// Inventory: users per second of `client.inventory` (the SKUs once, the users page by page,
// each user's licenses, `concurrency` in flight) vs a raw `fetch` loop making the same
// requests with the same headers at the same concurrency (pages fetched while the licenses
// are read, as the package does), against the emulator's Contoso (1,206 users). Rounds
// alternate which goes first; the figure is the median of the paired ratios.
// `--licensed N` first assigns Office 365 E3 to the first N generated users (setup, not
// timed): their license bodies are ~6 KB instead of the seed's 68 bytes. `--a DIR --b DIR`:
// two builds of the package and the raw loop, rotating round by round (what a change gained).
//   node bench/inventory.mjs [--url URL --token T] [--concurrency C] [--rounds R] [--page-size N] [--licensed N] [--a DIR --b DIR]
import path from 'node:path';
import { args, drainPages, licenseGeneratedUsers, loadPackage, median, now, rawGetJson, rawHeaders, report, SEED, startEmulator } from './lib.mjs';

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
 */
const viaRaw = async () => {
  const holders = new Map();
  const unlicensed = [];
  await rawGetJson(`${url}/v1/customers/${c}/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2`, token);
  let users = 0;
  const pages = async (push) => {
    let next = { uri: `/v1/customers/${c}/users?size=${opt.pageSize}`, headers: [] };
    while (next) {
      const path = next.uri.startsWith('/v1/') ? next.uri : `/v1${next.uri}`;
      const headers = rawHeaders(token);
      for (const h of next.headers ?? []) headers[h.key] = h.value;
      const r = await fetch(url + path, { headers });
      const text = await r.text();
      if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
      const page = JSON.parse(text);
      push(page.items);
      next = page.links?.next;
    }
  };
  await drainPages(pages, opt.concurrency, async (u) => {
    const held = await rawGetJson(`${url}/v1/customers/${c}/users/${u.id}/licenses?licenseGroupIds=Group1&licenseGroupIds=Group2`, token);
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

// Warm-up (and a check that both read every user).
const [a, b] = [await timed(viaPackage), await timed(viaRaw)];
if (a.users !== b.users) throw new Error(`the package read ${a.users} users, the raw loop ${b.users}`);
if (other !== null) {
  // Two builds and the raw loop, the order rotating each round.
  const runs = { a: viaPackage, b: through(other), raw: viaRaw };
  if ((await timed(runs.b)).users !== b.users) throw new Error('build B read another number of users'); // B's warm-up
  const keys = Object.keys(runs);
  const per = { a: [], b: [], raw: [] };
  for (let r = 0; r < opt.rounds; r++) {
    for (let j = 0; j < keys.length; j++) per[keys[(r + j) % keys.length]].push((await timed(runs[keys[(r + j) % keys.length]])).perS);
    console.error(`inventory round ${r + 1}: A ${per.a.at(-1).toFixed(0)} B ${per.b.at(-1).toFixed(0)} raw ${per.raw.at(-1).toFixed(0)} users/s | A/raw ${(per.a.at(-1) / per.raw.at(-1)).toFixed(3)} B/raw ${(per.b.at(-1) / per.raw.at(-1)).toFixed(3)}`);
  }
  const ratio = (k) => median(per[k].map((p, i) => p / per.raw[i]));
  report({ figure: 'inventory-ab', users: a.users, rounds: opt.rounds, aUsersPerS: median(per.a), bUsersPerS: median(per.b), rawUsersPerS: median(per.raw), aRatio: ratio('a'), bRatio: ratio('b') });
  client.free();
  other.free();
  await emu?.stop();
  process.exit(0);
}
const pkg = [];
const raw = [];
for (let r = 0; r < opt.rounds; r++) {
  const order = r % 2 === 0 ? [[viaPackage, pkg], [viaRaw, raw]] : [[viaRaw, raw], [viaPackage, pkg]];
  for (const [fn, into] of order) into.push((await timed(fn)).perS);
  console.error(`inventory round ${r + 1}: package ${pkg.at(-1).toFixed(0)} users/s, raw ${raw.at(-1).toFixed(0)} users/s`);
}
const result = {
  figure: 'inventory', users: a.users, licensed: opt.licensed, concurrency: opt.concurrency, pageSize: opt.pageSize, rounds: opt.rounds,
  pkgUsersPerS: median(pkg), rawUsersPerS: median(raw), ratios: pkg.map((p, i) => p / raw[i]),
};
result.ratio = median(result.ratios);
report(result);
client.free();
await emu?.stop();
