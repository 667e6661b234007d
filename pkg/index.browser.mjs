// Browsers and bundlers (Vite, webpack, Rollup): the `web` glue. The `new URL(...,
// import.meta.url)` form lets bundlers find, copy and rewrite the .wasm; the top-level
// await means the class is ready once the import resolves.
import init, { LicenseClient, errorClass, parsePlanCsv } from './gen/web/partner_center_licenses.js';

await init({ module_or_path: new URL('./gen/partner_center_licenses_bg.wasm', import.meta.url) });

export { LicenseClient, parsePlanCsv };
export const PartnerCenterError = errorClass();
