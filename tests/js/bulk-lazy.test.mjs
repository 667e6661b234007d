// Bulk on demand: the package's entries load dist/bulk.mjs and its .wasm only on the
// first reconcile / parsePlanCsv; bad input is refused before any request; CommonJS too.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { LicenseClient, PartnerCenterError, parsePlanCsv } from '../../pkg/index.node.mjs';
import { ROOT } from './bulk-emulator.mjs';

const run = promisify(execFile);
const CUSTOMER = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';

test('importing the package and making a client loads no bulk code; the first parsePlanCsv does', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pcl-lazy-'));
  // A module-loader hook that names every file module loaded, appended synchronously to a log
  // the script marks too (the hook runs on its own thread: its stderr could come late).
  const log = join(dir, 'loaded.log');
  await writeFile(log, '');
  await writeFile(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.PCL_LOAD_LOG, 'loaded ' + url + '\\n');
  return next(url, context);
}\n`);
  await writeFile(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
  const entry = pathToFileURL(join(ROOT, 'pkg', 'index.node.mjs')).href;
  const script = `import { appendFileSync } from 'node:fs';
const mark = (text) => appendFileSync(process.env.PCL_LOAD_LOG, text + '\\n');
const m = await import(${JSON.stringify(entry)});
new m.LicenseClient({ baseUrl: 'http://127.0.0.1:9', token: 'not-a-real-token' });
mark('--- first use');
const d = await m.parsePlanCsv('userId,skuId\\nada@contoso.com,ENTERPRISEPACK\\n');
mark('--- ' + JSON.stringify(d));`;
  await run(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', script], {
    env: { ...process.env, PCL_LOAD_LOG: log },
  });
  const loaded = await readFile(log, 'utf8');
  const [before, after] = loaded.split('--- first use');
  assert.match(before, /pkg\/dist\/index\.node\.cjs/);
  assert.doesNotMatch(before, /bulk\.mjs|pcl_bulk/, 'nothing of bulk before the first use');
  assert.match(after, /pkg\/dist\/bulk\.mjs/);
  assert.match(after, /"ada@contoso.com":\[\{"skuId":"ENTERPRISEPACK","excludedPlans":null\}\]/);
});

test('bad input is refused before any request is sent (no event at all)', async () => {
  const events = [];
  const client = new LicenseClient({ baseUrl: 'http://127.0.0.1:9', token: 'not-a-real-token', onEvent: (e) => events.push(e) });
  const cases = [
    [[CUSTOMER, { 'not a user': [] }], 'desired["not a user"]'],
    [[CUSTOMER, new Map([['ada@contoso.com', []], ['ADA@contoso.com', []]])], 'desired["ada@contoso.com"]'],
    [[CUSTOMER, {}, { concurrency: 65 }], 'concurrency'],
    [[CUSTOMER, {}, { onProgress: 1 }], 'onProgress'],
    [[CUSTOMER, {}, { signal: {} }], 'signal'],
    [[42, {}], 'customerId'],
    [[CUSTOMER, undefined], 'desired'],
    [[CUSTOMER, { 'ada@contoso.com': [{ skuId: 1n }] }], 'desired'],
    [[CUSTOMER, new Proxy({}, { getPrototypeOf() { throw new Error('trap'); } })], 'desired'],
    [[CUSTOMER, {}, { get signal() { throw new Error('getter'); } }], 'options'],
  ];
  for (const [args, field] of cases) {
    await assert.rejects(client.reconcile(...args), (e) => {
      assert.ok(e instanceof PartnerCenterError, String(e));
      assert.equal(e.kind, 'invalidInput');
      assert.equal(e.field, field, e.message);
      assert.ok(e.message.startsWith(`invalid ${field}: `), e.message);
      return true;
    });
  }
  assert.deepEqual(events, []);
});

test('parsePlanCsv is async, rejects with invalidInput naming the line, and CommonJS gets the same', async () => {
  await assert.rejects(parsePlanCsv('user,sku\nada@contoso.com,X\nada@contoso.com,x\n'), (e) => e instanceof PartnerCenterError && e.field === 'plan file line 3');
  await assert.rejects(parsePlanCsv(7), (e) => e instanceof PartnerCenterError && e.field === 'text');
  const cjs = createRequire(import.meta.url)(join(ROOT, 'pkg', 'index.node.cjs'));
  const text = 'userId,skuId,excludedPlans\nada@contoso.com,ENTERPRISEPACK,SWAY\nbob@contoso.com,,\n';
  const got = cjs.parsePlanCsv(text);
  assert.ok(got instanceof Promise);
  assert.deepEqual(await got, await parsePlanCsv(text));
  assert.equal(cjs.PartnerCenterError, PartnerCenterError, 'one error class for both');
  const client = new cjs.LicenseClient({ baseUrl: 'http://127.0.0.1:9', token: 'not-a-real-token' });
  await assert.rejects(client.reconcile('nope', {}), (e) => e instanceof PartnerCenterError && e.field === 'customerId');
});
