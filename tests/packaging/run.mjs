// The npm package tested the way users install it (after automerge's packaging_tests):
// `npm pack` pkg/, install the tarball into fresh throwaway projects, and against a small
// HTTP server started here (it mimics the licenses endpoints with the seed documents'
// examples and checks every request's headers) call the package from
//   (a) Node ESM `import`, (b) Node CommonJS `require`,
// and (c) type-check a typed usage file with `tsc --strict --noEmit`.
//
//   scripts/build-pkg.sh && node --test tests/packaging/run.mjs
//   (scripts/test.d/40-packaging.sh does both)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PKG = path.join(ROOT, 'pkg');
const SEED = path.join(ROOT, 'tests', 'fixtures', 'seed');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const TOKEN = 'pkg-test-SECRET-7f3a9c';
const CUSTOMER = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const USER = '482e2152-4b49-48ec-b715-823365ce3d4c';
const SKU = 'f8a1db68-be16-40ed-86d5-cb42ce701560';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A seed `.http` example: status, headers (minus length/date) and body. */
function seedResponse(file) {
  const text = readFileSync(path.join(SEED, file), 'utf8').replace(/\r\n/g, '\n');
  const blank = text.indexOf('\n\n');
  const [statusLine, ...headerLines] = text.slice(0, blank).split('\n');
  const headers = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).trim();
    if (!/^(content-length|date)$/i.test(name)) headers[name] = line.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(blank + 2) };
}

const LICENSES = seedResponse('get-licenses.200.http');
const OUT_OF_LICENSES = seedResponse('assign.400-60012.http');

/** What is wrong with a request's headers (empty when nothing). */
function checkHeaders(req, method) {
  const h = req.headers;
  const problems = [];
  if (req.method !== method) problems.push(`method ${req.method}`);
  if (h.authorization !== `Bearer ${TOKEN}`) problems.push(`authorization ${h.authorization}`);
  if (h.accept !== 'application/json') problems.push(`accept ${h.accept}`);
  if (!GUID.test(h['ms-requestid'] ?? '')) problems.push(`ms-requestid ${h['ms-requestid']}`);
  if (!GUID.test(h['ms-correlationid'] ?? '')) problems.push(`ms-correlationid ${h['ms-correlationid']}`);
  if (h['ms-contract-version'] !== 'v1') problems.push(`ms-contract-version ${h['ms-contract-version']}`);
  if (h['ms-partnercenter-client'] !== 'partner-center-licenses/0.1.0') problems.push(`client ${h['ms-partnercenter-client']}`);
  if (method === 'POST' && h['content-type'] !== 'application/json') problems.push(`content-type ${h['content-type']}`);
  return problems;
}

let server;
let baseUrl;
let tarball;
let work;
const seen = [];

