// The emulator's own admin endpoints (not part of Partner Center): a test token, the
// seeded customers and users, and fault injection. The real service has none of these;
// a real app would get its token from Entra ID (e.g. @azure/identity) instead.

/**
 * @param {string} path
 * @param {RequestInit} init
 * @param {(entry: import('./log.js').LogEntry) => void} log
 */
async function call(path, init, log) {
  const started = performance.now();
  let res;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
  } catch (err) {
    log({ method: init.method ?? 'GET', path, status: 'network', durationMs: performance.now() - started, source: 'emulator' });
    throw new Error(`The emulator did not answer ${path}: ${err}`);
  }
  log({
    method: init.method ?? 'GET',
    path,
    status: res.status,
    durationMs: performance.now() - started,
    requestId: undefined,
    source: 'emulator',
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`The emulator answered ${res.status} to ${path}`);
  return text ? JSON.parse(text) : null;
}

/** `GET /emulator/state`: partners, customers and users, and the SKUs with units. */
export function getState(log) {
  return call('/emulator/state', { method: 'GET' }, log);
}

/**
 * `POST /emulator/token`: a test App+User token for `partner`. Only the token string is
 * returned; the page never shows or logs it.
 */
export async function getToken(partner, kind, log) {
  const body = await call(
    '/emulator/token',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ partner, kind }) },
    log,
  );
  const token = typeof body === 'string' ? body : (body?.token ?? body?.accessToken ?? body?.access_token);
  if (typeof token !== 'string' || token === '') throw new Error('The emulator returned no token');
  return token;
}

/**
 * `PUT /emulator/faults`: when `on`, every Partner Center call is answered 429 with
 * `Retry-After: retryAfterSeconds`; when off, no faults.
 */
export function setThrottling(on, retryAfterSeconds, log) {
  const faults = on ? { rate: 1, kinds: ['429'], retryAfterSeconds } : { rate: 0 };
  return call(
    '/emulator/faults',
    { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) },
    log,
  );
}
