// Throttled bulk: a reconcile against an emulator started with `--rate-limit R` (a token bucket
// of R API requests per second per partner, burst R; beyond it 429 + Retry-After). Reports the
// achieved rate of answered (non-429) API requests over the whole run as a fraction of R, and
// the share of requests the emulator answered 429 (its own count, GET /emulator/faults).
// Uses `client.reconcile` when the package has it; otherwise (mode "update-loop") a loop of
// `assignLicenses` calls at the same concurrency that waits out Retry-After itself.
//   node bench/throttled.mjs [--rate R] [--users N] [--concurrency C]
import { args, loadPackage, startEmulator, now, report, pool, SEED } from './lib.mjs';

const opt = args({ rate: 50, users: 300, concurrency: 8 });
// Let the bucket start full, then make the run long enough that the burst matters little.
const emu = await startEmulator(['--rate-limit', String(opt.rate)]);
try {
  const token = await emu.token();
  const { LicenseClient } = await loadPackage();
  const client = new LicenseClient({ baseUrl: emu.url, token });
  const users = Array.from({ length: opt.users }, (_, i) => SEED.generatedUser(i + 1));
  // Wait for a full bucket (the token request is not an API route, but be safe).
  await new Promise((r) => setTimeout(r, 1100));
  const before = await emu.faults();
  let mode;
  let failedUsers = 0;
  const t0 = now();
  if (typeof client.reconcile === 'function') {
    mode = 'reconcile';
    const desired = Object.fromEntries(users.map((u) => [u, [{ skuId: SEED.office365E3 }]]));
    const rep = await client.reconcile(SEED.contoso, desired, { concurrency: opt.concurrency });
    failedUsers = rep.totals.failed + rep.totals.invalid;
    if (!rep.applied) throw new Error(`reconcile did not apply: ${JSON.stringify(rep.problems)}`);
  } else {
    mode = 'update-loop';
    await pool(users.length, opt.concurrency, async (i) => {
      for (;;) {
        try {
          await client.assignLicenses(SEED.contoso, users[i], [{ skuId: SEED.office365E3 }]);
          return;
        } catch (e) {
          if (e?.reason !== 'throttled') { failedUsers++; return; }
          // The package has no retry of its own yet: wait the service's 1 s minimum.
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    });
  }
  const seconds = (now() - t0) / 1000;
  const after = await emu.faults();
  const requests = after.requests - before.requests;
  const throttled = after.rateLimited - before.rateLimited;
  const answered = requests - throttled;
  const result = {
    figure: 'throttled', mode, rate: opt.rate, users: opt.users, concurrency: opt.concurrency,
    seconds, requests, throttled, answered, failedUsers,
    achievedPerS: answered / seconds,
  };
  result.achievedOverRate = result.achievedPerS / opt.rate;
  result.throttledShare = requests ? throttled / requests : 0;
  console.error(`throttled (${mode}): ${answered} answered in ${seconds.toFixed(2)} s = ${result.achievedPerS.toFixed(1)}/s of R=${opt.rate} (${result.achievedOverRate.toFixed(3)}), ${throttled}/${requests} answered 429 (${(100 * result.throttledShare).toFixed(2)} %), ${failedUsers} users failed`);
  report(result);
  client.free();
} finally {
  await emu.stop();
}
