// The pacing gate through the BUILT package against the emulator's rate limit (issue 13):
// one 429 slows the whole client, the pace is learned, a known limit sees no 429, events say
// so without the token. Each run is THROTTLE_SECONDS (8) long; bench/throttle-mix.mjs runs
// the same workload for 30 s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LicenseClient, PartnerCenterError } from '../../../pkg/index.node.mjs';
import { startEmulator } from '../emulator.mjs';
import { runMix, describe } from '../throttle-mix.mjs';

const SECONDS = Number(process.env.THROTTLE_SECONDS ?? 8);
const CUSTOMER = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const USER = 'b0000000-0000-4000-8000-000000000100';
let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu?.stop(); });

for (const rate of [15, 40]) {
  test(`default options learn R=${rate}/s: >= 95 % of R, 429s within in-flight + 1 %`, async () => {
    const r = await runMix({ LicenseClient, emu, rate, seconds: SECONDS, concurrency: 16 });
    console.log(describe('default', r));
    assert.equal(r.failed, 0);
    assert.ok(r.workOverRate >= 0.95, `work ${r.workOverRate} of R`);
    assert.ok(r.throttled <= r.allowance, `${r.throttled} 429s > ${r.allowance}`);
    assert.ok(r.events.throttled >= 1 && r.events.paced >= 1, JSON.stringify(r.events));
  });

  test(`rateLimit { requestsPerSecond: ${rate} }: no 429 at all, >= 95 % of R`, async () => {
    const r = await runMix({ LicenseClient, emu, rate, seconds: SECONDS, concurrency: 16, rateLimit: { requestsPerSecond: rate } });
    console.log(describe('rateLimit', r));
    assert.equal(r.throttled, 0);
    assert.ok(r.workOverRate >= 0.95, `work ${r.workOverRate} of R`);
  });
}

test('without the gate (rateLimit: false) every call discovers the limit itself', async () => {
  const r = await runMix({ LicenseClient, emu, rate: 15, seconds: 4, concurrency: 16, rateLimit: false });
  console.log(describe('rateLimit false', r));
  assert.ok(r.throttledShare > 0.2, `${r.throttledShare}`);
});

test('throttled and paced events name the call, never the token, and a wait is abortable', async () => {
  const token = await emu.token();
  const events = [];
  const client = new LicenseClient({ baseUrl: emu.url, token, onEvent: (e) => events.push(e) });
  await emu.setRateLimit({ requestsPerSecond: 2, retryAfter: 'httpDate' });
  try {
    await Promise.all(Array.from({ length: 4 }, () => client.listLicenses(CUSTOMER, USER)));
    const throttled = events.find((e) => e.type === 'throttled');
    assert.ok(throttled, JSON.stringify(events.map((e) => e.type)));
    assert.equal(throttled.status, 429);
    assert.equal(throttled.method, 'GET');
    assert.match(throttled.path, /^\/v1\/customers\//);
    assert.ok(throttled.until > Date.now() - 5000 && throttled.waitMs >= 1000, JSON.stringify(throttled));
    const paced = events.find((e) => e.type === 'paced');
    assert.equal(paced.reason, 'throttled');
    assert.equal(typeof paced.requestsPerSecond, 'number');
    assert.ok(!JSON.stringify(events).includes(token));
    // A call waiting at the closed gate ends at once when its signal aborts.
    await Promise.allSettled(Array.from({ length: 4 }, () => client.listLicenses(CUSTOMER, USER)));
    const controller = new AbortController();
    const waiting = client.listLicenses(CUSTOMER, USER, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const t0 = performance.now();
    await assert.rejects(waiting, (e) => e instanceof PartnerCenterError && e.kind === 'aborted');
    assert.ok(performance.now() - t0 < 500);
  } finally {
    await emu.setRateLimit({ requestsPerSecond: null });
    client.free();
  }
});

test('bad rateLimit options throw invalidInput naming the field', () => {
  for (const [rateLimit, field] of [
    [{ requestsPerSecond: 0 }, 'rateLimit.requestsPerSecond'],
    [{ requestsPerSecond: 1.5 }, 'rateLimit.requestsPerSecond'],
    [{ rps: 3 }, 'rateLimit'],
    ['fast', 'rateLimit'],
  ]) {
    assert.throws(() => new LicenseClient({ token: 't', rateLimit }), (e) => e.kind === 'invalidInput' && e.field === field, JSON.stringify(rateLimit));
  }
});
