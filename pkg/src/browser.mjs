// Browsers, workers and bundlers (Vite, webpack, Rollup), bundled by scripts/build-pkg.sh
// with the driver and the glue into one file, dist/browser.mjs (one request, one gzip
// stream), which is the package's `browser`/`default` entry itself (no re-exporting file:
// one request fewer). The wasm core is fetched and compiled
// once, here (`new URL(..., import.meta.url)` lets bundlers find, copy and rewrite it); the
// top-level await means the class is ready once the import resolves. The bulk module
// (reconcile, parsePlanCsv) is fetched only on first use. The glue's `initSync` is given
// the compiled module (its async `init`, with its fallbacks and warnings for every kind of
// argument, stays out of the bundle: -370 B gzip).
import { initSync, Core } from '../dist/pcl_client.js';
import { defineClient } from './client.mjs';
import { PartnerCenterError } from './error.mjs';

const response = await fetch(new URL('./pcl_client_bg.wasm', import.meta.url));
if (!response.ok) throw new Error(`failed to fetch Wasm: ${response.status} ${response.statusText} fetching '${response.url}'`);
// Compiled while it downloads, unless the server does not say `application/wasm` (which
// compileStreaming requires): then from its bytes.
initSync({
  module: await (response.headers.get('Content-Type') === 'application/wasm'
    ? WebAssembly.compileStreaming(response)
    : response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes))),
});

async function bulk() {
  const module = await import('./bulk.mjs');
  return { ...module, env: { PartnerCenterError, wasm: new URL('./pcl_bulk_bg.wasm', import.meta.url) } };
}

export const LicenseClient = defineClient(Core, bulk);
export { PartnerCenterError };
/** The desired licenses of a CSV plan (loads the bulk module on first use). */
export async function parsePlanCsv(text) {
  const { parsePlanCsv: parse, env } = await bulk();
  return parse(text, env);
}
