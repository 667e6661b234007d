// Node, ES modules (`import ... from 'partner-center-licenses'`). It loads the same
// CommonJS glue as `require` does, so an app that mixes both gets one module instance and
// one PartnerCenterError class (`instanceof` holds across them).
import glue from './gen/node/partner_center_licenses.js';

export const LicenseClient = glue.LicenseClient;
export const PartnerCenterError = glue.errorClass();
export const parsePlanCsv = glue.parsePlanCsv;