before(async () => {
  assert.ok(existsSync(path.join(PKG, 'dist', 'pcl_client_bg.wasm')), 'pkg/ is not built: run scripts/build-pkg.sh');
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      seen.push({ method: req.method, path: url.pathname, query: url.search, requestId: req.headers['ms-requestid'] });
      const send = (r, extra = {}) => {
        res.writeHead(r.status, { ...r.headers, ...extra });
        res.end(r.body);
      };
      const licenses = `/v1/customers/${CUSTOMER}/users/${USER}/licenses`;
      const updates = `/v1/customers/${CUSTOMER}/users/${USER}/licenseupdates`;
      const problems =
        url.pathname === licenses ? checkHeaders(req, 'GET') : url.pathname === updates ? checkHeaders(req, 'POST') : ['path'];
      if (problems.length > 0) {
        res.writeHead(418, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'test-server', description: `bad request: ${problems.join('; ')}` }));
      } else if (url.pathname === licenses) {
        send(LICENSES, { 'MS-RequestId': req.headers['ms-requestid'] });
      } else {
        const update = JSON.parse(body);
        const ok = update.licensesToAssign?.[0]?.skuId === SKU && update.attributes?.objectType === 'LicenseUpdate';
        if (!ok) {
          res.writeHead(418, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 'test-server', description: `bad body ${body}` }));
        } else {
          send(OUT_OF_LICENSES, { 'MS-RequestId': req.headers['ms-requestid'] });
        }
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${server.address().port}`;

  work = mkdtempSync(path.join(os.tmpdir(), 'pcl-packaging-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: PKG });
  const [info] = JSON.parse(stdout);
  tarball = path.join(work, info.filename);
});

after(() => {
  server?.close();
  if (work && !process.env.KEEP_PACKAGING_DIRS) rmSync(work, { recursive: true, force: true });
});

/** A fresh project with the tarball installed (no network needed: the package has no dependencies). */
async function project(name, packageJson, files) {
  const dir = path.join(work, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, ...packageJson }, null, 2));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  await run('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: dir });
  return dir;
}

// The app both module systems run: list, then an update the server refuses (60012).
const APP_BODY = `
const client = new LicenseClient({ baseUrl: process.argv[2], token: async () => '${TOKEN}' });
const licenses = await client.listLicenses('${CUSTOMER}', '${USER}', { licenseGroups: ['Group1'] });
let error;
try {
  await client.assignLicenses('${CUSTOMER}', '${USER}', [{ skuId: '${SKU}' }]);
} catch (e) {
  const text = [e.message, e.stack, JSON.stringify(e), String(e)].join(' ');
  error = {
    isClass: e instanceof PartnerCenterError, isError: e instanceof Error, name: e.name,
    kind: e.kind, status: e.status, code: e.code, reason: e.reason, description: e.description,
    requestId: e.requestId, correlationId: e.correlationId, tokenShown: text.includes('${TOKEN}'),
  };
}
let invalid;
try { new LicenseClient({ baseUrl: process.argv[2], token: 'a\\r\\nb' }); } catch (e) {
  invalid = { isClass: e instanceof PartnerCenterError, kind: e.kind, field: e.field };
}
`;

function assertAppOutput(stdout) {
  const out = JSON.parse(stdout);
  assert.deepEqual(out.licenses, JSON.parse(LICENSES.body));
  assert.equal(out.error.isClass, true);
  assert.equal(out.error.isError, true);
  assert.equal(out.error.name, 'PartnerCenterError');
  assert.equal(out.error.kind, 'api');
  assert.equal(out.error.status, 400);
  assert.equal(out.error.code, '60012');
  assert.equal(out.error.reason, 'outOfLicenses');
  assert.match(out.error.description, /run out of licenses/);
  assert.match(out.error.requestId, GUID);
  assert.equal(out.error.correlationId, 'c73c9570-c352-459e-98a3-dafe4bd8c821');
  assert.equal(out.error.tokenShown, false);
  assert.deepEqual(out.invalid, { isClass: true, kind: 'invalidInput', field: 'token' });
  return out;
}

test('the tarball holds the entries, the driver, the glue and the optimised .wasm modules, and nothing else', async () => {
  const { stdout } = await run('tar', ['tzf', tarball]);
  const files = stdout.trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  for (const f of [
    'package.json', 'README.md', 'index.d.ts', 'models.d.ts', 'reports.d.ts', 'index.node.mjs', 'index.node.cjs',
    'dist/pcl_client_bg.wasm', 'dist/browser.mjs' /* the browser entry: the driver with its glue */,
    'dist/index.node.cjs', 'dist/bulk.mjs' /* the bulk driver with its glue */, 'dist/pcl_bulk_bg.wasm',
  ]) {
    assert.ok(files.includes(f), `missing ${f} in ${files.join(', ')}`);
  }
  // One .wasm for every call, one for bulk work (loaded on demand).
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), ['dist/pcl_bulk_bg.wasm', 'dist/pcl_client_bg.wasm'], files.join(', '));
  assert.ok(files.every((f) => !f.includes('.built')), files.join(', '));
  assert.ok(!files.includes('dist/pcl_bulk.js'), 'the bulk glue is bundled into dist/bulk.mjs');
  assert.ok(!files.includes('dist/pcl_client.js'), 'the glue is bundled into dist/browser.mjs and dist/index.node.cjs');
  assert.ok(files.every((f) => !f.endsWith('.rs')), files.join(', '));
});

test('(a) Node ESM import', async () => {
  const dir = await project('esm-app', { type: 'module' }, {
    'app.mjs': `import { LicenseClient, PartnerCenterError } from 'partner-center-licenses';
import { createRequire } from 'node:module';
${APP_BODY}
const required = createRequire(import.meta.url)('partner-center-licenses');
const sameClass = required.PartnerCenterError === PartnerCenterError && required.LicenseClient === LicenseClient;
console.log(JSON.stringify({ licenses, error, invalid, sameClass }));
`,
  });
  const before = seen.length;
  const { stdout } = await run('node', ['app.mjs', baseUrl], { cwd: dir });
  const out = assertAppOutput(stdout);
  assert.equal(out.sameClass, true, 'import and require should share one module instance');
  const calls = seen.slice(before);
  assert.deepEqual(calls.map((c) => [c.method, c.query]), [['GET', '?licenseGroupIds=Group1'], ['POST', '']]);
  assert.notEqual(calls[0].requestId, calls[1].requestId);
});

test('(b) Node CommonJS require', async () => {
  const dir = await project('cjs-app', {}, {
    'app.cjs': `const { LicenseClient, PartnerCenterError } = require('partner-center-licenses');
