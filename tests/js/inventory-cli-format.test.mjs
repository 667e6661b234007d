// The `users` and `inventory` commands' pure parts: arguments, CSV, text, progress with an
// unknown total.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError, parseCommandLine } from '../../pkg/cli/args.mjs';
import { progressReporter } from '../../pkg/cli/format.mjs';
import { csvField, inventoryCsv, inventoryText, usersCsv } from '../../pkg/cli/inventory.mjs';

const C = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';

test('arguments of users and inventory', () => {
  const u = parseCommandLine(['users', '--customer', C, '--deleted', '--page-size', '7', '--csv']);
  assert.deepEqual([u.command, u.deleted, u.pageSize, u.csv, u.json], ['users', true, 7, true, false]);
  const i = parseCommandLine(['inventory', '--customer', C, '--sku', 'ENTERPRISEPACK', '--sku', 'EMS', '--concurrency', '16', '--json']);
  assert.deepEqual([i.skus, i.concurrency, i.json, i.pageSize], [['ENTERPRISEPACK', 'EMS'], 16, true, undefined]);
  for (const bad of [
    ['users'],
    ['users', '--customer', C, '--json', '--csv'],
    ['users', '--customer', C, '--sku', 'X'],
    ['inventory', '--customer', C, '--deleted'],
    ['inventory', '--customer', C, '--page-size', '0'],
    ['inventory', '--customer', C, '--page-size', '1001'],
    ['skus', '--customer', C, '--csv'],
  ]) {
    assert.throws(() => parseCommandLine(bad), UsageError, bad.join(' '));
  }
});

test('CSV fields are quoted when they must be, and the inventory CSV has a row per holder', () => {
  assert.deepEqual(['a', 'a,b', 'say "hi"', 'x;y', '', undefined].map(csvField), ['a', '"a,b"', '"say ""hi"""', '"x;y"', '', '']);
  const inv = {
    customerId: C,
    skus: [
      { skuId: 's1', skuPartNumber: 'E3', name: 'Office, E3', licenseGroupId: 'group1', totalUnits: 5, consumedUnits: 2, availableUnits: 3,
        holders: [{ userId: 'u1', userPrincipalName: 'ada@c.com', excludedPlans: ['p1', 'p2'] }, { userId: 'u2', userPrincipalName: 'bob@c.com', excludedPlans: [] }] },
      { skuId: 's2', skuPartNumber: 'EMS', name: 'EMS', licenseGroupId: 'group1', totalUnits: 1, consumedUnits: 1, availableUnits: 0, holders: [] },
    ],
    unlicensedUsers: [{ userId: 'u3', userPrincipalName: 'carol@c.com' }],
    mismatches: [{ skuId: 's2', skuPartNumber: 'EMS', consumedUnits: 1, holders: 0 }],
    failed: [{ userId: 'u4', userPrincipalName: 'dave@c.com', error: { kind: 'api', status: 500, message: 'boom', hint: 'try again' } }],
  };
  assert.equal(inventoryCsv(inv), [
    'skuId,skuPartNumber,userId,userPrincipalName,excludedPlans',
    's1,E3,u1,ada@c.com,"p1;p2"',
    's1,E3,u2,bob@c.com,',
    ',,u3,carol@c.com,',
  ].join('\n'));
  const text = inventoryText(inv);
  assert.match(text, /^E3 +Office, E3 +group1 +5 +2 +3 +2$/m);
  assert.match(text, /^ {2}ada@c\.com {2}without 2 plans: p1, p2$/m);
  assert.match(text, /Users holding none of these SKUs \(1\):\n {2}carol@c\.com/);
  assert.match(text, /EMS: 0 holders, 1 consumed/);
  assert.match(text, /dave@c\.com {2}api 500: boom/);
  assert.match(text, /What to do:\n {2}try again/);
  assert.equal(usersCsv([{ id: 'u1', userPrincipalName: 'ada@c.com', displayName: 'Lovelace, Ada', state: 'active' }]),
    'id,userPrincipalName,displayName,usageLocation,state,softDeletionTime\nu1,ada@c.com,"Lovelace, Ada",,active,');
});

test('progress with an unknown total: counts, then the bar once the total is known', () => {
  let out = '';
  const plain = progressReporter({ write: (s) => { out += s; } }, false, 2);
  for (let d = 1; d <= 4; d++) plain({ phase: 'licenses', done: d });
  plain({ phase: 'licenses', done: 5, total: 10 });
  plain({ phase: 'licenses', done: 10, total: 10 });
  assert.equal(out, 'licenses 2\nlicenses 4\nlicenses 5/10\nlicenses 10/10\n');
  out = '';
  const tty = progressReporter({ write: (s) => { out += s; } }, true);
  tty({ phase: 'licenses', done: 3 });
  tty({ phase: 'licenses', done: 10, total: 10 });
  tty.end();
  assert.equal(out, `\rlicenses 3\rlicenses [${'#'.repeat(30)}] 10/10\n`);
});
