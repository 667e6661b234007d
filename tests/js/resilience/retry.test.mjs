// Retries through the BUILT package (pkg/): Retry-After in seconds, as an HTTP-date and in
// the 429 body, a wait beyond the total cap, backoff on 5xx, a lost POST response, against
// scripted servers; and the emulator enforcing Retry-After.
// Run: node --test tests/js/resilience/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { LicenseClient, PartnerCenterError } from '../../../pkg/index.node.mjs';
import { startEmulator } from '../emulator.mjs';
import { CUSTOMER, SKU, USER, client, ok, rejection, scripted } from './scripted.mjs';

test('Retry-After in seconds is honoured, with one MS-RequestId per call', async () => {
  const s = await scripted((n) =>
    n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: '{"statusCode":429,"message":"Rate limit is exceeded."}' } : ok());
  const events = [];
  const c = client(s.url, { onEvent: (e) => events.push(e) });
  await c.listLicenses(CUSTOMER, USER);
  assert.equal(s.requests.length, 2);
  const waited = s.requests[1].at - s.requests[0].at;
  assert.ok(waited >= 990, `waited ${waited} ms`);
  const ids = s.requests.map((r) => r.headers['ms-requestid']);
  assert.equal(ids[0], ids[1], 'same MS-RequestId on the retry');
  const retry = events.find((e) => e.type === 'retry');
  assert.deepEqual(
    { waitMs: retry.waitMs, reason: retry.reason, status: retry.status, attempt: retry.attempt, requestId: retry.requestId },
    { waitMs: 1000, reason: 'retryAfter', status: 429, attempt: 1, requestId: ids[0] });
  await c.listLicenses(CUSTOMER, USER);
  assert.notEqual(s.requests[2].headers['ms-requestid'], ids[0], 'a new MS-RequestId for the next call');
  await s.close();
});

test('Retry-After as an HTTP-date, and the 429 body, give the wait', async () => {
  const date = () => new Date(Date.now() + 2000).toUTCString();
  const s = await scripted((n) => {
    if (n === 1) return { status: 503, headers: { 'retry-after': date() }, body: '<html>busy</html>' };
    if (n === 2) return { status: 429, body: '{"statusCode":429,"message":"Rate limit is exceeded. Try again in 1 seconds."}' };
    return ok();
  });
  const events = [];
  await client(s.url, { onEvent: (e) => events.push(e) }).listLicenses(CUSTOMER, USER);
  const waits = events.filter((e) => e.type === 'retry').map((e) => [e.reason, e.waitMs]);
  assert.equal(waits[0][0], 'retryAfter');
  // Whole seconds: between 1 and 2 s from when the date was written, minus the time to read it.
  assert.ok(waits[0][1] > 0 && waits[0][1] <= 2000, `date wait ${waits[0][1]}`);
  assert.ok(s.requests[1].at - s.requests[0].at >= waits[0][1] - 5);
  assert.deepEqual(waits[1], ['retryAfter', 1000]);
  await s.close();
});

test('a Retry-After beyond the total-time cap fails at once with retryAfterMs', async () => {
  const s = await scripted(() => ({ status: 429, headers: { 'retry-after': '600' }, body: '{"statusCode":429,"message":"Rate limit is exceeded. Try again in 600 seconds."}' }));
  const events = [];
  const t0 = performance.now();
  const e = await rejection(client(s.url, { onEvent: (x) => events.push(x) }).listLicenses(CUSTOMER, USER));
  assert.ok(performance.now() - t0 < 5000, 'did not sleep');
  assert.ok(e instanceof PartnerCenterError);
  assert.equal(e.kind, 'api');
  assert.equal(e.status, 429);
  assert.equal(e.reason, 'throttled');
  assert.equal(e.retryable, true);
  assert.equal(e.retryAfterMs, 600000);
  assert.equal(s.requests.length, 1);
  assert.equal(events.at(-1).type, 'giveUp');
  assert.equal(events.at(-1).reason, 'timeExhausted');
  await s.close();
});

test('backoff retries 5xx up to maxAttempts; retry: false makes one attempt', async () => {
  const s = await scripted(() => ({ status: 503, body: '{"code":"x","description":"busy"}' }));
  const events = [];
  const e = await rejection(client(s.url, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4 }, onEvent: (x) => events.push(x) })
    .listSubscribedSkus(CUSTOMER));
  assert.equal(e.kind, 'api');
  assert.equal(e.status, 503);
  assert.equal(e.retryAfterMs, undefined);
  assert.equal(s.requests.length, 3);
  const retries = events.filter((x) => x.type === 'retry');
  assert.deepEqual(retries.map((x) => x.reason), ['backoff', 'backoff']);
  assert.ok(retries.every((x, i) => x.waitMs >= 0 && x.waitMs <= Math.min(4, 2 ** i)), JSON.stringify(retries));
  assert.equal(events.at(-1).reason, 'attemptsExhausted');
  await rejection(client(s.url, { retry: false }).listSubscribedSkus(CUSTOMER));
  assert.equal(s.requests.length, 4);
  // Not retryable: one attempt whatever the policy.
  const s404 = await scripted(() => ({ status: 404, body: '{"code":60002,"description":"no user"}' }));
  const e404 = await rejection(client(s404.url).listLicenses(CUSTOMER, USER));
  assert.equal(e404.reason, 'userNotFound');
  assert.equal(e404.retryable, false);
  assert.equal(s404.requests.length, 1);
  await s.close();
  await s404.close();
});

test('a POST whose response was lost is retried with the same MS-RequestId and body', async () => {
  let first = true;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      seen.push({ id: req.headers['ms-requestid'], body });
      if (first) { first = false; req.socket.destroy(); return; }
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ licensesToAssign: [{ skuId: SKU }], licenseWarnings: [] }));
    });
  });
  const seen = [];
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  const c = client(`http://127.0.0.1:${server.address().port}`);
  const r = await c.assignLicenses(CUSTOMER, USER, [{ skuId: SKU }]);
  assert.equal(r.licensesToAssign[0].skuId, SKU);
  assert.equal(seen.length, 2);
  assert.equal(seen[0].id, seen[1].id);
  assert.equal(seen[0].body, seen[1].body);
  server.closeAllConnections();
  server.close();
});

test('the emulator, enforcing Retry-After, never sees a call before its wait has passed', async () => {
  const emu = await startEmulator();
  try {
    const token = await emu.token();
    const events = [];
    const c = new LicenseClient({ baseUrl: emu.url, token, retry: { maxAttempts: 6 }, onEvent: (e) => events.push(e) });
    for (const style of ['seconds', 'httpDate']) {
      await emu.setFaults({ rate: 0.3, kinds: ['429', '503'], retryAfterSeconds: 1, retryAfter: style, enforceRetryAfter: true, seed: 5 });
      // One call at a time: the emulator's wait is per partner, the client's per call.
      for (let i = 0; i < 8; i++) await c.listLicenses(CUSTOMER, USER);
    }
    const report = await emu.faults();
    const waits = events.filter((e) => e.type === 'retry').map((e) => e.waitMs);
    assert.ok(waits.length >= 2, `only ${waits.length} retries`);
    assert.ok(waits.every((w) => w >= 1000), JSON.stringify(waits));
    assert.equal(report.retriedTooEarly, 0);
  } finally {
    await emu.stop();
  }
});
