// Who holds what: `client.holdings(customerId, options)` and `client.inventory(customerId,
// options)` (docs/bulk.md, "Inventory"). Bundled with bulk.mjs and loaded with it on first
// use. The options are checked and the inventory is built by the Rust core
// (src/inventory/, through the bulk module's `Inventory`); this driver does the I/O with the
// client's public methods only (listSubscribedSkus, listUsers, listLicenses), so every
// request takes the client's call path (retries, timeouts, the pacing gate, token, events).
//
// Three pieces: `begin` (options, SKUs, the users' pages), `pager` (the users not
// seen before, a page fetched only when needed) and `pool` (at most `concurrency` license
// listings in flight). `inventory` runs the pool flat out; `holdings` lets a listing start
// only while its consumer is waiting (back-pressure).
import { Inventory } from '../dist/pcl_bulk.js';
import { aborted, callbacks, jsonText, load, slimLicense, slimSku, toError, unwrap } from './bulk-shared.mjs';

/**
 * The users of `pages` (the async iterator of `listUsers(...).pages()`), each once (a user
 * seen on an earlier page, as users change while paging, is skipped). The next page is
 * fetched once at most half a page (or `concurrency`) of listed users is waiting: early
 * enough that the listings do not wait for it, so at most one and a half pages are read
 * ahead. `take()` gives a waiting user or `undefined`; `more()` waits for the next page
 * (and rejects with its error); `total()` is the number of users once every page is read
 * and every user taken (`undefined` until then).
 */
function pager(pages, concurrency, progress) {
  const queue = [];
  const seen = new Set();
  let paging = null;
  let failed = null;
  let last = false;
  let pageLength = 0;
  const users = {};
  const landed = (r) => {
    paging = null;
    const page = r.done ? undefined : r.value;
    last = !page?.links?.next;
    const items = page?.items ?? [];
    pageLength = items.length;
    for (const u of items) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      queue.push(u);
    }
    progress({ phase: 'users', done: seen.size, total: last ? seen.size : undefined });
  };
  users.total = () => (last && queue.length === 0 ? seen.size : undefined);
  users.take = () => {
    if (failed !== null) throw failed;
    const user = queue.shift();
    if (!last && paging === null && queue.length <= Math.max(concurrency, pageLength / 2)) {
      paging = pages.next().then(landed, (e) => (failed = e));
    }
    return user;
  };
  users.more = async () => {
    await paging;
    if (failed !== null) throw failed;
  };
  users.stop = () => pages.return?.().catch(() => {});
  return users;
}

/**
 * `concurrency` workers, each taking the next user and handing `sink` its holding (`{ user,
 * licenses }` or `{ user, error }`) once its licenses are listed (counted for the progress).
 * Before each listing a worker awaits `demand()` when it returns a promise (holdings: until
 * the consumer asks). Stops once the run's signal aborts; what lands after that is dropped.
 * Rejects when a page of users fails.
 */
async function pool(run, sink, demand = () => undefined) {
  const { users, signal } = run;
  const worker = async () => {
    for (;;) {
      const wait = demand();
      if (wait !== undefined) await wait;
      let user = signal.aborted ? undefined : users.take();
      while (user === undefined && users.total() === undefined && !signal.aborted) {
        await users.more();
        user = users.take();
      }
      if (user === undefined) return;
      const holding = await run.list(user);
      if (signal.aborted) return;
      run.count();
      sink(holding);
    }
  };
  await Promise.all(Array.from({ length: run.concurrency }, worker));
}

/**
 * A run's start: the options checked by the core (`core`, a bulk-module `Inventory`), the
 * SKUs listed and resolved, the users' pages opened. Its `signal` follows the caller's and
 * also stops what is in flight when the run ends early (`end()`: `break`, a failed page).
 */
