// The inventory's own cost, without the calls: the SKUs, the pages of users and every user's
// licenses are read from the emulator once (Contoso, 1,206 users), then `inventory` runs
// (`LicenseClient.prototype.inventory`, the package's own) over a replaying client that
// answers each call at once with what was read. Its CPU time, against a bare pool over the
// same replaying client (the pages into a queue, `concurrency` workers, the bodies kept and
// nothing folded), is what the inventory adds per user on top of the calls: its pager and
// pool, the slim copies, the crossing into the bulk module and the core's fold. Rounds
// alternate which goes first; medians of `process.cpuUsage`.
// `--licensed N` first assigns Office 365 E3 to N generated users (~6.4 KB license bodies).
//   node bench/inventory-own.mjs [--rounds R] [--concurrency C] [--page-size N] [--licensed N]
import { args, drainPages, licenseGeneratedUsers, loadPackage, median, report, SEED, startEmulator } from './lib.mjs';

const opt = args({ rounds: 15, concurrency: 8, pageSize: 100, licensed: 0 });
const { LicenseClient } = await loadPackage();
const c = SEED.contoso;
const calls = { licenseGroups: ['Group1', 'Group2'] };

// What the emulator answers, read once.
const emu = await startEmulator();
const client = new LicenseClient({ baseUrl: emu.url, token: await emu.token(), rateLimit: false });
if (opt.licensed > 0) await licenseGeneratedUsers(client, opt.licensed);
const skus = await client.listSubscribedSkus(c, calls);
const pages = [];
for await (const page of client.listUsers(c, { pageSize: opt.pageSize }).pages()) pages.push(page);
const licenses = new Map();
for (const page of pages) {
  await Promise.all(page.items.map(async (u) => licenses.set(u.id, await client.listLicenses(c, u.id, calls))));
}
client.free();
await emu.stop();

/** Answers every call at once with what was read (the package's calls, minus their cost). */
const replay = {
  listSubscribedSkus: async () => skus,
  listUsers: () => ({
    pages: async function* () {
      yield* pages;
    },
  }),
  listLicenses: async (customerId, userId) => licenses.get(userId),
};

const inventory = async () => {
  const inv = await LicenseClient.prototype.inventory.call(replay, c, { concurrency: opt.concurrency, pageSize: opt.pageSize });
  return inv.unlicensedUsers.length + inv.skus.reduce((n, s) => n + s.holders.length, 0) + inv.failed.length;
};

/** The same replayed calls in a plain pool: the pages feed a queue, `concurrency` workers drain it. */
const bare = async () => {
  await replay.listSubscribedSkus(c, calls);
  const kept = [];
  const feed = async (push) => {
    for await (const page of replay.listUsers(c, { pageSize: opt.pageSize }).pages()) push(page.items);
  };
  await drainPages(feed, opt.concurrency, async (u) => {
    kept.push((await replay.listLicenses(c, u.id, calls)).items);
  });
  return kept.length;
};

const cpu = async (fn) => {
  const t0 = process.cpuUsage();
  const users = await fn();
  const d = process.cpuUsage(t0);
  return { users, ms: (d.user + d.system) / 1000 };
};

for (let i = 0; i < 3; i++) await cpu(inventory), await cpu(bare);
const own = [];
const base = [];
let users = 0;
for (let r = 0; r < opt.rounds; r++) {
  const order = r % 2 === 0 ? [[inventory, own], [bare, base]] : [[bare, base], [inventory, own]];
  for (const [fn, into] of order) {
    const m = await cpu(fn);
    users = licenses.size;
    into.push(m.ms);
  }
}
const result = {
  figure: 'inventory-own', users, licensed: opt.licensed, rounds: opt.rounds,
  inventoryCpuMs: median(own), barePoolCpuMs: median(base),
  ownUsPerUser: ((median(own) - median(base)) * 1000) / users,
};
console.error(`inventory's own CPU: ${result.ownUsPerUser.toFixed(1)} µs per user (${result.inventoryCpuMs.toFixed(1)} ms vs a bare pool's ${result.barePoolCpuMs.toFixed(1)} ms, ${users} users, ${opt.licensed} licensed)`);
report(result);
