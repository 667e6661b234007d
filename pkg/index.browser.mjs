// The browser entry: dist/browser.mjs is pkg/src/browser.mjs bundled (scripts/build-pkg.sh).
export { LicenseClient, PartnerCenterError, parsePlanCsv } from './dist/browser.mjs';
