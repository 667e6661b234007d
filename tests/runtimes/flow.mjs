// The one flow every runtime runs (Node ESM and CJS, Bun, Deno, and pages, module Workers
// and strict-CSP pages in Chromium, Firefox and WebKit), against the emulator's seed
// (docs/emulator.md). Public API only: it receives the package's exports as the runtime
// loaded them and returns one result per check; the runner asserts them all.
// Plain ES module with no imports, so the same file loads everywhere.

export const CONTOSO = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const GRACE_UPN = 'grace@contoso.onmicrosoft.com';
const ENTERPRISEPACK = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const SWAY = 'a23b959c-7ce8-4e57-9140-b90eb88a9e97';
const NO_SUCH_USER = 'd0000000-0000-4000-8000-00000000ffff';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** HTTP error statuses the flow provokes on purpose (browsers may log "Failed to load resource" for them). */
export const PROVOKED_HTTP_STATUSES = [404];

/**
 * A generated seed user (user0001 … user1200, no licenses at start) for run number `n`:
 * each run assigns and removes on its own user, so runs may overlap on one emulator.
 */
export function userForRun(n) {
  return `b0000000-0000-4000-8000-${String(1100 + n).padStart(12, '0')}`;
}

class CheckFailed extends Error {}

function expect(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

function equal(actual, wanted, what) {
  expect(actual === wanted, `${what}: got ${JSON.stringify(actual)}, want ${JSON.stringify(wanted)}`);
}

/** Awaits `promise`, which must reject; returns the rejection. */
async function rejection(promise, what) {
  try {
    const value = await promise;
    throw new CheckFailed(`${what} resolved (${JSON.stringify(value)?.slice(0, 200)}) instead of rejecting`);
  } catch (e) {
    if (e instanceof CheckFailed) throw e;
    return e;
  }
}

/** Everything an error shows to a logger, to look for the token in. */
function errorText(e) {
  let json = '';
  try {
    json = JSON.stringify(e);
  } catch {
    json = '';
  }
  return [String(e), e?.message, e?.stack, e?.description, json].join(' ');
}

/**
 * Runs the flow. `pcl` holds the package's exports (`LicenseClient`, `PartnerCenterError`,
 * `parsePlanCsv`); `config` is `{ baseUrl, token, user }` (an emulator app+user token and
 * a user from `userForRun`). Resolves to `[{ name, ok, detail? }]`; never rejects.
 */
export async function runFlow(pcl, config) {
  const { LicenseClient, PartnerCenterError, parsePlanCsv } = pcl;
  const { baseUrl, token, user } = config;
  const results = [];
  const check = async (name, body) => {
    try {
      await body();
      results.push({ name, ok: true });
    } catch (e) {
      const detail = e instanceof CheckFailed ? e.message : `threw ${e?.name}: ${e?.message} ${e?.kind ?? ''}`;
      results.push({ name, ok: false, detail });
    }
  };
  const events = [];
  const client = () =>
    new LicenseClient({ baseUrl, token: async () => token, locale: 'en-US', onEvent: (e) => events.push(e) });
  const requestsSince = (n) => events.slice(n).filter((e) => e.type === 'request').length;
  const expectTyped = (e, kind, what) => {
    expect(e instanceof PartnerCenterError, `${what}: not a PartnerCenterError (${e?.name}: ${e?.message})`);
    expect(e instanceof Error, `${what}: not an Error`);
    equal(e.name, 'PartnerCenterError', `${what} name`);
    equal(e.kind, kind, `${what} kind`);
    expect(!errorText(e).includes(token), `${what}: the error shows the token`);
  };

  await check('exports: LicenseClient, PartnerCenterError (an Error subclass), parsePlanCsv', () => {
    equal(typeof LicenseClient, 'function', 'typeof LicenseClient');
    equal(typeof PartnerCenterError, 'function', 'typeof PartnerCenterError');
    expect(PartnerCenterError.prototype instanceof Error, 'PartnerCenterError does not extend Error');
    equal(typeof parsePlanCsv, 'function', 'typeof parsePlanCsv');
  });

  await check('constructor: a token with CR/LF throws invalidInput (field token)', () => {
    let thrown;
    try {
      new LicenseClient({ baseUrl, token: 'a\r\nb' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown !== undefined, 'the constructor did not throw');
    expectTyped(thrown, 'invalidInput', 'constructor');
    equal(thrown.field, 'token', 'field');
  });

  const c = client();
  await check('bad customer id: invalidInput (field customerId) before any request', async () => {
    const before = events.length;
    const e = await rejection(c.listLicenses('not-a-guid', user), 'listLicenses(bad id)');
    expectTyped(e, 'invalidInput', 'bad customer id');
    equal(e.field, 'customerId', 'field');
    equal(e.status, undefined, 'status');
    equal(requestsSince(before), 0, 'requests sent');
  });

  await check('listSubscribedSkus (Group1 + Group2): the seed\'s 9 SKUs and their units', async () => {
    const before = events.length;
    const skus = await c.listSubscribedSkus(CONTOSO, { licenseGroups: ['Group1', 'Group2'] });
    equal(skus.totalCount, 9, 'totalCount');
    equal(skus.items.length, 9, 'items');
    const by = Object.fromEntries(skus.items.map((s) => [s.productSku.skuPartNumber, s]));
    const e3 = by.ENTERPRISEPACK;
    expect(e3, 'no ENTERPRISEPACK');
    equal(e3.productSku.id, ENTERPRISEPACK, 'ENTERPRISEPACK id');
    equal(e3.productSku.licenseGroupId, 'group1', 'ENTERPRISEPACK group');
    equal(e3.totalUnits, 2000, 'ENTERPRISEPACK totalUnits');
    expect(e3.servicePlans.some((p) => p.id === SWAY && p.serviceName === 'SWAY'), 'ENTERPRISEPACK lacks SWAY');
    equal(by.SPB?.totalUnits, 3, 'SPB totalUnits');
    equal(by.SPB?.availableUnits, 1, 'SPB availableUnits');
    equal(by.EXCHANGESTANDARD?.availableUnits, 0, 'EXCHANGESTANDARD availableUnits');
    equal(by.MEE_FACULTY?.productSku.licenseGroupId, 'group2', 'MEE_FACULTY group');
    equal(by.MEE_FACULTY?.totalUnits, 5, 'MEE_FACULTY totalUnits');
    for (const s of skus.items) {
      equal(s.availableUnits, s.totalUnits - s.consumedUnits, `${s.productSku.skuPartNumber} available`);
    }
    const mine = events.slice(before);
    equal(mine.map((e) => e.type).join(','), 'request,response', 'events');
    equal(mine[1].status, 200, 'response event status');
    expect(GUID.test(mine[0].requestId) && mine[0].requestId === mine[1].requestId, 'event requestIds');
    equal(mine[0].path, `/v1/customers/${CONTOSO}/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2`, 'path');
  });

  await check('listLicenses by UPN: grace holds EMS, ENTERPRISEPACK, SPB', async () => {
    const got = await c.listLicenses(CONTOSO, GRACE_UPN, { licenseGroups: ['Group1'] });
    const parts = got.items.map((l) => l.productSku.skuPartNumber).sort();
    equal(parts.join(','), 'EMS,ENTERPRISEPACK,SPB', 'grace\'s SKUs');
    equal(got.totalCount, 3, 'totalCount');
  });

  await check('assignLicenses (ENTERPRISEPACK without SWAY), then a second list shows it', async () => {
    const start = await c.listLicenses(CONTOSO, user);
    equal(start.totalCount, 0, `${user} licenses at start`);
    const echo = await c.assignLicenses(CONTOSO, user, [{ skuId: ENTERPRISEPACK, excludedPlans: [SWAY] }]);
    equal(echo.licensesToAssign?.[0]?.skuId, ENTERPRISEPACK, 'echoed skuId');
    equal(echo.attributes?.objectType, 'LicenseUpdate', 'echo objectType');
    const after = await c.listLicenses(CONTOSO, user);
    equal(after.totalCount, 1, 'licenses after assign');
    const lic = after.items[0];
    equal(lic.productSku.id, ENTERPRISEPACK, 'assigned SKU');
    expect(lic.servicePlans.length > 5, `only ${lic.servicePlans.length} service plans`);
    expect(!lic.servicePlans.some((p) => p.id === SWAY), 'SWAY was not excluded');
    expect(lic.servicePlans.every((p) => p.capabilityStatus === 'Assigned'), 'a plan is not Assigned');
  });

  await check('parsePlanCsv reads a CSV plan (the bulk module, loaded on first use)', async () => {
    const plan = await parsePlanCsv(`userId,skuId,excludedPlans\n${user},,\n`);
    expect(Array.isArray(plan?.[user]) && plan[user].length === 0, `plan: ${JSON.stringify(plan)}`);
  });

  await check('reconcile dry run plans removing the license and sends nothing', async () => {
    const before = events.length;
    const report = await c.reconcile(CONTOSO, { [user]: [] }, { dryRun: true });
    equal(report.dryRun, true, 'dryRun');
    equal(report.applied, false, 'applied');
    equal(report.users.length, 1, 'users');
    equal(report.users[0].outcome, 'planned', 'outcome');
    equal(report.users[0].removed.join(','), ENTERPRISEPACK, 'removed');
    equal(events.slice(before).filter((e) => e.type === 'request' && e.method === 'POST').length, 0, 'POSTs sent');
  });

  await check('removeLicenses, then a second list shows none', async () => {
    const echo = await c.removeLicenses(CONTOSO, user, [ENTERPRISEPACK]);
    expect(echo.licensesToRemove?.includes(ENTERPRISEPACK), `echo: ${JSON.stringify(echo)}`);
    const after = await c.listLicenses(CONTOSO, user);
    equal(after.totalCount, 0, 'licenses after remove');
    equal(after.items.length, 0, 'items after remove');
  });

  await check('unknown user: api error, reason userNotFound, 404, code 60002, its hint (dist/hints.mjs, loaded on this first error)', async () => {
    const e = await rejection(c.listLicenses(CONTOSO, NO_SUCH_USER), 'listLicenses(unknown user)');
    expectTyped(e, 'api', 'unknown user');
    equal(e.reason, 'userNotFound', 'reason');
    expect(typeof e.hint === 'string' && e.hint.startsWith('No such user in this customer'), `hint ${e.hint}`);
    expect(!('hintId' in e), 'hintId left on the error');
    equal(e.status, 404, 'status');
    equal(e.code, '60002', 'code');
    equal(e.retryable, false, 'retryable');
    expect(GUID.test(e.requestId ?? ''), `requestId ${e.requestId}`);
  });

  await check('AbortSignal: already aborted (nothing sent), aborted in flight, aborted in a slow token provider', async () => {
    const before = events.length;
    const e1 = await rejection(c.listLicenses(CONTOSO, user, { signal: AbortSignal.abort() }), 'pre-aborted call');
    expectTyped(e1, 'aborted', 'pre-aborted');
    equal(requestsSince(before), 0, 'requests sent with an aborted signal');

    const inFlight = new AbortController();
    const call = c.listSubscribedSkus(CONTOSO, { signal: inFlight.signal });
    inFlight.abort();
    expectTyped(await rejection(call, 'call aborted in flight'), 'aborted', 'in flight');

    const slow = new LicenseClient({
      baseUrl,
      token: () => new Promise((resolve) => setTimeout(() => resolve(token), 5000)),
    });
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 50);
    const e3 = await rejection(slow.listLicenses(CONTOSO, user, { signal: ac.signal }), 'slow-token call');
    expectTyped(e3, 'aborted', 'slow token');
    const took = Date.now() - started;
    expect(took < 2000, `the abort took ${took} ms to reject (token provider waits 5000 ms)`);
  });

  await check('the client still works after aborts; no event holds the token', async () => {
    const again = await c.listLicenses(CONTOSO, user);
    equal(again.totalCount, 0, 'licenses');
    expect(events.length >= 14, `only ${events.length} events`);
    expect(!JSON.stringify(events).includes(token), 'an event shows the token');
  });

  return results;
}
