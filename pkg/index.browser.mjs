// Browsers and bundlers (Vite, webpack, Rollup): the `web` glue. The `new URL(...,
// import.meta.url)` form lets bundlers find, copy and rewrite the .wasm; the top-level
// await means the class is ready once the import resolves.
import init, { LicenseClient, errorClass } from './gen/web/partner_center_licenses.js';

await init({ module_or_path: new URL('./gen/partner_center_licenses_bg.wasm', import.meta.url) });

export { LicenseClient };
export const PartnerCenterError = errorClass();

// Bulk work loads on first use (pkg/src/bulk.mjs and its own .wasm): a page that never
// reconciles never downloads it.
const bulkEnv = { PartnerCenterError, wasm: () => new URL('./gen/bulk/partner_center_licenses_bulk_bg.wasm', import.meta.url) };
LicenseClient.prototype.reconcile = async function reconcile(customerId, desired, options) {
  return (await import('./src/bulk.mjs')).reconcile(this, customerId, desired, options, bulkEnv);
};
export async function parsePlanCsv(text) {
  return (await import('./src/bulk.mjs')).parsePlanCsv(text, bulkEnv);
}