async function begin(client, customerId, options, env, core) {
  await load(env);
  const { signal, progress } = callbacks(env, options);
  const opts = unwrap(env, core.start(typeof customerId === 'string' ? customerId : undefined, jsonText(env, 'options', options)));
  if (signal?.aborted) throw aborted(env);
  const inner = new AbortController();
  const stop = () => inner.abort();
  signal?.addEventListener('abort', stop, { once: true });
  const calls = { licenseGroups: opts.licenseGroups, signal: inner.signal };
  let done = 0;
  const run = {
    signal: inner.signal,
    concurrency: opts.concurrency,
    users: undefined,
    /** The outcome of the caller's abort, or `e`. */
    failure: (e) => (signal?.aborted ? aborted(env) : e),
    /** A holding landed: the progress of the licenses phase. */
    count() {
      done += 1;
      progress({ phase: 'licenses', done, total: run.users.total() });
    },
    end() {
      signal?.removeEventListener('abort', stop);
      inner.abort();
      run.users?.stop();
    },
  };
  try {
    const skus = await client.listSubscribedSkus(customerId, calls);
    const selected = new Set(unwrap(env, core.skus(JSON.stringify((skus.items ?? []).map(slimSku)))));
    const only = opts.skus.length > 0 ? (items) => items.filter((l) => selected.has(l.productSku.id.toLowerCase())) : (items) => items;
    run.list = (user) =>
      client.listLicenses(customerId, user.id, calls).then((l) => ({ user, licenses: only(l.items ?? []) }), (error) => ({ user, error }));
    const pages = client.listUsers(customerId, { pageSize: opts.pageSize, signal: inner.signal }).pages();
    run.users = pager(pages[Symbol.asyncIterator](), opts.concurrency, progress);
  } catch (e) {
    run.end();
    throw run.failure(e);
  }
  return run;
}

/**
 * `client.holdings(customerId, options)`: an async iterable of `UserHolding`. What settled
 * while the consumer was away is handed over as one batch, and a listing starts only while
 * the consumer waits for the next one: at most `concurrency` holdings are read ahead.
 */
export async function* holdings(client, customerId, options, env) {
  await load(env);
  const core = new Inventory();
  let run;
  let ready = [];
  let wake = null;
  let asking = false;
  const askers = [];
  const rouse = () => {
    wake?.();
    wake = null;
  };
  const ask = () => {
    asking = true;
    askers.splice(0).forEach((go) => go());
  };
  try {
    run = await begin(client, customerId, options, env, core);
    run.signal.addEventListener('abort', rouse, { once: true });
    const sink = (h) => {
      ready.push(h);
      asking = false;
      rouse();
    };
    const demand = () => (asking ? undefined : new Promise((go) => askers.push(go)));
    // `{ error }` when a page of users failed, `{}` when every user is read.
    let ended = null;
    pool(run, sink, demand).then(
      () => (ended = {}),
      (error) => (ended = { error }),
    ).finally(rouse);
    for (;;) {
      if (run.signal.aborted) throw aborted(env);
      if (ready.length > 0) {
        const batch = ready;
        ready = [];
        yield* batch;
      } else if (ended?.error !== undefined) throw ended.error;
      else if (ended !== null) return;
      else {
        const woken = new Promise((go) => (wake = go));
        ask();
        await woken;
      }
    }
  } catch (e) {
    throw run ? run.failure(e) : e;
  } finally {
    run?.end();
    ask(); // The workers waiting for demand see the abort and end.
    core.free();
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
  const core = new Inventory();
  const errors = [];
  const keep = (e) => errors.push(e) - 1;
  // What was read, as the core reads it: the JSON text of each `{ id, userPrincipalName,
  // licenses | error }`, written as it lands (while other listings are awaited, and the
  // slim copies are dropped at once).
  const entries = [];
  const finish = () => {
    if (entries.length > 0) {
      // The entries the core cannot read come back as errors, numbered on from ours.
      const text = `[${entries.join(',')}]`;
      const refused = unwrap(env, core.addAll(new TextEncoder().encode(text), errors.length));
      for (const fields of refused) keep(toError(env, fields));
    }
    const out = JSON.parse(core.finish());
    for (const f of out?.failed ?? []) f.error = errors[f.error];
    return out;
  };
  let run;
  try {
    run = await begin(client, customerId, options, env, core);
    await pool(run, ({ user, licenses, error }) => {
      const entry = { id: user.id, userPrincipalName: user.userPrincipalName };
      if (error !== undefined) entry.error = keep(error);
      else entry.licenses = licenses.map(slimLicense);
      entries.push(JSON.stringify(entry));
    });
    if (run.signal.aborted) throw aborted(env);
    return finish();
  } catch (e) {
    const out = run ? run.failure(e) : e;
    if (out instanceof env.PartnerCenterError && out.kind === 'aborted') {
      const partial = finish();
      if (partial !== null) out.partial = partial;
    }
    throw out;
  } finally {
    run?.end();
    core.free();
  }
}
