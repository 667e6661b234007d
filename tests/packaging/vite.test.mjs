// The package as a bundler user gets it: `npm pack` pkg/, install the tarball into a fresh
// Vite app, `vite build` it, serve dist/ and run it in Debian's Chromium against the
// emulator. Checks that Vite copied both .wasm files, that the client works (lists SKUs and
// licenses), that a typed error survives bundling (`instanceof`, `reason`), and that the
// bulk module is fetched only by the first parsePlanCsv / reconcile.
//
//   node --test tests/packaging/vite.test.mjs   (needs pkg/ built and the release emulator)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ROOT, launchChromium, startEmulator, watchConsole } from '../browser/harness.mjs';

const PKG = path.join(ROOT, 'pkg');
const VITE = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

const APP_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>vite app</title></head>
<body><pre id="out">loading</pre><script type="module" src="/main.js"></script></body>
</html>
`;

// The app a Vite user would write: the bare specifier, nothing else.
const APP_JS = `import { LicenseClient, PartnerCenterError, parsePlanCsv } from 'partner-center-licenses';

const out = document.getElementById('out');
async function main() {
  const state = await (await fetch('/emulator/state')).json();
  const partner = state.partners[0];
  const customers = partner.customers ?? state.customers.filter((c) => (c.partnerId ?? partner.id) === partner.id);
  const customer = customers[0];
  const user = customer.users[0];
  const tok = await fetch('/emulator/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ partner: partner.id, kind: 'app+user' }),
  });
  const { accessToken: token } = await tok.json();
  const client = new LicenseClient({ baseUrl: location.origin, token });
  const skus = await client.listSubscribedSkus(customer.id, { licenseGroups: ['Group1', 'Group2'] });
  const licenses = await client.listLicenses(customer.id, user.id, { licenseGroups: ['Group1', 'Group2'] });
  const items = (r) => (Array.isArray(r) ? r : r.items);
  const empty = items(skus).find((s) => s.availableUnits === 0);
  let error = null;
  if (empty) {
    try {
      await client.updateLicenses(customer.id, user.id, { assign: [{ skuId: empty.productSku.id }] });
    } catch (e) {
      error = { isClass: e instanceof PartnerCenterError, isError: e instanceof Error, kind: e.kind, reason: e.reason, status: e.status, hint: typeof e.hint === 'string' && e.hint.startsWith('The customer has no units left of SKU ') };
    }
  }
  let invalid = null;
  try {
    await client.listLicenses('not-a-guid', user.id);
  } catch (e) {
    invalid = { isClass: e instanceof PartnerCenterError, kind: e.kind };
  }
  out.textContent = JSON.stringify({
    skus: items(skus).map((s) => ({ id: s.productSku.id, group: s.productSku.licenseGroupId, available: s.availableUnits })),
    licenses: items(licenses).length,
    error,
    invalid,
  });
  // Bulk, on demand: the test calls it after checking that nothing of bulk was fetched.
  window.reconcileNow = async () => {
    const desired = await parsePlanCsv('userId,skuId\\n' + user.id + ',\\n');
    const report = await client.reconcile(customer.id, desired, { dryRun: true });
    return { users: report.totals.users, dryRun: report.dryRun };
  };
  document.body.dataset.done = 'ok';
}
main().catch((e) => {
  out.textContent = 'failed: ' + (e && e.stack ? e.stack : e);
  document.body.dataset.done = 'failed';
});
`;

const VITE_CONFIG = `// The web target works with Vite without plugins; the dev server must not pre-bundle it.
export default { optimizeDeps: { exclude: ['partner-center-licenses'] }, logLevel: 'warn' };
`;

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

/** Serves `dir` and passes /v1 and /emulator through to the emulator (same origin, no CORS). */
function serve(dir, upstream) {
  const up = new URL(upstream);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/v1/') || url.pathname.startsWith('/emulator/')) {
      const fwd = http.request(
        { host: up.hostname, port: up.port, path: req.url, method: req.method, headers: { ...req.headers, host: up.host } },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      fwd.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(fwd);
      return;
    }
    const file = path.join(dir, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the packed package in a fresh Vite app, built and run in Chromium', { timeout: 180_000 }, async (t) => {
  assert.ok(existsSync(path.join(PKG, 'package.json')), 'pkg/ is built (scripts/build-pkg.sh)');
  assert.ok(existsSync(VITE), 'vite is installed at the root (npm ci)');
  const work = mkdtempSync(path.join(os.tmpdir(), 'pcl-vite-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  // npm pack, then install the tarball as a user would (no network needed: no dependencies).
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: PKG, encoding: 'utf8' }));
  const tarball = path.join(work, packed[0].filename);
  const app = path.join(work, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'vite-app', private: true, type: 'module' }, null, 2));
  writeFileSync(path.join(app, 'index.html'), APP_HTML);
  writeFileSync(path.join(app, 'main.js'), APP_JS);
  writeFileSync(path.join(app, 'vite.config.js'), VITE_CONFIG);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: app, stdio: 'pipe' });
  execFileSync(process.execPath, [VITE, 'build'], { cwd: app, stdio: 'pipe' });

  const assets = readdirSync(path.join(app, 'dist', 'assets'));
  // The client's .wasm, and the bulk module's (reconcile, parsePlanCsv) in its own chunk,
  // fetched only on first use.
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  const [client] = wasm.filter((f) => f.startsWith('pcl_client_bg'));
  assert.ok(client && wasm.some((f) => f.startsWith('pcl_bulk_bg')) && wasm.length === 2, `vite copied both .wasm files into dist/assets: ${assets.join(', ')}`);
  const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(app, 'dist', 'assets', f), 'utf8')).join('\n');
  assert.ok(wasm.every((w) => js.includes(w)), 'the bundle refers to the hashed .wasm files');
  assert.ok(assets.some((f) => /^bulk-.*\.js$/.test(f)), `the bulk driver is a chunk of its own: ${assets.join(', ')}`);

  const emulator = await startEmulator();
  t.after(() => emulator.stop());
  const server = await serve(path.join(app, 'dist'), emulator.url);
  t.after(() => new Promise((r) => server.close(r)));
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const watch = watchConsole(page);
  watch.allowHttpErrors(400); // the out-of-licenses call
  const wasmResponses = [];
  page.on('response', (r) => r.url().endsWith('.wasm') && wasmResponses.push(`${path.basename(new URL(r.url()).pathname).split('-')[0]} ${r.status()}`));

  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector('body[data-done]', { timeout: 30_000 });
  const text = await page.textContent('#out');
  assert.equal(await page.getAttribute('body', 'data-done'), 'ok', text);
  const result = JSON.parse(text);
  assert.deepEqual(wasmResponses, ['pcl_client_bg 200'], 'the client .wasm was fetched, nothing of bulk');
  assert.ok(result.skus.length >= 2, `subscribed SKUs listed: ${text}`);
  assert.ok(result.skus.some((s) => s.group === 'group2'), 'Group2 SKUs too');
  assert.ok(typeof result.licenses === 'number');
  assert.ok(result.error, 'the seed has a SKU with 0 units left');
  // Its hint comes from dist/hints.mjs, which Vite emits as a chunk loaded on this first error.
  assert.deepEqual(result.error, { isClass: true, isError: true, kind: 'api', reason: 'outOfLicenses', status: 400, hint: true });
  assert.deepEqual(result.invalid, { isClass: true, kind: 'invalidInput' });
  assert.deepEqual(await page.evaluate(() => window.reconcileNow()), { users: 1, dryRun: true });
  assert.deepEqual(wasmResponses, ['pcl_client_bg 200', 'pcl_bulk_bg 200'], 'the bulk .wasm was fetched on first use');
  assert.deepEqual(watch.errors, [], 'no console errors');
});
