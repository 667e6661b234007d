// The token-trace test through the BUILT package (pkg/) against the emulator: no trace of
// the token in any error or event, across every fault kind and bad input.
// Run: node --test tests/js/resilience/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { LicenseClient, PartnerCenterError } from '../../../pkg/index.node.mjs';
import { startEmulator } from '../emulator.mjs';
import { CUSTOMER, SKU, TOKEN, USER } from './scripted.mjs';

/** Every form in which an error can leak, for the token-trace checks. */
const renderings = (e) => [e.message, String(e), e.stack, JSON.stringify(e), inspect(e, { depth: 5, showHidden: true })];

test('no trace of the token in any error or event, across every fault kind and bad input', async () => {
  const emu = await startEmulator();
  try {
    const token = await emu.token();
    const appOnly = await emu.token('adatum', 'app-only');
    const blocked = await emu.token('adatum', 'ca-blocked');
    const secrets = [token, appOnly, blocked, TOKEN];
    const events = [];
    const errors = [];
    const onEvent = (e) => events.push(e);
    const run = async (c, fn) => {
      try { await fn(c); } catch (e) { errors.push(e); }
    };
    const calls = [
      (c) => c.listLicenses(CUSTOMER, USER),
      (c) => c.listSubscribedSkus(CUSTOMER, { licenseGroups: ['Group1', 'Group2'] }),
      (c) => c.assignLicenses(CUSTOMER, USER, [{ skuId: SKU }]),
      (c) => c.removeLicenses(CUSTOMER, USER, [SKU]),
    ];
    const kinds = ['429', '500', '503', 'latency', 'drop', 'truncate', 'html', 'lostAfterCommit'];
    for (const kind of kinds) {
      await emu.setFaults({ rate: 1, kinds: [kind], latencyMs: [150, 200], retryAfterSeconds: 0, seed: 1 });
      for (const tok of [token, { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 1e6 }) }]) {
        const c = new LicenseClient({ baseUrl: emu.url, token: tok, timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, onEvent });
        for (const call of calls) await run(c, call);
      }
    }
    await emu.setFaults({ rate: 0 });
    // Refused tokens: unknown, app-only, Conditional Access; and bad inputs.
    for (const tok of [TOKEN, appOnly, blocked]) {
      const c = new LicenseClient({ baseUrl: emu.url, token: tok, onEvent });
      for (const call of calls) await run(c, call);
    }
    const c = new LicenseClient({ baseUrl: emu.url, token, onEvent });
    await run(c, (x) => x.listLicenses('not-a-guid', USER));
    await run(c, (x) => x.listLicenses(CUSTOMER, 'bad user\r\n'));
    await run(c, (x) => x.assignLicenses(CUSTOMER, USER, [{ skuId: 'nope' }]));
    await run(c, (x) => x.updateLicenses(CUSTOMER, USER, {}));
    await run(c, (x) => x.listLicenses('c0000000-0000-4000-8000-000000000003', USER)); // another partner's customer
    for (const bad of [{ token: `${token}\r\nX: y` }, { token, retry: { maxAttempts: -1 } }, { token, baseUrl: 'ftp://x' }]) {
      try { new LicenseClient({ baseUrl: emu.url, ...bad }); } catch (e) { errors.push(e); }
    }
    await run(new LicenseClient({ baseUrl: emu.url, token: async () => { throw new Error('no account'); } }), calls[0]);
    const kindsSeen = new Set(errors.map((e) => e.kind));
    for (const k of ['api', 'network', 'timeout', 'invalidInput']) assert.ok(kindsSeen.has(k), `saw ${k}: ${[...kindsSeen]}`);
    assert.ok(errors.length > 30 && events.length > 100, `${errors.length} errors, ${events.length} events`);
    for (const e of errors) {
      assert.ok(e instanceof PartnerCenterError, String(e));
      for (const text of renderings(e)) {
        for (const secret of secrets) assert.ok(!text.includes(secret), `token in ${text}`);
      }
    }
    for (const ev of events) {
      const text = JSON.stringify(ev) + inspect(ev);
      for (const secret of secrets) assert.ok(!text.includes(secret), `token in ${text}`);
    }
    console.log(`token trace: ${errors.length} errors (${[...kindsSeen].join(', ')}), ${events.length} events, none holds a token`);
  } finally {
    await emu.stop();
  }
});
