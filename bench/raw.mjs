// The raw baselines every benchmark compares the package with, in Node and in a browser page
// (bench/per-call-browser.mjs serves this file): `fetch` + `text()` + `JSON.parse` with the
// package's headers, and, with `{ signal: true }`, the floor of a client that can cancel a
// timed-out attempt: the same request under a per-request AbortController and timeout timer.
// No Node-only imports beyond the random UUIDs (node:crypto's where there is one, as before).

const randomUUID = globalThis.process?.versions?.node
  ? (await import('node:crypto')).randomUUID
  : () => globalThis.crypto.randomUUID();

/** The package's per-attempt timeout when none is given (src/retry/options.rs `DEFAULT_TIMEOUT_MS`). */
export const ATTEMPT_TIMEOUT_MS = 30_000;

/** The headers the package sends (src/endpoint/mod.rs), so the baseline does the same work. */
export function rawHeaders(token, body = false) {
  const h = {
    Authorization: `Bearer ${token}`,
    Accept: 'application/json',
    'MS-RequestId': randomUUID(),
    'MS-CorrelationId': randomUUID(),
    'MS-Contract-Version': 'v1',
    'MS-PartnerCenter-Client': 'partner-center-licenses/0.1.0',
  };
  if (body) h['Content-Type'] = 'application/json';
  return h;
}

/**
 * The signal baseline, the one implementation of it: `run(signal)` under a fresh
 * AbortController whose timer aborts it after `ATTEMPT_TIMEOUT_MS`, the timer cleared once
 * `run` settles (after the body is read), as the package's driver does for each attempt
 * (pkg/src/timers.mjs `Attempt`). The platform's cost of a cancellable attempt.
 */
export async function underAttemptSignal(run) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ATTEMPT_TIMEOUT_MS);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** `options.signal`: run under `underAttemptSignal`; otherwise the bare request, no extra frame. */
const attempt = (options, run) => (options?.signal ? underAttemptSignal(run) : run(undefined));

/**
 * The baseline GET: `fetch` + `text()` + `JSON.parse`, throwing on a non-2xx.
 * `options.signal`: the signal baseline; `options.headers`: more headers (a page link's).
 */
export function rawGetJson(url, token, options) {
  return attempt(options, async (signal) => {
    const headers = rawHeaders(token);
    if (options?.headers) Object.assign(headers, options.headers);
    const r = await fetch(url, signal ? { headers, signal } : { headers });
    const text = await r.text();
    if (!r.ok) throw new Error(`GET ${url}: ${r.status}`);
    return JSON.parse(text);
  });
}

/** The baseline POST of a JSON body (`options.signal` as for `rawGetJson`). */
export function rawPostJson(url, token, body, options) {
  return attempt(options, async (signal) => {
    const init = { method: 'POST', headers: rawHeaders(token, true), body: JSON.stringify(body) };
    if (signal) init.signal = signal;
    const r = await fetch(url, init);
    const text = await r.text();
    if (r.status !== 200 && r.status !== 201) throw new Error(`POST ${url}: ${r.status} ${text.slice(0, 200)}`);
    return JSON.parse(text);
  });
}
