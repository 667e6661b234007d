// The demo's "Who holds what" view in Debian's Chromium. First a hand-built Inventory
// (a mismatch, a failed user, 1,200 holders) rendered by www/inventory-view.js: paging,
// the UPN filter, the keyboard. Then the page itself against the emulator, after giving
// Enterprise Mobility + Security E3 a holder per unit (1,200): one click on the tab reads
// the inventory through client.inventory; per SKU the units and holder counts equal
// GET /emulator/state, every holder of the 1,200-holder SKU is seen once paging through it,
// the filter finds users, Cancel mid-way shows what was read marked partial and nothing more
// is sent, and a narrow screen does not overflow. Fails on any console error.
// Screenshots: test-output/demo/inventory-NN-step.png.
//
//   node --test tests/browser/inventory.test.mjs   (starts target/release/partner-center-emulator)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, launchChromium, startEmulator, watchConsole } from './harness.mjs';
import { BIG, EXCLUDED_PLAN, handBuiltInventory } from './inventory-fixture.mjs';

const OUT = path.join(ROOT, 'test-output', 'demo');
const WAIT = { timeout: 20_000 };
const CONTOSO = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const TAILSPIN = 'c0000000-0000-4000-8000-000000000002';
const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
const PAGE_SIZE = 25; // www/inventory-view.js

