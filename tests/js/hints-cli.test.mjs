// Issue 15: the CLI prints the error's hint on failure, exit codes unchanged (1: the call
// failed, 2: bad input). Against the emulator; green once the wasm shell sends `hint`.
//   node --test tests/js/hints-cli.test.mjs
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { summary } from '../../pkg/cli/format.mjs';
import { ROOT, startEmulator } from './emulator.mjs';

const BIN = join(ROOT, 'pkg', 'cli', 'bin.mjs');
const CONTOSO = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const ADA = 'ada@contoso.onmicrosoft.com';
let emu;
before(async () => {
  emu = await startEmulator();
});
after(() => emu?.stop());

function cli(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--base-url', emu.url], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('out of licenses: exit 1, the error line, then the hint naming the SKU', async () => {
  const token = await emu.token();
  const r = await cli(['assign', '--customer', CONTOSO, '--user', ADA, '--sku', 'EXCHANGESTANDARD'], { PARTNER_CENTER_TOKEN: token });
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.match(lines[0], /^partner-center-licenses: api 400 code 60012: /);
  assert.match(lines[1], /^hint: The customer has no units left of SKU 4b9405b0-7788-4568-add1-99614e613b69: free units by /);
  assert.ok(!r.stderr.includes(token), 'token printed');
});

test('app-only token: exit 1 and the way to an App+User token', async () => {
  const token = await emu.token('adatum', 'app-only');
  const r = await cli(['licenses', '--customer', CONTOSO, '--user', ADA], { PARTNER_CENTER_TOKEN: token });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^hint: .*App\+User token.*docs\/tokens\.md/m);
  assert.ok(!r.stderr.includes(token), 'token printed');
});

test('bad input: exit 2, the hint names the field; a usage error gets no hint', async () => {
  const token = await emu.token();
  const r = await cli(['licenses', '--customer', CONTOSO, '--user', 'not a user'], { PARTNER_CENTER_TOKEN: token });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^hint: Fix userId: .*Nothing was sent\.$/m);
  const u = await cli(['licenses', '--customer', CONTOSO], { PARTNER_CENTER_TOKEN: token });
  assert.equal(u.code, 2);
  assert.doesNotMatch(u.stderr, /^hint:/m);
  const failing = await cli(['skus', '--customer', CONTOSO, '--token-command', 'exit 3'], {});
  assert.equal(failing.code, 2);
  assert.match(failing.stderr, /^hint: Fix token: .*docs\/tokens\.md/m);
});

test('reconcile summary: each distinct hint of the failed users once, under "What to do"', () => {
  const hint = 'The customer has no units left of SKU x: free units by removing it, or buy more.';
  const failed = (user) => ({
    user,
    outcome: 'failed',
    assigned: [],
    removed: [],
    changed: [],
    error: { kind: 'api', status: 400, code: '60012', message: 'Partner Center answered 400', hint },
  });
  const report = {
    dryRun: false,
    applied: true,
    durationMs: 10,
    totals: { users: 2, unchanged: 0, planned: 0, updated: 0, failed: 2, invalid: 0, updatesPlanned: 2, updatesSucceeded: 0, updatesFailed: 2 },
    units: [],
    problems: [],
    users: [failed('a@contoso.com'), failed('b@contoso.com')],
  };
  const s = summary(report);
  assert.match(s, /Failed \(2\):\n {2}a@contoso\.com {2}api 400 code 60012/);
  assert.equal(s.split(hint).length - 1, 1, s);
  assert.match(s, /\n\nWhat to do:\n {2}The customer has no units left/);
});
