// The inventory types in pkg/index.d.ts are real: a typed usage file passes
// `tsc --strict --noEmit`, and each line of a misuse file is an error.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT } from './emulator.mjs';

const run = promisify(execFile);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const usage = `import { LicenseClient, PartnerCenterError } from 'partner-center-licenses';
import type { Inventory, InventoryAbortedError, InventoryProgress, InventorySku, UserHolding } from 'partner-center-licenses';

export async function demo(client: LicenseClient, signal: AbortSignal): Promise<number> {
  const seen: InventoryProgress[] = [];
  let n = 0;
  for await (const h of client.holdings('c', { licenseGroups: ['Group1'], skus: ['ENTERPRISEPACK'], concurrency: 4, pageSize: 500, signal })) {
    const holding: UserHolding = h;
    if (holding.error !== undefined) n += holding.error.status ?? 0;
    else n += holding.licenses.length + holding.user.userPrincipalName.length;
  }
  let inv: Inventory;
  try {
    inv = await client.inventory('c', { onProgress: (p) => { seen.push(p); n += p.total ?? p.done; }, signal });
  } catch (e) {
    const partial = (e as InventoryAbortedError).partial;
    if (!(e instanceof PartnerCenterError) || e.kind !== 'aborted' || partial === undefined) throw e;
    inv = partial;
  }
  const sku: InventorySku = inv.skus[0];
  const group: 'group1' | 'group2' = sku.licenseGroupId;
  for (const h of sku.holders) n += h.excludedPlans.length + h.userId.length;
  for (const f of inv.failed) n += f.error.kind.length;
  return n + sku.totalUnits + sku.consumedUnits + sku.availableUnits + inv.mismatches[0].holders
    + inv.unlicensedUsers.length + group.length + inv.customerId.length + seen.length;
}
`;

const misuse = [
  `client.inventory('c', { concurrency: '8' });`,
  `client.inventory('c', { skus: 'ENTERPRISEPACK' });`,
  `client.inventory('c', { licenseGroups: ['Group3'] });`,
  `client.inventory('c', { onProgress: (p: { phase: 'read' }) => p });`,
  `client.inventory('c').then((i) => i.skus[0].holders[0].excludedPlans.size);`,
  `client.inventory('c').then((i) => i.unknown);`,
  `client.holdings('c').then(() => 1);`,
  `(async () => { for await (const h of client.holdings('c')) h.licenses.length; })();`,
];

test('the inventory types pass tsc --strict, and misuse is a type error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pcl-inv-types-'));
  const head = `import { LicenseClient } from 'partner-center-licenses';\ndeclare const client: LicenseClient;\n`;
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
