// Issue 15: every documented error thrown by the BUILT package carries a `hint` (what to do
// next, from src/hint.rs), against the emulator and a small scripted server; never the token.
// Green once the wasm shell sends the core's `hint` in the error fields.
//   node --test tests/js/hints.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { inspect } from 'node:util';
import { LicenseClient, PartnerCenterError } from '../../pkg/index.node.mjs';
import { startEmulator } from './emulator.mjs';

const CONTOSO = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const NORTHWIND = 'c0000000-0000-4000-8000-000000000003';
const ADA = 'ada@contoso.onmicrosoft.com';
const GRACE = 'grace@contoso.onmicrosoft.com';
const SKU = {
  EXCHANGESTANDARD: '4b9405b0-7788-4568-add1-99614e613b69', // 0 units left (seed)
  ENTERPRISEPACK: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  MEE_FACULTY: '984df360-9a74-4647-8cf8-696749f6247a', // group2
  NOT_SUBSCRIBED: '11111111-2222-4333-8444-555555555555',
};
const NOT_A_PLAN = '99999999-9999-4999-8999-999999999999';

let emu;
const tokens = {};
before(async () => {
  emu = await startEmulator();
  for (const kind of ['app+user', 'app-only', 'ca-blocked']) tokens[kind] = await emu.token('adatum', kind);
});
after(() => emu?.stop());

const client = (token = tokens['app+user'], extra = {}) =>
  new LicenseClient({ baseUrl: emu.url, token, retry: false, ...extra });

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('the call did not reject');
}

/** The error is typed, has a hint of one or two sentences, and no trace of `token`. */
function assertHint(e, { kind, reason, words = [] }, token) {
  assert.ok(e instanceof PartnerCenterError, `not a PartnerCenterError: ${e}`);
  assert.equal(e.kind, kind, e.message);
  if (reason) assert.equal(e.reason, reason, e.message);
  assert.equal(typeof e.hint, 'string', `no hint on ${kind}/${reason}`);
  assert.ok(e.hint.length > 30 && e.hint.length < 500, e.hint);
  assert.match(e.hint, /\.$/);
  for (const w of words) assert.ok(e.hint.includes(w), `${JSON.stringify(w)} missing from: ${e.hint}`);
  if (token) {
    assert.ok(!e.hint.includes(token), 'token in the hint');
    assert.ok(!JSON.stringify(e).includes(token) && !inspect(e, { showHidden: true }).includes(token));
  }
  assert.ok(Object.keys(JSON.parse(JSON.stringify(e))).includes('hint'), 'hint is enumerable (JSON, CLI --json)');
}

test('emulator: every documented error carries its hint', async (t) => {
  const good = tokens['app+user'];
  const cases = [
    [
      'out of licenses (60012) names the SKU from the service data',
      () => client().assignLicenses(CONTOSO, ADA, [{ skuId: SKU.EXCHANGESTANDARD }]),
      { kind: 'api', reason: 'outOfLicenses', words: [`no units left of SKU ${SKU.EXCHANGESTANDARD}: free units`, 'buy more'] },
      good,
    ],
    [
      'app-only token (900316)',
      () => client(tokens['app-only']).listLicenses(CONTOSO, ADA),
      { kind: 'api', reason: 'partnerTokenNotAllowed', words: ['App+User', 'docs/tokens.md', 'DefaultAzureCredential'] },
      tokens['app-only'],
    ],
    [
      'Conditional Access (900309)',
      () => client(tokens['ca-blocked']).listLicenses(CONTOSO, ADA),
      { kind: 'api', reason: 'conditionalAccessBlocked', words: ['Conditional Access'] },
      tokens['ca-blocked'],
    ],
    [
      'user not found (60002)',
      () => client().listLicenses(CONTOSO, 'nobody@contoso.onmicrosoft.com'),
      { kind: 'api', reason: 'userNotFound', words: ['user id'] },
      good,
    ],
    [
      "another partner's customer (60003)",
      () => client().listSubscribedSkus(NORTHWIND),
      { kind: 'api', reason: 'customerNotFound', words: ['customer (tenant) id'] },
      good,
    ],
    [
      'unknown token (401)',
      () => client('pcemu.not-a-real-token-0123456789').listLicenses(CONTOSO, ADA),
      { kind: 'api', reason: 'unauthorized', words: ['new App+User token'] },
      'pcemu.not-a-real-token-0123456789',
    ],
    [
      'mixed license groups (60050)',
      () => client().assignLicenses(CONTOSO, ADA, [{ skuId: SKU.ENTERPRISEPACK }, { skuId: SKU.MEE_FACULTY }]),
      { kind: 'api', reason: 'mixedLicenseGroups', words: ['Group1', 'Group2', 'separate updates'] },
      good,
    ],
    [
      'SKU not subscribed (60051)',
      () => client().assignLicenses(CONTOSO, ADA, [{ skuId: SKU.NOT_SUBSCRIBED }]),
      { kind: 'api', reason: 'skuNotSubscribed', words: ['listSubscribedSkus'] },
      good,
    ],
    [
      'plan not in SKU (60052)',
      () => client().assignLicenses(CONTOSO, ADA, [{ skuId: SKU.ENTERPRISEPACK, excludedPlans: [NOT_A_PLAN] }]),
      { kind: 'api', reason: 'planNotInSku', words: ['servicePlans'] },
      good,
    ],
    [
      'removing a license the user does not hold (60053)',
      () => client().removeLicenses(CONTOSO, ADA, [SKU.ENTERPRISEPACK]),
      { kind: 'api', reason: 'badRequest', words: ['does not hold'] },
      good,
    ],
    [
      'invalid input: the field and the rule, nothing sent',
      () => client().listLicenses('not-a-guid', GRACE),
      { kind: 'invalidInput', words: ['Fix customerId:', 'not a GUID', 'Nothing was sent.'] },
      good,
    ],
  ];
  for (const [what, call, expected, token] of cases) {
    const e = await rejection(call());
    await t.test(what, () => assertHint(e, expected, token));
  }
});

