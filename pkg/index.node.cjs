'use strict';
// Node, CommonJS (`require('partner-center-licenses')`): the nodejs glue loads the .wasm
// synchronously from disk.
const { readFile } = require('node:fs/promises');
const { join } = require('node:path');
const glue = require('./gen/node/partner_center_licenses.js');

const PartnerCenterError = glue.errorClass();
// Bulk work loads on first use (pkg/src/bulk.mjs, an ES module, and its own .wasm).
const bulkEnv = { PartnerCenterError, wasm: () => readFile(join(__dirname, 'gen', 'bulk', 'partner_center_licenses_bulk_bg.wasm')) };
glue.LicenseClient.prototype.reconcile = async function reconcile(customerId, desired, options) {
  return (await import('./src/bulk.mjs')).reconcile(this, customerId, desired, options, bulkEnv);
};

module.exports = {
  LicenseClient: glue.LicenseClient,
  PartnerCenterError,
  parsePlanCsv: async (text) => (await import('./src/bulk.mjs')).parsePlanCsv(text, bulkEnv),
};
