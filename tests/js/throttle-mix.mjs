// The throttled workload of issue 13, shared by tests/js/throttle.test.mjs and
// bench/run.mjs: `concurrency` calls in flight for `seconds` against the emulator's rate
// limit R, `listLicenses` and `licenseupdates` (assign, then remove, one SKU) mixed, through
// one LicenseClient. Reports the work done per second over R and the share of requests the
// emulator answered 429 (its own counts, GET /emulator/faults).

import { setMaxListeners } from 'node:events';

const CONTOSO = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const OFFICE_365_E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
/** `user0001` … `user1200` of the seed: no licenses at start. */
const user = (n) => `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * @param {{ LicenseClient: Function, emu: object, rate: number, seconds: number,
 *   concurrency: number, rateLimit?: object | boolean, firstUser?: number }} o
 */
export async function runMix(o) {
  const token = await o.emu.token();
  const events = { throttled: 0, paced: 0 };
  const client = new o.LicenseClient({
    baseUrl: o.emu.url,
    token,
    ...(o.rateLimit === undefined ? {} : { rateLimit: o.rateLimit }),
    onEvent: (e) => { if (e.type in events) events[e.type]++; },
  });
  await o.emu.setRateLimit({ requestsPerSecond: o.rate }); // buckets start full
  const before = await o.emu.faults();
  const signal = AbortSignal.timeout(o.seconds * 1000);
  setMaxListeners(4 * o.concurrency + 10, signal); // every call in flight listens to it
  const started = performance.now();
  let calls = 0;
  let failed = 0;
  const worker = async (w) => {
    const u = user((o.firstUser ?? 1) + w);
    let holds = false;
    for (let i = 0; !signal.aborted; i++) {
      try {
        if (i % 2 === 0) {
          await client.listLicenses(CONTOSO, u, { signal });
        } else if (holds) {
          await client.removeLicenses(CONTOSO, u, [OFFICE_365_E3], { signal });
          holds = false;
        } else {
          await client.assignLicenses(CONTOSO, u, [{ skuId: OFFICE_365_E3 }], { signal });
          holds = true;
        }
        if (!signal.aborted) calls++;
      } catch (e) {
        if (e?.kind !== 'aborted') failed++;
        if (e?.kind !== 'aborted' && e?.reason !== 'throttled') throw e;
      }
    }
    // Leave the user as the seed had it.
    if (holds) await client.removeLicenses(CONTOSO, u, [OFFICE_365_E3]).catch(() => {});
  };
  await Promise.all(Array.from({ length: o.concurrency }, (_, w) => worker(w)));
  const seconds = Math.min((performance.now() - started) / 1000, o.seconds);
  const after = await o.emu.faults();
  await o.emu.setRateLimit({ requestsPerSecond: null });
  client.free();
  const requests = after.requests - before.requests;
  const throttled = after.rateLimited - before.rateLimited;
  return {
    rate: o.rate, seconds: o.seconds, concurrency: o.concurrency, calls, failed, requests, throttled,
    workOverRate: calls / o.seconds / o.rate,
    throttledShare: requests ? throttled / requests : 0,
    // Issue 13's allowance: the calls in flight (the discovery) + 1 % of the calls.
    allowance: o.concurrency + Math.ceil(calls / 100),
    events,
  };
}

/** One line for a run. */
export function describe(label, r) {
  return `${label}: R=${r.rate}/s ${r.seconds}s x${r.concurrency}: ${r.calls} calls, work ${(100 * r.workOverRate).toFixed(1)} % of R, `
    + `${r.throttled}/${r.requests} answered 429 (${(100 * r.throttledShare).toFixed(2)} %, allowance ${r.allowance}), `
    + `${r.events.throttled} throttled / ${r.events.paced} paced events, ${r.failed} failed`;
}

/**
 * `reconcile` under the rate limit: `users` generated users (from `firstUser`) each to get
 * Office 365 E3, `concurrency` in flight, on a fresh seed. Work done: answered (non-429) API
 * requests per second over R.
 */
export async function runReconcile(o) {
  await o.emu.reset();
  const token = await o.emu.token();
  const events = { throttled: 0, paced: 0 };
  const client = new o.LicenseClient({
    baseUrl: o.emu.url,
    token,
    ...(o.rateLimit === undefined ? {} : { rateLimit: o.rateLimit }),
    onEvent: (e) => { if (e.type in events) events[e.type]++; },
  });
  const desired = Object.fromEntries(Array.from({ length: o.users }, (_, i) => [user((o.firstUser ?? 1) + i), [{ skuId: OFFICE_365_E3 }]]));
  await o.emu.setRateLimit({ requestsPerSecond: o.rate });
  const before = await o.emu.faults();
  const started = performance.now();
  const report = await client.reconcile(CONTOSO, desired, { concurrency: o.concurrency });
  const seconds = (performance.now() - started) / 1000;
  const after = await o.emu.faults();
  await o.emu.setRateLimit({ requestsPerSecond: null });
  client.free();
  const requests = after.requests - before.requests;
  const throttled = after.rateLimited - before.rateLimited;
  return {
    rate: o.rate, users: o.users, concurrency: o.concurrency, seconds, requests, throttled,
    updated: report.totals.updated, failed: report.totals.failed + report.totals.invalid,
    workOverRate: (requests - throttled) / seconds / o.rate,
    throttledShare: requests ? throttled / requests : 0,
    allowance: o.concurrency + Math.ceil((requests - throttled) / 100),
    events,
  };
}

/** One line for a reconcile run. */
export function describeReconcile(label, r) {
  return `${label}: reconcile R=${r.rate}/s ${r.users} users x${r.concurrency}: ${r.updated} updated, ${r.failed} failed in ${r.seconds.toFixed(1)} s, `
    + `work ${(100 * r.workOverRate).toFixed(1)} % of R, ${r.throttled}/${r.requests} answered 429 (${(100 * r.throttledShare).toFixed(2)} %, allowance ${r.allowance})`;
}
