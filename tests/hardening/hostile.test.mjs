// Hostile input on both sides, through the BUILT package (pkg/, scripts/build-pkg.sh):
// ids and header options a caller types are refused as `invalidInput` before any request is
// sent (a local server counts requests), and hostile responses (oversized, deeply nested,
// wrong types, HTML, truncated...) become typed errors, never a crash. A wasm panic would
// poison the module, so the last test makes a normal call after all of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { LicenseClient, PartnerCenterError } from '../../pkg/index.node.mjs';

const CUSTOMER = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const USER = '482e2152-4b49-48ec-b715-823365ce3d4c';
const SKU = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
const TOKEN = 'hostile-test-token';
const LICENSES = JSON.stringify({
  totalCount: 1,
  items: [{
    servicePlans: [{ displayName: 'AIP P1', serviceName: 'RMS_S_PREMIUM', id: '6c57d4b6-3b23-47a5-9bc9-69f17b4947b3', capabilityStatus: 'Assigned', targetType: 'User' }],
    productSku: { id: SKU, name: 'EMS E3', skuPartNumber: 'EMS', licenseGroupId: 'group1' },
    attributes: { objectType: 'License' },
  }],
  attributes: { objectType: 'Collection' },
});
const MAX_BODY_BYTES = 64 * 1024 * 1024;

// The server answers whatever `respond` says; every request is counted.
let requests = 0;
let respond = (_req, res) => res.end(LICENSES);
const sockets = new Set();
const server = http.createServer((req, res) => {
  requests += 1;
  req.resume();
  respond(req, res);
});
server.on('connection', (s) => {
  sockets.add(s);
  s.on('close', () => sockets.delete(s));
});
let baseUrl;