test('emulator: throttled (429) says how long to wait', async () => {
  await emu.setFaults({ rate: 1, kinds: ['429'], retryAfterSeconds: 3 });
  try {
    const e = await rejection(client().listLicenses(CONTOSO, GRACE));
    assertHint(e, { kind: 'api', reason: 'throttled', words: ['throttling', 'wait 3 seconds'] }, tokens['app+user']);
    assert.equal(e.retryAfterMs, 3000);
  } finally {
    await emu.setFaults({ rate: 0 });
  }
});

test('emulator: server errors, an HTML page, a dropped connection', async () => {
  try {
    await emu.setFaults({ rate: 1, kinds: ['500'] });
    assertHint(await rejection(client().listLicenses(CONTOSO, GRACE)), { kind: 'api', reason: 'serverError', words: ['requestId'] });
    await emu.setFaults({ rate: 1, kinds: ['html'] });
    assertHint(await rejection(client().listLicenses(CONTOSO, GRACE)), { kind: 'api', reason: 'serverError' });
    await emu.setFaults({ rate: 1, kinds: ['drop'] });
    assertHint(await rejection(client().listLicenses(CONTOSO, GRACE)), { kind: 'network', words: ['network'] });
  } finally {
    await emu.setFaults({ rate: 0 });
  }
});

/** A server answering every request with `answer(req)`: { status, body } or 'hang'. */
async function scripted(answer) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const r = answer(req);
      if (r === 'hang') return;
      res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) });
      res.end(r.body ?? '');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

test('scripted server: forbidden, timeout, aborted, network, decode', async () => {
  const TOKEN = 'SECRET-HINT-TOKEN-5eb1';
  const srv = await scripted((req) =>
    req.url.includes('hang%40') ? 'hang' : req.url.includes('forbidden')
      ? { status: 403, body: JSON.stringify({ description: `no role for ${TOKEN}`, source: 'PartnerFD' }) }
      : { status: 200, body: `<html>${TOKEN}</html>` },
  );
  const c = new LicenseClient({ baseUrl: srv.url, token: TOKEN, retry: false, timeoutMs: 200 });
  try {
    assertHint(await rejection(c.listLicenses(CONTOSO, 'forbidden@contoso.com')), { kind: 'api', reason: 'badRequest', words: ['role'] }, TOKEN);
    assertHint(await rejection(c.listLicenses(CONTOSO, 'someone@contoso.com')), { kind: 'decode', words: ['documented JSON', 'baseUrl'] }, TOKEN);
    assertHint(await rejection(c.listLicenses(CONTOSO, 'hang@contoso.com')), { kind: 'timeout', words: ['timeoutMs'] }, TOKEN);
    const ac = new AbortController();
    const pending = rejection(c.listLicenses(CONTOSO, 'hang@contoso.com', { signal: ac.signal }));
    setTimeout(() => ac.abort(), 20);
    assertHint(await pending, { kind: 'aborted', words: ['AbortSignal'] }, TOKEN);
  } finally {
    await srv.close();
  }
  const closed = new LicenseClient({ baseUrl: srv.url, token: TOKEN, retry: false });
  assertHint(await rejection(closed.listLicenses(CONTOSO, GRACE)), { kind: 'network', words: ['baseUrl'] }, TOKEN);
});

