// Client options through the BUILT package (pkg/): bad resilience options throw naming the
// field, an onEvent handler that throws does not break the call.
// Run: node --test tests/js/resilience/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LicenseClient, PartnerCenterError } from '../../../pkg/index.node.mjs';
import { CUSTOMER, TOKEN, USER, client, ok, scripted } from './scripted.mjs';

test('bad resilience options throw invalidInput naming the field', () => {
  const cases = [
    [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    [{ retry: { maxAttempts: 2.5 } }, 'retry.maxAttempts'],
    [{ retry: { baseDelayMs: -1 } }, 'retry.baseDelayMs'],
    [{ retry: { baseDelayMs: 10, maxDelayMs: 5 } }, 'retry.baseDelayMs'],
    [{ retry: { maxElapsedMs: 0 } }, 'retry.maxElapsedMs'],
    [{ retry: { maxAttempt: 3 } }, 'retry'],
    [{ retry: 'yes' }, 'retry'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: 1e9 }, 'timeoutMs'],
    [{ timeoutMs: '100' }, 'timeoutMs'],
    [{ onEvent: 5 }, 'onEvent'],
    [{ token: {} }, 'token'],
  ];
  for (const [extra, field] of cases) {
    let thrown;
    try {
      new LicenseClient({ baseUrl: 'http://127.0.0.1:9', token: TOKEN, ...extra });
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof PartnerCenterError, JSON.stringify(extra));
    assert.equal(thrown.kind, 'invalidInput');
    assert.equal(thrown.field, field, JSON.stringify(extra));
  }
});

test('an onEvent handler that throws does not break the call', async () => {
  const s = await scripted((n) => (n === 1 ? { status: 500, body: '' } : ok()));
  const r = await client(s.url, { onEvent: () => { throw new Error('handler bug'); } }).listLicenses(CUSTOMER, USER);
  assert.equal(r.totalCount, 0);
  await s.close();
});
