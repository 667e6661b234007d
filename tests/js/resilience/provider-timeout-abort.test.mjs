// What holds a call up, and cutting it short, through the BUILT package (pkg/): token
// providers (asked per attempt, refreshed once after a 401), an attempt longer than timeoutMs
// (a timeout, retried), and aborts mid-flight, mid-backoff or while the token provider works
// (settling at once; an already aborted signal sends nothing). The order is the one these
// tests had when they shared one file with the others: the calls before the aborts warm the
// path whose settle times they measure (run first in a fresh process, mid-flight measured
// 6-20 ms instead of ~1 ms).
// Run: node --test tests/js/resilience/
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LicenseClient, PartnerCenterError } from '../../../pkg/index.node.mjs';
import { CUSTOMER, SKU, USER, client, ok, rejection, scripted } from './scripted.mjs';

const figures = [];
after(() => {
  if (figures.length) console.log(`settle times after abort (ms): ${figures.join('; ')}`);
});

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

test('an attempt that takes longer than timeoutMs is a timeout, and is retried', async () => {
  const s = await scripted((n) => (n < 3 ? 'hang' : ok()));
  const events = [];
  await client(s.url, { timeoutMs: 100, onEvent: (e) => events.push(e) }).listLicenses(CUSTOMER, USER);
  assert.equal(s.requests.length, 3);
  const failed = events.filter((e) => e.type === 'response' && e.errorKind === 'timeout');
  assert.equal(failed.length, 2);
  assert.ok(failed.every((e) => e.durationMs >= 95), JSON.stringify(failed));
  // Without retries, the timeout is the call's error.
  const h = await scripted(() => 'hang');
  const t = await rejection(client(h.url, { timeoutMs: 50, retry: false }).listLicenses(CUSTOMER, USER));
  assert.equal(t.kind, 'timeout');
  assert.equal(t.retryable, true);
  assert.ok(t.requestId);
  await s.close();
  await h.close();
});

/** Aborts `signal`'s controller at `whenMs`; resolves to ms from the abort to settling. */
async function settleAfterAbort(start, whenMs) {
  const controller = new AbortController();
  const promise = start(controller.signal);
  let abortedAt;
  setTimeout(() => { abortedAt = performance.now(); controller.abort(); }, whenMs);
  const e = await rejection(promise);
  const settle = performance.now() - abortedAt;
  return { e, settle };
}

test('abort mid-flight settles at once with kind "aborted"', async () => {
  const s = await scripted(() => 'hang');
  const c = client(s.url, { timeoutMs: 60000 });
  const { e, settle } = await settleAfterAbort((signal) => c.listLicenses(CUSTOMER, USER, { signal }), 100);
  assert.ok(e instanceof PartnerCenterError);
  assert.equal(e.kind, 'aborted');
  assert.equal(e.retryable, false);
  assert.ok(e.requestId, 'the aborted call names its request id');
  figures.push(`mid-flight ${settle.toFixed(2)}`);
  assert.ok(settle < 50, `settled ${settle} ms after the abort`);
  assert.equal(s.requests.length, 1);
  await s.close();
});

test('abort mid-backoff settles at once, without another attempt', async () => {
  const s = await scripted(() => ({ status: 503, headers: { 'retry-after': '10' }, body: '' }));
  const events = [];
  const c = client(s.url, { onEvent: (e) => events.push(e) });
  const { e, settle } = await settleAfterAbort((signal) => c.updateLicenses(CUSTOMER, USER, { remove: [SKU] }, { signal }), 200);
  assert.equal(e.kind, 'aborted');
  figures.push(`mid-backoff ${settle.toFixed(2)}`);
  assert.ok(settle < 50, `settled ${settle} ms after the abort`);
  assert.equal(s.requests.length, 1, 'no attempt after the abort');
  assert.deepEqual(events.slice(-2).map((x) => [x.type, x.reason]), [['retry', 'retryAfter'], ['giveUp', 'aborted']]);
  await s.close();
});

test('abort while the token provider works, and an already aborted signal', async () => {
  const s = await scripted(() => ok());
  const never = new LicenseClient({ baseUrl: s.url, token: () => new Promise(() => {}) });
  const { e, settle } = await settleAfterAbort((signal) => never.listLicenses(CUSTOMER, USER, { signal }), 50);
  assert.equal(e.kind, 'aborted');
  figures.push(`in token provider ${settle.toFixed(2)}`);
  assert.ok(settle < 50, `settled ${settle} ms after the abort`);
  // A credential that honours the abortSignal it is given (as @azure/identity does).
  const honouring = new LicenseClient({
    baseUrl: s.url,
    token: {
      getToken: (scopes, options) => new Promise((_, reject) => {
        options.abortSignal.addEventListener('abort', () => reject(new Error('AbortError: token request aborted')));
      }),
    },
  });
  const h = await settleAfterAbort((signal) => honouring.listLicenses(CUSTOMER, USER, { signal }), 30);
  assert.equal(h.e.kind, 'aborted');
  assert.ok(h.settle < 50, `settled ${h.settle} ms after the abort`);
  const e2 = await rejection(client(s.url).listLicenses(CUSTOMER, USER, { signal: AbortSignal.abort() }));
  assert.equal(e2.kind, 'aborted');
  assert.equal(s.requests.length, 0, 'nothing was sent');
  await s.close();
});