test('a token function that fails: invalidInput on the token, pointing at the token guide', async () => {
  const c = new LicenseClient({
    baseUrl: emu.url,
    retry: false,
    token: () => {
      throw new Error('no cached account');
    },
  });
  const e = await rejection(c.listLicenses(CONTOSO, GRACE));
  assertHint(e, { kind: 'invalidInput', words: ['Fix token', 'docs/tokens.md'] });
  assert.equal(e.message, 'invalid token: the token provider failed: no cached account');
  // One that gives no token: the same kind of error, its own message.
  const none = await rejection(new LicenseClient({ baseUrl: emu.url, retry: false, token: () => 42 }).listLicenses(CONTOSO, GRACE));
  assert.equal(none.field, 'token');
  assert.equal(none.message, 'invalid token: the token provider did not give a string or { token, expiresOnTimestamp }');
  assert.match(none.hint, /^Fix token: the token provider did not give/);
});

// The hint texts load on the first error that needs one (dist/hints.mjs); without that file
// the error still rejects, typed and complete, only without its hint.
test('hints load on first use; a missing hint table leaves the error without a hint', async () => {
  const { cpSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const pkg = new URL('../../pkg/', import.meta.url).pathname;
  const dir = mkdtempSync(path.join(tmpdir(), 'pcl-nohints-'));
  try {
    for (const f of ['index.node.mjs', 'index.node.cjs', 'package.json', 'dist']) cpSync(path.join(pkg, f), path.join(dir, f), { recursive: true });
    rmSync(path.join(dir, 'dist', 'hints.mjs'));
    const copy = await import(path.join(dir, 'index.node.mjs'));
    const call = (C) => new C({ baseUrl: 'http://127.0.0.1:9', token: 't', retry: false }).listLicenses(CONTOSO, ADA);
    const e = await rejection(call(copy.LicenseClient));
    assert.ok(e instanceof copy.PartnerCenterError);
    assert.equal(e.kind, 'network');
    assert.equal(e.hint, undefined);
    assert.ok(!('hintId' in e));
    const withHints = await rejection(call(LicenseClient));
    assert.equal(withHints.kind, 'network');
    assert.match(withHints.hint, /^No answer: check the network/);
    assert.ok(!('hintId' in withHints));
    // A synchronous constructor error keeps its message and its hint.
    assert.throws(() => new copy.LicenseClient({ token: 't', baseUrl: 'ftp://x' }), (err) => err.kind === 'invalidInput' && /^Fix baseUrl: /.test(err.hint));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The core sends a hint's argument only; the driver picks the text by the error's fields with
// the rules generated from src/hint.rs (`RULES`) into pkg/src/hints.mjs.
test('the hint table picks the text by kind, reason, code and status, as src/hint.rs does', async () => {
  const { default: pick } = await import('../../pkg/src/hints.mjs');
  const api = (status, reason, code, hint = '') => pick({ kind: 'api', status, reason, code, hint });
  assert.match(api(400, 'badRequest', '60054'), /^The service could not read the request/);
  assert.match(api(404, 'badRequest', '60054'), /^Not found:/, '60054 only at 400');
  assert.match(api(400, 'badRequest', ' +60053 '), /^The update is empty/, 'the code read as parse_u32 reads it');
  assert.match(api(400, 'badRequest', '60056'), /^The paging link expired/);
  assert.match(api(400, 'badRequest', '60057'), /^The paging link expired/);
  assert.match(api(400, 'badRequest', '60055'), /^The user has no usage location/);
  for (const [status, text] of [[403, /^The signed-in user/], [408, /^The request did not reach/], [409, /^This request id/], [413, /^The request body is too large/], [418, /^The service refused/]]) {
    assert.match(api(status, 'badRequest', undefined), text, String(status));
  }
  assert.match(api(429, 'throttled', undefined, '5 seconds'), /: wait 5 seconds, then/);
  assert.match(api(429, 'throttled', undefined), /: wait retryAfterMs \(or a minute\)/);
  assert.match(api(400, 'outOfLicenses', '60012', 'SKU x'), /no units left of SKU x: /);
  assert.match(api(404, 'userNotFound', '60002'), /^No such user/);
  assert.match(api(502, 'other', undefined), /^Unexpected answer/);
  for (const [kind, text] of [['decode', /documented JSON/], ['network', /^No answer/], ['timeout', /timeoutMs/], ['aborted', /AbortSignal/]]) {
    assert.match(pick({ kind, hint: '' }), text, kind);
  }
});
