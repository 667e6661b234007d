// Seed names and the 1,000-user desired state of the bulk tests and the reconcile benchmark;
// the emulator launcher itself is tests/js/emulator.mjs.
export { ROOT, startEmulator } from './emulator.mjs';

/** The seed's customer with the 1,200 generated users (docs/emulator.md). */
export const CONTOSO = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
export const SKU = {
  ENTERPRISEPACK: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  EMS: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
  POWER_BI_PRO: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
  MEE_STUDENT: '533b8f26-f74b-4e9c-9c59-50fc4b393b63',
};

/** `user0001@contoso.onmicrosoft.com`... (the seed's generated users, 1-based). */
export const generatedUpn = (n) => `user${String(n).padStart(4, '0')}@contoso.onmicrosoft.com`;

/**
 * The 1,000-user desired state used by the tests and the benchmark: every user gets Office
 * 365 E3 (every third without Sway and Yammer), every second Power BI Pro, every fourth EMS
 * E3, and users 1-20 also Minecraft Education Student (Group2).
 */
export function thousandUsers(e3Plans, n = 1000) {
  const sway = e3Plans.find((p) => p.serviceName === 'SWAY').id;
  const yammer = e3Plans.find((p) => p.serviceName === 'YAMMER_ENTERPRISE').id;
  const desired = {};
  for (let i = 1; i <= n; i++) {
    const lics = [{ skuId: SKU.ENTERPRISEPACK, excludedPlans: i % 3 === 0 ? [sway, yammer] : [] }];
    if (i % 2 === 0) lics.push({ skuId: SKU.POWER_BI_PRO });
    if (i % 4 === 0) lics.push({ skuId: SKU.EMS });
    if (i <= 20) lics.push({ skuId: SKU.MEE_STUDENT });
    desired[generatedUpn(i)] = lics;
  }
  return desired;
}
