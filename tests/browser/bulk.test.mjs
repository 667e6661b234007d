// Bulk on demand in Chromium: a page that imports the package and makes calls downloads
// nothing of bulk; the first parsePlanCsv / reconcile fetches dist/bulk.mjs and
// dist/pcl_bulk_bg.wasm once, and a dry-run reconcile against the emulator works.
//
//   node --test tests/browser/bulk.test.mjs   (starts target/release/partner-center-emulator)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startEmulator, watchConsole } from './harness.mjs';

const CONTOSO = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';

test('browser: bulk loads on first use only, once, and reconciles', { timeout: 120_000 }, async (t) => {
  const emulator = await startEmulator();
  t.after(() => emulator.stop());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const watch = watchConsole(page);
  await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
  const fetched = [];
  page.on('request', (req) => fetched.push(new URL(req.url()).pathname));
  const bulkFiles = () => fetched.filter((p) => /\/pkg\/dist\/(bulk\.mjs|pcl_bulk)/.test(p));

  await page.goto(`${emulator.url}/pkg/package.json`);
  const basic = await page.evaluate(async (customer) => {
    const token = (await (await fetch('/emulator/token', { method: 'POST', body: JSON.stringify({ partner: 'adatum' }) })).json()).accessToken;
    const { LicenseClient } = await import('/pkg/dist/browser.mjs');
    globalThis.client = new LicenseClient({ baseUrl: location.origin, token });
    const skus = await client.listSubscribedSkus(customer, { licenseGroups: ['Group1', 'Group2'] });
    return skus.items.length;
  }, CONTOSO);
  assert.ok(basic > 0);
  assert.deepEqual(bulkFiles(), [], 'a basic call fetches nothing of bulk');

  const result = await page.evaluate(async (customer) => {
    const { parsePlanCsv, PartnerCenterError } = await import('/pkg/dist/browser.mjs');
    const desired = await parsePlanCsv('userId,skuId\nada@contoso.onmicrosoft.com,ENTERPRISEPACK\nedsger@contoso.onmicrosoft.com,\n');
    const report = await client.reconcile(customer, desired, { dryRun: true, concurrency: 4 });
    const again = await client.reconcile(customer, desired, { dryRun: true });
    let bad;
    try {
      await client.reconcile(customer, { 'not a user': [] });
    } catch (e) {
      bad = { isError: e instanceof PartnerCenterError, kind: e.kind, field: e.field };
    }
    return { users: report.totals.users, dryRun: report.dryRun, applied: report.applied, same: JSON.stringify(again.totals) === JSON.stringify(report.totals), bad };
  }, CONTOSO);
  assert.deepEqual(result, {
    users: 2, dryRun: true, applied: false, same: true,
    bad: { isError: true, kind: 'invalidInput', field: 'desired["not a user"]' },
  });
  assert.deepEqual(bulkFiles().sort(), ['/pkg/dist/bulk.mjs', '/pkg/dist/pcl_bulk_bg.wasm'], 'each fetched once');
  assert.deepEqual(watch.errors, []);
});
