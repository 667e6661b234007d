// A hand-built `Inventory` (the shape `client.inventory` resolves to) with what the seed
// never produces: a SKU whose holders differ from its consumed units, and users whose
// licenses could not be read. The browser test renders it with www/inventory-view.js.

const guid = (prefix, n) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const BIG = { skuId: guid('5a000000', 1), skuPartNumber: 'BIGPACK', name: 'Big Pack', holders: 1200 };
export const EXCLUDED_PLAN = guid('9a000000', 7);

export function handBuiltInventory() {
  const holder = (n) => ({
    userId: guid('b0000000', n),
    userPrincipalName: `user${String(n).padStart(4, '0')}@example.onmicrosoft.com`,
    excludedPlans: n % 7 === 0 ? [EXCLUDED_PLAN] : [],
  });
  return {
    customerId: guid('c0000000', 9),
    skus: [
      {
        skuId: BIG.skuId, skuPartNumber: BIG.skuPartNumber, name: BIG.name, licenseGroupId: 'group1',
        totalUnits: 1500, consumedUnits: 1201, availableUnits: 299,
        holders: Array.from({ length: BIG.holders }, (_, i) => holder(i + 1)),
      },
      {
        skuId: guid('5a000000', 2), skuPartNumber: 'SMALL', name: 'Small Pack', licenseGroupId: 'group1',
        totalUnits: 3, consumedUnits: 3, availableUnits: 0,
        holders: [holder(1), holder(2), holder(3)],
      },
      {
        skuId: guid('5a000000', 3), skuPartNumber: 'MEE_FACULTY', name: 'Minecraft Education Faculty', licenseGroupId: 'group2',
        totalUnits: 5, consumedUnits: 0, availableUnits: 5, holders: [],
      },
    ],
    unlicensedUsers: [
      { userId: guid('b0000000', 2001), userPrincipalName: 'nolicense1@example.onmicrosoft.com' },
      { userId: guid('b0000000', 2002), userPrincipalName: 'nolicense2@example.onmicrosoft.com' },
    ],
    mismatches: [{ skuId: BIG.skuId, skuPartNumber: BIG.skuPartNumber, consumedUnits: 1201, holders: 1200 }],
    failed: [
      {
        userId: guid('b0000000', 3001),
        userPrincipalName: 'flaky@example.onmicrosoft.com',
        error: { kind: 'api', status: 500, hint: 'Partner Center failed to answer: try again later.' },
      },
    ],
  };
}
