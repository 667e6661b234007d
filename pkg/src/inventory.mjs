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
 * Without `sink` (holdings) they are yielded in batches (what settled since the last one),
 * and no license listing starts while the consumer has not asked for the next batch: what is
 * read ahead is bounded by one and a half pages of users plus `concurrency` holdings. With
 * `sink` (inventory, whose consumer never waits) each holding is handed to `sink` as it
 * settles and the next listing starts at once, as in a plain pool: the loop below only
 * wakes for pages and the end, and nothing is yielded. At most `concurrency` license
 * listings are in flight either way. `run` is a bulk-module `Inventory`, started here.
 */
async function* read(client, customerId, options, env, run, sink) {
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
    // What has settled (holdings, pages; with `sink`, only pages and wake-ups), in order;
    // `wake` resolves the loop's wait. (Not Promise.race: each race would add a reaction to
    // every pending call.)
    let settled = [];
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
    // The next page while half of this one is still waiting, so that the listings never
    // wait for it: at most one and a half pages are read ahead of a slow consumer.
    const pageDue = () => !last && !paging && queue.length <= Math.max(concurrency, pageLength / 2);
    const landed = (holding) => {
      inFlight -= 1;
      done += 1;
      progress({ phase: 'licenses', done, total: last && queue.length === 0 ? listed : undefined });
    };
    // `sink`: a holding goes on at once, and the next user's listing starts in its place.
    let open = true;
    const arrive = (holding) => {
      // The run ended (a page failed) or is being aborted: what lands now is not read.
      if (!open) return;
      if (inner.signal.aborted) {
        settle({});
        return;
      }
      landed(holding);
      sink(holding);
      if (queue.length > 0) start(queue.shift());
      if ((inFlight === 0 && queue.length === 0) || pageDue()) settle({});
    };
    const start = (user) => {
      inFlight += 1;
      client
        .listLicenses(customerId, user.id, calls)
        .then((l) => ({ user, licenses: only(l.items ?? []) }), (error) => ({ user, error }))
        .then(sink ? arrive : (holding) => settle({ holding }));
    };
    try {
      for (;;) {
        if (signal?.aborted) throw aborted(env);
        while (inFlight < concurrency && queue.length > 0) start(queue.shift());
        if (pageDue()) {
          paging = true;
          pages.next().then((r) => settle({ r }), (pageError) => settle({ pageError }));
        }
        if (inFlight === 0 && !paging && settled.length === 0) break;
        while (settled.length === 0) await new Promise((resolve) => (wake = resolve));
        if (signal?.aborted) throw aborted(env);
        const arrived = settled;
        settled = [];
        const batch = [];
        for (const next of arrived) {
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
          } else if (next.holding !== undefined) {
            landed(next.holding);
            batch.push(next.holding);
          }
        }
        if (batch.length > 0) yield batch;
      }
    } finally {
      open = false;
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
    for await (const batch of read(client, customerId, options, env, run)) yield* batch;
  } finally {
    run.free();
  }
}

/**
 * `client.inventory(customerId, options)`: the holdings folded by the core, handed over in
 * one crossing at the end (`Inventory.addAll`: one JSON text of the slim users and licenses,
 * not one call per user). On abort it rejects with the `aborted` error, whose `partial`
 * holds the inventory of what was read.
 */
export async function inventory(client, customerId, options, env) {
  await load(env);
  const run = new Inventory();
  const errors = [];
  const keep = (e) => errors.push(e) - 1;
  // What was read, as the core reads it: `{ id, userPrincipalName, licenses | error }`.
  const entries = [];
  const finish = () => {
    if (entries.length > 0) {
      const refused = unwrap(env, run.addAll(new TextEncoder().encode(JSON.stringify(entries))));
      for (const [i, fields] of refused) {
        const { id, userPrincipalName } = entries[i];
        run.fail(JSON.stringify({ id, userPrincipalName }), keep(toError(env, fields)));
      }
    }
    const out = JSON.parse(run.finish());
    for (const f of out?.failed ?? []) f.error = errors[f.error];
    return out;
  };
  try {
    try {
      const sink = ({ user, licenses, error }) => {
        const entry = { id: user.id, userPrincipalName: user.userPrincipalName };
        if (error !== undefined) entry.error = keep(error);
        else entry.licenses = licenses.map(slimLicense);
        entries.push(entry);
      };
      for await (const _ of read(client, customerId, options, env, run, sink));
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
