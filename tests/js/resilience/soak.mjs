// Soak: many license updates through the BUILT npm package (pkg/) against the emulator with
// 25 % injected faults of every kind, including "response lost after commit".
// Afterwards: the emulator's state equals the desired state, its ledger shows no change
// applied twice, every call succeeded or ended in a typed error, no unhandled rejection.
//
//   node tests/js/resilience/soak.mjs                    # SOAK_UPDATES=2000 (CI)
//   SOAK_UPDATES=20000 node tests/js/resilience/soak.mjs # the full run
//
// Env: SOAK_UPDATES (2000), SOAK_CONCURRENCY (32), SOAK_FAULT_RATE (0.25), SOAK_SEED (7).
//
// Under a rate limit: SOAK_RATE_LIMIT=N sets the emulator's limit to N requests per second;
// the client then runs with its default pacing gate (which learns N), and the injected
// faults leave out 429 and 503 (the limit supplies the 429s). Without it the client runs
// with `rateLimit: false`: 429s and 503s injected uniformly at random at 6 % of requests
// look like a limit of a few requests a second to any learner (docs/resilience.md, "How the
// gate decides"), and this soak is about faults and idempotency.
import assert from 'node:assert/strict';
import { LicenseClient, PartnerCenterError } from '../../../pkg/index.node.mjs';
import { startEmulator } from '../emulator.mjs';

const UPDATES = Number(process.env.SOAK_UPDATES ?? 2000);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 32);
const FAULT_RATE = Number(process.env.SOAK_FAULT_RATE ?? 0.25);
const SEED = Number(process.env.SOAK_SEED ?? 7);
const CUSTOMER = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1'; // Contoso: 1,200 generated users
// Two group1 SKUs with more units than users, so quota never interferes.
const SKUS = ['6fd2c87f-b296-42f0-b197-1e91e994b900', '05e9a617-0261-4cee-bb44-138d3ef5d965'];
const RATE_LIMIT = process.env.SOAK_RATE_LIMIT ? Number(process.env.SOAK_RATE_LIMIT) : null;
const FAULT_KINDS = ['429', '500', '503', 'latency', 'drop', 'truncate', 'html', 'lostAfterCommit']
  .filter((k) => RATE_LIMIT === null || (k !== '429' && k !== '503'));
const TIMEOUT_MS = 250; // latency faults reach 400 ms: some attempts time out on the client

const unhandled = [];
process.on('unhandledRejection', (e) => unhandled.push(e));
process.on('uncaughtException', (e) => unhandled.push(e));

/** mulberry32: a small seeded PRNG, so the schedule (and the desired state) is fixed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const held = (user) => new Set(user.licenses.map((l) => l.skuId));

/** Per user, the ordered updates; and the state they lead to. */
function schedule(users) {
  const rand = rng(SEED);
  const state = new Map(users.map((u) => [u.id, held(u)]));
  const ops = new Map(users.map((u) => [u.id, []]));
  for (let i = 0; i < UPDATES; i++) {
    const user = users[Math.floor(rand() * users.length)].id;
    const have = state.get(user);
    const sku = SKUS[Math.floor(rand() * SKUS.length)];
    const other = SKUS.find((s) => s !== sku);
    let update;
    if (have.has(sku) && !have.has(other) && rand() < 0.3) {
      update = { assign: [{ skuId: other }], remove: [sku] }; // one request, both ways
    } else if (have.has(sku)) {
      update = { remove: [sku] };
    } else {
      update = { assign: [{ skuId: sku }] };
    }
    for (const s of update.remove ?? []) have.delete(s);
    for (const a of update.assign ?? []) have.add(a.skuId);
    ops.get(user).push(update);
  }
  return { ops, desired: state };
}

/** Whether `update` is in effect for a user holding `have`. */
const inEffect = (update, have) =>
  (update.assign ?? []).every((a) => have.has(a.skuId)) && (update.remove ?? []).every((s) => !have.has(s));

