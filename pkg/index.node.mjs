// Node, ES modules (`import ... from 'partner-center-licenses'`). It loads the same
// CommonJS bundle as `require` does, so an app that mixes both gets one module instance and
// one PartnerCenterError class (`instanceof` holds across them).
import glue from './dist/index.node.cjs';

export const { LicenseClient, PartnerCenterError, parsePlanCsv } = glue;
