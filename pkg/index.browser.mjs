// Browsers, workers and bundlers (Vite, webpack, Rollup): the wasm core is fetched and
// compiled once, here (`new URL(..., import.meta.url)` lets bundlers find, copy and rewrite
// it); the top-level await means the class is ready once the import resolves. The bulk
// module (reconcile, parsePlanCsv) is fetched only on first use.
import init, { Core } from './dist/pcl_client.js';
import { defineClient } from './dist/client.mjs';
import { PartnerCenterError } from './dist/error.mjs';

await init({ module_or_path: new URL('./dist/pcl_client_bg.wasm', import.meta.url) });

async function bulk() {
  const module = await import('./dist/bulk.mjs');
  return { ...module, env: { PartnerCenterError, wasm: new URL('./dist/pcl_bulk_bg.wasm', import.meta.url) } };
}

export const LicenseClient = defineClient(Core, bulk);
export { PartnerCenterError };
/** The desired licenses of a CSV plan (loads the bulk module on first use). */
export async function parsePlanCsv(text) {
  const { parsePlanCsv: parse, env } = await bulk();
  return parse(text, env);
}
