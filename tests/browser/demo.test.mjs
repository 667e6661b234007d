// The demo page, end to end in Debian's Chromium: loads www/ from the emulator, assigns a
// license with one plan excluded, removes it, hits the out-of-licenses, mixed-groups and
// throttled errors (each shown with the error's hint), checks the request log and a narrow screen. Fails on any console error.
// Screenshots: test-output/demo/NN-step.png.
//
//   node --test tests/browser/demo.test.mjs          (starts target/release/partner-center-emulator)
//   DEMO_URL=http://127.0.0.1:7070 node --test ...   (uses a running emulator instead)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, launchChromium, startEmulator, watchConsole } from './harness.mjs';

const OUT = path.join(ROOT, 'test-output', 'demo');
const WAIT = { timeout: 15_000 };

test('demo page: assign, remove, typed errors, log, narrow screen', { timeout: 180_000 }, async (t) => {
  mkdirSync(OUT, { recursive: true });
  // This test's own screenshots only: inventory.test.mjs writes inventory-*.png beside them.
  for (const f of readdirSync(OUT)) if (/^(\d\d|failed)-.*\.png$/.test(f)) rmSync(path.join(OUT, f));
  const emulator = await startEmulator();
  t.after(() => emulator.stop());
  const browser = await launchChromium();
  t.after(() => browser.close());

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const watch = watchConsole(page);
  // Every Authorization header the page sends, to prove the token never shows on the page.
  const tokens = new Set();
  page.on('request', (req) => {
    const auth = req.headers()['authorization'];
    if (auth) tokens.add(auth.replace(/^Bearer\s+/i, ''));
  });

  let n = 0;
  const shot = async (name) => {
    n += 1;
    const file = path.join(OUT, `${String(n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  let failed = false; // the steps build on each other: after a failure, skip the rest
  const step = async (name, fn) => {
    await t.test(name, { skip: failed && 'an earlier step failed' }, async () => {
      try {
        await fn();
      } catch (err) {
        failed = true;
        await page.screenshot({ path: path.join(OUT, `failed-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
        throw err;
      }
      assert.deepEqual(watch.errors, [], 'no console errors');
    });
  };

  const sku = (id) => page.locator(`[data-testid="sku"][data-sku-id="${id}"]`);
  const license = (id) => page.locator(`[data-testid="license"][data-sku-id="${id}"]`);
  const available = async (id) => Number(await sku(id).getByTestId('sku-available').getAttribute('data-available'));
  const waitReady = () => page.waitForSelector('[data-testid="status"][data-state="ready"]', WAIT);
  const message = () => page.getByTestId('message');
  const skuRows = async () =>
    page.$$eval('[data-testid="sku"]', (rows) =>
      rows.map((r) => ({
        id: r.dataset.skuId,
        group: r.dataset.group,
        available: Number(r.querySelector('[data-testid="sku-available"]').dataset.available),
        held: !!r.querySelector('[data-testid="sku-held"]'),
        plans: r.querySelectorAll('[data-testid="plan"]').length,
      })),
    );

  let target; // a Group1 SKU with units left, not held by the user, with 2+ plans
  let excludedPlan;
  const shown = {}; // the message detail of each error, checked against the hints at the end
  const detail = () => page.getByTestId('message-detail').textContent();

  await step('loads', async () => {
    await page.goto(emulator.url + '/', { waitUntil: 'load' });
    await waitReady();
    assert.ok((await page.getByTestId('customer-select').locator('option').count()) >= 1, 'customers listed');
    assert.ok((await page.getByTestId('user-select').locator('option').count()) >= 1, 'users listed');
    await page.waitForSelector('[data-testid="sku"]', WAIT);
    assert.match(await page.getByTestId('token-kind').textContent(), /App\+User/);
    assert.ok((await page.getByTestId('group-group1').count()) === 1 && (await page.getByTestId('group-group2').count()) === 1, 'both license groups shown');
    await shot('loaded');
  });

  await step('assign with one plan excluded', async () => {
    const rows = await skuRows();
    target = rows.find((r) => r.group === 'group1' && r.available >= 1 && !r.held && r.plans >= 2);
    assert.ok(target, `a Group1 SKU with units left and 2+ plans, not held: ${JSON.stringify(rows)}`);
    const before = await available(target.id);
    await sku(target.id).getByTestId('sku-check').check();
    const plan = sku(target.id).getByTestId('plan').nth(1);
    excludedPlan = await plan.getAttribute('data-plan-id');
    await plan.uncheck();
    assert.match(await page.getByTestId('assign-summary').textContent(), /1 plan left out/);
    await shot('assign-form');

    await page.getByTestId('assign').click();
    await license(target.id).waitFor(WAIT);
    await page.waitForSelector(`[data-testid="sku"][data-sku-id="${target.id}"] [data-available="${before - 1}"]`, WAIT);
    assert.equal(await available(target.id), before - 1, 'available units dropped by one');
    const held = await license(target.id).getByTestId('license-plan').evaluateAll((els) => els.map((e) => e.dataset.planId));
    assert.equal(held.length, target.plans - 1, 'every plan but the excluded one');
    assert.ok(!held.includes(excludedPlan), 'the excluded plan is absent from the license');
    assert.equal(await license(target.id).locator(`[data-testid="license-excluded"] [data-plan-id="${excludedPlan}"]`).count(), 1);
    assert.equal(await message().getAttribute('data-reason'), 'assigned');
    target.before = before;
    await license(target.id).locator('details').evaluate((d) => (d.open = true));
    await shot('assigned');
  });

  await step('remove restores the unit', async () => {
    await license(target.id).getByTestId('remove').click();
    await license(target.id).waitFor({ state: 'detached', ...WAIT });
    await page.waitForSelector(`[data-testid="sku"][data-sku-id="${target.id}"] [data-available="${target.before}"]`, WAIT);
    assert.equal(await available(target.id), target.before, 'units restored');
    assert.equal(await message().getAttribute('data-reason'), 'removed');
    await shot('removed');
  });

  await step('out of licenses', async () => {
    const rows = await skuRows();
    const empty = rows.find((r) => r.available === 0 && !r.held);
    assert.ok(empty, `a SKU with 0 units left: ${JSON.stringify(rows)}`);
    watch.allowHttpErrors(400);
    await sku(empty.id).getByTestId('sku-check').check();
    await page.getByTestId('assign').click();
    await page.waitForSelector('[data-testid="message"][data-reason="outOfLicenses"]', WAIT);
    assert.match(await message().textContent(), /Out of licenses/);
    shown.outOfLicenses = { text: await detail(), skuId: empty.id };
    assert.equal(await message().getAttribute('role'), 'alert');
    assert.equal(await available(empty.id), 0, 'still 0 left');
    assert.equal(await license(empty.id).count(), 0, 'not assigned');
    await shot('out-of-licenses');
    watch.allowHttpErrors();
    await sku(empty.id).getByTestId('sku-check').uncheck();
  });

  await step('mixed license groups', async () => {
    const rows = await skuRows();
    const g1 = rows.find((r) => r.group === 'group1' && r.available >= 1 && !r.held);
    const g2 = rows.find((r) => r.group === 'group2' && r.available >= 1 && !r.held);
    assert.ok(g1 && g2, `a Group1 and a Group2 SKU with units: ${JSON.stringify(rows)}`);
    const before = [await available(g1.id), await available(g2.id)];
    watch.allowHttpErrors(400);
    await sku(g1.id).getByTestId('sku-check').check();
    await sku(g2.id).getByTestId('sku-check').check();
    await page.getByTestId('assign').click();
    await page.waitForSelector('[data-testid="message"][data-reason="mixedLicenseGroups"]', WAIT);
    assert.match(await message().textContent(), /one license group/);
    assert.deepEqual([await available(g1.id), await available(g2.id)], before, 'nothing consumed');
    await shot('mixed-license-groups');
    watch.allowHttpErrors();
    await sku(g1.id).getByTestId('sku-check').uncheck();
    await sku(g2.id).getByTestId('sku-check').uncheck();
  });

  await step('a Group2 license, and another user with plans left out', async () => {
    const rows = await skuRows();
    const g2 = rows.find((r) => r.group === 'group2' && r.available >= 1 && !r.held);
    assert.ok(g2, `a Group2 SKU with units: ${JSON.stringify(rows)}`);
    await sku(g2.id).getByTestId('sku-check').check();
    await page.getByTestId('assign').click();
    await page.getByTestId('group-group2').locator(`[data-testid="license"][data-sku-id="${g2.id}"]`).waitFor(WAIT);
    assert.equal(await page.getByTestId('group-group1').getByTestId('license').count(), 0, 'listed under Group2 only');
    await license(g2.id).getByTestId('remove').click();
    await license(g2.id).waitFor({ state: 'detached', ...WAIT });

    // The seed's alan@ holds Microsoft 365 E3 with two plans excluded (docs/emulator.md).
    const alan = await page
      .getByTestId('user-select')
      .locator('option')
      .evaluateAll((os) => os.find((o) => o.textContent.includes('alan@'))?.value);
    assert.ok(alan, 'the seed user alan@ is listed');
    await page.getByTestId('user-select').selectOption(alan);
    await page.waitForSelector('[data-testid="license"]', WAIT);
    await waitReady();
    const cards = page.getByTestId('license');
    assert.ok((await cards.count()) >= 2, 'his licenses are listed');
    const excluded = await page.getByTestId('license-excluded').locator('[data-plan-id]').count();
    assert.equal(excluded, 2, 'the two excluded plans are shown as left out');
    await shot('other-user');
    await page.getByTestId('user-select').selectOption({ index: 0 });
    await waitReady();
  });

  await step('throttled', async () => {
    await page.getByTestId('throttle-toggle').check({ force: true });
    await page.waitForSelector('[data-testid="message"][data-reason="throttlingOn"]', WAIT);
    watch.allowHttpErrors(429);
    await page.getByTestId('refresh').click();
    await page.waitForSelector('[data-testid="message"][data-reason="throttled"]', { timeout: 60_000 });
    assert.match(await message().textContent(), /Too many requests/);
    shown.throttled = await detail();
    await shot('throttled');
    watch.allowHttpErrors();
    await page.getByTestId('throttle-toggle').uncheck({ force: true });
    await page.waitForSelector('[data-testid="message"][data-reason="throttlingOff"]', WAIT);
    await page.getByTestId('refresh').click();
    await waitReady();
  });

  await step('request log, without the token', async () => {
    const rows = await page.getByTestId('log-row').evaluateAll((trs) =>
      trs.map((tr) => ({ method: tr.dataset.method, status: tr.dataset.status, source: tr.dataset.source, attempt: tr.dataset.attempt, cells: [...tr.cells].map((c) => c.textContent) })),
    );
    const api = rows.filter((r) => r.source === 'api');
    assert.ok(api.some((r) => r.method === 'POST' && r.status === '201'), 'a 201 POST logged');
    assert.ok(api.some((r) => r.method === 'POST' && r.status === '400'), 'the 400 logged');
    assert.ok(api.some((r) => r.method === 'GET' && r.status === '429'), 'a 429 logged');
    assert.ok(api.every((r) => /^\/v1\/customers\//.test(r.cells[2])), 'paths without host');
    assert.ok(api.every((r) => /\d+ ms/.test(r.cells[4])), 'durations');
    // From the client's onEvent: every API row carries its MS-RequestId, and the throttled
    // calls were retried once (maxAttempts 2) after the Retry-After wait, same request id.
    assert.ok(api.every((r) => /^[0-9a-f-]{36}$/i.test(r.cells[5])), 'a request id on every API row');
    const retried = api.find((r) => r.status === '429' && r.attempt === '2');
    assert.ok(retried, 'the second attempt of a throttled call logged');
    const waits = rows.filter((r) => r.source === 'retry');
    assert.ok(waits.length >= 1 && waits.every((r) => /^retry in /.test(r.cells[3])), 'retry rows with their wait');
    assert.ok(waits.some((r) => r.cells[5] === retried.cells[5]), 'the retry kept the request id');
    // The 429 closed the client's pacing gate for every call: one row says how long.
    assert.ok(rows.some((r) => r.source === 'throttled' && /^waiting .+: throttled/.test(r.cells[3])), 'a throttled row');
    assert.ok(tokens.size >= 1, 'the page sent a bearer token');
    const html = await page.content();
    const text = await page.evaluate(() => document.body.innerText);
    for (const token of tokens) {
      assert.ok(!html.includes(token) && !text.includes(token), 'the token never shows on the page');
    }
    await page.getByTestId('log-panel').scrollIntoViewIfNeeded();
    await shot('request-log');
  });

  await step('narrow screen, no horizontal overflow', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload({ waitUntil: 'load' });
    await waitReady();
    await page.waitForSelector('[data-testid="sku"]', WAIT);
    const rows = await skuRows();
    const some = rows.find((r) => r.available >= 1 && r.plans >= 2);
    await sku(some.id).getByTestId('sku-check').check();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal overflow at 390 px (overflow ${overflow} px)`);
    const cols = await page.evaluate(() => getComputedStyle(document.querySelector('main')).gridTemplateColumns.split(' ').length);
    assert.equal(cols, 1, 'one column on a narrow screen');
    await shot('narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wide <= 0, `no horizontal overflow at 1280 px (overflow ${wide} px)`);
  });

  // The page shows the error's own hint (PartnerCenterError.hint, written in src/hint.rs),
  // not texts of its own. A subtest of its own, so the steps above stay independent of it.
  await t.test('the hints show: out of licenses names the SKU, throttled says how long', () => {
    const ool = shown.outOfLicenses;
    assert.ok(ool && shown.throttled, 'both errors were shown');
    assert.match(ool.text, /^The customer has no units left of SKU [^:]+: free units by removing it from users who no longer need it, or buy more/);
    assert.ok(!ool.text.includes(ool.skuId), `the SKU's name replaces its id: ${ool.text}`);
    assert.match(shown.throttled, /^Partner Center is throttling this partner: wait \d+ seconds?, then try again/);
  });

  assert.deepEqual(watch.errors, [], 'no console errors over the whole run');
});
