// Bulk work on demand: `client.reconcile(...)` and `parsePlanCsv(text)`.
//
// This file and the wasm module it loads (pkg/dist/pcl_bulk*, built by scripts/build-bulk.sh)
// are only fetched by a page that reconciles: the package's entries reach them through a
// dynamic `import()`. The planning is the Rust core's (src/plan/session.rs, run here
// step by step through synchronous calls); this driver does the I/O with the client's
// public methods only (listSubscribedSkus, listLicenses, updateLicenses), so every request
// goes through the client's call path (retries, timeouts, token, events).
//
// `env` = { PartnerCenterError, wasm }: the package's error class, and what to hand to the
// wasm-bindgen glue's `init({ module_or_path })` on first use: a URL, a Response or its
// promise (browsers; `undefined` finds the .wasm beside the glue), the bytes or a compiled
// WebAssembly.Module (Node), or a function returning one of those (called once, on first use).
import init, { Run, abortedError, inputError, parsePlanCsv as parseCsv } from '../dist/pcl_bulk.js';

const BOTH = ['Group1', 'Group2'];

let ready;

/** Loads and instantiates the bulk module once (a failed load is retried on the next use). */
function load(env) {
  if (!ready) {
    const source = typeof env?.wasm === 'function' ? env.wasm() : env?.wasm;
    ready = init({ module_or_path: source });
    ready.catch(() => {
      ready = undefined;
    });
  }
  return ready;
}

/** A `PartnerCenterError` from the fields the core computed. */
function toError(env, fields) {
  return new env.PartnerCenterError(fields.message, fields);
}

/** The value of `{"ok": value}`, or throws the `{"error": fields}`. */
function unwrap(env, json) {
  const out = JSON.parse(json);
  if (out.error) throw toError(env, out.error);
  return out.ok;
}

function invalid(env, field, message) {
  return toError(env, JSON.parse(inputError(field, message)).error);
}

const UNREADABLE = 'cannot be read as JSON data (does it hold a cycle or a BigInt?)';

/** `JSON.stringify(value)`, `"null"` for undefined / null / functions. */
function jsonText(env, field, value) {
  if (value === undefined || value === null) return 'null';
  let text;
  try {
    text = JSON.stringify(value);
  } catch {
    throw invalid(env, field, UNREADABLE);
  }
  return text ?? 'null';
}

function isSignal(s) {
  return s !== null && typeof s === 'object' && typeof s.aborted === 'boolean' && typeof s.addEventListener === 'function';
}

/** Only what the planner reads of a subscribed SKU and of a license (less text to cross). */
const slimPlans = (plans) => (plans ?? []).map((p) => ({ id: p.id, serviceName: p.serviceName }));
const slimSku = (s) => ({
  availableUnits: s.availableUnits,
  productSku: { id: s.productSku.id, skuPartNumber: s.productSku.skuPartNumber, licenseGroupId: s.productSku.licenseGroupId },
  servicePlans: slimPlans(s.servicePlans),
});
const slimLicense = (l) => ({ productSku: { id: l.productSku.id }, servicePlans: (l.servicePlans ?? []).map((p) => ({ id: p.id })) });

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
 * see docs/bulk.md and `ReconcileReport` in pkg/index.d.ts.
 */
export async function reconcile(client, customerId, desired, options, env) {
  await load(env);
  const started = Date.now();
  let onProgress;
  let signal;
  try {
    if (options !== null && typeof options === 'object') ({ onProgress, signal } = options);
  } catch {
    // A throwing getter or proxy: JSON.stringify of the options fails below and names them.
  }
  if (onProgress !== undefined && onProgress !== null && typeof onProgress !== 'function') {
    throw invalid(env, 'onProgress', 'must be a function');
  }
  const run = new Run();
  try {
    let plain;
    try {
      plain = desired instanceof Map ? Object.fromEntries(desired) : desired;
    } catch {
      throw invalid(env, 'desired', UNREADABLE);
    }
    unwrap(env, run.start(typeof customerId === 'string' ? customerId : undefined, jsonText(env, 'desired', plain), jsonText(env, 'options', options)));
    // The same test as the client's own calls (an AbortSignal of any realm).
    signal ??= undefined;
    if (signal !== undefined && !isSignal(signal)) throw invalid(env, 'signal', 'must be an AbortSignal');
    const concurrency = run.concurrency;
    const stopIfAborted = () => {
      // A new run picks up where this one stopped, and changes nothing twice.
      if (signal?.aborted) throw toError(env, JSON.parse(abortedError()).error);
    };

    const skus = await client.listSubscribedSkus(customerId, { licenseGroups: BOTH, signal });
    const users = unwrap(env, run.resolve(JSON.stringify((skus.items ?? []).map(slimSku))));

    const errors = [];
    const keep = (e) => errors.push(e) - 1;
    let done = 0;
    const progress = (phase, total) => {
      done += 1;
      if (onProgress) {
        try {
          onProgress({ phase, done, total });
        } catch {
          // A throwing callback is ignored.
        }
      }
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
