// `client.inventory` and `client.holdings` through the built package against the emulator:
// the inventory equals what `GET /emulator/state` says, SKU by SKU and holder by holder
// (excluded plans too), also under 25 % injected faults; `holdings` yields every user once;
// the `skus` filter; back-pressure; an abort sends nothing more. And reconcile's every-user
// row (`*`).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LicenseClient, PartnerCenterError } from '../../pkg/index.node.mjs';
import { CONTOSO, SKU, startEmulator, thousandUsers } from './bulk-emulator.mjs';

const BOTH = { licenseGroups: ['Group1', 'Group2'] };
const ACTIVE_USERS = 1206;
let emu;
let token;
let client;

before(async () => {
  emu = await startEmulator();
  token = await emu.token();
  client = new LicenseClient({ baseUrl: emu.url, token });
  // Licenses of every kind first: E3 with and without excluded plans, Power BI, EMS, a Group2 SKU.
  const skus = (await client.listSubscribedSkus(CONTOSO, BOTH)).items;
  const e3 = skus.find((s) => s.productSku.id === SKU.ENTERPRISEPACK);
  const report = await client.reconcile(CONTOSO, thousandUsers(e3.servicePlans, 300), { concurrency: 16 });
  assert.equal(report.totals.failed, 0);
});
after(() => emu?.stop());

const lower = (s) => s.toLowerCase();
/** What the emulator holds: per SKU id, `{ sku, holders: Map(userId → sorted excluded plans) }`. */
async function truth() {
  const { customers } = await emu.state(CONTOSO);
  const c = customers.find((x) => x.id === CONTOSO);
  const active = c.users.filter((u) => u.state === 'active');
  const skus = new Map(c.skus.map((s) => [lower(s.skuId), { sku: s, holders: new Map() }]));
  for (const u of active) {
    for (const l of u.licenses) skus.get(lower(l.skuId)).holders.set(lower(u.id), l.excludedPlans.map(lower).sort());
  }
  return { active, skus };
}

function assertEqualsState(inv, { active, skus }, only) {
  assert.equal(inv.customerId, CONTOSO);
  assert.deepEqual(inv.failed, []);
  assert.deepEqual(inv.mismatches, [], 'the holders counted equal consumedUnits');
  const want = only ? [...skus.keys()].filter((id) => only.includes(id)) : [...skus.keys()];
  assert.deepEqual(inv.skus.map((s) => lower(s.skuId)).sort(), want.sort());
  let held = 0;
  for (const s of inv.skus) {
    const t = skus.get(lower(s.skuId));
    for (const k of ['totalUnits', 'consumedUnits', 'availableUnits', 'skuPartNumber', 'name']) assert.equal(s[k], t.sku[k], `${s.skuPartNumber} ${k}`);
    assert.equal(s.holders.length, t.holders.size, `${s.skuPartNumber}: holders`);
    for (const h of s.holders) {
      assert.deepEqual(h.excludedPlans.map(lower).sort(), t.holders.get(lower(h.userId)), `${s.skuPartNumber} ${h.userPrincipalName}: excluded plans`);
    }
    const names = s.holders.map((h) => h.userPrincipalName.toLowerCase());
    assert.deepEqual(names, [...names].sort(), 'holders by principal name');
    held += s.holders.length;
  }
  const holding = new Set(inv.skus.flatMap((s) => s.holders.map((h) => lower(h.userId))));
  const unlicensed = active.filter((u) => !holding.has(lower(u.id))).map((u) => lower(u.id)).sort();
  assert.deepEqual(inv.unlicensedUsers.map((u) => lower(u.userId)).sort(), unlicensed);
  assert.ok(held > 300, `${held} licenses held`);
}

test('inventory equals the emulator state, SKU by SKU and holder by holder', async () => {
  const phases = new Set();
  const inv = await client.inventory(CONTOSO, { onProgress: (p) => phases.add(p.phase) });
  assertEqualsState(inv, await truth());
  assert.deepEqual([...phases].sort(), ['licenses', 'users']);
  // The E3 holders without Sway and Yammer: every third of users 1-300.
  const e3 = inv.skus.find((s) => s.skuId === SKU.ENTERPRISEPACK);
  assert.ok(e3.holders.filter((h) => h.excludedPlans.length === 2).length >= 100);
});

