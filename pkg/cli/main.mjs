// `partner-center-licenses` commands, wired to the package's own LicenseClient.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { LicenseClient, PartnerCenterError, parsePlanCsv } from '../index.node.mjs';
import { USAGE, UsageError, parseCommandLine } from './args.mjs';
import { describeError, hintOf, progressReporter, summary, table, toJson } from './format.mjs';
import { INTERRUPTED, inventoryCommand, usersCommand } from './inventory.mjs';

const BOTH = { licenseGroups: ['Group1', 'Group2'] };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN_TTL_MS = 5 * 60 * 1000;

/** Exit codes. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, interrupted: INTERRUPTED };

/**
 * Runs one command. `io` holds `env`, `stdout`, `stderr` (streams) and an optional `signal`.
 * @returns {Promise<number>} the exit code
 */
export async function main(argv, io) {
  const { stdout, stderr } = io;
  try {
    const opts = parseCommandLine(argv);
    if (opts.help) {
      stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const client = new LicenseClient({
      baseUrl: opts.baseUrl,
      token: tokenSource(opts, io.env),
      ...(opts.rateLimit === undefined ? {} : { rateLimit: opts.rateLimit }),
      onEvent: (e) => {
        // The gate closed for every call: say how long, once per closing.
        if (e.type === 'throttled') stderr.write(`partner-center-licenses: throttled (${e.status}): waiting ${Math.ceil(e.waitMs / 1000)} s\n`);
      },
    });
    return await COMMANDS[opts.command](client, opts, io);
  } catch (e) {
    stderr.write(`partner-center-licenses: ${e instanceof UsageError ? e.message : describeError(e)}\n`);
    if (e instanceof UsageError) stderr.write('(see --help)\n');
    else if (hintOf(e)) stderr.write(`hint: ${hintOf(e)}\n`);
    if (io.signal?.aborted && e instanceof PartnerCenterError && e.kind === 'aborted') return EXIT.interrupted;
    return isBadInput(e) ? EXIT.badInput : EXIT.failed;
  }
}

function isBadInput(e) {
  return e instanceof UsageError || (e instanceof PartnerCenterError && e.kind === 'invalidInput');
}

/** The token: `--token-command` (run when needed, kept 5 minutes) or PARTNER_CENTER_TOKEN. */
export function tokenSource(opts, env) {
  if (opts.tokenCommand) {
    let pending;
    let at = 0;
    return () => {
      if (!pending || Date.now() - at > TOKEN_TTL_MS) {
        at = Date.now();
        pending = runTokenCommand(opts.tokenCommand);
        pending.catch(() => {
          pending = undefined;
        });
      }
      return pending;
    };
  }
  const token = env.PARTNER_CENTER_TOKEN;
  if (!token) throw new UsageError('no token: set PARTNER_CENTER_TOKEN or pass --token-command CMD');
  return token;
}

function runTokenCommand(command) {
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', command], { timeout: 60_000, maxBuffer: 1 << 20 }, (err, out) => {
      // Never quote the command's output: it is the token.
      if (err) reject(new Error(`--token-command failed (${err.code ?? err.signal ?? 'error'})`));
      else if (!out.trim()) reject(new Error('--token-command printed nothing'));
      else resolve(out.trim());
    });
  });
}

