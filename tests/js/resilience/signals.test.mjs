// The attempts' abort signals, on the wire: a timed-out or aborted attempt is cancelled (its
// connection closed, not left waiting for an answer), and the calls that share a caller's
// signal add one listener to it between them. Through the BUILT package (pkg/): in Node its
// attempts use pkg/src/node-signal.mjs's light signals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { CUSTOMER, USER, client, ok, rejection, scripted } from './scripted.mjs';

/** Resolves once `check()` holds (polled), or rejects after `ms`. */
async function until(check, ms, what) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const hang = () => 'hang';

test('a timed-out attempt is cancelled: its connection is closed', async () => {
  const s = await scripted(hang);
  const e = await rejection(client(s.url, { timeoutMs: 100, retry: false }).listLicenses(CUSTOMER, USER));
  assert.equal(e.kind, 'timeout');
  assert.equal(s.requests.length, 1);
  await until(() => s.closed() === 1, 1000, 'the timed-out request closed its connection');
  await s.close();
});

test('an aborted attempt is cancelled: its connection is closed', async () => {
  const s = await scripted(hang);
  const controller = new AbortController();
  const call = client(s.url, { timeoutMs: 60000 }).listLicenses(CUSTOMER, USER, { signal: controller.signal });
  await until(() => s.requests.length === 1, 1000, 'the request arrived');
  controller.abort();
  assert.equal((await rejection(call)).kind, 'aborted');
  await until(() => s.closed() === 1, 1000, 'the aborted request closed its connection');
  await s.close();
});

test("calls sharing a caller's signal add one listener to it between them, and all stop on its abort", async () => {
  const s = await scripted(ok);
  const c = client(s.url, { timeoutMs: 60000 });
  const controller = new AbortController();
  const { signal } = controller;
  const first = await Promise.all(Array.from({ length: 12 }, () => c.listLicenses(CUSTOMER, USER, { signal })));
  assert.equal(first.length, 12);
  for (let i = 0; i < 5; i++) await c.listLicenses(CUSTOMER, USER, { signal });
  assert.equal(getEventListeners(signal, 'abort').length, 1, 'one listener for 17 calls');
  // In flight: the one listener aborts every attempt under the signal.
  const slow = await scripted(hang);
  const stuck = Array.from({ length: 4 }, () => client(slow.url, { timeoutMs: 60000 }).listLicenses(CUSTOMER, USER, { signal }));
  await until(() => slow.requests.length === 4, 1000, 'four requests in flight');
  assert.equal(getEventListeners(signal, 'abort').length, 1, 'still one listener');
  controller.abort();
  const kinds = await Promise.all(stuck.map((p) => p.then(() => 'resolved', (e) => e.kind)));
  assert.deepEqual(kinds, ['aborted', 'aborted', 'aborted', 'aborted']);
  await until(() => slow.closed() === 4, 1000, 'every aborted request closed its connection');
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
