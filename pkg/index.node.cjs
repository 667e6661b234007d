'use strict';
// Node, CommonJS (`require('partner-center-licenses')`): the nodejs glue loads the .wasm
// synchronously from disk.
const glue = require('./gen/node/partner_center_licenses.js');

module.exports = {
  LicenseClient: glue.LicenseClient,
  PartnerCenterError: glue.errorClass(),
  parsePlanCsv: glue.parsePlanCsv,
};
