// The CLI's pure parts: argument parsing, tables, the reconcile summary, progress output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_BASE_URL, UsageError, parseCommandLine } from '../../pkg/cli/args.mjs';
import { changes, describeError, describeProblem, progressReporter, summary, table, toJson } from '../../pkg/cli/format.mjs';

const C = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';

test('reconcile arguments', () => {
  const o = parseCommandLine(['reconcile', '--customer', C, '--plan', 'p.CSV', '--dry-run', '--concurrency=16', '--json']);
  assert.deepEqual(
    { command: o.command, customer: o.customer, plan: o.plan, dryRun: o.dryRun, concurrency: o.concurrency, json: o.json, baseUrl: o.baseUrl },
    { command: 'reconcile', customer: C, plan: 'p.CSV', dryRun: true, concurrency: 16, json: true, baseUrl: DEFAULT_BASE_URL },
  );
  const d = parseCommandLine(['reconcile', '--customer', C, '--plan', 'p.json', '--base-url', 'http://127.0.0.1:9']);
  assert.equal(d.concurrency, 8);
  assert.equal(d.dryRun, false);
  assert.equal(d.baseUrl, 'http://127.0.0.1:9');
});

test('--rate: a fixed pace, off, or (absent) the learned one', () => {
  const r = (...extra) => parseCommandLine(['licenses', '--customer', C, '--user', 'u@x.com', ...extra]).rateLimit;
  assert.equal(r(), undefined);
  assert.deepEqual(r('--rate', '15'), { requestsPerSecond: 15 });
  assert.deepEqual(parseCommandLine(['reconcile', '--customer', C, '--plan', 'p.csv', '--concurrency', '16', '--rate', '40']).rateLimit, { requestsPerSecond: 40 });
  assert.equal(r('--rate', 'off'), false);
  for (const bad of ['0', '1.5', 'fast', '10001', '']) {
    assert.throws(() => r('--rate', bad), (e) => e instanceof UsageError && /--rate must be/.test(e.message), bad);
  }
});

test('assign and remove arguments', () => {
  const a = parseCommandLine(['assign', '--customer', C, '--user', 'ada@contoso.com', '--sku', 'ENTERPRISEPACK', '--exclude', 'SWAY;YAMMER_ENTERPRISE', '--exclude', 'TEAMS1']);
  assert.deepEqual(a.skus, ['ENTERPRISEPACK']);
  assert.deepEqual(a.exclude, ['SWAY', 'YAMMER_ENTERPRISE', 'TEAMS1']);
  const r = parseCommandLine(['remove', '--customer', C, '--user', 'ada@contoso.com', '--sku', 'A', '--sku', 'B']);
  assert.deepEqual(r.skus, ['A', 'B']);
});

test('help, and every kind of bad arguments is a UsageError', () => {
  assert.deepEqual(parseCommandLine([]), { help: true });
  assert.deepEqual(parseCommandLine(['skus', '--help']), { help: true });
  const bad = [
    [['frobnicate', '--customer', C], /unknown command/],
    [['skus'], /needs --customer/],
    [['licenses', '--customer', C], /needs --user/],
    [['reconcile', '--customer', C], /needs --plan/],
    [['reconcile', '--customer', C, '--plan', 'p.txt'], /\.csv or \.json/],
    [['reconcile', '--customer', C, '--plan', 'p.csv', '--concurrency', '0'], /1 to 64/],
    [['reconcile', '--customer', C, '--plan', 'p.csv', '--concurrency', 'x'], /1 to 64/],
    [['reconcile', '--customer', C, '--plan', 'p.csv', '--concurrency', '65'], /1 to 64/],
    [['skus', '--customer', C, '--dry-run'], /does not apply to skus/],
    [['skus', '--customer', C, '--frob'], /Unknown option/],
    [['assign', '--customer', C, '--user', 'u@x.com', '--sku', 'A', '--sku', 'B', '--exclude', 'P'], /exactly one --sku/],
    [['skus', 'licenses', '--customer', C], /one command/],
  ];
  for (const [argv, message] of bad) {
    assert.throws(() => parseCommandLine(argv), (e) => e instanceof UsageError && message.test(e.message), argv.join(' '));
  }
});

test('table pads columns and right-aligns numbers', () => {
  const t = table([{ a: 'x', n: 5 }, { a: 'longer', n: 123 }], [['name', (r) => r.a], ['n', (r) => r.n, 'right']]);
  assert.equal(t, 'name      n\nx         5\nlonger  123');
});