test('holdings yields every active user once; the skus filter', async () => {
  const seen = new Map();
  for await (const h of client.holdings(CONTOSO, { pageSize: 250, licenseGroups: ['Group2'] })) {
    assert.ok(!seen.has(h.user.id), `${h.user.userPrincipalName} twice`);
    assert.ok(Array.isArray(h.licenses), 'no user failed');
    assert.ok(h.licenses.every((l) => l.productSku.licenseGroupId.toLowerCase() === 'group2'));
    seen.set(h.user.id, h);
  }
  const { active, skus } = await truth();
  assert.equal(seen.size, ACTIVE_USERS);
  assert.deepEqual([...seen.keys()].map(lower).sort(), active.map((u) => lower(u.id)).sort());
  const only = [SKU.ENTERPRISEPACK, SKU.POWER_BI_PRO];
  const inv = await client.inventory(CONTOSO, { skus: ['enterprisepack', SKU.POWER_BI_PRO.toUpperCase()] });
  assertEqualsState(inv, { active, skus }, only);
  // An unknown SKU: refused once the SKUs are listed, nothing else sent.
  const before = (await emu.faults()).requests;
  await assert.rejects(client.inventory(CONTOSO, { skus: ['NO_SUCH_SKU'] }), (e) => e instanceof PartnerCenterError && e.kind === 'invalidInput' && e.field === 'skus');
  assert.equal((await emu.faults()).requests - before, 1, 'only the SKUs were listed');
});

test('a slow consumer: licenses are read at most `concurrency` ahead', async () => {
  let licenseRequests = 0;
  const counting = new LicenseClient({ baseUrl: emu.url, token, onEvent: (e) => { if (e.type === 'request' && e.path.endsWith('/licenses')) licenseRequests++; } });
  let taken = 0;
  for await (const _ of counting.holdings(CONTOSO, { concurrency: 4 })) {
    if (++taken === 10) {
      await sleep(300);
      assert.ok(licenseRequests <= 10 + 4, `${licenseRequests} license requests for 10 holdings taken`);
      break;
    }
  }
  await sleep(100);
  assert.ok(licenseRequests <= 14, 'break sends nothing more');
});

test('with 25 % faults the inventory still equals the state', async () => {
  // Up to 12 attempts a call: with 8, one of ~1,210 calls meets 8 faults in a row in ~2 % of
  // runs (1,210 × 0.25^8; seen once in CI), and the user then lands in `failed`, not in the
  // inventory. With 12: ~1 run in 14,000.
  const faulty = new LicenseClient({ baseUrl: emu.url, token, rateLimit: false, retry: { maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 50 } });
  const kinds = ['429', '500', '503', 'drop', 'truncate', 'html'];
  await emu.setFaults({ rate: 0.25, kinds, retryAfterSeconds: 0, seed: 11 });
  let inv;
  try {
    inv = await faulty.inventory(CONTOSO, { concurrency: 8 });
  } finally {
    await emu.setFaults({ rate: 0 });
  }
  assertEqualsState(inv, await truth());
  const { injected } = await emu.faults();
  for (const kind of kinds) assert.ok(injected[kind] > 0, `fault ${kind} was injected (${JSON.stringify(injected)})`);
});

test('an abort mid-inventory rejects with aborted, carries what was read, and nothing more is sent', async () => {
  const controller = new AbortController();
  const run = client.inventory(CONTOSO, {
    signal: controller.signal,
    onProgress: (p) => { if (p.phase === 'licenses' && p.done === 200) controller.abort(); },
  });
  const e = await run.then(() => null, (x) => x);
  assert.ok(e instanceof PartnerCenterError && e.kind === 'aborted', String(e));
  const at = (await emu.faults()).requests;
  await sleep(300);
  assert.equal((await emu.faults()).requests, at, 'no request after the rejection');
  const read = new Set([...e.partial.skus.flatMap((s) => s.holders.map((h) => h.userId)), ...e.partial.unlicensedUsers.map((u) => u.userId)]).size;
  assert.ok(read >= 1 && read < ACTIVE_USERS, `${read} users in the partial inventory`);
});

test("reconcile's every-user row: every active user, explicit rows win", async () => {
  const own = await startEmulator();
  try {
    const c = new LicenseClient({ baseUrl: own.url, token: await own.token() });
    const desired = { '*': [{ skuId: 'ENTERPRISEPACK' }], 'ADA@contoso.onmicrosoft.com': [] };
    const dry = await c.reconcile(CONTOSO, desired, { dryRun: true });
    assert.equal(dry.totals.users, ACTIVE_USERS);
    assert.equal(new Set(dry.users.map((u) => u.user.toLowerCase())).size, ACTIVE_USERS);
    const real = await c.reconcile(CONTOSO, desired, { concurrency: 16 });
    // user1099 has no usage location: the emulator refuses it a license (60055).
    assert.deepEqual(real.users.filter((u) => u.outcome === 'failed').map((u) => [u.user, u.error.code]), [['user1099@contoso.onmicrosoft.com', '60055']]);
    const { customers } = await own.state(CONTOSO);
    for (const u of customers[0].users.filter((x) => x.state === 'active')) {
      const want = u.upn === 'ada@contoso.onmicrosoft.com' || u.upn === 'user1099@contoso.onmicrosoft.com' ? [] : [SKU.ENTERPRISEPACK];
      assert.deepEqual(u.licenses.map((l) => l.skuId), want, u.upn);
    }
  } finally {
    await own.stop();
  }
});
