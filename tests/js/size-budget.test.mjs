// The size budget (deterministic, so a test): what a browser loads for a basic call — the
// entry, the driver, the wasm-bindgen glue and the .wasm, gzip -9 per file, as
// scripts/size-loads.mjs lists them — must stay within BUDGET, and a page that never
// reconciles must not load the bulk module. The goal of issue 12 is 40 KB (GOAL); the
// budget is what is reached today, so any growth fails here (docs/package.md has the figures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GOAL, loadSizes } from '../../scripts/size-loads.mjs';

const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));
// 53 KB: 52 KB + the pacing gate shared by every call of a client (issue 13: +2.0 KB gzip);
// + the users calls (issue 14: listUsers, its next page with the link checks, getUser:
// +3,363 B gzip measured against main at ba87b50, 53,376 -> 56,739).
const BUDGET = 53 * 1024 + 3363;

test(`a browser's basic call loads at most ${(BUDGET / 1024).toFixed(1)} KB gzip (goal ${GOAL / 1024} KB)`, () => {
  const loads = loadSizes(PKG);
  const browser = loads.find((l) => l.id === 'browser');
  for (const f of browser.files) assert.ok(!f.missing, `${f.file} is not built`);
  const detail = browser.files.map((f) => `${f.file} ${f.gzip}`).join(', ');
  assert.ok(browser.gzip <= BUDGET, `browser basic call: ${browser.gzip} B gzip > ${BUDGET} (${detail})`);
  const node = loads.find((l) => l.id === 'node');
  assert.ok(node.gzip <= BUDGET + 2048, `Node basic call: ${node.gzip} B gzip`);
});

test('the basic-call files never import the bulk module statically', () => {
  const loads = loadSizes(PKG);
  const browser = loads.find((l) => l.id === 'browser');
  for (const f of browser.files.filter((x) => x.file.endsWith('.mjs') || x.file.endsWith('.js'))) {
    const text = readFileSync(new URL(f.file, `file://${PKG}`), 'utf8');
    // Only a dynamic import() may load it: no static `import`/`export ... from '...bulk...'`.
    assert.doesNotMatch(text, /\b(import|export)\b[^;()]*\bfrom\s*['"][^'"]*bulk[^'"]*['"]/, `${f.file} imports bulk statically`);
  }
});
