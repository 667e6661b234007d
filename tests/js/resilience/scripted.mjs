// Shared by the resilience tests (not a test file itself): ids, a scripted HTTP server, a
// client with short retry delays, and the rejection of a call.
import assert from 'node:assert/strict';
import http from 'node:http';
import { LicenseClient } from '../../../pkg/index.node.mjs';

export const CUSTOMER = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
export const USER = 'ada@contoso.onmicrosoft.com';
export const SKU = '6fd2c87f-b296-42f0-b197-1e91e994b900';
export const TOKEN = 'SECRET-TOKEN-c0ffee';

export const EMPTY = JSON.stringify({ totalCount: 0, items: [], attributes: { objectType: 'Collection' } });

/** A server answering each request with `script(n, req)` -> { status, headers, body } or
 *  'hang' (never answers). Records requests; `closed()`: how many connections have closed. */
export async function scripted(script) {
  const requests = [];
  let closed = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body, at: performance.now() });
      const r = script(requests.length, req);
      if (r === 'hang') return;
      res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) });
      res.end(r.body ?? '');
    });
  });
  server.on('connection', (socket) => socket.once('close', () => { closed += 1; }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref(); // a test that fails before close() must not keep the process alive
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    closed: () => closed,
    close: () => { server.closeAllConnections(); return new Promise((r) => server.close(r)); },
  };
}

export const ok = () => ({ status: 200, body: EMPTY });
export const client = (url, extra = {}) =>
  new LicenseClient({ baseUrl: url, token: TOKEN, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...extra });

export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('the call did not reject');
}
