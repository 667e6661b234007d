// The built wasm core: its imports are only wasm-bindgen's own glue (the driver passes time,
// randomness and bytes in; nothing is bound from the host), and it exports what the driver calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const PKG = new URL('../../pkg/', import.meta.url);

test('the wasm core imports only its glue and exports the calls the driver makes', () => {
  const module = new WebAssembly.Module(readFileSync(new URL('dist/pcl_client_bg.wasm', PKG)));
  const imports = WebAssembly.Module.imports(module);
  const foreign = imports.filter((i) => i.module !== './pcl_client_bg.js');
  assert.deepEqual(foreign, [], 'imports from outside the glue');
  // The glue's imports are wasm-bindgen intrinsics (strings, errors, the externref table).
  for (const i of imports) assert.match(i.name, /^__wbg___wbindgen_|^__wbindgen_/, i.name);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  for (const name of ['core_new', 'core_start', 'call_request', 'call_response', 'call_failure', 'call_tokenFailure']) {
    assert.ok(exports.includes(name), `missing export ${name}`);
  }
});