async function main() {
  const emu = await startEmulator();
  try {
    const token = await emu.token();
    const initial = (await emu.state(CUSTOMER)).customers[0];
    // A user without a usage location cannot be assigned a license (60055, docs/emulator.md):
    // the seed has one active such user; the soak leaves it out.
    const users = initial.users.filter((u) => u.id.startsWith('b0000000-') && u.usageLocation);
    assert.ok(users.length >= 1000, `expected the generated users, got ${users.length}`);
    const { ops, desired } = schedule(users);

    if (RATE_LIMIT !== null) await emu.setRateLimit({ requestsPerSecond: RATE_LIMIT });
    await emu.setFaults({
      rate: FAULT_RATE,
      kinds: FAULT_KINDS,
      latencyMs: [1, 400],
      retryAfterSeconds: 1,
      retryAfter: 'seconds',
      seed: SEED,
    });

    const stats = {
      updates: UPDATES,
      users: ops.size,
      concurrency: CONCURRENCY,
      calls: 0,
      succeeded: 0,
      typedErrors: {},
      untypedErrors: 0,
      repairs: 0,
      attempts: 0,
      attemptFailures: {},
      retries: 0,
      retryWaits: { retryAfter: 0, backoff: 0, tokenRefresh: 0 },
      retryAfterWaitMs: [Infinity, 0],
      giveUps: {},
      tokenRequests: 0,
      tokenInEvents: 0,
      throttledEvents: 0,
      pacedEvents: 0,
    };
    const onEvent = (e) => {
      if (JSON.stringify(e).includes(token)) stats.tokenInEvents++;
      if (e.type === 'request') stats.attempts++;
      if (e.type === 'response' && e.errorKind) {
        const k = e.status ? `${e.errorKind} ${e.status}` : e.errorKind;
        stats.attemptFailures[k] = (stats.attemptFailures[k] ?? 0) + 1;
      }
      if (e.type === 'retry') {
        stats.retries++;
        stats.retryWaits[e.reason] = (stats.retryWaits[e.reason] ?? 0) + 1;
        if (e.reason === 'retryAfter') {
          stats.retryAfterWaitMs[0] = Math.min(stats.retryAfterWaitMs[0], e.waitMs);
          stats.retryAfterWaitMs[1] = Math.max(stats.retryAfterWaitMs[1], e.waitMs);
        }
      }
      if (e.type === 'throttled') stats.throttledEvents++;
      if (e.type === 'paced') stats.pacedEvents++;
      if (e.type === 'giveUp') stats.giveUps[e.reason] = (stats.giveUps[e.reason] ?? 0) + 1;
    };
    const client = new LicenseClient({
      baseUrl: emu.url,
      // The @azure/identity TokenCredential shape, asked before every attempt.
      token: {
        getToken: async () => {
          stats.tokenRequests++;
          return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
        },
      },
      timeoutMs: TIMEOUT_MS,
      retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 200, maxElapsedMs: 60_000 },
      ...(RATE_LIMIT === null ? { rateLimit: false } : {}),
      onEvent,
    });

    /** One call; a typed error is counted and returned, anything else fails the soak. */
    const call = async (fn) => {
      stats.calls++;
      try {
        const r = await fn();
        stats.succeeded++;
        return { ok: r };
      } catch (e) {
        if (!(e instanceof PartnerCenterError) || typeof e.kind !== 'string') {
          stats.untypedErrors++;
          console.error('untyped error:', e);
          return { err: e };
        }
        const k = e.status ? `${e.kind} ${e.status}` : e.kind;
        stats.typedErrors[k] = (stats.typedErrors[k] ?? 0) + 1;
        return { err: e };
      }
    };

    /** Runs one user's updates in order; after a typed error, reads the user back and
     *  repeats the update (a new call) only when it did not take effect. */
    const runUser = async (userId) => {
      for (const update of ops.get(userId)) {
        let r = await call(() => client.updateLicenses(CUSTOMER, userId, update));
        for (let tries = 0; r.err && tries < 20; tries++) {
          let current;
          while (!current) {
            const l = await call(() => client.listLicenses(CUSTOMER, userId));
            if (l.ok) current = new Set(l.ok.items.map((x) => x.productSku.id));
          }
          if (inEffect(update, current)) break;
          stats.repairs++;
          r = await call(() => client.updateLicenses(CUSTOMER, userId, update));
        }
      }
    };

    const started = performance.now();
    const queue = [...ops.keys()].filter((u) => ops.get(u).length > 0);
    let switched = false;
    const worker = async () => {
      while (queue.length) {
        const user = queue.shift();
        await runUser(user);
        // Halfway, Retry-After switches to the HTTP-date form.
        if (!switched && queue.length < ops.size / 2) {
          switched = true;
          await emu.setFaults({
            rate: FAULT_RATE, kinds: FAULT_KINDS, latencyMs: [1, 400],
            retryAfterSeconds: 1, retryAfter: 'httpDate', seed: SEED + 1,
          });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;

    const faults = await emu.faults();
    await emu.setFaults({ rate: 0 });
    const final = (await emu.state(CUSTOMER)).customers[0];
    const ledger = await emu.ledger();

    // The final state equals the desired one, user by user.
    let diff = 0;
    for (const u of final.users) {
      const want = desired.get(u.id);
      if (!want) continue;
      const got = held(u);
      if (got.size !== want.size || [...want].some((s) => !got.has(s))) {
        diff++;
        if (diff <= 5) console.error('diff', u.id, [...got], [...want]);
      }
    }
    // Units agree with the holders.
    for (const sku of SKUS) {
      const holders = final.users.filter((u) => held(u).has(sku)).length;
      const s = final.skus.find((x) => x.skuId === sku);
      assert.equal(s.consumedUnits, holders, `consumed units of ${sku}`);
    }
    // No change applied twice: every ledger entry has its own request id, and there is
    // exactly one entry per scheduled update (repairs only re-send updates not in effect).
    const ids = ledger.entries.map((e) => e.requestId);
    const dupIds = ids.length - new Set(ids).size;

    const report = {
      ...stats,
      retryAfterWaitMs: stats.retries ? stats.retryAfterWaitMs : null,
      faultsInjected: faults.injected,
      emulatorRequests: faults.requests,
      rateLimit: RATE_LIMIT,
      rateLimited: faults.rateLimited,
      rateLimitedShare: Number((faults.rateLimited / faults.requests).toFixed(4)),
      ledgerEntries: ledger.entries.length,
      ledgerDuplicateRequestIds: dupIds,
      unhandledRejections: unhandled.length,
      finalDiff: diff,
      seconds: Number(seconds.toFixed(1)),
      updatesPerSecond: Math.round(UPDATES / seconds),
    };
    console.log(JSON.stringify(report, null, 2));

    assert.equal(diff, 0, 'final state differs from the desired state');
    assert.equal(dupIds, 0, 'a request id was applied twice');
    assert.equal(ledger.entries.length, UPDATES, 'one ledger entry per scheduled update');
    assert.equal(stats.untypedErrors, 0, 'every failure is a PartnerCenterError');
    assert.equal(unhandled.length, 0, 'unhandled rejections');
    assert.equal(stats.tokenInEvents, 0, 'the token appeared in an event');
    for (const k of FAULT_KINDS) assert.ok((faults.injected[k] ?? 0) > 0, `fault ${k} was injected`);
    assert.ok(faults.injected.lostAfterCommit > 0);
    // Only give-ups after retries ran out may end a call; never a 4xx caused by a double apply.
    for (const k of Object.keys(stats.typedErrors)) {
      assert.ok(!/api 4\d\d/.test(k) || k === 'api 429', `unexpected typed error ${k}`);
    }
    if (RATE_LIMIT !== null) {
      assert.ok(faults.rateLimited > 0, 'the rate limit answered 429 at least once');
      assert.ok(stats.pacedEvents > 0, 'the gate learned a pace');
    }
    console.log(`soak: ${UPDATES} updates, ${stats.attempts} attempts, ${stats.retries} retries, diff ${diff}, ${report.seconds} s${RATE_LIMIT === null ? '' : `, R=${RATE_LIMIT}/s: ${faults.rateLimited} of ${faults.requests} requests answered 429`}`);
  } finally {
    await emu.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
