// End to end: reconcile with faults on (429, 5xx, dropped connections, truncated and HTML
// bodies, responses lost after the change was applied) still converges, and nothing is
// applied twice (the retry policy resends a POST with the same MS-RequestId; the emulator
// replays it).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LicenseClient, PartnerCenterError } from '../../pkg/index.node.mjs';
import { CONTOSO, SKU, generatedUpn, startEmulator } from './bulk-emulator.mjs';

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

test('with faults on, runs converge and nothing is applied twice', async (t) => {
  // 150 users move from nothing to E3 + EMS without Intune; then back to E3 only.
  const ems = skus.find((s) => s.productSku.id === SKU.EMS);
  const intune = ems.servicePlans.find((p) => p.serviceName === 'INTUNE_A').id;
  const desired = {};
  for (let i = 1001; i <= 1150; i++) {
    desired[generatedUpn(i)] = [{ skuId: SKU.ENTERPRISEPACK }, { skuId: SKU.EMS, excludedPlans: [intune] }];
  }
  const before = units((await client.listSubscribedSkus(CONTOSO, BOTH)).items);
  await emu.faults({ rate: 0.3, kinds: ['429', '500', '503', 'drop', 'truncate', 'html', 'lostAfterCommit'], retryAfterSeconds: 0, seed: 7 });
  // Each run is what a caller does after a partial failure: run again. A run may also
  // reject as a whole when listing the SKUs fails past the retries.
  let runs = 0;
  let last;
  try {
    do {
      runs++;
      try {
        last = await client.reconcile(CONTOSO, desired, { concurrency: 8 });
      } catch (e) {
        assert.ok(e instanceof PartnerCenterError && e.retryable, `only a retryable failure may stop a run: ${e}`);
        t.diagnostic(`faulty run ${runs}: rejected (${e.kind} ${e.status ?? ''})`);
        last = undefined;
        continue;
      }
      t.diagnostic(`faulty run ${runs}: updated ${last.totals.updated}, unchanged ${last.totals.unchanged}, failed ${last.totals.failed}`);
      for (const u of last.users.filter((x) => x.outcome === 'failed')) {
        assert.ok(u.error instanceof PartnerCenterError, 'a failed user carries a PartnerCenterError');
      }
    } while ((last === undefined || last.totals.failed > 0) && runs < 15);
  } finally {
    await emu.faults({ rate: 0 });
  }
  assert.equal(last?.totals.failed, 0, `still failing after ${runs} runs`);
  const check = await client.reconcile(CONTOSO, desired, { dryRun: true });
  assert.equal(check.totals.unchanged, 150);
  const after = units((await client.listSubscribedSkus(CONTOSO, BOTH)).items);
  assert.equal(after[SKU.ENTERPRISEPACK] - before[SKU.ENTERPRISEPACK], 150, 'E3: one unit per user, none twice');
  assert.equal(after[SKU.EMS] - before[SKU.EMS], 150, 'EMS: one unit per user, none twice');
});