const SKU = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const report = {
  dryRun: false,
  applied: true,
  durationMs: 1234,
  totals: { users: 3, unchanged: 1, planned: 0, updated: 1, failed: 1, invalid: 0, updatesPlanned: 2, updatesSucceeded: 1, updatesFailed: 1 },
  units: [{ sku: SKU, partNumber: 'ENTERPRISEPACK', available: 10, needed: 2, toFree: 0, used: 1, freed: 0 }],
  problems: [],
  users: [
    { user: 'a@contoso.com', outcome: 'unchanged', assigned: [], removed: [], changed: [] },
    { user: 'b@contoso.com', outcome: 'updated', assigned: [SKU], removed: [], changed: [] },
    {
      user: 'c@contoso.com',
      outcome: 'failed',
      assigned: [SKU],
      removed: [],
      changed: [],
      error: Object.assign(new Error('Partner Center answered 400 (code 60012): out'), { kind: 'api', status: 400, code: '60012' }),
    },
  ],
};

test('the summary shows totals, units and failed users with their errors', () => {
  const s = summary(report);
  assert.match(s, /^Reconcile: 3 users in 1\.23 s/);
  assert.match(s, /unchanged 1 {3}updated 1 {3}failed 1/);
  assert.match(s, /ENTERPRISEPACK +10 +2 +0 +1 +0/);
  assert.match(s, /Failed \(1\):\n {2}c@contoso\.com {2}api 400 code 60012: Partner Center answered 400/);
  assert.doesNotMatch(s, /Planned changes/);
});

test('a dry-run summary lists planned changes; problems are spelled out', () => {
  const dry = {
    ...report,
    dryRun: true,
    applied: false,
    totals: { ...report.totals, updated: 0, failed: 0, planned: 2 },
    users: report.users.map((u) => ({ ...u, outcome: u.outcome === 'unchanged' ? 'unchanged' : 'planned', error: undefined })),
    problems: [{ kind: 'notEnoughUnits', sku: SKU, needed: 5, freed: 1, available: 2 }],
  };
  const s = summary(dry);
  assert.match(s, /^Dry run: 3 users/);
  assert.match(s, /planned 2/);
  assert.match(s, /Problems \(1; nothing was sent\):\n {2}SKU ENTERPRISEPACK: 5 new assignments, 1 units freed first, 2 available/);
  assert.match(s, /Planned changes \(2\):\n {2}b@contoso\.com {2}\+ENTERPRISEPACK/);
  assert.equal(changes({ assigned: ['x'], removed: ['y'], changed: ['z'] }), '+x -y ~z');
  assert.equal(describeProblem({ kind: 'planNotInSku', user: 'u', sku: 's', plan: 'P' }), 'u: service plan P is not part of SKU s');
  assert.equal(describeProblem({ kind: 'skuNotSubscribed', user: 'u', sku: 'X' }), 'u: SKU X is not subscribed by the customer');
});

test('JSON output keeps the error fields and message', () => {
  const parsed = JSON.parse(toJson(report));
  assert.deepEqual(parsed.users[2].error, { name: 'Error', message: 'Partner Center answered 400 (code 60012): out', kind: 'api', status: 400, code: '60012' });
  assert.equal(describeError({ kind: 'network', message: 'refused' }), 'network: refused');
});

function sink(isTTY) {
  const chunks = [];
  return { chunks, stream: { isTTY, write: (s) => chunks.push(s) } };
}

test('progress: plain lines at each tenth when not a terminal', () => {
  const { chunks, stream } = sink(false);
  const p = progressReporter(stream);
  for (let i = 0; i <= 20; i++) p({ phase: 'read', done: i, total: 20 });
  p({ phase: 'apply', done: 0, total: 0 });
  p.end();
  assert.equal(chunks.length, 12);
  assert.equal(chunks[0], 'read 0/20\n');
  assert.equal(chunks[10], 'read 20/20\n');
  assert.equal(chunks[11], 'apply 0/0\n');
});

test('progress: a bar redrawn in place on a terminal', () => {
  const { chunks, stream } = sink(true);
  const p = progressReporter(stream);
  p({ phase: 'read', done: 0, total: 4 });
  p({ phase: 'read', done: 4, total: 4 });
  p({ phase: 'apply', done: 2, total: 2 });
  p.end();
  const text = chunks.join('');
  assert.match(text, /^\rread {2}\[-{30}\] 0\/4\rread {2}\[#{30}\] 4\/4\n\rapply \[#{30}\] 2\/2\n$/);
});
