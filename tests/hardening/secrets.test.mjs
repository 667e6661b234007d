// The token never leaves the Authorization header (issue 9, item 4): one run drives every
// path of the BUILT package against the emulator binary (and against a hostile server that
// echoes the token back in bodies and headers) with marker tokens, collects every error in
// every rendering, every event, everything printed to the console and the emulator's own
// log, and finds no marker anywhere, nor its base64.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { inspect } from 'node:util';
import { randomBytes } from 'node:crypto';
import { LicenseClient, PartnerCenterError } from '../../pkg/index.node.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONTOSO = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const ADA = '554526aa-cf5e-46fa-95df-98dbc55d8a1e';
const GRACE = '482e2152-4b49-48ec-b715-823365ce3d4c';
const O365_E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const UNKNOWN_CUSTOMER = '0c39d6d5-c70d-4c55-bc02-000000000000';
const MARKER = `MARKER-${randomBytes(12).toString('hex')}`;

/** Starts the emulator with its request log on (stderr), which the test reads. */
async function startEmulator() {
  const bin = ['release', 'debug'].map((p) => path.join(ROOT, 'target', p, 'partner-center-emulator')).find(existsSync);
  if (!bin) throw new Error('partner-center-emulator is not built: cargo build --release -p partner-center-emulator');
  const child = spawn(bin, ['--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = { out: '', err: '' };
  child.stderr.on('data', (d) => { log.err += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${log.err}`)), 20_000);
    child.stdout.on('data', (d) => {
      log.out += d;
      const m = /listening on (http:\/\/\S+)/.exec(log.out);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`emulator exited ${code}: ${log.err}`)); });
  });
  child.removeAllListeners('exit');
  const admin = async (method, p, body) => {
    const r = await fetch(url + p, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return JSON.parse(text);
  };
  return {
    url, log, admin,
    token: async (kind = 'app+user') => (await admin('POST', '/emulator/token', { partner: 'adatum', kind })).accessToken,
    faults: (config) => admin('PUT', '/emulator/faults', config),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }),
  };
}

/** A hostile server: it echoes the Authorization header into everything it can. */
async function echoServer() {
  const server = http.createServer((req, res) => {
    req.resume();
    const auth = req.headers.authorization ?? '';
    const token = auth.replace(/^Bearer /, '');
    const echo = { 'MS-RequestId': token, 'MS-CorrelationId': auth, 'Retry-After': token };
    const mode = new URL(req.url, 'http://x').pathname.split('/')[3];
    if (mode === '00000000-0000-4000-8000-000000000001') {
      res.writeHead(200, { 'content-type': 'text/html', ...echo });
      return res.end(`<html>Welcome ${auth} ${Buffer.from(auth).toString('base64')}</html>`);
    }
    if (mode === '00000000-0000-4000-8000-000000000002') {
      res.writeHead(401, { 'content-type': 'application/json', 'WWW-Authenticate': `Bearer ${token}`, ...echo });
      return res.end(JSON.stringify({ code: token, description: `token ${token} expired (${auth})`, data: [token], source: token }));
    }
    if (mode === '00000000-0000-4000-8000-000000000003') {
      res.writeHead(429, { 'content-type': 'application/json', ...echo });
      return res.end(JSON.stringify({ statusCode: 429, message: `Rate limit for ${token} exceeded. Try again in 1 seconds.` }));
    }
    res.writeHead(200, { 'content-type': 'application/json', ...echo });
    res.end(`{"totalCount":"${token}","items":[]}`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Base64 of `s` in its three alignments, each without the unstable first and last 4 chars. */
const base64Forms = (s) => [0, 1, 2].map((pad) => {
  const b = Buffer.from('x'.repeat(pad) + s).toString('base64').replace(/=+$/, '');
  return b.slice(4, -4);
});

/** Every rendering of an error a program might print or send. */
const renderings = (e) => [
  e?.message, String(e), e?.stack, JSON.stringify(e), inspect(e, { depth: null, showHidden: true }),
  JSON.stringify(Object.getOwnPropertyNames(e ?? {}).map((k) => [k, String(e[k])])),
];

test('the token appears in no error, event, console line or emulator log line', { timeout: 120_000 }, async () => {
  const emu = await startEmulator();
  const echo = await echoServer();
  const printed = [];
  const saved = {};
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    saved[m] = console[m];
    console[m] = (...args) => { printed.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: null }))).join(' ')); };
  }
  const writes = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = function (chunk, ...rest) { printed.push(String(chunk)); return writes.out.call(this, chunk, ...rest); };
  process.stderr.write = function (chunk, ...rest) { printed.push(String(chunk)); return writes.err.call(this, chunk, ...rest); };
  const secrets = [MARKER];
  const seen = [];
  const kinds = new Set();
  const events = [];
  const onEvent = (e) => { events.push(e); console.debug('event', e); };
  const expectError = async (what, promise, kind, status) => {
    try {
      const v = await promise;
      assert.fail(`${what}: resolved to ${JSON.stringify(v).slice(0, 200)}`);
    } catch (e) {
      assert.ok(e instanceof PartnerCenterError, `${what}: ${e?.stack ?? e}`);
      assert.equal(e.kind, kind, `${what}: ${e.kind} ${e.message}`);
      if (status !== undefined) assert.equal(e.status, status, `${what}: ${e.message}`);
      kinds.add(status ? `${kind} ${status}` : kind);
      seen.push(...renderings(e));
      console.error(`${what}:`, e); // as an application would log it
      return e;
    }
  };
  try {
    const good = await emu.token();
    const appOnly = await emu.token('app-only');
    const blocked = await emu.token('ca-blocked');
    secrets.push(good, appOnly, blocked);
    const opts = { baseUrl: emu.url, onEvent, retry: false, timeoutMs: 5000 };
    const c = new LicenseClient({ ...opts, token: good });
    const provided = new LicenseClient({ ...opts, token: async () => good, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });

    // Success paths, fixed token and token provider.
    seen.push(inspect(await c.listLicenses(CONTOSO, ADA, { licenseGroups: ['Group1', 'Group2'] }), { depth: null }));
    seen.push(JSON.stringify(await provided.listSubscribedSkus(CONTOSO)));
    seen.push(JSON.stringify(await c.assignLicenses(CONTOSO, GRACE, [{ skuId: O365_E3 }])));
    seen.push(JSON.stringify(await c.removeLicenses(CONTOSO, GRACE, [O365_E3])));
    seen.push(inspect(c, { showHidden: true, depth: null }), JSON.stringify(c), String(c));

    // invalidInput, before and after the token is known.
    await expectError('bad customer id', c.listLicenses('nope', ADA), 'invalidInput');
    await expectError('token fn with CR/LF', new LicenseClient({ ...opts, token: () => `${MARKER}\r\nX: 1` }).listSubscribedSkus(CONTOSO), 'invalidInput');
    try { new LicenseClient({ ...opts, token: `${MARKER} with space` }); assert.fail('accepted'); } catch (e) { seen.push(...renderings(e)); kinds.add('invalidInput (constructor)'); }
    // API errors from the emulator.
    await expectError('400 remove not held', c.removeLicenses(CONTOSO, GRACE, [O365_E3]), 'api', 400);
    await expectError('400 app-only', new LicenseClient({ ...opts, token: appOnly }).listSubscribedSkus(CONTOSO), 'api', 400);
    await expectError('401 marker token', new LicenseClient({ ...opts, token: MARKER }).listSubscribedSkus(CONTOSO), 'api', 401);
    await expectError('401 after a provider refresh', new LicenseClient({ ...opts, token: async () => MARKER }).listSubscribedSkus(CONTOSO), 'api', 401);
    await expectError('403 CA blocked', new LicenseClient({ ...opts, token: blocked }).listSubscribedSkus(CONTOSO), 'api', 403);
    await expectError('404 customer', c.listSubscribedSkus(UNKNOWN_CUSTOMER), 'api', 404);
    await emu.faults({ rate: 1, kinds: ['429'], retryAfterSeconds: 1 });
    await expectError('429', c.listSubscribedSkus(CONTOSO), 'api', 429);
    await emu.faults({ rate: 1, kinds: ['503'], retryAfterSeconds: 0 });
    await expectError('503 after retries', provided.listSubscribedSkus(CONTOSO), 'api', 503);
    await emu.faults({ rate: 1, kinds: ['html'] });
    await expectError('502 html', c.listSubscribedSkus(CONTOSO), 'api', 502);
    await emu.faults({ rate: 1, kinds: ['truncate'] });
    await expectError('truncated body', c.assignLicenses(CONTOSO, GRACE, [{ skuId: O365_E3 }]), 'network');
    await emu.faults({ rate: 1, kinds: ['drop'] });
    await expectError('dropped connection', c.listSubscribedSkus(CONTOSO), 'network');
    await emu.faults({ rate: 1, kinds: ['latency'], latencyMs: [1500, 1500] });
    await expectError('timeout', new LicenseClient({ ...opts, token: good, timeoutMs: 200 }).listSubscribedSkus(CONTOSO), 'timeout');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expectError('aborted', c.listSubscribedSkus(CONTOSO, { signal: ac.signal }), 'aborted');
    await emu.faults({ rate: 0 });
    // Nothing listens on a closed port.
    const closed = http.createServer();
    await new Promise((r) => closed.listen(0, '127.0.0.1', r));
    const deadUrl = `http://127.0.0.1:${closed.address().port}`;
    await new Promise((r) => closed.close(r));
    await expectError('connection refused', new LicenseClient({ ...opts, baseUrl: deadUrl, token: MARKER }).listSubscribedSkus(CONTOSO), 'network');

    // A hostile server that echoes the token everywhere it can.
    const e1 = new LicenseClient({ ...opts, baseUrl: echo.url, token: MARKER });
    await expectError('echoed in a 200 decode error', e1.listSubscribedSkus(CONTOSO), 'decode', 200);
    await expectError('echoed in an HTML 200', e1.listSubscribedSkus('00000000-0000-4000-8000-000000000001'), 'decode', 200);
    await expectError('echoed in a 401 body and headers', e1.listSubscribedSkus('00000000-0000-4000-8000-000000000002'), 'api', 401);
    await expectError('echoed in a 429 message', e1.listSubscribedSkus('00000000-0000-4000-8000-000000000003'), 'api', 429);
  } finally {
    for (const [m, f] of Object.entries(saved)) console[m] = f;
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    await emu.stop();
    await echo.close();
  }

  // Every kind was reached, so the search below covers them all.
  for (const k of ['invalidInput', 'api 400', 'api 401', 'api 403', 'api 404', 'api 429', 'api 502', 'api 503', 'decode 200', 'network', 'timeout', 'aborted']) {
    assert.ok(kinds.has(k), `${k} was not reached (got ${[...kinds].join(', ')})`);
  }
  assert.ok(events.length > 20, `only ${events.length} events`);
  assert.ok(events.some((e) => e.type === 'retry'), 'no retry event');
  assert.ok(emu.log.err.split('\n').length > 20, 'the emulator logged too little');
  const haystacks = {
    errors: seen.join('\n'),
    events: events.map((e) => JSON.stringify(e) + inspect(e, { depth: null, showHidden: true })).join('\n'),
    console: printed.join(''),
    'emulator log': emu.log.err + emu.log.out,
  };
  for (const [where, text] of Object.entries(haystacks)) {
    for (const secret of secrets) {
      assert.ok(!text.includes(secret), `a token appears in the ${where}`);
      for (const b of base64Forms(secret)) assert.ok(!text.includes(b), `a token's base64 appears in the ${where}`);
    }
  }
  // The hostile server's echoes were scrubbed, not lost: the redaction shows where they were.
  assert.match(haystacks.errors, /<redacted>/);
});
