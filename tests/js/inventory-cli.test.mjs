// The CLI's `users` and `inventory` against the emulator: JSON and CSV output parsed and
// compared to `GET /emulator/state`, exit codes, and Ctrl-C (SIGINT to the child process)
// mid-inventory: exit 130, what was read printed and marked partial, nothing more sent.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTOSO, ROOT, SKU, startEmulator } from './bulk-emulator.mjs';

const BIN = join(ROOT, 'pkg', 'cli', 'bin.mjs');
let emu;
let token;
let state;

before(async () => {
  emu = await startEmulator();
  token = await emu.token();
  state = (await emu.state(CONTOSO)).customers.find((c) => c.id === CONTOSO);
});
after(() => emu?.stop());

/** Runs the CLI; `onStderr(text, child)` sees stderr as it comes. */
function cli(args, onStderr) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--base-url', emu.url], {
      env: { PATH: process.env.PATH, PARTNER_CENTER_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A CSV line split into fields (quotes as csvField writes them). */
function fields(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}
const rows = (csv) => csv.trim().split('\n').filter((l) => !l.startsWith('#')).map(fields);
const active = () => state.users.filter((u) => u.state === 'active');
const lower = (s) => s.toLowerCase();

test('users: JSON and CSV list every active user; --deleted the deleted ones', async () => {
  const json = await cli(['users', '--customer', CONTOSO, '--json', '--page-size', '300']);
  assert.equal(json.code, 0, json.stderr);
  const listed = JSON.parse(json.stdout);
  assert.equal(listed.totalCount, active().length);
  assert.deepEqual(listed.items.map((u) => lower(u.id)).sort(), active().map((u) => lower(u.id)).sort());
  const csv = await cli(['users', '--customer', CONTOSO, '--csv']);
  assert.equal(csv.code, 0, csv.stderr);
  const [header, ...body] = rows(csv.stdout);
  assert.deepEqual(header, ['id', 'userPrincipalName', 'displayName', 'usageLocation', 'state', 'softDeletionTime']);
  const byId = new Map(active().map((u) => [lower(u.id), u]));
  assert.equal(body.length, byId.size);
  for (const [id, upn, , location, st] of body) {
    const u = byId.get(lower(id));
    assert.equal(upn, u.upn);
    assert.equal(st, 'active');
    assert.equal(location, u.usageLocation ?? '');
  }
  const deleted = await cli(['users', '--customer', CONTOSO, '--deleted']);
  assert.equal(deleted.code, 0, deleted.stderr);
  for (const u of state.users.filter((x) => x.state === 'inactive')) assert.match(deleted.stdout, new RegExp(u.upn.replace(/\./g, '\\.')));
  assert.match(deleted.stdout, /^4 users$/m);
});

test('inventory: JSON and CSV equal the emulator state', async () => {
  const json = await cli(['inventory', '--customer', CONTOSO, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const inv = JSON.parse(json.stdout);
  assert.equal(inv.partial, undefined);
  assert.deepEqual(inv.mismatches, []);
  const want = new Set();
  for (const u of active()) for (const l of u.licenses) want.add(`${lower(l.skuId)} ${lower(u.id)} ${l.excludedPlans.map(lower).sort().join(';')}`);
  const got = new Set(inv.skus.flatMap((s) => s.holders.map((h) => `${lower(s.skuId)} ${lower(h.userId)} ${h.excludedPlans.map(lower).sort().join(';')}`)));
  assert.deepEqual([...got].sort(), [...want].sort());
  for (const s of inv.skus) {
    const t = state.skus.find((x) => lower(x.skuId) === lower(s.skuId));
    assert.deepEqual([s.totalUnits, s.consumedUnits, s.availableUnits], [t.totalUnits, t.consumedUnits, t.availableUnits]);
  }
  assert.match(json.stderr, /^licenses \d+\/\d+$/m, 'plain progress lines on a pipe');

  const csv = await cli(['inventory', '--customer', CONTOSO, '--csv', '--concurrency', '16']);
  assert.equal(csv.code, 0, csv.stderr);
  const [header, ...body] = rows(csv.stdout);
  assert.deepEqual(header, ['skuId', 'skuPartNumber', 'userId', 'userPrincipalName', 'excludedPlans']);
  const held = body.filter((r) => r[0] !== '');
  assert.deepEqual(held.map(([sku, , user, , plans]) => `${lower(sku)} ${lower(user)} ${plans.split(';').filter(Boolean).map(lower).sort().join(';')}`).sort(), [...want].sort());
  const none = body.filter((r) => r[0] === '').map((r) => lower(r[2])).sort();
  assert.deepEqual(none, active().filter((u) => u.licenses.length === 0).map((u) => lower(u.id)).sort());

  const e3 = await cli(['inventory', '--customer', CONTOSO, '--sku', 'ENTERPRISEPACK']);
  assert.equal(e3.code, 0, e3.stderr);
  const holders = active().filter((u) => u.licenses.some((l) => lower(l.skuId) === SKU.ENTERPRISEPACK));
  assert.match(e3.stdout, new RegExp(`^ENTERPRISEPACK \\(${holders.length}\\):$`, 'm'));
  for (const u of holders) assert.match(e3.stdout, new RegExp(`^  ${u.upn.replace(/\./g, '\\.')}\\b`, 'm'));
});

test('exit codes: an unknown SKU and bad arguments are 2; a failing call is 1', async () => {
  const unknown = await cli(['inventory', '--customer', CONTOSO, '--sku', 'NO_SUCH_SKU']);
  assert.equal(unknown.code, 2, unknown.stderr);
  assert.match(unknown.stderr, /NO_SUCH_SKU/);
  const bad = await cli(['users', '--customer', CONTOSO, '--page-size', '0']);
  assert.equal(bad.code, 2);
  const otherPartner = await cli(['users', '--customer', 'ffffffff-ffff-4fff-8fff-ffffffffffff']);
  assert.equal(otherPartner.code, 1, otherPartner.stderr);
});

test('Ctrl-C mid-inventory: exit 130, what was read printed as partial, nothing more sent', async () => {
  // Slow answers, so that the interrupt lands mid-run.
  await emu.setFaults({ rate: 1, kinds: ['latency'], latencyMs: [20, 30], seed: 3 });
  let sent = false;
  let requestsAtInterrupt;
  try {
    const r = await cli(['inventory', '--customer', CONTOSO, '--json', '--concurrency', '4'], (err, child) => {
      if (!sent && /^licenses 500$/m.test(err)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    requestsAtInterrupt = (await emu.faults()).requests;
    assert.ok(sent, 'the run reached 500 users');
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted: what was read so far \(partial\)/);
    const inv = JSON.parse(r.stdout);
    assert.equal(inv.partial, true);
    const read = new Set([...inv.skus.flatMap((s) => s.holders.map((h) => h.userId)), ...inv.unlicensedUsers.map((u) => u.userId)]).size;
    assert.ok(read >= 500 && read < active().length, `${read} users read`);
    await sleep(300);
    assert.equal((await emu.faults()).requests, requestsAtInterrupt, 'nothing sent after the process ended');
  } finally {
    await emu.setFaults({ rate: 0 });
  }
});