(async () => {
${APP_BODY}
console.log(JSON.stringify({ licenses, error, invalid }));
})().catch((e) => { console.error(e); process.exit(1); });
`,
  });
  const { stdout } = await run('node', ['app.cjs', baseUrl], { cwd: dir });
  assertAppOutput(stdout);
});

test('(c) TypeScript: a typed usage file passes tsc --strict --noEmit, and misuse fails', async () => {
  const usage = `import { LicenseClient, PartnerCenterError } from 'partner-center-licenses';
import type { Collection, License, SubscribedSku, LicenseUpdate, ErrorKind, LicenseClientOptions } from 'partner-center-licenses';
import type { ProductSku, LicenseAssignment } from 'partner-center-licenses';

// The generated model types (pkg/models.d.ts): optional-or-null where the service may send null.
export const product: ProductSku = { id: 's', name: 'n', skuPartNumber: 'p', licenseGroupId: 'group1' };
export const assignment: LicenseAssignment = { skuId: 's', excludedPlans: null };

const options: LicenseClientOptions = { baseUrl: 'http://127.0.0.1:1', token: async () => 'x', locale: 'en-US' };
const client = new LicenseClient(options);
const controller = new AbortController();

export async function main(): Promise<number> {
  const licenses: Collection<License> = await client.listLicenses('c', 'u', { licenseGroups: ['Group1', 'Group2'], signal: controller.signal });
  const planNames: string[] = licenses.items.flatMap((l) => l.servicePlans.map((p) => p.serviceName));
  const skus: Collection<SubscribedSku> = await client.listSubscribedSkus('c');
  const left: number = skus.items.reduce((n, s) => n + s.availableUnits, 0);
  const echo: LicenseUpdate = await client.updateLicenses('c', 'u', { assign: [{ skuId: 's', excludedPlans: ['p'] }], remove: ['r'] }, { signal: controller.signal });
  await client.assignLicenses('c', 'u', [{ skuId: 's' }]);
  await client.removeLicenses('c', 'u', ['s']);
  const warnings: number = echo.licenseWarnings?.length ?? 0;
  const excluded: string[] | null | undefined = echo.licensesToAssign?.[0]?.excludedPlans;
  const target: string | undefined = licenses.items[0]?.productSku.targetType;
  if (excluded === null || target === undefined) return -1;
  try {
    await client.listLicenses('c', 'u');
  } catch (e) {
    if (e instanceof PartnerCenterError) {
      const kind: ErrorKind = e.kind;
      const status: number | undefined = e.status;
      const retry: boolean = e.retryable;
      if (e.reason === 'outOfLicenses' && kind === 'api' && retry === false) return status ?? 0;
    }
  }
  return planNames.length + left + warnings;
}
`;
  // Each line must be a type error; if the types were \`any\`, tsc would accept them.
  const misuse = `import { LicenseClient } from 'partner-center-licenses';
const client = new LicenseClient({ token: 'x' });
export async function misuse(): Promise<void> {
  // @ts-expect-error customerId is a string
  await client.listLicenses(42, 'u');
  // @ts-expect-error unknown license group
  await client.listSubscribedSkus('c', { licenseGroups: ['Group3'] });
  const l = await client.listLicenses('c', 'u');
  // @ts-expect-error no such property on License
  l.items[0].productSkuId;
  // @ts-expect-error assign takes objects
  await client.assignLicenses('c', 'u', ['sku']);
  // @ts-expect-error the token option is required
  new LicenseClient({ baseUrl: 'http://x' });
}
import type { ProductSku } from 'partner-center-licenses';
// @ts-expect-error targetType may be absent, not null
export const nullTarget: ProductSku = { id: 's', name: 'n', skuPartNumber: 'p', licenseGroupId: 'g', targetType: null };
// @ts-expect-error licenseGroupId is always there
export const noGroup: ProductSku = { id: 's', name: 'n', skuPartNumber: 'p' };
`;
  const tsconfig = {
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'], types: [], skipLibCheck: false, noUnusedLocals: true,
    },
    files: ['usage.ts', 'misuse.ts'],
  };
  const dir = await project('ts-app', { type: 'module' }, {
    'usage.ts': usage, 'misuse.ts': misuse, 'tsconfig.json': JSON.stringify(tsconfig, null, 2),
  });
  try {
    await run('node', [TSC, '--strict', '--noEmit', '-p', dir], { cwd: dir });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
  // And the check has teeth: a wrong type in the usage file is reported.
  writeFileSync(path.join(dir, 'usage.ts'), usage.replace('const left: number', 'const left: string'));
  await assert.rejects(run('node', [TSC, '--strict', '--noEmit', '-p', dir], { cwd: dir }), (e) => /TS2322/.test(e.stdout));
});
