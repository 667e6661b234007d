// Users reconciled per second against the emulator with no faults.
//   node bench/reconcile.mjs [--users N] [--concurrency N]
// Needs the built package (scripts/build-pkg.sh) and the emulator (cargo build --release
// -p partner-center-emulator). Prints key=value lines; the last one is
// reconcile_users_per_s=N (users whose licenses were read, planned and changed, per second
// of the real run, 1-2 requests each).
import { parseArgs } from 'node:util';
import { LicenseClient } from '../pkg/index.node.mjs';
import { CONTOSO, SKU, startEmulator, thousandUsers } from '../tests/js/bulk-emulator.mjs';

const { values } = parseArgs({ options: { users: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '16' } } });
const users = Number(values.users);
const concurrency = Number(values.concurrency);
if (!(users >= 1 && users <= 1200) || !(concurrency >= 1 && concurrency <= 64)) {
  console.error('--users must be 1..1200 (the seed has 1,200 generated users), --concurrency 1..64');
  process.exit(2);
}

const emu = await startEmulator();
try {
  const client = new LicenseClient({ baseUrl: emu.url, token: await emu.token() });
  const skus = (await client.listSubscribedSkus(CONTOSO, { licenseGroups: ['Group1', 'Group2'] })).items;
  const desired = thousandUsers(skus.find((s) => s.productSku.id === SKU.ENTERPRISEPACK).servicePlans, users);
  const timed = async (options) => {
    const t0 = performance.now();
    const report = await client.reconcile(CONTOSO, desired, { concurrency, ...options });
    return { ms: performance.now() - t0, report };
  };
  const dry = await timed({ dryRun: true });
  const real = await timed({});
  const again = await timed({});
  if (real.report.totals.updated !== users || again.report.totals.unchanged !== users) {
    throw new Error(`the run did not converge: ${JSON.stringify(real.report.totals)} then ${JSON.stringify(again.report.totals)}`);
  }
  console.log(`reconcile_users=${users}`);
  console.log(`reconcile_concurrency=${concurrency}`);
  console.log(`reconcile_requests=${users + real.report.totals.updatesPlanned}`);
  console.log(`reconcile_dry_run_ms=${dry.ms.toFixed(0)}`);
  console.log(`reconcile_real_ms=${real.ms.toFixed(0)}`);
  console.log(`reconcile_unchanged_rerun_ms=${again.ms.toFixed(0)}`);
  console.log(`reconcile_users_per_s=${Math.round(users / (real.ms / 1000))}`);
} finally {
  await emu.stop();
}
