// The built wasm core: its imports are only wasm-bindgen's own glue (the driver passes time,
// randomness and bytes in; nothing is bound from the host), it exports what the driver calls,
// and its users ops (5/6 a page the bulk module checked, 7) answer through the glue as the native
// tests say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const PKG = new URL('../../pkg/', import.meta.url);
// The glue as wasm-bindgen wrote it (scripts/wasm-tools.sh keeps it there; the package bundles
// it into dist/browser.mjs and dist/index.node.cjs), driving the built, optimised .wasm.
const GLUE = new URL('../../target/wasm-pkg/pcl_client/pcl_client.js', import.meta.url);
const BULK_GLUE = new URL('../../target/wasm-pkg/pcl_bulk/pcl_bulk.js', import.meta.url);

test('the wasm core imports only its glue and exports the calls the driver makes', () => {
  const module = new WebAssembly.Module(readFileSync(new URL('dist/pcl_client_bg.wasm', PKG)));
  const imports = WebAssembly.Module.imports(module);
  const foreign = imports.filter((i) => i.module !== './pcl_client_bg.js');
  assert.deepEqual(foreign, [], 'imports from outside the glue');
  // The glue's imports are wasm-bindgen intrinsics (strings, errors, the externref table).
  for (const i of imports) assert.match(i.name, /^__wbg___wbindgen_|^__wbindgen_/, i.name);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  for (const name of ['core_open', 'core_refusal', 'core_start', 'call_request', 'call_response', 'call_failure']) {
    assert.ok(exports.includes(name), `missing export ${name}`);
  }
});

test('the built core runs the users ops: 5/6 a page the bulk module checked, 7 getUser; the bulk module checks their bodies', async () => {
  const { initSync, Core } = await import(GLUE);
  initSync({ module: readFileSync(new URL('dist/pcl_client_bg.wasm', PKG)) });
  const bulk = await import(BULK_GLUE);
  bulk.initSync({ module: readFileSync(new URL('dist/pcl_bulk_bg.wasm', PKG)) });
  const C = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
  const core = Core.open(JSON.stringify({ baseUrl: 'http://127.0.0.1:9/' }), 'string', 'tok', 'undefined');
  assert.equal(core.baseUrl, 'http://127.0.0.1:9');
  const start = (op, user, input) => core.start(op, C, user, JSON.stringify(input), true, new Uint8Array(32), Date.now());
  const request = (call) => JSON.parse(call.request(undefined));
  // The first page as the driver runs it: the options read by the bulk module, the checked
  // page handed to the core (op 5 or 6).
  const first = JSON.parse(bulk.usersPage(C, JSON.stringify({ pageSize: 10 }))).ok;
  assert.deepEqual(first, { query: 'size=10', headers: [] });
  assert.equal(request(start(5, undefined, first)).url, `http://127.0.0.1:9/v1/customers/${C}/users?size=10`);
  assert.equal(JSON.parse(bulk.usersPage(C, '{"pageSize":0}')).error.field, 'pageSize');
  // The users' bodies: checked by the bulk module, not by the core.
  const bytes = (text) => new TextEncoder().encode(text);
  assert.equal(bulk.checkUsers(bytes('{"id":"x"}'), true), 'expected a GUID at $.id (byte 6)');
  assert.equal(bulk.checkUsers(bytes(`{"id":"${C}","userPrincipalName":"a@b.c"}`), true), '');
  assert.equal(bulk.checkUsers(bytes(`{"items":[{"id":"${C}","userPrincipalName":"a@b.c"}]}`), false), '');
  // The link as the driver runs it: checked by the bulk module, then handed to the core.
  const link = { uri: `/customers/${C}/users?seekOperation=Next`, method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: 'x/y=' }] };
  const checked = JSON.parse(bulk.nextPage(core.baseUrl, C, JSON.stringify(link))).ok;
  assert.deepEqual(checked, { query: 'seekOperation=Next', headers: [['MS-ContinuationToken', 'x/y=']] });
  const next = request(start(6, undefined, checked));
  assert.equal(next.url, `http://127.0.0.1:9/v1/customers/${C}/users?seekOperation=Next`);
  assert.equal(next.headers['MS-ContinuationToken'], 'x/y=');
  assert.equal(request(start(7, 'ada@contoso.com', null)).url, `http://127.0.0.1:9/v1/customers/${C}/users/ada%40contoso.com`);
  // A link elsewhere: the bulk module refuses it (kind decode, with its hint written out).
  const refused = JSON.parse(bulk.nextPage(core.baseUrl, C, JSON.stringify({ ...link, uri: 'https://evil.example/v1/customers/x/users' }))).error;
  assert.equal(refused.kind, 'decode');
  assert.match(refused.hint, /documented JSON/);
  // The core refuses what is not a checked link, and a header it sets itself: no call, and
  // Core.refusal() the error fields, kind decode, the hint left to the driver.
  for (const input of [link, { query: '', headers: [['Authorization', 'x']] }]) {
    assert.equal(start(6, undefined, input), undefined);
    const e = Core.refusal();
    assert.equal(typeof e, 'string');
    assert.equal(JSON.parse(e).kind, 'decode');
    assert.equal(JSON.parse(e).hint, '', 'the hint left to the driver (no argument)');
  }
});
