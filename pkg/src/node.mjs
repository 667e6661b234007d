// Node (and Bun, Deno): bundled by scripts/build-pkg.sh into dist/index.node.cjs, which both
// `require` and `import` load, so an app that mixes them gets one wasm instance and one
// PartnerCenterError class. The .wasm is read from disk and compiled synchronously.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initSync, Core } from '../dist/pcl_client.js';
import { defineClient } from './client.mjs';
import { PartnerCenterError } from './error.mjs';
import { nodeController } from './node-signal.mjs';

initSync({ module: readFileSync(join(__dirname, 'pcl_client_bg.wasm')) });

let bulkEnv = null;
async function bulk() {
  const module = await import('./bulk.mjs');
  bulkEnv ??= { PartnerCenterError, wasm: readFileSync(join(__dirname, 'pcl_bulk_bg.wasm')) };
  return { ...module, env: bulkEnv };
}

export const LicenseClient = defineClient(Core, bulk, nodeController);
export { PartnerCenterError };
export async function parsePlanCsv(text) {
  const { parsePlanCsv: parse, env } = await bulk();
  return parse(text, env);
}
