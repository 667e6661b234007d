// The CLI against the emulator: examples/plan.csv (dry run, real, again), exit codes, JSON.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CONTOSO, ROOT, startEmulator } from './bulk-emulator.mjs';

const BIN = join(ROOT, 'pkg', 'cli', 'bin.mjs');
const PLAN = join(ROOT, 'examples', 'plan.csv');
let emu;
let token;
let dir;

before(async () => {
  emu = await startEmulator();
  token = await emu.token();
  dir = await mkdtemp(join(tmpdir(), 'pcl-cli-'));
});
after(() => emu?.stop());

function cli(args, env = { PARTNER_CENTER_TOKEN: token }) {
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

const reconcile = (...extra) => ['reconcile', '--customer', CONTOSO, '--plan', PLAN, ...extra];

test('reconcile examples/plan.csv: dry run, real run, then nothing to do', async () => {
  const dry = await cli(reconcile('--dry-run', '--json'));
  assert.equal(dry.code, 0, dry.stderr);
  const d = JSON.parse(dry.stdout);
  assert.equal(d.dryRun, true);
  assert.deepEqual(d.problems, []);
  assert.equal(d.totals.users, 5);
  assert.equal(d.totals.planned, 5);
  // Edsger's Exchange Online (Plan 1) unit (the only one) is freed first, then user0001 takes it.
  const exo = d.units.find((u) => u.partNumber === 'EXCHANGESTANDARD');
  assert.deepEqual([exo.available, exo.needed, exo.toFree], [0, 1, 1]);
  assert.match(dry.stderr, /^read 5\/5$/m, 'plain progress lines when stderr is not a terminal');

  const real = await cli(reconcile('--json', '--concurrency', '4'));
  assert.equal(real.code, 0, real.stderr);
  const r = JSON.parse(real.stdout);
  assert.equal(r.totals.updated, 5);
  assert.equal(r.totals.failed, 0);
  const katherine = r.users.find((u) => u.user === 'katherine@contoso.onmicrosoft.com');
  assert.equal(katherine.removed.length, 1, 'her Group2 Minecraft license is removed');

  const again = await cli(reconcile());
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^Reconcile: 5 users in [\d.]+ s$/m);
  assert.match(again.stdout, /unchanged 5 {3}updated 0 {3}failed 0/);
});

test('exit code 2: bad arguments, a bad plan file, a plan with problems; nothing sent', async () => {
  const bad = join(dir, 'bad.csv');
  await writeFile(bad, 'userId,skuId\nada@contoso.onmicrosoft.com,ENTERPRISEPACK\nada@contoso.onmicrosoft.com,enterprisepack\n');
  const r1 = await cli(['reconcile', '--customer', CONTOSO, '--plan', bad]);
  assert.equal(r1.code, 2);
  assert.match(r1.stderr, /line 3: repeats line 2/);

  const short = join(dir, 'short.json');
  await writeFile(short, JSON.stringify({ 'barbara@contoso.onmicrosoft.com': [{ skuId: 'EXCHANGESTANDARD' }], 'alan@contoso.onmicrosoft.com': [{ skuId: 'NOPE' }] }));
  const r2 = await cli(['reconcile', '--customer', CONTOSO, '--plan', short]);
  assert.equal(r2.code, 2, r2.stderr);
  assert.match(r2.stdout, /Problems \(2; nothing was sent\)/);
  assert.match(r2.stdout, /SKU EXCHANGESTANDARD: 1 new assignments, 0 units freed first, 0 available/);

  const r3 = await cli(['reconcile', '--customer', CONTOSO, '--plan', join(dir, 'missing.csv')]);
  assert.equal(r3.code, 2);
  const r4 = await cli(['skus', '--customer', CONTOSO], {});
  assert.equal(r4.code, 2);
  assert.match(r4.stderr, /PARTNER_CENTER_TOKEN/);
  const r5 = await cli(['licenses', '--customer', CONTOSO, '--user', 'not a user']);
  assert.equal(r5.code, 2);
});

