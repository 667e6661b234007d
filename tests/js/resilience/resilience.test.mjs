// Retries, Retry-After, timeouts, cancellation, token providers and events, through the
// BUILT package (pkg/), against small scripted HTTP servers (exact scenarios) and the
// emulator (every fault kind). Run: node --test tests/js/resilience/
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { inspect } from 'node:util';
import { LicenseClient, PartnerCenterError } from '../../../pkg/index.node.mjs';
import { startEmulator } from '../emulator.mjs';

const CUSTOMER = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const USER = 'ada@contoso.onmicrosoft.com';
const SKU = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const TOKEN = 'SECRET-TOKEN-c0ffee';
const EMPTY = JSON.stringify({ totalCount: 0, items: [], attributes: { objectType: 'Collection' } });
const figures = [];
after(() => {
  if (figures.length) console.log(`settle times after abort (ms): ${figures.join('; ')}`);
});

/** A server answering each request with `script(n, req)` -> { status, headers, body } or
 *  'hang' (never answers). Records requests. */
async function scripted(script) {
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body, at: performance.now() });
      const r = script(requests.length, req);
      if (r === 'hang') return;
      res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) });
      res.end(r.body ?? '');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref(); // a test that fails before close() must not keep the process alive
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => { server.closeAllConnections(); return new Promise((r) => server.close(r)); },
  };
}

const ok = () => ({ status: 200, body: EMPTY });
const client = (url, extra = {}) =>
  new LicenseClient({ baseUrl: url, token: TOKEN, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...extra });

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('the call did not reject');
}

/** Every form in which an error can leak, for the token-trace checks. */
const renderings = (e) => [e.message, String(e), e.stack, JSON.stringify(e), inspect(e, { depth: 5, showHidden: true })];

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

test('no trace of the token in any error or event, across every fault kind and bad input', async () => {
  const emu = await startEmulator();
  try {
    const token = await emu.token();
    const appOnly = await emu.token('adatum', 'app-only');
    const blocked = await emu.token('adatum', 'ca-blocked');
    const secrets = [token, appOnly, blocked, TOKEN];
    const events = [];
    const errors = [];
    const onEvent = (e) => events.push(e);
    const run = async (c, fn) => {
      try { await fn(c); } catch (e) { errors.push(e); }
    };
    const calls = [
      (c) => c.listLicenses(CUSTOMER, USER),
      (c) => c.listSubscribedSkus(CUSTOMER, { licenseGroups: ['Group1', 'Group2'] }),
      (c) => c.assignLicenses(CUSTOMER, USER, [{ skuId: SKU }]),
      (c) => c.removeLicenses(CUSTOMER, USER, [SKU]),
    ];
    const kinds = ['429', '500', '503', 'latency', 'drop', 'truncate', 'html', 'lostAfterCommit'];
    for (const kind of kinds) {
      await emu.setFaults({ rate: 1, kinds: [kind], latencyMs: [150, 200], retryAfterSeconds: 0, seed: 1 });
      for (const tok of [token, { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 1e6 }) }]) {
        const c = new LicenseClient({ baseUrl: emu.url, token: tok, timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, onEvent });
        for (const call of calls) await run(c, call);
      }
    }
    await emu.setFaults({ rate: 0 });
    // Refused tokens: unknown, app-only, Conditional Access; and bad inputs.
    for (const tok of [TOKEN, appOnly, blocked]) {
      const c = new LicenseClient({ baseUrl: emu.url, token: tok, onEvent });
      for (const call of calls) await run(c, call);
    }
    const c = new LicenseClient({ baseUrl: emu.url, token, onEvent });
    await run(c, (x) => x.listLicenses('not-a-guid', USER));
    await run(c, (x) => x.listLicenses(CUSTOMER, 'bad user\r\n'));
    await run(c, (x) => x.assignLicenses(CUSTOMER, USER, [{ skuId: 'nope' }]));
    await run(c, (x) => x.updateLicenses(CUSTOMER, USER, {}));
    await run(c, (x) => x.listLicenses('c0000000-0000-4000-8000-000000000003', USER)); // another partner's customer
    for (const bad of [{ token: `${token}\r\nX: y` }, { token, retry: { maxAttempts: -1 } }, { token, baseUrl: 'ftp://x' }]) {
      try { new LicenseClient({ baseUrl: emu.url, ...bad }); } catch (e) { errors.push(e); }
    }
    await run(new LicenseClient({ baseUrl: emu.url, token: async () => { throw new Error('no account'); } }), calls[0]);
    const kindsSeen = new Set(errors.map((e) => e.kind));
    for (const k of ['api', 'network', 'timeout', 'invalidInput']) assert.ok(kindsSeen.has(k), `saw ${k}: ${[...kindsSeen]}`);
    assert.ok(errors.length > 30 && events.length > 100, `${errors.length} errors, ${events.length} events`);
    for (const e of errors) {
      assert.ok(e instanceof PartnerCenterError, String(e));
      for (const text of renderings(e)) {
        for (const secret of secrets) assert.ok(!text.includes(secret), `token in ${text}`);
      }
    }
    for (const ev of events) {
      const text = JSON.stringify(ev) + inspect(ev);
      for (const secret of secrets) assert.ok(!text.includes(secret), `token in ${text}`);
    }
    console.log(`token trace: ${errors.length} errors (${[...kindsSeen].join(', ')}), ${events.length} events, none holds a token`);
  } finally {
    await emu.stop();
  }
});