test('demo page: who holds what', { timeout: 300_000 }, async (t) => {
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (f.startsWith('inventory-')) rmSync(path.join(OUT, f));
  const emulator = await startEmulator();
  t.after(() => emulator.stop());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const watch = watchConsole(page);
  const api = []; // every API request the page sends, in order
  page.on('request', (req) => {
    const p = new URL(req.url()).pathname;
    if (p.startsWith('/v1/')) api.push(p);
  });

  let n = 0;
  const shot = async (name, target = page) => {
    n += 1;
    await target.screenshot({ path: path.join(OUT, `inventory-${String(n).padStart(2, '0')}-${name}.png`), ...(target === page ? { fullPage: true } : {}) });
  };
  let failed = false;
  const step = async (name, fn) => {
    await t.test(name, { skip: failed && 'an earlier step failed' }, async () => {
      try {
        await fn();
      } catch (err) {
        failed = true;
        await page.screenshot({ path: path.join(OUT, `inventory-failed-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
        throw err;
      }
      assert.deepEqual(watch.errors, [], 'no console errors');
    });
  };

  const admin = async (p, init = {}) => {
    const res = await fetch(emulator.url + p, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
    assert.ok(res.ok, `${p}: ${res.status}`);
    return res.json();
  };
  /** Each SKU's holders per /emulator/state: skuId → Set of UPNs (lower case). */
  const stateHolders = async (customer = CONTOSO) => {
    const state = await admin(`/emulator/state?customer=${customer}`);
    const c = state.customers.find((x) => x.id === customer);
    const holders = new Map(c.skus.map((s) => [s.skuId, new Set()]));
    for (const u of c.users) for (const l of u.licenses) holders.get(l.skuId)?.add(u.upn.toLowerCase());
    return { skus: c.skus, holders, users: c.users };
  };

  const panel = page.getByTestId('inventory-panel');
  const skuRow = (id) => panel.locator(`[data-testid="inv-sku"][data-sku-id="${id}"]`);
  let expected; // /emulator/state once EMS E3 has its holders
  const people = (scope) =>
    scope.getByTestId('inv-person').evaluateAll((rows) => rows.map((r) => r.dataset.upn));
  const pageInfo = async (scope) => {
    const info = scope.getByTestId('inv-page');
    return { page: Number(await info.getAttribute('data-page')), pages: Number(await info.getAttribute('data-pages')) };
  };

  await step('loads the page', async () => {
    await page.goto(emulator.url + '/', { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="status"][data-state="ready"]', WAIT);
    assert.equal(await page.getByTestId('tab-inventory').getAttribute('aria-selected'), 'false');
  });

  await step('a hand-built inventory: mismatch, failed user, 1,200 holders paged and filtered', async () => {
    await page.evaluate(async (inventory) => {
      const { InventoryView } = await import('/inventory-view.js');
      const host = document.createElement('section');
      host.className = 'card inventory';
      host.dataset.testid = 'fixture';
      document.querySelector('main').append(host);
      const names = { '9a000000-0000-4000-8000-000000000007': 'Exchange Online (Plan 2)' };
      new InventoryView(host).show(inventory, { planName: (_sku, plan) => names[plan] });
    }, handBuiltInventory());
    const fx = page.getByTestId('fixture');
    assert.equal(await fx.getByTestId('inv-sku').count(), 3, 'three SKU rows');
    const big = fx.locator(`[data-testid="inv-sku"][data-sku-id="${BIG.skuId}"]`);
    assert.equal(await big.getAttribute('data-holders'), '1200');
    assert.equal(await big.locator('button').getAttribute('aria-current'), 'true', 'the SKU with most holders is shown first');
    assert.deepEqual(await pageInfo(fx), { page: 1, pages: 48 });
    assert.deepEqual((await people(fx)).slice(0, 2), ['user0001@example.onmicrosoft.com', 'user0002@example.onmicrosoft.com']);
    assert.equal((await people(fx)).length, PAGE_SIZE);
    // user0007 holds it without one plan: shown by the plan's name.
    assert.equal(await fx.locator(`[data-upn="user0007@example.onmicrosoft.com"] [data-plan-id="${EXCLUDED_PLAN}"]`).textContent(), 'Exchange Online (Plan 2)');
    assert.equal(await fx.getByTestId('inv-mismatch').count(), 1, 'the mismatch is listed');
    assert.equal(await fx.getByTestId('inv-failed-count').getAttribute('data-value'), '1');
    await shot('hand-built', fx);

    // The keyboard: Next by Enter keeps the focus on Next.
    await fx.getByTestId('inv-next').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    assert.deepEqual(await pageInfo(fx), { page: 3, pages: 48 });
    assert.equal((await people(fx))[0], 'user0051@example.onmicrosoft.com');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'inv-next');

    await fx.getByTestId('inv-filter').fill('user004');
    assert.equal((await people(fx)).length, 10, 'user0040 … user0049');
    assert.equal(await big.getByTestId('inv-holder-count').textContent(), '10 of 1,200');
    assert.deepEqual(await pageInfo(fx), { page: 1, pages: 1 });
    await fx.getByTestId('inv-filter').fill('');

    await fx.getByTestId('inv-failed').locator('button').click();
    assert.match(await fx.getByTestId('inv-person').first().textContent(), /flaky@.*api 500: Partner Center failed/);
    await fx.getByTestId('inv-unlicensed').locator('button').press('Enter');
    assert.equal((await people(fx)).length, 2);
    await page.evaluate(() => document.querySelector('[data-testid="fixture"]').remove());
  });

  await step('one click: the inventory equals the emulator state, SKU by SKU', async () => {
    // Every free EMS E3 unit to user0001… (1,200 holders with grace), through the API.
    const { accessToken } = await admin('/emulator/token', { method: 'POST', body: JSON.stringify({ partner: 'adatum', kind: 'app+user' }) });
    const before = await stateHolders();
    const free = before.skus.find((s) => s.skuId === EMS).availableUnits;
    const targets = before.users.filter((u) => /^user\d{4}@/.test(u.upn) && u.licenses.length === 0).slice(0, free + 5);
    let next = 0;
    const assign = async () => {
      while (next < targets.length) {
        const u = targets[next++];
        await fetch(`${emulator.url}/v1/customers/${CONTOSO}/users/${u.id}/licenseupdates`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ licensesToAssign: [{ skuId: EMS, excludedPlans: [] }] }),
        }).then((r) => r.arrayBuffer());
      }
    };
    await Promise.all(Array.from({ length: 16 }, assign));
    const { skus, holders } = await stateHolders();
    assert.ok(holders.get(EMS).size >= 1100, `EMS E3 has ${holders.get(EMS).size} holders`);

    await page.getByTestId('tab-inventory').click(); // the one click
    await page.waitForSelector('[data-testid="inventory-panel"]:is([data-state="done"], [data-state="error"])', { timeout: 120_000 });
    assert.equal(await panel.getAttribute('data-state'), 'done', await page.getByTestId('messages').textContent());
    assert.equal(await page.getByTestId('view-licenses').isHidden(), true, 'the licenses view is hidden');
    const rows = await page.getByTestId('inv-sku').evaluateAll((trs) => trs.map((r) => ({ ...r.dataset })));
    assert.equal(rows.length, skus.length, 'one row per subscribed SKU');
    for (const s of skus) {
      const row = rows.find((r) => r.skuId === s.skuId);
      assert.ok(row, `${s.name} is listed`);
      assert.deepEqual(
        { holders: Number(row.holders), total: Number(row.total), consumed: Number(row.consumed), available: Number(row.available) },
        { holders: holders.get(s.skuId).size, total: s.totalUnits, consumed: s.consumedUnits, available: s.availableUnits },
        s.name,
      );
    }
    assert.equal(await page.getByTestId('inv-mismatch').count(), 0, 'no mismatches');
    const unlicensed = Number(await panel.getByTestId('inv-unlicensed').getAttribute('data-holders'));
    const stateUsers = (await stateHolders()).users;
    assert.equal(unlicensed, stateUsers.filter((u) => u.licenses.length === 0 && u.state !== 'inactive').length, 'unlicensed users');
    expected = { skus, holders };
    await shot('loaded');
  });

  await step('page through the 1,200 holders of EMS E3: each once, as the state says', async () => {
    await skuRow(EMS).locator('button').click();
    assert.equal(await skuRow(EMS).locator('button').getAttribute('aria-current'), 'true');
    const want = expected.holders.get(EMS);
    const { pages } = await pageInfo(panel);
    assert.equal(pages, Math.ceil(want.size / PAGE_SIZE));
    const seen = [];
    for (let p = 1; p <= pages; p += 1) {
      assert.equal((await pageInfo(panel)).page, p);
      const upns = await people(panel);
      assert.equal(upns.length, p < pages ? PAGE_SIZE : want.size - PAGE_SIZE * (pages - 1));
      seen.push(...upns);
      if (p === 2) await shot('paged');
      if (p < pages) await panel.getByTestId('inv-next').click();
    }
    assert.equal(await panel.getByTestId('inv-next').isDisabled(), true, 'Next is off on the last page');
    assert.equal(seen.length, want.size, 'as many rows as holders');
    assert.deepEqual(new Set(seen.map((u) => u.toLowerCase())), want, 'exactly the holders of the state');
    await panel.getByTestId('inv-prev').click();
    assert.equal((await pageInfo(panel)).page, pages - 1);
  });

  await step('the filter finds users across every SKU; excluded plans show by name', async () => {
    const filter = panel.getByTestId('inv-filter');
    await filter.fill('grace@');
    for (const s of expected.skus) {
      const want = [...expected.holders.get(s.skuId)].filter((u) => u.includes('grace@')).length;
      const cell = await skuRow(s.skuId).getByTestId('inv-holder-count').textContent();
      assert.ok(cell.startsWith(`${want} of `), `${s.name}: ${cell}`);
    }
    assert.deepEqual(await people(panel), ['grace@contoso.onmicrosoft.com'], 'EMS E3 lists grace only');
    assert.deepEqual(await pageInfo(panel), { page: 1, pages: 1 });
    await filter.fill('user004');
    const some = [...expected.holders.get(EMS)].filter((u) => u.includes('user004'));
    assert.equal((await people(panel)).length, some.length);
    await shot('filtered');

    // alan@ holds Microsoft 365 E3 without two plans (docs/emulator.md): their names show.
    await filter.fill('alan@');
    const spe = expected.skus.find((s) => s.skuPartNumber === 'SPE_E3');
    await skuRow(spe.skuId).locator('button').click();
    const chips = await panel.locator('[data-upn="alan@contoso.onmicrosoft.com"] [data-plan-id]').allTextContents();
    assert.equal(chips.length, 2, 'two excluded plans');
    assert.ok(chips.every((c) => c.length > 0 && !c.includes('…')), `by name: ${chips}`);

    // His name opens him on the first tab, where his licenses can be changed.
    await panel.locator('[data-upn="alan@contoso.onmicrosoft.com"]').getByTestId('inv-open-user').click();
    assert.equal(await page.getByTestId('tab-licenses').getAttribute('aria-selected'), 'true');
    assert.equal(await page.getByTestId('user-select').inputValue(), 'd0000000-0000-4000-8000-000000000003');
    await page.waitForSelector('[data-testid="status"][data-state="ready"]', WAIT);
    await page.waitForSelector(`[data-testid="license"][data-sku-id="${spe.skuId}"]`, WAIT);
    await page.getByTestId('tab-inventory').click();
    assert.equal(await panel.getAttribute('data-state'), 'done', 'not read again');
    await filter.fill('');
  });

  await step('Cancel mid-way shows what was read, marked partial, and sends nothing more', async () => {
    // Slow answers, so the read is still going when Cancel is pressed.
    await admin('/emulator/faults', { method: 'PUT', body: JSON.stringify({ rate: 1, kinds: ['latency'], latencyMs: [20, 40] }) });
    await panel.getByTestId('inv-read').click();
    await page.waitForFunction(() => {
      const p = document.querySelector('[data-testid="inv-progress"]');
      return p?.dataset.phase === 'licenses' && Number(p.dataset.done) >= 150;
    }, null, { timeout: 60_000 });
    assert.equal(await panel.getAttribute('aria-busy'), 'true');
    assert.match(await panel.getByTestId('inv-progress-label').textContent(), /^Reading licenses… [\d,]+ of [\d,]+ users/);
    await shot('reading');
    await panel.getByTestId('inv-cancel').click();
    await page.waitForSelector('[data-testid="inventory-panel"]:is([data-state="partial"], [data-state="cancelled"], [data-state="error"])', WAIT);
    assert.equal(await panel.getAttribute('data-state'), 'partial');
    const sent = api.length;
    assert.ok(await panel.getByTestId('inv-partial').isVisible(), 'marked partial');
    const read = Number(await panel.getByTestId('inv-users').getAttribute('data-value'));
    const total = (await stateHolders()).users.filter((u) => u.state !== 'inactive').length;
    assert.ok(read >= 150 && read < total, `${read} of ${total} users read`);
    for (const s of expected.skus) {
      const held = Number(await skuRow(s.skuId).getAttribute('data-holders'));
      assert.ok(held <= expected.holders.get(s.skuId).size, `${s.name}: ${held} holders so far`);
    }
    assert.equal(await panel.getByTestId('inv-mismatch').count(), 0, 'no mismatch claimed from a partial read');
    assert.equal(await panel.getByTestId('inv-cancel').isDisabled(), true);
    await shot('partial');
    await page.waitForTimeout(1000);
    assert.equal(api.length, sent, 'nothing sent after Cancel');
    await admin('/emulator/faults', { method: 'PUT', body: JSON.stringify({ rate: 0 }) });
  });

  await step('keyboard tabs; another customer is read at once; a narrow screen does not overflow', async () => {
    await page.getByTestId('tab-inventory').focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getByTestId('tab-licenses').getAttribute('aria-selected'), 'true');
    assert.equal(await panel.isHidden(), true);
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByTestId('tab-inventory').getAttribute('aria-selected'), 'true');
    assert.equal(await panel.getAttribute('data-state'), 'partial', 'coming back does not read again');

    const done = () => page.waitForSelector('[data-testid="inventory-panel"]:is([data-state="done"], [data-state="error"])', { timeout: 120_000 });
    await page.getByTestId('customer-select').selectOption(TAILSPIN);
    await done();
    const tailspin = await stateHolders(TAILSPIN);
    const rows = await page.getByTestId('inv-sku').evaluateAll((trs) => trs.map((r) => [r.dataset.skuId, Number(r.dataset.holders)]));
    assert.deepEqual(new Map(rows), new Map(tailspin.skus.map((s) => [s.skuId, tailspin.holders.get(s.skuId).size])), 'Tailspin, SKU by SKU');
    await page.getByTestId('customer-select').selectOption(CONTOSO);
    await done();
    assert.equal(await panel.getAttribute('data-state'), 'done');
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal overflow at 390 px (overflow ${overflow} px)`);
    await shot('narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await step('a failed read shows the error as the page shows errors', async () => {
    await page.getByTestId('throttle-toggle').check({ force: true });
    await page.waitForSelector('[data-testid="message"][data-reason="throttlingOn"]', WAIT);
    watch.allowHttpErrors(429);
    await panel.getByTestId('inv-read').click();
    await page.waitForSelector('[data-testid="inventory-panel"]:is([data-state="error"], [data-state="done"])', { timeout: 60_000 });
    assert.equal(await panel.getAttribute('data-state'), 'error');
    await page.waitForSelector('[data-testid="message"][data-reason="throttled"]', WAIT);
    assert.match(await page.getByTestId('message-detail').textContent(), /throttling/);
    assert.equal(await panel.getByTestId('inv-sku').count(), 0, 'no stale inventory shown');
    watch.allowHttpErrors();
    await page.getByTestId('throttle-toggle').uncheck({ force: true });
    await page.waitForSelector('[data-testid="message"][data-reason="throttlingOff"]', WAIT);
  });

  assert.deepEqual(watch.errors, [], 'no console errors over the whole run');
});
