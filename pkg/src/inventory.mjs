// Who holds what: `client.holdings(customerId, options)` and `client.inventory(customerId,
// options)` (docs/bulk.md, "Inventory"). Bundled with bulk.mjs and loaded with it on first
// use. The options are checked and the inventory is built by the Rust core
// (src/inventory/, through the bulk module's `Inventory`); this driver does the I/O with the
// client's public methods only (listSubscribedSkus, listUsers, listLicenses), so every
// request takes the client's call path (retries, timeouts, the pacing gate, token, events).
import { Inventory } from '../dist/pcl_bulk.js';
import { aborted, callbacks, jsonText, load, slimLicense, slimSku, toError, unwrap } from './bulk-shared.mjs';

/**
 * The holdings of every user, as they arrive: `{ user, licenses }`, or `{ user, error }` when
 * the user's licenses could not be read (after the client's retries; the others go on).
 *
 * At most `concurrency` license listings are in flight, and none is started while the
 * consumer has not asked for the next holding: what is read ahead is bounded by one and a
 * half pages of users plus `concurrency` holdings. `run` is a bulk-module `Inventory`,
 * started here.
 */
async function* read(client, customerId, options, env, run) {
  await load(env);
  const { signal, progress } = callbacks(env, options);
  const opts = unwrap(env, run.start(typeof customerId === 'string' ? customerId : undefined, jsonText(env, 'options', options)));
  if (signal?.aborted) throw aborted(env);
  // Our own signal: it follows the caller's, and also stops what is in flight when the
  // consumer stops early (`break`).
  const inner = new AbortController();
  const stop = () => inner.abort();
  signal?.addEventListener('abort', stop, { once: true });
  const calls = { licenseGroups: opts.licenseGroups, signal: inner.signal };
  let pages;
  try {
    const skus = await client.listSubscribedSkus(customerId, calls);
    const selected = new Set(unwrap(env, run.skus(JSON.stringify((skus.items ?? []).map(slimSku)))));
    const only = opts.skus.length > 0 ? (items) => items.filter((l) => selected.has(l.productSku.id.toLowerCase())) : (items) => items;
    pages = client.listUsers(customerId, { pageSize: opts.pageSize, signal: inner.signal }).pages()[Symbol.asyncIterator]();

    const concurrency = opts.concurrency;
    const seen = new Set();
    const queue = [];
    // What has settled (holdings, pages), in order; `wake` resolves the loop's wait. (Not
    // Promise.race: each race would add a reaction to every pending call.)
    const settled = [];
    let wake = null;
    const settle = (x) => {
      settled.push(x);
      if (wake !== null) {
        const w = wake;
        wake = null;
        w();
      }
    };
    let inFlight = 0;
    let paging = false;
    let last = false;
    let pageLength = 0;
    let listed = 0;
    let done = 0;
    const start = (user) => {
      inFlight += 1;
      client
        .listLicenses(customerId, user.id, calls)
        .then((l) => ({ user, licenses: only(l.items ?? []) }), (error) => ({ user, error }))
        .then((holding) => settle({ holding }));
    };
    for (;;) {
      if (signal?.aborted) throw aborted(env);
      while (inFlight < concurrency && queue.length > 0) start(queue.shift());
      // The next page while half of this one is still waiting, so that the listings never
      // wait for it: at most one and a half pages are read ahead of a slow consumer.
      if (!last && !paging && queue.length <= Math.max(concurrency, pageLength / 2)) {
        paging = true;
        pages.next().then((r) => settle({ r }), (pageError) => settle({ pageError }));
      }
      if (inFlight === 0 && !paging && settled.length === 0) break;
      while (settled.length === 0) await new Promise((resolve) => (wake = resolve));
      const next = settled.shift();
      if (signal?.aborted) throw aborted(env);
      if (next.pageError !== undefined) throw next.pageError;
      if (next.r !== undefined) {
        paging = false;
        const items = next.r.done ? [] : (next.r.value.items ?? []);
        last = next.r.done || !next.r.value.links?.next;
        pageLength = items.length;
        for (const u of items) {
          // A user seen on an earlier page (users changed while paging) is read once.
          if (seen.has(u.id)) continue;
          seen.add(u.id);
          queue.push(u);
          listed += 1;
        }
        progress({ phase: 'users', done: listed, total: last ? listed : undefined });
        continue;
      }
      inFlight -= 1;
      done += 1;
      progress({ phase: 'licenses', done, total: last && queue.length === 0 ? listed : undefined });
      yield next.holding;
    }
  } catch (e) {
    if (signal?.aborted) throw aborted(env);
    throw e;
  } finally {
    signal?.removeEventListener('abort', stop);
    inner.abort();
    pages?.return?.().catch(() => {});
  }
}

/** `client.holdings(customerId, options)`: an async iterable of `UserHolding`. */
export async function* holdings(client, customerId, options, env) {
  await load(env);
  const run = new Inventory();
  try {
    yield* read(client, customerId, options, env, run);
  } finally {
    run.free();
  }
}

/** The slim user the core reads. */
const slimUser = (u) => JSON.stringify({ id: u.id, userPrincipalName: u.userPrincipalName });

/**
 * `client.inventory(customerId, options)`: the holdings folded by the core. On abort it
 * rejects with the `aborted` error, whose `partial` holds the inventory of what was read.
 */
export async function inventory(client, customerId, options, env) {
  await load(env);
  const run = new Inventory();
  const errors = [];
  const keep = (e) => errors.push(e) - 1;
  const finish = () => {
    const out = JSON.parse(run.finish());
    for (const f of out?.failed ?? []) f.error = errors[f.error];
    return out;
  };
  try {
    try {
      for await (const h of read(client, customerId, options, env, run)) {
        const user = slimUser(h.user);
        if (h.error !== undefined) {
          run.fail(user, keep(h.error));
        } else {
          const failed = run.add(user, JSON.stringify(h.licenses.map(slimLicense)));
          if (failed) run.fail(user, keep(toError(env, JSON.parse(failed))));
        }
      }
    } catch (e) {
      if (e instanceof env.PartnerCenterError && e.kind === 'aborted') {
        const partial = finish();
        if (partial !== null) e.partial = partial;
      }
      throw e;
    }
    return finish();
  } finally {
    run.free();
  }
}
