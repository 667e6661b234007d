// The reconcile types (the report generated into pkg/reports.d.ts, the options in
// pkg/index.d.ts) are real: a typed usage file passes `tsc --strict --noEmit`, and each line
// of a misuse file is an error.
import { test } from 'node:test';
import { checkTypes } from './tsc-check.mjs';

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

test('the reconcile types pass tsc --strict, and misuse is a type error', () => checkTypes('bulk', usage, misuse));
