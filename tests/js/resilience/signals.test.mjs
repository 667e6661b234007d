// The attempts' abort signals, on the wire: a timed-out or aborted attempt is cancelled (its
// connection closed, not left waiting for an answer), and the calls that share a caller's
// signal add one listener to it between them. Through the BUILT package (pkg/): in Node its
// attempts use pkg/src/node-signal.mjs's light signals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { getEventListeners } from 'node:events';
import { LicenseClient } from '../../../pkg/index.node.mjs';

const CUSTOMER = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const USER = 'ada@contoso.onmicrosoft.com';
const EMPTY = JSON.stringify({ totalCount: 0, items: [], attributes: { objectType: 'Collection' } });

/** A server that never answers (`delayMs` undefined) or answers after `delayMs`; counts the
 *  requests and the connections closed. */
async function server(delayMs) {
  const seen = { requests: 0, closed: 0 };
  const s = http.createServer((req, res) => {
    seen.requests += 1;
    req.socket.once('close', () => { seen.closed += 1; });
    if (delayMs === undefined) return;
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(EMPTY);
    }, delayMs);
  });
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  s.unref();
  return {
    url: `http://127.0.0.1:${s.address().port}`,
    seen,
    close: () => { s.closeAllConnections(); return new Promise((r) => s.close(r)); },
  };
}

const client = (url, extra) => new LicenseClient({ baseUrl: url, token: 'SECRET', rateLimit: false, ...extra });

/** Resolves once `check()` holds (polled), or rejects after `ms`. */
async function until(check, ms, what) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('a timed-out attempt is cancelled: its connection is closed', async () => {
  const s = await server();
  const e = await client(s.url, { timeoutMs: 100, retry: false }).listLicenses(CUSTOMER, USER).then(() => null, (x) => x);
  assert.equal(e?.kind, 'timeout');
  assert.equal(s.seen.requests, 1);
  await until(() => s.seen.closed === 1, 1000, 'the timed-out request closed its connection');
  await s.close();
});

test('an aborted attempt is cancelled: its connection is closed', async () => {
  const s = await server();
  const controller = new AbortController();
  const call = client(s.url, { timeoutMs: 60000 }).listLicenses(CUSTOMER, USER, { signal: controller.signal });
  await until(() => s.seen.requests === 1, 1000, 'the request arrived');
  controller.abort();
  const e = await call.then(() => null, (x) => x);
  assert.equal(e?.kind, 'aborted');
  await until(() => s.seen.closed === 1, 1000, 'the aborted request closed its connection');
  await s.close();
});

test("calls sharing a caller's signal add one listener to it between them, and all stop on its abort", async () => {
  const s = await server(30);
  const c = client(s.url, { timeoutMs: 60000 });
  const controller = new AbortController();
  const { signal } = controller;
  const first = await Promise.all(Array.from({ length: 12 }, () => c.listLicenses(CUSTOMER, USER, { signal })));
  assert.equal(first.length, 12);
  for (let i = 0; i < 5; i++) await c.listLicenses(CUSTOMER, USER, { signal });
  assert.equal(getEventListeners(signal, 'abort').length, 1, 'one listener for 17 calls');
  // In flight: the one listener aborts every attempt under the signal.
  const slow = await server();
  const stuck = Array.from({ length: 4 }, () => client(slow.url, { timeoutMs: 60000 }).listLicenses(CUSTOMER, USER, { signal }));
  await until(() => slow.seen.requests === 4, 1000, 'four requests in flight');
  assert.equal(getEventListeners(signal, 'abort').length, 1, 'still one listener');
  controller.abort();
  const kinds = await Promise.all(stuck.map((p) => p.then(() => 'resolved', (e) => e.kind)));
  assert.deepEqual(kinds, ['aborted', 'aborted', 'aborted', 'aborted']);
  await until(() => slow.seen.closed === 4, 1000, 'every aborted request closed its connection');
  await slow.close();
  await s.close();
});

test("Node's attempt signals pass undici's listener checks without an exception, and fetch listens to them", async () => {
  const { nodeController } = await import('../../../pkg/src/node-signal.mjs');
  const { getMaxListeners, defaultMaxListeners } = await import('node:events');
  const signal = nodeController(null).signal;
  assert.equal(signal instanceof AbortSignal, false, 'a light signal, not an AbortSignal');
  // undici calls setMaxListeners (which throws for this object) when this equals the default.
  assert.notEqual(getMaxListeners(signal), defaultMaxListeners);
  assert.deepEqual(getEventListeners(signal, 'abort'), []);
  new Request('http://127.0.0.1/', { signal });
  assert.notEqual(signal.listener, null, "the Request listens to the attempt's signal");
});