before(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

// One attempt per call: retries would only repeat the same hostile answer.
const client = (extra = {}) => new LicenseClient({ baseUrl, token: TOKEN, retry: false, timeoutMs: 10_000, ...extra });

function assertError(e, kind, what) {
  assert.ok(e instanceof PartnerCenterError, `${what}: not a PartnerCenterError: ${e?.stack ?? e}`);
  assert.ok(e instanceof Error, what);
  assert.equal(e.kind, kind, `${what}: ${e.kind}: ${e.message}`);
  assert.ok(e.message.length < 2000, `${what}: message of ${e.message.length} chars`);
  assert.doesNotMatch(e.message, /[\r\n\0]/, what);
  assert.ok(!JSON.stringify(e).includes(TOKEN), `${what}: token in ${JSON.stringify(e)}`);
}

async function rejects(promise, kind, what) {
  let settled;
  try {
    settled = await promise;
  } catch (e) {
    assertError(e, kind, what);
    return e;
  }
  assert.fail(`${what}: resolved to ${JSON.stringify(settled)?.slice(0, 200)}`);
}

const HOSTILE_IDS = [
  '', ' ', '/', '..', '../..', '%2e%2e', '%2F', '?', '#', 'a b',
  `${CUSTOMER}/..`, `${CUSTOMER}?x=1`, `${CUSTOMER}#f`, `${CUSTOMER}%00`, ` ${CUSTOMER}`,
  `${CUSTOMER}\r\nX-Evil: 1`, '０c39d6d5-c70d-4c55-bc02-f620844f3fd1', '\u202e' + CUSTOMER.slice(1),
  'ada@contoso.com/../../v1', 'ada@contoso.com?licenseGroupIds=Group2', 'ada%40contoso.com',
  'ådå@contoso.com', 'ada@contoso.com\r\n', 'ada@contoso.com\0', '\ud800@contoso.com',
  'a'.repeat(1 << 20), `${'a'.repeat(200)}@contoso.com`,
];
const NOT_STRINGS = [undefined, null, 42, 4.2, true, {}, [], [CUSTOMER], Symbol('id'), 10n, () => CUSTOMER, new String(CUSTOMER)];

test('hostile and non-string ids are refused as invalidInput before anything is sent', async () => {
  const c = client();
  const start = requests;
  for (const id of [...HOSTILE_IDS, ...NOT_STRINGS]) {
    const what = `id ${typeof id === 'string' ? JSON.stringify(id.slice(0, 40)) : typeof id}`;
    const field = (e) => e.field;
    assert.equal(field(await rejects(c.listLicenses(id, USER), 'invalidInput', what)), 'customerId', what);
    assert.equal(field(await rejects(c.listSubscribedSkus(id), 'invalidInput', what)), 'customerId', what);
    assert.equal(field(await rejects(c.listLicenses(CUSTOMER, id), 'invalidInput', what)), 'userId', what);
    assert.equal(field(await rejects(c.removeLicenses(CUSTOMER, id, [SKU]), 'invalidInput', what)), 'userId', what);
    if (typeof id === 'string') {
      // (A lone surrogate makes the whole list unreadable: the field is then `remove`/`assign`.)
      assert.match(field(await rejects(c.removeLicenses(CUSTOMER, USER, [id]), 'invalidInput', what)), /^remove(\[0\])?$/, what);
      assert.match(field(await rejects(c.assignLicenses(CUSTOMER, USER, [{ skuId: SKU, excludedPlans: [id] }]), 'invalidInput', what)), /^assign(\[0\]\.excludedPlans\[0\])?$/, what);
      await rejects(c.listLicenses(CUSTOMER, USER, { licenseGroups: [id] }), 'invalidInput', what);
    }
  }
  assert.equal(requests - start, 0, 'a request was sent');
});

test('hostile argument objects (throwing getters, cycles, BigInt, proxies) are refused, not thrown through', async () => {
  const c = client();
  const start = requests;
  const cyclic = { assign: [] };
  cyclic.assign.push(cyclic);
  const throwing = { get assign() { throw new Error('getter'); } };
  const toJson = { toJSON() { throw new Error('toJSON'); } };
  const proxy = new Proxy({}, { get() { throw new Error('proxy'); }, ownKeys() { throw new Error('proxy'); } });
  for (const [what, update] of [['cycle', cyclic], ['getter', throwing], ['toJSON', toJson], ['proxy', proxy], ['BigInt', { remove: [10n] }], ['huge', { remove: Array(100_000).fill(SKU) }]]) {
    await rejects(c.updateLicenses(CUSTOMER, USER, update), 'invalidInput', what);
  }
  for (const [what, options] of [['proxy options', proxy], ['signal not a signal', { signal: {} }], ['groups not a list', { licenseGroups: 'Group1' }], ['throwing signal', { get signal() { throw new Error('x'); } }]]) {
    await rejects(c.listSubscribedSkus(CUSTOMER, options), 'invalidInput', what);
  }
  assert.equal(requests - start, 0, 'a request was sent');
});

test('CR/LF and other bad bytes in any header option are refused when the client is built', () => {
  const cases = [
    ['locale', 'en-US\r\nX-Evil: 1'], ['locale', 'en-US\n'], ['locale', 'en\0US'], ['locale', 'ён-RU'], ['locale', 'x'.repeat(10_000)],
    ['correlationId', '11111111-2222-4333-8444-555555555555\r\n'], ['correlationId', 'not-a-guid'], ['correlationId', 42],
    ['applicationName', 'app\r\nX-Evil: 1'], ['applicationName', 'app\u0085'], ['applicationName', 'app\u2028'], ['applicationName', 'x'.repeat(10_000)],
    ['token', 'abc\r\nX-Evil: 1'], ['token', 'ab c'], ['token', 'tök'], ['token', ''], ['token', 'A'.repeat(40_000)], ['token', 42],
    ['baseUrl', 'http://h\r\n'], ['baseUrl', 'http://u:p@h'], ['baseUrl', 'javascript:alert(1)'], ['baseUrl', 'file:///etc/passwd'],
  ];
  const start = requests;
  for (const [field, value] of cases) {
    let thrown;
    try {
      new LicenseClient({ baseUrl, token: TOKEN, [field]: value });
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown, `${field}=${JSON.stringify(String(value).slice(0, 30))} accepted`);
    assertError(thrown, 'invalidInput', field);
    assert.equal(thrown.field, field);
  }
  assert.equal(requests - start, 0);
});

test('a token function returning CR/LF is refused before sending, and its text is not quoted', async () => {
  const start = requests;
  for (const bad of ['abc\r\nX-Evil: 1', 'two words', 42, null]) {
    const c = new LicenseClient({ baseUrl, token: async () => bad, retry: false });
    const e = await rejects(c.listSubscribedSkus(CUSTOMER), 'invalidInput', `token fn ${bad}`);
    assert.equal(e.field, 'token');
    assert.ok(!e.message.includes('abc'), e.message);
  }
  const throwing = new LicenseClient({ baseUrl, token: () => { throw new Error('no credential'); }, retry: false });
  await rejects(throwing.listSubscribedSkus(CUSTOMER), 'invalidInput', 'throwing token fn');
  assert.equal(requests - start, 0);
});

// Hostile responses. Each entry: what, a responder, the expected kind (and status).
const body = (status, text, headers = {}) => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', 'MS-RequestId': 'rid-hostile', ...headers });
  res.end(text);
};
const deepArrays = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
const HOSTILE_RESPONSES = [
  ['declared length over the limit', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) });
    res.write('{"totalCount":1,"items":['); // and then nothing: the client must not wait for 64 MiB
  }, 'decode', 200, /limit/],
  ['chunked body over the limit', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1 << 20, 0x20);
    res.write('{"totalCount":0,"items":[],"pad":"');
    for (let i = 0; i < 65; i++) res.write(chunk);
    res.end('"}');
  }, 'decode', 200, /limit/],
  ['deeply nested arrays', body(200, deepArrays), 'decode', 200],
  ['deeply nested objects', body(200, '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)), 'decode', 200],
  ['deep items', body(200, `{"totalCount":1,"items":${'['.repeat(50_000)}}`), 'decode', 200],
  ['wrong type: totalCount', body(200, '{"totalCount":"one","items":[]}'), 'decode', 200],
  ['wrong type: items', body(200, '{"totalCount":0,"items":{}}'), 'decode', 200],
  ['wrong type: top-level array', body(200, '[0, []]'), 'decode', 200],
  ['wrong type: number', body(200, '42'), 'decode', 200],
  ['null', body(200, 'null'), 'decode', 200],
  ['bad SKU id', body(200, '{"totalCount":1,"items":[{"servicePlans":[],"productSku":{"id":"../../etc","licenseGroupId":"group1"}}]}'), 'decode', 200],
  ['HTML with 200', body(200, '<!DOCTYPE html><html><body>Sign in</body></html>', { 'content-type': 'text/html' }), 'decode', 200],
  ['HTML with 502', body(502, '<html><h1>Bad Gateway</h1></html>', { 'content-type': 'text/html' }), 'api', 502],
  ['truncated JSON', body(200, '{"totalCount":1,"items":[{"servicePl'), 'decode', 200],
  ['empty 200', body(200, ''), 'decode', 200],
  ['invalid UTF-8', (_req, res) => { res.writeHead(200); res.end(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])); }, 'decode', 200],
  ['a body cut by a closed connection', (_req, res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write(LICENSES.slice(0, 100));
    setTimeout(() => res.socket.destroy(), 20);
  }, 'network'],
  ['no response at all', (_req, res) => res.socket.destroy(), 'network'],
  ['error body with wrong types', body(400, '{"code":{"x":[1]},"description":["a"],"data":"b"}'), 'api', 400],
  ['error body with a huge description', body(400, JSON.stringify({ code: 1, description: 'd'.repeat(1 << 20) })), 'api', 400],
  ['error body deeply nested', body(500, deepArrays), 'api', 500],
  ['CR/LF in the description', body(403, JSON.stringify({ code: 900309, description: 'blocked\r\nX-Evil: 1' })), 'api', 403],
  ['status 999-like 299', body(299, LICENSES), 'api', 299],
];

