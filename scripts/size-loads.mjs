// What each runtime loads from the package, module by module: the one list the size report
// (scripts/size-report.mjs) prints and the size budget test (tests/js/size-budget.test.mjs)
// checks. Paths are relative to pkg/.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The goal of issue 12: a browser's basic call loads at most this much, gzip. */
export const GOAL = 40 * 1024;

// dist/bulk.mjs bundles the bulk driver with its wasm-bindgen glue (scripts/build-bulk.sh);
// dist/hints.mjs is the hint texts (generated from src/hint.rs), imported on the first error
// whose hint the core names by number (pkg/src/error.mjs).
const BULK = ['dist/bulk.mjs', 'dist/pcl_bulk_bg.wasm'];
const BULK_WHEN = 'added on the first reconcile / parsePlanCsv / holdings / inventory / listUsers / getUser';
const HINTS = ['dist/hints.mjs'];
const HINTS_WHEN = 'added on the first error after a request (the hint texts)';
export const LOADS = [
  {
    id: 'browser',
    label: 'browser / worker / bundler: a basic call (list, assign, remove; retries, tokens, events)',
    files: ['dist/browser.mjs', 'dist/pcl_client_bg.wasm'],
  },
  { id: 'browser-hints', label: `browser: ${HINTS_WHEN}`, extends: 'browser', files: HINTS },
  { id: 'browser-bulk', label: `browser: ${BULK_WHEN}`, extends: 'browser', files: BULK },
  {
    id: 'node',
    label: 'Node, Bun, Deno (import or require): a basic call',
    files: ['index.node.mjs', 'index.node.cjs', 'dist/index.node.cjs', 'dist/pcl_client_bg.wasm'],
  },
  { id: 'node-hints', label: `Node: ${HINTS_WHEN}`, extends: 'node', files: HINTS },
  { id: 'node-bulk', label: `Node: ${BULK_WHEN}`, extends: 'node', files: BULK },
];

/** Raw and gzip -9 bytes of each load, file by file (a missing file counts 0 and says so). */
export function loadSizes(pkgDir) {
  return LOADS.map((l) => {
    const files = l.files.map((file) => {
      const full = path.join(pkgDir, file);
      if (!existsSync(full)) return { file, raw: 0, gzip: 0, missing: true };
      const bytes = readFileSync(full);
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    const sum = (k) => files.reduce((n, f) => n + f[k], 0);
    return { ...l, files, raw: sum('raw'), gzip: sum('gzip') };
  });
}
