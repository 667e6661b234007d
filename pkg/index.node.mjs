// Node, ES modules (`import ... from 'partner-center-licenses'`). It loads the same
// CommonJS glue as `require` does, so an app that mixes both gets one module instance and
// one PartnerCenterError class (`instanceof` holds across them).
import { readFile } from 'node:fs/promises';
import glue from './gen/node/partner_center_licenses.js';

export const LicenseClient = glue.LicenseClient;
export const PartnerCenterError = glue.errorClass();

// Bulk work loads on first use (pkg/src/bulk.mjs and its own .wasm).
const bulkEnv = { PartnerCenterError, wasm: () => readFile(new URL('./gen/bulk/partner_center_licenses_bulk_bg.wasm', import.meta.url)) };
LicenseClient.prototype.reconcile = async function reconcile(customerId, desired, options) {
  return (await import('./src/bulk.mjs')).reconcile(this, customerId, desired, options, bulkEnv);
};
export async function parsePlanCsv(text) {
  return (await import('./src/bulk.mjs')).parsePlanCsv(text, bulkEnv);
}