test('hostile responses become typed errors carrying the status and request id', async () => {
  const c = client();
  for (const [what, responder, kind, status, message] of HOSTILE_RESPONSES) {
    respond = responder;
    const e = await rejects(c.listLicenses(CUSTOMER, USER), kind, what);
    if (status !== undefined) assert.equal(e.status, status, what);
    if (message) assert.match(e.message, message, what);
    assert.ok(e.requestId, `${what}: no requestId`);
  }
  respond = (_req, res) => res.end(LICENSES);
});

test('after every hostile case the module still works (no wasm panic poisoned it)', async () => {
  respond = (_req, res) => res.end(LICENSES);
  const c = client({ locale: 'en-US', applicationName: 'hardening test' });
  const got = await c.listLicenses(CUSTOMER, 'ada@contoso.com', { licenseGroups: ['Group1'] });
  assert.equal(got.totalCount, 1);
  assert.equal(got.items[0].productSku.id, SKU);
  let seen;
  respond = (req, res) => {
    seen = req;
    res.end(LICENSES);
  };
  await c.listLicenses(CUSTOMER, 'bob_fabrikam.com#EXT#@contoso.onmicrosoft.com');
  // The guest UPN's `#` and `@` are percent-encoded, so the id stays one path segment.
  assert.equal(seen.url, `/v1/customers/${CUSTOMER}/users/bob_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com/licenses`);
  assert.equal(seen.headers['x-locale'], 'en-US');
  assert.equal(seen.headers['ms-partnercenter-application'], 'hardening test');
  assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
});
