// The inventory types (the results generated into pkg/reports.d.ts, the options and
// `UserHolding` in pkg/index.d.ts) are real: a typed usage file passes `tsc --strict
// --noEmit`, and each line of a misuse file is an error.
import { test } from 'node:test';
import { checkTypes } from './tsc-check.mjs';

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

test('the inventory types pass tsc --strict, and misuse is a type error', () => checkTypes('inventory', usage, misuse));