const COMMANDS = {
  async skus(client, opts, { stdout, signal }) {
    const skus = await client.listSubscribedSkus(opts.customer, { ...BOTH, signal });
    if (opts.json) {
      stdout.write(`${toJson(skus)}\n`);
    } else {
      stdout.write(
        `${table(skus.items, [
          ['part number', (s) => s.productSku.skuPartNumber],
          ['name', (s) => s.productSku.name],
          ['group', (s) => s.productSku.licenseGroupId],
          ['available', (s) => s.availableUnits, 'right'],
          ['consumed', (s) => s.consumedUnits, 'right'],
          ['total', (s) => s.totalUnits, 'right'],
          ['plans', (s) => s.servicePlans.length, 'right'],
          ['id', (s) => s.productSku.id],
        ])}\n`,
      );
    }
    return EXIT.ok;
  },

  async licenses(client, opts, { stdout, signal }) {
    const licenses = await client.listLicenses(opts.customer, opts.user, { ...BOTH, signal });
    if (opts.json) {
      stdout.write(`${toJson(licenses)}\n`);
    } else if (licenses.items.length === 0) {
      stdout.write(`${opts.user} holds no license\n`);
    } else {
      stdout.write(
        `${table(licenses.items, [
          ['part number', (l) => l.productSku.skuPartNumber],
          ['name', (l) => l.productSku.name],
          ['group', (l) => l.productSku.licenseGroupId],
          ['plans held', (l) => l.servicePlans.length, 'right'],
          ['id', (l) => l.productSku.id],
        ])}\n`,
      );
    }
    return EXIT.ok;
  },

  async assign(client, opts, io) {
    const skus = await resolveSkus(client, opts, io.signal);
    const assign = skus.map((s) => ({ skuId: s.id, excludedPlans: resolvePlans(s, opts.exclude) }));
    const echo = await client.updateLicenses(opts.customer, opts.user, { assign }, { signal: io.signal });
    return done(io, opts, echo, `assigned ${skus.map((s) => s.label).join(', ')} to ${opts.user}`);
  },

  async remove(client, opts, io) {
    const skus = await resolveSkus(client, opts, io.signal);
    const echo = await client.updateLicenses(opts.customer, opts.user, { remove: skus.map((s) => s.id) }, { signal: io.signal });
    return done(io, opts, echo, `removed ${skus.map((s) => s.label).join(', ')} from ${opts.user}`);
  },

  users: usersCommand,

  inventory: (client, opts, io) => inventoryCommand(client, opts, io, progressReporter(io.stderr)),

  async reconcile(client, opts, { stdout, stderr, signal }) {
    const desired = await readPlan(opts.plan);
    const progress = progressReporter(stderr);
    let report;
    try {
      report = await client.reconcile(opts.customer, desired, {
        dryRun: opts.dryRun,
        concurrency: opts.concurrency,
        onProgress: progress,
        signal,
      });
    } finally {
      progress.end();
    }
    stdout.write(`${opts.json ? toJson(report) : summary(report)}\n`);
    if (report.problems.length > 0) return EXIT.badInput;
    return report.totals.failed > 0 ? EXIT.failed : EXIT.ok;
  },
};

function done({ stdout }, opts, echo, text) {
  stdout.write(opts.json ? `${toJson(echo)}\n` : `${text}\n`);
  for (const w of echo.licenseWarnings ?? []) {
    if (!opts.json) stdout.write(`warning ${w.code}: ${w.message}\n`);
  }
  return EXIT.ok;
}

/** `--sku` values as ids: GUIDs as they are, part numbers looked up in the subscribed SKUs. */
async function resolveSkus(client, opts, signal) {
  const byName = opts.skus.some((s) => !GUID.test(s)) || opts.exclude.some((p) => !GUID.test(p));
  const subscribed = byName ? (await client.listSubscribedSkus(opts.customer, { ...BOTH, signal })).items : [];
  return opts.skus.map((written) => {
    const found = subscribed.find(
      (s) => s.productSku.id.toLowerCase() === written.toLowerCase() || s.productSku.skuPartNumber.toLowerCase() === written.toLowerCase(),
    );
    if (found) return { id: found.productSku.id, label: found.productSku.skuPartNumber || written, plans: found.servicePlans };
    if (GUID.test(written)) return { id: written, label: written, plans: [] };
    throw new UsageError(`--sku ${written}: no subscribed SKU has that id or part number (see the skus command)`);
  });
}

function resolvePlans(sku, written) {
  return written.map((p) => {
    const found = sku.plans.find((sp) => sp.id.toLowerCase() === p.toLowerCase() || sp.serviceName.toLowerCase() === p.toLowerCase());
    if (found) return found.id;
    if (GUID.test(p)) return p;
    throw new UsageError(`--exclude ${p}: not a service plan of ${sku.label}`);
  });
}

/** The desired licenses from a .json or .csv plan file (docs/bulk.md). */
export async function readPlan(path) {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--plan ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  if (/\.csv$/i.test(path)) return await parsePlanCsv(text);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--plan ${path}: not valid JSON (${e.message})`);
  }
}
