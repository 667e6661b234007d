// The `users` and `inventory` commands and their output: a table (default), JSON or CSV.
// Ctrl-C (the `signal` of `io`) stops sending; what was read so far is printed, marked
// partial, and the exit code is 130.
import { describeError, errorJson, hintOf, table, toJson } from './format.mjs';

/** Exit code after Ctrl-C (128 + SIGINT). */
export const INTERRUPTED = 130;
const LIST_LIMIT = 20;

/** One CSV field: quoted when it holds a comma, a quote, a semicolon or a line break. */
export function csvField(value) {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (fields) => fields.map(csvField).join(',');

const USER_COLUMNS = ['id', 'userPrincipalName', 'displayName', 'usageLocation', 'state', 'softDeletionTime'];

/** The users as CSV (header, one row per user). */
export function usersCsv(users) {
  return [csvLine(USER_COLUMNS), ...users.map((u) => csvLine(USER_COLUMNS.map((c) => u[c])))].join('\n');
}

/** The users as a table. */
export function usersText(users) {
  return table(users, [
    ['user principal name', (u) => u.userPrincipalName],
    ['display name', (u) => u.displayName],
    ['location', (u) => u.usageLocation],
    ['state', (u) => u.state],
    ['deleted', (u) => u.softDeletionTime],
    ['id', (u) => u.id],
  ]);
}

/**
 * The inventory as CSV: `skuId,skuPartNumber,userId,userPrincipalName,excludedPlans`, one row
 * per holder of each SKU (plans separated by `;`), then one row with empty SKU columns per
 * user who holds none. Users that could not be read are not in it (stderr names them).
 */
export function inventoryCsv(inv) {
  const rows = [csvLine(['skuId', 'skuPartNumber', 'userId', 'userPrincipalName', 'excludedPlans'])];
  for (const s of inv.skus) {
    for (const h of s.holders) rows.push(csvLine([s.skuId, s.skuPartNumber, h.userId, h.userPrincipalName, h.excludedPlans.join(';')]));
  }
  for (const u of inv.unlicensedUsers) rows.push(csvLine(['', '', u.userId, u.userPrincipalName, '']));
  return rows.join('\n');
}

/** The inventory as text: the SKUs' units, then each SKU's holders, then the rest. */
export function inventoryText(inv) {
  const out = [
    table(inv.skus, [
      ['SKU', (s) => s.skuPartNumber || s.skuId],
      ['name', (s) => s.name],
      ['group', (s) => s.licenseGroupId],
      ['total', (s) => s.totalUnits, 'right'],
      ['consumed', (s) => s.consumedUnits, 'right'],
      ['available', (s) => s.availableUnits, 'right'],
      ['holders', (s) => s.holders.length, 'right'],
    ]),
  ];
  for (const s of inv.skus) {
    if (s.holders.length === 0) continue;
    out.push('', `${s.skuPartNumber || s.skuId} (${s.holders.length}):`);
    for (const h of s.holders) {
      const excluded = h.excludedPlans.length > 0 ? `  without ${h.excludedPlans.length} plan${h.excludedPlans.length === 1 ? '' : 's'}: ${h.excludedPlans.join(', ')}` : '';
      out.push(`  ${h.userPrincipalName}${excluded}`);
    }
  }
  const list = (title, items, line) => {
    if (items.length === 0) return;
    out.push('', `${title} (${items.length}):`);
    for (const x of items.slice(0, LIST_LIMIT)) out.push(`  ${line(x)}`);
    if (items.length > LIST_LIMIT) out.push(`  ... and ${items.length - LIST_LIMIT} more (--json lists them all)`);
  };
  list('Users holding none of these SKUs', inv.unlicensedUsers, (u) => u.userPrincipalName || u.userId);
  list('Holders counted differ from consumed units', inv.mismatches, (m) => `${m.skuPartNumber || m.skuId}: ${m.holders} holders, ${m.consumedUnits} consumed`);
  list('Could not be read', inv.failed, (f) => `${f.userPrincipalName || f.userId}  ${describeError(f.error)}`);
  const hints = [...new Set(inv.failed.map((f) => hintOf(f.error)).filter(Boolean))];
  if (hints.length > 0) out.push('', 'What to do:', ...hints.slice(0, LIST_LIMIT).map((h) => `  ${h}`));
  return out.join('\n');
}

const PARTIAL = 'interrupted: what was read so far (partial)';

/** `users --customer ID [--deleted] [--page-size N] [--json|--csv]`. */
export async function usersCommand(client, opts, { stdout, stderr, signal }) {
  const users = [];
  let partial = false;
  try {
    const listing = client.listUsers(opts.customer, { pageSize: opts.pageSize, filter: opts.deleted ? 'deleted' : undefined, signal });
    for await (const u of listing) users.push(u);
  } catch (e) {
    if (!signal?.aborted) throw e;
    partial = true;
  }
  if (opts.json) stdout.write(`${toJson(partial ? { partial, totalCount: users.length, items: users } : { totalCount: users.length, items: users })}\n`);
  else if (opts.csv) stdout.write(`${usersCsv(users)}\n${partial ? `# ${PARTIAL}\n` : ''}`);
  else stdout.write(`${usersText(users)}\n${users.length} users${partial ? ` (${PARTIAL})` : ''}\n`);
  if (partial) stderr.write(`partner-center-licenses: ${PARTIAL}: ${users.length} users\n`);
  return partial ? INTERRUPTED : 0;
}

/** `inventory --customer ID [--sku SKU...] [--concurrency N] [--page-size N] [--json|--csv]`. */
export async function inventoryCommand(client, opts, { stdout, stderr, signal }, progress) {
  let inv;
  let partial = false;
  try {
    inv = await client.inventory(opts.customer, {
      skus: opts.skus.length > 0 ? opts.skus : undefined,
      concurrency: opts.concurrency,
      pageSize: opts.pageSize,
      // One bar: users read, out of the users listed once the listing is complete.
      onProgress: (p) => p.phase === 'licenses' && progress(p),
      signal,
    });
  } catch (e) {
    if (!(signal?.aborted && e?.kind === 'aborted' && e.partial)) throw e;
    inv = e.partial;
    partial = true;
  } finally {
    progress.end();
  }
  if (opts.json) {
    const out = partial ? { partial, ...inv } : inv;
    stdout.write(`${JSON.stringify(out, (_, v) => (v instanceof Error ? errorJson(v) : v), 2)}\n`);
  } else if (opts.csv) {
    stdout.write(`${inventoryCsv(inv)}\n${partial ? `# ${PARTIAL}\n` : ''}`);
  } else {
    stdout.write(`${inventoryText(inv)}\n${partial ? `\n(${PARTIAL})\n` : ''}`);
  }
  if (partial) stderr.write(`partner-center-licenses: ${PARTIAL}\n`);
  if (inv.failed.length > 0) stderr.write(`partner-center-licenses: ${inv.failed.length} users could not be read\n`);
  if (partial) return INTERRUPTED;
  return inv.failed.length > 0 ? 1 : 0;
}
