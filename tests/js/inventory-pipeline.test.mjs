// The holdings pipeline of the built bulk module (pkg/dist/bulk.mjs) driven with a scripted
// client, so its timing is ours: bounded concurrency, back-pressure when the consumer is slow,
// every user once, a failing user yielded as an error, `break` and abort stop what is in
// flight and send nothing more, bad options refused before any call.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PartnerCenterError } from '../../pkg/index.node.mjs';
import * as bulk from '../../pkg/dist/bulk.mjs';
import { ROOT } from './emulator.mjs';

const env = { PartnerCenterError, wasm: readFileSync(join(ROOT, 'pkg', 'dist', 'pcl_bulk_bg.wasm')) };
const CUSTOMER = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const SKU = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const PLANS = ['a23b959c-7ce8-4e57-9140-b90eb88a9e97', 'b23b959c-7ce8-4e57-9140-b90eb88a9e97'];
const userId = (i) => `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const user = (i) => ({ id: userId(i), userPrincipalName: `user${i}@contoso.com`, displayName: `User ${i}` });

/**
 * A client over `n` users in pages of `pageSize` (user 3 also appears again on the next
 * page), each licenses call answered after `delay` ms (`fail(i)`: rejects instead).
 */
function scripted({ n = 25, pageSize = 10, delay = 2, fail = () => false, unreadable = () => false, consumed = 0, failPage = -1 } = {}) {
  const log = { skus: 0, pages: 0, licenses: 0, inFlight: 0, maxInFlight: 0, abortedInFlight: 0, afterAbort: 0 };
  let abortedAt = null;
  const list = Array.from({ length: n }, (_, i) => user(i + 1));
  const client = {
    log,
    markAborted: () => { abortedAt = log.licenses; },
    async listSubscribedSkus() {
      log.skus++;
      return { items: [{ availableUnits: 10, consumedUnits: consumed, totalUnits: 10, productSku: { id: SKU, name: 'Office 365 E3', skuPartNumber: 'ENTERPRISEPACK', licenseGroupId: 'group1' }, servicePlans: PLANS.map((id, k) => ({ id, serviceName: `P${k}` })) }] };
    },
    listUsers(customerId, { signal }) {
      return {
        pages() {
          return (async function* () {
            for (let at = 0; at < n; at += pageSize) {
              if (signal.aborted) throw new PartnerCenterError('aborted', { kind: 'aborted' });
              log.pages++;
              await sleep(1);
              if (log.pages === failPage) throw new PartnerCenterError('page down', { kind: 'api', status: 503 });
              const items = list.slice(at, at + pageSize);
              if (at > 0) items.push(user(3));
              yield { totalCount: items.length, items, links: at + pageSize < n ? { next: { uri: '/x', headers: [] } } : {} };
            }
          })();
        },
      };
    },
    async listLicenses(customerId, id, { signal }) {
      if (signal.aborted) throw new PartnerCenterError('aborted', { kind: 'aborted' });
      log.licenses++;
      if (abortedAt !== null) log.afterAbort++;
      log.inFlight++;
      log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
      try {
        await sleep(delay);
        if (signal.aborted) {
          log.abortedInFlight++;
          throw new PartnerCenterError('aborted', { kind: 'aborted' });
        }
        const i = Number(id.slice(-12));
        if (fail(i)) throw new PartnerCenterError('boom', { kind: 'api', status: 500 });
        const plan = unreadable(i) ? 'not-a-plan-id' : PLANS[0];
        return { items: i % 2 === 0 ? [{ productSku: { id: SKU, name: 'Office 365 E3', skuPartNumber: 'ENTERPRISEPACK', licenseGroupId: 'group1' }, servicePlans: [{ id: plan }] }] : [] };
      } finally {
        log.inFlight--;
      }
    },
  };
  return client;
}

test('every user once, at most `concurrency` in flight, a failing user yielded as its error', async () => {
  const client = scripted({ fail: (i) => i === 7 });
  const seen = [];
  const progress = [];
  for await (const h of bulk.holdings(client, CUSTOMER, { concurrency: 3, onProgress: (p) => progress.push(p) }, env)) seen.push(h);
  assert.equal(seen.length, 25);
  assert.equal(new Set(seen.map((h) => h.user.id)).size, 25, 'user 3, listed twice, is read once');
  assert.ok(client.log.maxInFlight <= 3 && client.log.maxInFlight >= 2, `in flight ${client.log.maxInFlight}`);
  const failed = seen.filter((h) => h.error);
  assert.deepEqual(failed.map((h) => h.user.id), [userId(7)]);
  assert.ok(failed[0].error instanceof PartnerCenterError);
  assert.equal(seen.find((h) => h.user.id === userId(2)).licenses.length, 1);
  assert.equal(client.log.skus, 1);
  assert.deepEqual(progress.filter((p) => p.phase === 'users').map((p) => [p.done, p.total]), [[10, undefined], [20, undefined], [25, 25]]);
  assert.deepEqual(progress.filter((p) => p.phase === 'licenses').at(-1), { phase: 'licenses', done: 25, total: 25 });
});

test('a slow consumer: nothing more is read than a page of users and `concurrency` holdings ahead', async () => {
  const client = scripted({ n: 100, pageSize: 10, delay: 1 });
  let taken = 0;
  for await (const _ of bulk.holdings(client, CUSTOMER, { concurrency: 4 }, env)) {
    taken++;
    if (taken === 5) {
      await sleep(150); // everything in flight has long finished
      assert.ok(client.log.licenses <= taken + 4, `${client.log.licenses} licenses calls for ${taken} taken`);
      assert.ok(client.log.pages <= 2, `${client.log.pages} pages for ${taken} users taken`);
      break;
    }
  }
  const after = { ...client.log };
  await sleep(50);
  assert.equal(client.log.licenses, after.licenses, '`break` sends nothing more');
  assert.equal(client.log.inFlight, 0);
});

test('`break` cancels what is in flight', async () => {
  const client = scripted({ n: 30, delay: 40 });
  for await (const _ of bulk.holdings(client, CUSTOMER, { concurrency: 6 }, env)) break;
  await sleep(80);
  assert.ok(client.log.abortedInFlight >= 4, `${client.log.abortedInFlight} calls saw the abort`);
});

test('an abort rejects with kind aborted and nothing more is sent', async () => {
  const client = scripted({ n: 60, delay: 5 });
  const controller = new AbortController();
  let got = 0;
  await assert.rejects(
    (async () => {
      for await (const _ of bulk.holdings(client, CUSTOMER, { concurrency: 4, signal: controller.signal }, env)) {
        if (++got === 10) {
          client.markAborted();
          controller.abort();
        }
      }
    })(),
    (e) => e instanceof PartnerCenterError && e.kind === 'aborted',
  );
  await sleep(30);
  assert.equal(client.log.afterAbort, 0);
  // inventory: the same, and the error carries what was read.
  const c2 = scripted({ n: 60, delay: 5 });
  const ctl = new AbortController();
  const p = bulk.inventory(c2, CUSTOMER, { concurrency: 4, signal: ctl.signal, onProgress: (x) => x.phase === 'licenses' && x.done === 20 && ctl.abort() }, env);
  const e = await p.then(() => null, (err) => err);
  assert.equal(e?.kind, 'aborted');
  assert.ok(e.partial.skus[0].holders.length >= 10, 'the partial inventory holds what was read');
});

test('a page of users that fails rejects the run with its error, and nothing more is sent', async () => {
  for (const run of [
    (client) => bulk.inventory(client, CUSTOMER, { concurrency: 4 }, env),
    async (client) => { for await (const _ of bulk.holdings(client, CUSTOMER, { concurrency: 4 }, env)); },
  ]) {
    const client = scripted({ n: 60, pageSize: 10, delay: 3, failPage: 3 });
    await assert.rejects(run(client), (e) => e instanceof PartnerCenterError && e.message === 'page down' && e.status === 503);
    const sent = client.log.licenses;
    assert.ok(sent >= 10 && sent <= 30, `${sent} licenses calls before page 3 failed`);
    await sleep(30);
    assert.equal(client.log.licenses, sent, 'nothing is sent after the run rejected');
    assert.equal(client.log.inFlight, 0);
  }
});

test('bad options: rejected before any call; an unknown SKU once the SKUs are listed', async () => {
  for (const [options, field] of [[{ concurrency: 0 }, 'concurrency'], [{ pageSize: 5000 }, 'pageSize'], [{ licenseGroups: ['Group9'] }, 'licenseGroups'], [{ onProgress: 3 }, 'onProgress'], [{ signal: {} }, 'signal']]) {
    const client = scripted();
    const it = bulk.holdings(client, CUSTOMER, options, env);
    await assert.rejects(it.next(), (e) => e instanceof PartnerCenterError && e.kind === 'invalidInput' && e.field === field, JSON.stringify(options));
    assert.equal(client.log.skus + client.log.pages + client.log.licenses, 0);
  }
  const client = scripted();
  await assert.rejects(bulk.inventory(client, 'not-a-guid', {}, env), (e) => e.kind === 'invalidInput' && e.field === 'customerId');
  await assert.rejects(bulk.inventory(client, CUSTOMER, { skus: ['NOPE'] }, env), (e) => e.kind === 'invalidInput' && e.field === 'skus');
  assert.equal(client.log.skus, 1);
  assert.equal(client.log.pages + client.log.licenses, 0);
});

test('inventory: holders with excluded plans, unlicensed users, failures, mismatches', async () => {
  const client = scripted({ n: 25, fail: (i) => i === 4, consumed: 12 });
  const inv = await bulk.inventory(client, CUSTOMER, { skus: ['enterprisepack'] }, env);
  assert.equal(inv.customerId, CUSTOMER);
  const [e3] = inv.skus;
  // Even users hold E3 with plan 0 only: plan 1 is excluded. User 4 failed.
  assert.deepEqual(e3.holders.map((h) => h.userPrincipalName), [2, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24].map((i) => `user${i}@contoso.com`).sort());
  assert.ok(e3.holders.every((h) => h.excludedPlans.length === 1 && h.excludedPlans[0] === PLANS[1]));
  assert.equal(inv.unlicensedUsers.length, 13);
  assert.deepEqual(inv.failed.map((f) => [f.userId, f.error instanceof PartnerCenterError]), [[userId(4), true]]);
  assert.deepEqual(inv.mismatches, [{ skuId: SKU, skuPartNumber: 'ENTERPRISEPACK', consumedUnits: 12, holders: 11 }]);
});

test('inventory: a user whose licenses the core cannot read is listed in failed (decode), the others counted', async () => {
  const client = scripted({ n: 12, fail: (i) => i === 3, unreadable: (i) => i === 6 });
  const inv = await bulk.inventory(client, CUSTOMER, {}, env);
  assert.deepEqual(inv.skus[0].holders.map((h) => h.userId), [10, 12, 2, 4, 8].map(userId)); // by principal name
  assert.equal(inv.unlicensedUsers.length, 5);
  assert.deepEqual(inv.failed.map((f) => [f.userId, f.error instanceof PartnerCenterError, f.error.kind]), [[userId(3), true, 'api'], [userId(6), true, 'decode']]);
  assert.match(inv.failed[1].error.message, /licenses of user6@contoso.com/);
});
