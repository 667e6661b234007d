// What the bulk drivers (bulk.mjs: reconcile; inventory.mjs: holdings, inventory) share:
// loading the bulk wasm module once, turning the core's error fields into the package's
// `PartnerCenterError`, and the checks the drivers make themselves.
//
// `env` = { PartnerCenterError, wasm }: the package's error class, and what to hand to the
// wasm-bindgen glue's `init({ module_or_path })` on first use: a URL, a Response or its
// promise (browsers; `undefined` finds the .wasm beside the glue), the bytes or a compiled
// WebAssembly.Module (Node), or a function returning one of those (called once, on first use).
import init, { abortedError, inputError } from '../dist/pcl_bulk.js';
import { isSignal } from './timers.mjs';

let ready;

/** Loads and instantiates the bulk module once (a failed load is retried on the next use). */
export function load(env) {
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
export function toError(env, fields) {
  return new env.PartnerCenterError(fields.message, fields);
}

/** The value of `{"ok": value}`, or throws the `{"error": fields}`. */
export function unwrap(env, json) {
  const out = JSON.parse(json);
  if (out.error) throw toError(env, out.error);
  return out.ok;
}

export function invalid(env, field, message) {
  return toError(env, JSON.parse(inputError(field, message)).error);
}

/** The `aborted` error, as the core words it. */
export function aborted(env) {
  return toError(env, JSON.parse(abortedError()).error);
}

export const UNREADABLE = 'cannot be read as JSON data (does it hold a cycle or a BigInt?)';

/** `JSON.stringify(value)`, `"null"` for undefined / null / functions. */
export function jsonText(env, field, value) {
  if (value === undefined || value === null) return 'null';
  let text;
  try {
    text = JSON.stringify(value);
  } catch {
    throw invalid(env, field, UNREADABLE);
  }
  return text ?? 'null';
}

/**
 * `{ onProgress, signal }` of a bulk call's options, checked (the rest of the options the
 * core checks). `progress(p)` calls `onProgress` and ignores what it throws.
 */
export function callbacks(env, options) {
  let onProgress;
  let signal;
  try {
    if (options !== null && typeof options === 'object') ({ onProgress, signal } = options);
  } catch {
    // A throwing getter or proxy: JSON.stringify of the options fails too and names them.
  }
  if (onProgress !== undefined && onProgress !== null && typeof onProgress !== 'function') {
    throw invalid(env, 'onProgress', 'must be a function');
  }
  signal ??= undefined;
  // The same test as the client's own calls (an AbortSignal of any realm).
  if (signal !== undefined && !isSignal(signal)) throw invalid(env, 'signal', 'must be an AbortSignal');
  const progress = (p) => {
    if (typeof onProgress !== 'function') return;
    try {
      onProgress(p);
    } catch {
      // A throwing callback is ignored.
    }
  };
  return { signal, progress };
}

/** Only what the core reads of a subscribed SKU and of a license (less text to cross). */
const slimPlans = (plans) => (plans ?? []).map((p) => ({ id: p.id, serviceName: p.serviceName }));
const slimProduct = (p) => ({ id: p.id, name: p.name, skuPartNumber: p.skuPartNumber, licenseGroupId: p.licenseGroupId });
export const slimSku = (s) => ({
  availableUnits: s.availableUnits,
  consumedUnits: s.consumedUnits,
  totalUnits: s.totalUnits,
  productSku: slimProduct(s.productSku),
  servicePlans: slimPlans(s.servicePlans),
});
export const slimLicense = (l) => ({
  productSku: slimProduct(l.productSku),
  servicePlans: (l.servicePlans ?? []).map((p) => ({ id: p.id })),
});
