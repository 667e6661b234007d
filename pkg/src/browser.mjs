// Browsers, workers and bundlers (Vite, webpack, Rollup), bundled by scripts/build-pkg.sh
// with the driver and the glue into one file, dist/browser.mjs (one request, one gzip
// stream), which pkg/index.browser.mjs re-exports. The wasm core is fetched and compiled
// once, here (`new URL(..., import.meta.url)` lets bundlers find, copy and rewrite it); the
// top-level await means the class is ready once the import resolves. The bulk module
// (reconcile, parsePlanCsv) is fetched only on first use.
import init, { Core } from '../dist/pcl_client.js';
import { defineClient } from './client.mjs';
import { PartnerCenterError } from './error.mjs';

await init({ module_or_path: new URL('./pcl_client_bg.wasm', import.meta.url) });

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
