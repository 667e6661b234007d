// Shared pieces of the benchmarks: the built package, the emulator, the raw-fetch baseline
// and the statistics. Every benchmark measures the BUILT package (pkg/, from
// scripts/build-pkg.sh) against a plain JavaScript baseline in the same process, interleaved,
// and reports ratios: these machines are noisy, absolute times are not comparable across runs.
import { rawPostJson } from './raw.mjs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The package, as an app would import it (ESM entry for Node); `dir` (or `PCL_PKG_DIR`) picks another build of pkg/. */
export async function loadPackage(dir = process.env.PCL_PKG_DIR || path.join(ROOT, 'pkg')) {
  return import(path.join(dir, 'index.node.mjs'));
}

/** Seed ids (docs/emulator.md). */
export const SEED = {
  contoso: '0c39d6d5-c70d-4c55-bc02-f620844f3fd1',
  grace: '482e2152-4b49-48ec-b715-823365ce3d4c',
  office365E3: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  powerBiPro: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
  /** `user0001` … `user1200`: no licenses at start. */
  generatedUser: (n) => `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
};

export { emulatorBinary, startEmulator } from '../tests/js/emulator.mjs';

// The raw baselines (bare, and under a per-request AbortController + timer: `{ signal: true }`).
export { ATTEMPT_TIMEOUT_MS, rawGetJson, rawHeaders, rawPostJson, underAttemptSignal } from './raw.mjs';

export const now = () => performance.now();

/**
 * Times `a` and `b` side by side, `iterations` times each, alternating which goes first
 * (so neither always runs warm or cold); `between` (optional) runs after each pair.
 * Returns the two lists of durations in ms.
 */
export async function interleave(iterations, a, b, between) {
  const timesA = [];
  const timesB = [];
  for (let i = 0; i < iterations; i++) {
    const order = i % 2 === 0 ? [[a, timesA], [b, timesB]] : [[b, timesB], [a, timesA]];
    for (const [fn, into] of order) {
      const t0 = now();
      await fn();
      into.push(now() - t0);
    }
    if (between) await between();
  }
  return [timesA, timesB];
}

/**
 * Times each of `fns` (an object of async functions) `iterations` times, the order rotating
 * every iteration (so none always runs first or last), after `warm` untimed rounds of all.
 * Returns an object of the same keys: each function's durations in ms.
 */
export async function rotate(fns, iterations, warm = 0) {
  const keys = Object.keys(fns);
  for (let i = 0; i < warm; i++) for (const k of keys) await fns[k]();
  const t = Object.fromEntries(keys.map((k) => [k, []]));
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(i + j) % keys.length];
      const t0 = now();
      await fns[k]();
      t[k].push(now() - t0);
    }
  }
  return t;
}

/** The q-quantile (0..1) of numbers (nearest rank). */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export const median = (values) => quantile(values, 0.5);

/** Command-line `--name value` options, with numeric defaults. */
export function args(defaults) {
  const out = { ...defaults };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const m = a[i].match(/^--([\w-]+)$/);
    if (!m) continue;
    const key = m[1].replace(/-(\w)/g, (_, c) => c.toUpperCase());
    const v = a[i + 1];
    i++;
    out[key] = typeof defaults[key] === 'number' ? Number(v) : v;
  }
  return out;
}

/** Prints one machine-readable result line (the runner collects the last one). */
export function report(result) {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

/** Runs `fn(i)` for i in 0..count with at most `concurrency` in flight. */
export async function pool(count, concurrency, fn) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Assigns Office 365 E3 to Contoso's generated users 1..`count` (8 at a time), so the
 *  inventory benchmarks read licensed users; the seed's one user without a usage location is
 *  refused and stays unlicensed. */
export async function licenseGeneratedUsers(client, count) {
  await pool(count, 8, (i) =>
    client.assignLicenses(SEED.contoso, SEED.generatedUser(i + 1), [{ skuId: SEED.office365E3 }]).catch(() => {}));
}

/** `POST /emulator/reset`: the seed state again. */
export async function resetEmulator(url) {
  const r = await fetch(`${url}/emulator/reset`, { method: 'POST' });
  if (!r.ok) throw new Error(`reset: ${r.status}`);
}

// The bodies the package sends, byte for byte (it adds `attributes`, as the reference does).
const UPDATE = { attributes: { objectType: 'LicenseUpdate' } };

/** The raw loop's unit of bulk work: assign `sku` to `user`, then remove it (two POSTs);
 *  `options.signal`: each POST under its own AbortController + timer (the signal baseline). */
export async function rawAssignRemove(url, token, user, sku, options) {
  const u = `${url}/v1/customers/${SEED.contoso}/users/${user}/licenseupdates`;
  await rawPostJson(u, token, { licensesToAssign: [{ skuId: sku }], ...UPDATE }, options);
  await rawPostJson(u, token, { licensesToRemove: [sku], ...UPDATE }, options);
}

/** Updates/s of `fn(user)` over `users`, `concurrency` at a time, from the seed state. */
export async function updateRate(url, users, concurrency, fn) {
  await resetEmulator(url);
  const t0 = now();
  await pool(users.length, concurrency, (i) => fn(users[i]));
  return (2 * users.length) / ((now() - t0) / 1000);
}

/**
 * A pool fed by pages: `feed(push)` pushes items as its pages land and resolves when the
 * last is read; `concurrency` workers run `fn(item)` on each item once, waiting while the
 * queue is empty and the feed is still reading.
 */
export async function drainPages(feed, concurrency, fn) {
  const queue = [];
  let listing = true;
  const waiting = [];
  const wake = () => waiting.splice(0).forEach((resolve) => resolve());
  const feeding = (async () => {
    try {
      await feed((items) => {
        queue.push(...items);
        wake();
      });
    } finally {
      listing = false;
      wake();
    }
  })();
  const worker = async () => {
    for (;;) {
      const item = queue.shift();
      if (item === undefined) {
        if (!listing) return;
        await new Promise((resolve) => waiting.push(resolve));
        continue;
      }
      await fn(item);
    }
  };
  await Promise.all([feeding, ...Array.from({ length: concurrency }, worker)]);
}
