// Bulk work on demand: `client.reconcile(...)` and `parsePlanCsv(text)`.
//
// This file and the wasm module it loads (pkg/dist/pcl_bulk*, built by scripts/build-bulk.sh)
// are only fetched by a page that reconciles: the package's entries reach them through a
// dynamic `import()`. The planning is the Rust core's (src/plan/session.rs, run here
// step by step through synchronous calls); this driver does the I/O with the client's
// public methods only (listUsers for a plan's every-user row, listSubscribedSkus,
// listLicenses, updateLicenses), so every request
// goes through the client's call path (retries, timeouts, token, events).
//
// `env` = { PartnerCenterError, wasm }: see bulk-shared.mjs. The inventory driver
// (`holdings`, `inventory`) is inventory.mjs, bundled into the same file.
import { Run, checkUsers, nextPage as checkLink, parsePlanCsv as parseCsv, usersPage as firstPage } from '../dist/pcl_bulk.js';
import { UNREADABLE, aborted, callbacks, invalid, jsonText, load, slimLicense, slimSku, toError, unwrap } from './bulk-shared.mjs';

export { holdings, inventory } from './inventory.mjs';

const BOTH = ['Group1', 'Group2'];

/**
 * The users calls' work that the client `.wasm` leaves out (wasm/bulk/src/users.rs), so
 * `listUsers` and `getUser` load this module on first use. `usersPage`: the first page from
 * the `listUsers` options (`customerId` a string or `undefined`, `options` their JSON text or
 * `undefined`), the input of the client's users-page call (bad arguments throw its
 * `invalidInput` error).
 */
export async function usersPage(customerId, options, env) {
  await load(env);
  return unwrap(env, firstPage(customerId, options));
}

/** The check of a users body (`one`: getUser's single user), once loaded: `''` or why not. */
export async function usersCheck(one, env) {
  await load(env);
  return (bytes) => checkUsers(bytes, one);
}

/** A users page's `links.next`, checked: the input of the client's next-page call. */
export async function nextPage(baseUrl, customerId, link, env) {
  await load(env);
  return unwrap(env, checkLink(baseUrl, String(customerId), jsonText(env, 'links.next', link)));
}

/** Runs `work(0..count)`, at most `concurrency` at a time; stops taking items once aborted. */
async function pool(concurrency, count, signal, work) {
  let next = 0;
  const worker = async () => {
    while (next < count && !signal?.aborted) {
      await work(next++);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * `client.reconcile(customerId, desired, { dryRun, concurrency, onProgress, signal })`:
 * see docs/bulk.md and `ReconcileReport` in pkg/reports.d.ts.
 */
export async function reconcile(client, customerId, desired, options, env) {
  await load(env);
  const started = Date.now();
  const { signal, progress: tell } = callbacks(env, options);
  const run = new Run();
  try {
    let plain;
    try {
      plain = desired instanceof Map ? Object.fromEntries(desired) : desired;
    } catch {
      throw invalid(env, 'desired', UNREADABLE);
    }
    unwrap(env, run.start(typeof customerId === 'string' ? customerId : undefined, jsonText(env, 'desired', plain), jsonText(env, 'options', options)));
    const concurrency = run.concurrency;
    const stopIfAborted = () => {
      // A new run picks up where this one stopped, and changes nothing twice.
      if (signal?.aborted) throw aborted(env);
    };

    if (run.needsUsers) {
      // The every-user row (`*`): one row per user of the customer not named otherwise.
      const listed = [];
      for await (const u of client.listUsers(customerId, { signal })) listed.push({ id: u.id, userPrincipalName: u.userPrincipalName });
      unwrap(env, run.everyUser(JSON.stringify(listed)));
    }
    const skus = await client.listSubscribedSkus(customerId, { licenseGroups: BOTH, signal });
    const users = unwrap(env, run.resolve(JSON.stringify((skus.items ?? []).map(slimSku))));

    const errors = [];
    const keep = (e) => errors.push(e) - 1;
    let done = 0;
    const progress = (phase, total) => {
      done += 1;
      tell({ phase, done, total });
    };

    // 1. Read every user's licenses (both groups).
    await pool(concurrency, users.length, signal, async (i) => {
      try {
        const licenses = await client.listLicenses(customerId, users[i], { licenseGroups: BOTH, signal });
        const failed = run.read(i, JSON.stringify((licenses.items ?? []).map(slimLicense)));
        if (failed) run.readFailed(i, keep(toError(env, JSON.parse(failed))));
      } catch (e) {
        run.readFailed(i, keep(e));
      }
      progress('read', users.length);
    });
    stopIfAborted();

    // 2. Plan from what was read; 3. send every free update, then every assign update.
    const plan = JSON.parse(run.plan());
    if (plan.apply) {
      done = 0;
      const total = plan.updates.length;
      for (const phase of ['free', 'assign']) {
        const indexes = [];
        plan.updates.forEach((u, i) => u.phase === phase && indexes.push(i));
        await pool(concurrency, indexes.length, signal, async (k) => {
          const i = indexes[k];
          const { user, update } = plan.updates[i];
          try {
            await client.updateLicenses(customerId, user, update, { signal });
            run.applied(i, undefined);
          } catch (e) {
            run.applied(i, keep(e));
          }
          progress('apply', total);
        });
        stopIfAborted();
      }
    }

    const report = JSON.parse(run.finish(Date.now() - started));
    for (const line of report.users) {
      if (line.error !== undefined) line.error = errors[line.error];
    }
    return report;
  } finally {
    run.free();
  }
}

/** `parsePlanCsv(text)` → the desired licenses of a CSV plan file (docs/bulk.md). */
export async function parsePlanCsv(text, env) {
  await load(env);
  if (typeof text !== 'string') throw invalid(env, 'text', 'must be a string');
  return unwrap(env, parseCsv(text));
}
