// In the page of bench/per-call-browser.mjs: `listLicenses` through the package's browser entry
// vs `fetch` + `JSON.parse` and the signal baseline (bench/raw.mjs, served as /raw.mjs), against
// the emulator (another origin: CORS, as an app calling Partner Center would). A page's
// `performance.now()` is coarsened without cross-origin isolation (100 µs in Chromium, 1 ms in
// Firefox: measured here first), so calls are timed in blocks of the same kind, each running
// calls until it lasts 50 timer steps (the clamp ≤ 2 % of it), the order of the three rotating
// block by block; per-call time = block / its calls, p50 over blocks. Parameters come in the URL fragment (JSON); the result
// goes to `globalThis.__pcl` ({ done, result } or { done, error }), which the driver polls.

const p = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const now = () => performance.now();
const quantile = (values, q) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

/** The smallest step `performance.now()` makes, over ~50 ms of spinning. */
function timerStep() {
  let step = Infinity;
  let last = now();
  const end = last + 50;
  for (let t = last; t < end; t = now()) {
    if (t !== last) {
      step = Math.min(step, t - last);
      last = t;
    }
  }
  return step;
}

async function main() {
  const { LicenseClient } = await import(`/pkg/${p.entry}`);
  const { rawGetJson } = await import('/raw.mjs');
  const client = new LicenseClient({ baseUrl: p.emulator, token: p.token });
  const rawUrl = `${p.emulator}/v1/customers/${p.customer}/users/${p.user}/licenses`;
  const fns = {
    pkg: () => client.listLicenses(p.customer, p.user),
    raw: () => rawGetJson(rawUrl, p.token),
    signal: () => rawGetJson(rawUrl, p.token, { signal: true }),
  };
  const keys = Object.keys(fns);
  const answers = await Promise.all(keys.map((k) => fns[k]()));
  if (answers[0].items.length === 0) throw new Error('no licenses listed');
  if (new Set(answers.map((a) => JSON.stringify(a))).size !== 1) throw new Error('the package and the raw fetches disagree');
  for (let i = 0; i < p.warmup; i++) for (const k of keys) await fns[k]();
  const step = timerStep();
  const blockMs = 50 * step; // the clamp is ≤ 2 % of a block
  const t = Object.fromEntries(keys.map((k) => [k, []]));
  let calls = 0;
  const end = now() + p.budgetMs;
  for (let b = 0; b < p.blocks && now() < end; b++) {
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(b + j) % keys.length];
      const s = now();
      let n = 0;
      let elapsed;
      do {
        await fns[k]();
        n++;
        elapsed = now() - s;
      } while (elapsed < blockMs);
      t[k].push(elapsed / n);
      calls += n;
    }
  }
  client.free();
  const blocks = t.pkg.length;
  const result = { userAgent: navigator.userAgent, timerStepMs: step, callsPerBlock: calls / (blocks * keys.length), blocks };
  for (const k of keys) result[`${k}P50Ms`] = quantile(t[k], 0.5);
  return result;
}

globalThis.__pcl = { done: false };
main().then(
  (result) => { globalThis.__pcl = { done: true, result }; },
  (e) => { globalThis.__pcl = { done: true, error: `${e?.name ?? 'Error'}: ${e?.message ?? e}` }; },
);
