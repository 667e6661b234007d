// The reconcile types in pkg/index.d.ts are real: a typed usage file passes
// `tsc --strict --noEmit`, and each line of a misuse file is an error.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT } from './bulk-emulator.mjs';

const run = promisify(execFile);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const usage = `import { LicenseClient, PartnerCenterError, parsePlanCsv } from 'partner-center-licenses';
import type { DesiredLicenses, ReconcileReport, ReconcileProblem, ReconcileProgress } from 'partner-center-licenses';

export async function demo(client: LicenseClient, signal: AbortSignal): Promise<number> {
  const desired: DesiredLicenses = await parsePlanCsv('userId,skuId\\nada@contoso.com,ENTERPRISEPACK\\n');
  const asMap: DesiredLicenses = new Map([['bob@contoso.com', [{ skuId: 'X', excludedPlans: null }]]]);
  const seen: ReconcileProgress[] = [];
  const report: ReconcileReport = await client.reconcile('c', desired, {
    dryRun: true, concurrency: 4, signal, onProgress: (p) => { seen.push(p); },
  });
  await client.reconcile('c', asMap);
  let failed = 0;
  for (const u of report.users) {
    switch (u.outcome) {
      case 'failed':
        if (u.error instanceof PartnerCenterError && u.error.kind === 'api') failed += u.error.status ?? 0;
        break;
      case 'unchanged': case 'planned': case 'updated': case 'invalid':
        failed += u.assigned.length + u.removed.length + u.changed.length;
    }
  }
  const words = report.problems.map((p: ReconcileProblem) =>
    p.kind === 'notEnoughUnits' ? p.needed - p.freed - p.available : p.kind === 'planNotInSku' ? p.plan.length : p.sku.length);
  return failed + words.length + report.totals.updatesFailed + report.units[0].used + report.durationMs + seen.length;
}
`;

const misuse = [
  `client.reconcile('c', {}, { concurrency: '8' });`,
  `client.reconcile('c', {}, { dryRun: 1 });`,
  `client.reconcile('c', { ada: [{ sku: 'X' }] });`,
  `client.reconcile('c', {}, { onProgress: (p: { phase: 'write' }) => p });`,
  `client.reconcile('c', {}).then((r) => r.totals.unknown);`,
  `client.reconcile('c', {}).then((r) => r.users[0].outcome === 'skipped');`,
  `const d: string = parsePlanCsv('x');`,
  // parsePlanCsv is async (the bulk module loads on first use): the old synchronous use fails.
  `const e: Record<string, unknown[]> = parsePlanCsv('x');`,
];

test('the reconcile types pass tsc --strict, and misuse is a type error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pcl-types-'));
  const head = `import { LicenseClient, parsePlanCsv } from 'partner-center-licenses';\ndeclare const client: LicenseClient;\n`;
  await writeFile(join(dir, 'usage.ts'), usage);
  await writeFile(join(dir, 'misuse.ts'), `${head}${misuse.join('\n')}\nexport {};\n`);
  const config = (files) => JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'], types: [], paths: { 'partner-center-licenses': [join(ROOT, 'pkg', 'index.d.ts')] },
    },
    files,
  });
  await writeFile(join(dir, 'tsconfig.json'), config(['usage.ts']));
  await run(process.execPath, [TSC, '-p', dir]).catch((e) => assert.fail(`usage.ts: ${e.stdout}`));
  await writeFile(join(dir, 'tsconfig.json'), config(['misuse.ts']));
  const out = await run(process.execPath, [TSC, '-p', dir]).then(
    () => assert.fail('misuse.ts passed tsc'),
    (e) => e.stdout,
  );
  const lines = new Set([...out.matchAll(/misuse\.ts\((\d+),/g)].map((m) => Number(m[1])));
  for (let i = 0; i < misuse.length; i++) {
    assert.ok(lines.has(i + 3), `line ${i + 3} (${misuse[i]}) is not an error:\n${out}`);
  }
});