test('skus, licenses, assign and remove; --token-command; exit code 1 on a failed call', async () => {
  const skus = await cli(['skus', '--customer', CONTOSO, '--json'], {});
  assert.equal(skus.code, 2, 'no token');
  const tokenFile = join(dir, 'token');
  await writeFile(tokenFile, `${token}\n`);
  const viaCommand = { PCL_TOKEN_FILE: tokenFile };
  const s = await cli(['skus', '--customer', CONTOSO, '--token-command', 'cat "$PCL_TOKEN_FILE"'], viaCommand);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stdout, /^ENTERPRISEPACK +Office 365 E3 +group1 /m);

  const user = 'user1200@contoso.onmicrosoft.com';
  const a = await cli(['assign', '--customer', CONTOSO, '--user', user, '--sku', 'POWER_BI_PRO', '--exclude', 'EXCHANGE_S_FOUNDATION']);
  assert.equal(a.code, 0, a.stderr);
  const l = await cli(['licenses', '--customer', CONTOSO, '--user', user, '--json']);
  const lics = JSON.parse(l.stdout).items;
  assert.deepEqual(lics.map((x) => x.productSku.skuPartNumber), ['POWER_BI_PRO']);
  assert.deepEqual(lics[0].servicePlans.map((p) => p.serviceName), ['BI_AZURE_P2']);
  const rm = await cli(['remove', '--customer', CONTOSO, '--user', user, '--sku', 'POWER_BI_PRO']);
  assert.equal(rm.code, 0, rm.stderr);
  const again = await cli(['remove', '--customer', CONTOSO, '--user', user, '--sku', 'POWER_BI_PRO']);
  assert.equal(again.code, 1, 'removing a license the user does not hold fails at the service');
  assert.doesNotMatch(again.stderr + again.stdout, new RegExp(token.slice(0, 16)));
  const failing = await cli(['skus', '--customer', CONTOSO, '--token-command', 'exit 3'], {});
  assert.equal(failing.code, 2);
  assert.match(failing.stderr, /token/);
});

test('installed from the packed tarball, the bin runs (npx partner-center-licenses)', async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const run = promisify(execFile);
  const project = await mkdtemp(join(tmpdir(), 'pcl-bin-'));
  const { stdout: packed } = await run('npm', ['pack', '--pack-destination', project, '--silent'], { cwd: join(ROOT, 'pkg') });
  await writeFile(join(project, 'package.json'), '{ "name": "bin-check", "private": true }');
  await run('npm', ['install', '--no-audit', '--no-fund', '--silent', `./${packed.trim().split('\n').at(-1)}`], { cwd: project });
  const bin = join(project, 'node_modules', '.bin', 'partner-center-licenses');
  const { stdout } = await run(bin, ['skus', '--customer', CONTOSO, '--base-url', emu.url], {
    env: { PATH: process.env.PATH, PARTNER_CENTER_TOKEN: token },
  });
  assert.match(stdout, /^MEE_STUDENT +Minecraft Education Student +group2 /m);
});

test('reconcile --concurrency 16 under a rate limit: learned (few 429s, a stderr line), or --rate (none)', async () => {
  const users = Array.from({ length: 40 }, (_, i) => `user${String(1101 + i).padStart(4, '0')}@contoso.onmicrosoft.com`);
  const plan = join(dir, 'throttled.json');
  await writeFile(plan, JSON.stringify(Object.fromEntries(users.map((u) => [u, [{ skuId: 'ENTERPRISEPACK' }]]))));
  for (const [extra, most] of [[[], 16 + 2], [['--rate', '15'], 0]]) {
    await emu.reset();
    await emu.setRateLimit({ requestsPerSecond: 15 });
    const before = await emu.faults();
    const r = await cli(['reconcile', '--customer', CONTOSO, '--plan', plan, '--concurrency', '16', '--json', ...extra]);
    const after = await emu.faults();
    await emu.setRateLimit({ requestsPerSecond: null });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).totals.updated, 40);
    const throttled = after.rateLimited - before.rateLimited;
    assert.ok(throttled <= most, `${extra.join(' ') || 'default'}: ${throttled} 429s`);
    if (most > 0) assert.match(r.stderr, /throttled \(429\): waiting \d+ s/);
    else assert.doesNotMatch(r.stderr, /throttled/);
  }
});
