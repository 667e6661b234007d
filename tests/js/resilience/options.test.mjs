// Client options through the BUILT package (pkg/): token providers (asked per attempt,
// refreshed once after a 401), bad resilience options, an onEvent handler that throws.
// Run: node --test tests/js/resilience/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LicenseClient, PartnerCenterError } from '../../../pkg/index.node.mjs';
import { CUSTOMER, TOKEN, USER, client, ok, rejection, scripted } from './scripted.mjs';

test('token providers: asked per attempt, refreshed once after a 401', async () => {
  const s = await scripted((n, req) => (req.headers.authorization === 'Bearer fresh-1' ? ok() : { status: 401, body: '' }));
  // A function: told to skip its cache after the 401.
  const asked = [];
  const fn = async (o) => { asked.push(o); return o.forceRefresh ? 'fresh-1' : 'stale-1'; };
  await new LicenseClient({ baseUrl: s.url, token: fn }).listLicenses(CUSTOMER, USER);
  assert.deepEqual(asked.map((o) => o.forceRefresh), [false, true]);
  assert.deepEqual(asked[0].scopes, ['https://api.partnercenter.microsoft.com/.default']);
  // A TokenCredential (@azure/identity shape): { token, expiresOnTimestamp }.
  let calls = 0;
  const credential = {
    async getToken(scopes) {
      assert.deepEqual(scopes, ['https://api.partnercenter.microsoft.com/.default']);
      calls++;
      return { token: calls === 1 ? 'stale-2' : 'fresh-1', expiresOnTimestamp: Date.now() + 3600e3 };
    },
  };
  const events = [];
  await new LicenseClient({ baseUrl: s.url, token: credential, onEvent: (e) => events.push(e) }).listLicenses(CUSTOMER, USER);
  assert.equal(calls, 2);
  assert.ok(events.some((e) => e.type === 'retry' && e.reason === 'tokenRefresh' && e.status === 401));
  // Only once per call: a provider that keeps giving refused tokens ends in a 401 error.
  const before = s.requests.length;
  const e = await rejection(new LicenseClient({ baseUrl: s.url, token: async () => 'stale-3' }).listLicenses(CUSTOMER, USER));
  assert.equal(e.status, 401);
  assert.equal(e.reason, 'unauthorized');
  assert.equal(s.requests.length - before, 2);
  // A fixed string cannot be refreshed: one attempt.
  const e2 = await rejection(new LicenseClient({ baseUrl: s.url, token: 'stale-4' }).listLicenses(CUSTOMER, USER));
  assert.equal(e2.status, 401);
  assert.equal(s.requests.length - before, 3);
  // A credential that gives nothing is a typed error.
  const e3 = await rejection(new LicenseClient({ baseUrl: s.url, token: { getToken: async () => null } }).listLicenses(CUSTOMER, USER));
  assert.equal(e3.kind, 'invalidInput');
  assert.equal(e3.field, 'token');
  await s.close();
});

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
