// End to end: client.reconcile against the emulator (1,000 users: dry run, real, again with
// no change), problems, bad input, abort. Faults: bulk-faults.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LicenseClient, PartnerCenterError } from '../../pkg/index.node.mjs';
import { CONTOSO, SKU, generatedUpn, startEmulator, thousandUsers } from './bulk-emulator.mjs';

const BOTH = { licenseGroups: ['Group1', 'Group2'] };
let emu;
let client;
let skus;

before(async () => {
  emu = await startEmulator();
  const token = await emu.token();
  client = new LicenseClient({ baseUrl: emu.url, token, retry: { baseDelayMs: 5, maxDelayMs: 50 } });
  skus = (await client.listSubscribedSkus(CONTOSO, BOTH)).items;
});

after(() => emu?.stop());

const units = (list) => Object.fromEntries(list.map((s) => [s.productSku.id, s.consumedUnits]));
const e3Plans = () => skus.find((s) => s.productSku.id === SKU.ENTERPRISEPACK).servicePlans;

test('1,000 users: a dry run sends nothing, the real run applies all, a third run changes nothing', async (t) => {
  const desired = thousandUsers(e3Plans());
  const before = units((await client.listSubscribedSkus(CONTOSO, BOTH)).items);

  const events = [];
  let t0 = performance.now();
  const dry = await client.reconcile(CONTOSO, desired, { dryRun: true, concurrency: 16, onProgress: (e) => events.push(e) });
  const dryMs = performance.now() - t0;
  assert.equal(dry.dryRun, true);
  assert.equal(dry.applied, false);
  assert.deepEqual(dry.problems, []);
  assert.equal(dry.totals.users, 1000);
  assert.equal(dry.totals.planned, 1000);
  assert.equal(dry.totals.updatesPlanned, 1020, 'one request per user, two for the 20 with a Group2 license');
  assert.equal(dry.totals.updatesSucceeded, 0);
  assert.equal(events.length, 1000);
  assert.deepEqual(events.at(-1), { phase: 'read', done: 1000, total: 1000 });
  const e3 = dry.units.find((u) => u.sku === SKU.ENTERPRISEPACK);
  assert.equal(e3.needed, 1000);
  assert.deepEqual(units((await client.listSubscribedSkus(CONTOSO, BOTH)).items), before, 'a dry run changes nothing');

  t0 = performance.now();
  const real = await client.reconcile(CONTOSO, desired, { concurrency: 16 });
  const realMs = performance.now() - t0;
  assert.equal(real.applied, true);
  assert.equal(real.totals.updated, 1000, JSON.stringify(real.users.find((u) => u.outcome !== 'updated')));
  assert.equal(real.totals.failed, 0);
  assert.equal(real.totals.updatesSucceeded, 1020);
  const after = units((await client.listSubscribedSkus(CONTOSO, BOTH)).items);
  for (const [name, sku, n] of [['E3', SKU.ENTERPRISEPACK, 1000], ['PBI', SKU.POWER_BI_PRO, 500], ['EMS', SKU.EMS, 250], ['MEE', SKU.MEE_STUDENT, 20]]) {
    assert.equal(after[sku] - before[sku], n, `${name} units consumed`);
    assert.equal(real.units.find((u) => u.sku === sku).used, n, `${name} units in the report`);
  }
  // Read a few users back directly: the plans held are the SKU's minus the excluded ones.
  for (const i of [1, 3, 4, 20, 999]) {
    const lics = (await client.listLicenses(CONTOSO, generatedUpn(i), BOTH)).items;
    const e3Lic = lics.find((l) => l.productSku.id === SKU.ENTERPRISEPACK);
    const held = new Set(e3Lic.servicePlans.map((p) => p.serviceName));
    assert.equal(held.has('SWAY'), i % 3 !== 0, `user ${i} Sway`);
    assert.equal(held.size, e3Plans().length - (i % 3 === 0 ? 2 : 0));
    assert.equal(lics.length, 1 + (i % 2 === 0) + (i % 4 === 0) + (i <= 20), `user ${i} license count`);
  }

  t0 = performance.now();
  const again = await client.reconcile(CONTOSO, desired, { concurrency: 16 });
  const againMs = performance.now() - t0;
  assert.equal(again.totals.unchanged, 1000);
  assert.equal(again.totals.updatesPlanned, 0);
  assert.deepEqual(units((await client.listSubscribedSkus(CONTOSO, BOTH)).items), after);
  t.diagnostic(`1,000 users: dry run ${dryMs.toFixed(0)} ms, real ${realMs.toFixed(0)} ms, again ${againMs.toFixed(0)} ms`);
});

test('problems stop the run before anything is sent', async () => {
  const before = units((await client.listSubscribedSkus(CONTOSO, BOTH)).items);
  const desired = new Map([
    [generatedUpn(1151), [{ skuId: 'NOT_A_SKU' }]],
    [generatedUpn(1152), [{ skuId: 'ENTERPRISEPACK', excludedPlans: ['NO_SUCH_PLAN'] }]],
    [generatedUpn(1153), [{ skuId: 'SPB' }]], // Business Premium: 3 units, 2 taken by the seed
    [generatedUpn(1154), [{ skuId: 'SPB' }]],
  ]);
  const r = await client.reconcile(CONTOSO, desired, {});
  assert.equal(r.applied, false);
  assert.deepEqual(r.problems.map((p) => p.kind).sort(), ['notEnoughUnits', 'planNotInSku', 'skuNotSubscribed']);
  assert.equal(r.totals.invalid, 2);
  assert.equal(r.totals.planned, 2);
  assert.deepEqual(units((await client.listSubscribedSkus(CONTOSO, BOTH)).items), before);
});

test('bad input rejects with invalidInput before any call', async () => {
  const cases = [
    [CONTOSO, null, {}],
    [CONTOSO, { 'not a user': [] }, {}],
    [CONTOSO, { 'ada@contoso.onmicrosoft.com': [{ skuId: 'ENTERPRISEPACK', excludePlans: ['SWAY'] }] }, {}],
    [CONTOSO, {}, { concurrency: 0 }],
    [CONTOSO, {}, { onProgress: 'yes' }],
    ['not-a-guid', {}, {}],
  ];
  for (const args of cases) {
    await assert.rejects(client.reconcile(...args), (e) => e instanceof PartnerCenterError && e.kind === 'invalidInput', JSON.stringify(args));
  }
});

test('an aborted run rejects with kind aborted', async () => {
  const desired = {};
  for (let i = 1155; i <= 1200; i++) desired[generatedUpn(i)] = [];
  const controller = new AbortController();
  const run = client.reconcile(CONTOSO, desired, {
    concurrency: 2,
    signal: controller.signal,
    onProgress: ({ done }) => done === 3 && controller.abort(),
  });
  await assert.rejects(run, (e) => e instanceof PartnerCenterError && e.kind === 'aborted');
});
