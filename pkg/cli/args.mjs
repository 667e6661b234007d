// Command-line arguments of `partner-center-licenses` (pure: no I/O, tested by node:test).
import { parseArgs } from 'node:util';

export const USAGE = `partner-center-licenses: Partner Center user licenses from the command line

USAGE
  partner-center-licenses skus      --customer ID [--json]
  partner-center-licenses licenses  --customer ID --user USER [--json]
  partner-center-licenses assign    --customer ID --user USER --sku SKU [--sku SKU...] [--exclude PLAN...]
  partner-center-licenses remove    --customer ID --user USER --sku SKU [--sku SKU...]
  partner-center-licenses reconcile --customer ID --plan FILE(.csv|.json) [--dry-run] [--concurrency N] [--json]
  partner-center-licenses users     --customer ID [--deleted] [--page-size N] [--json|--csv]
  partner-center-licenses inventory --customer ID [--sku SKU...] [--concurrency N] [--page-size N] [--json|--csv]

  USER is an object id or a user principal name; SKU an id or a part number (ENTERPRISEPACK);
  PLAN a service-plan id or service name (--exclude needs exactly one --sku).
  A plan row for user * means every user of the customer (explicit rows win).
  inventory: who holds what, SKU by SKU (--sku: only these SKUs).

OPTIONS
  --base-url URL        the service (default https://api.partnercenter.microsoft.com;
                        an emulator: http://127.0.0.1:7070)
  --token-command CMD   a shell command that prints an access token (run when one is needed,
                        kept 5 minutes); otherwise the token is read from PARTNER_CENTER_TOKEN
  --json                print JSON (the reconcile report, the users, the inventory) instead of tables
  --csv                 users, inventory: print CSV (inventory: one row per SKU holder, and
                        one with no SKU per user who holds none)
  --dry-run             reconcile: read and plan, send nothing
  --concurrency N       reconcile, inventory: requests in flight (1-64, default 8)
  --deleted             users: the deleted (inactive) users instead of the active ones
  --page-size N         users, inventory: users per page (1-1000; default: the service's)
  --rate N              send at most N requests per second (1-10000), so the service never
                        throttles; --rate off: no shared pacing. Default: learn the limit
                        from the first 429 (every call waits while the service says so)
  --help                this text

EXIT CODES
  0    done, nothing failed
  1    something failed (a call, or some users of a reconcile or an inventory)
  2    bad input (arguments, plan file, or a plan with problems: nothing was sent)
  130  interrupted (Ctrl-C): nothing more is sent; users and inventory print what was
       read so far, marked partial

Plan files and the planner's rules: docs/bulk.md in the repository.`;

export const DEFAULT_BASE_URL = 'https://api.partnercenter.microsoft.com';

/** Bad arguments: exit code 2. */
export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

const COMMANDS = {
  skus: { required: ['customer'] },
  licenses: { required: ['customer', 'user'] },
  assign: { required: ['customer', 'user', 'sku'] },
  remove: { required: ['customer', 'user', 'sku'] },
  reconcile: { required: ['customer', 'plan'] },
  users: { required: ['customer'] },
  inventory: { required: ['customer'] },
};

const OPTIONS = {
  customer: { type: 'string' },
  user: { type: 'string' },
  sku: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  plan: { type: 'string' },
  'dry-run': { type: 'boolean' },
  concurrency: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  deleted: { type: 'boolean' },
  'page-size': { type: 'string' },
  'token-command': { type: 'string' },
  'base-url': { type: 'string' },
  rate: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** Which options each command takes (besides the common ones). */
const ONLY = {
  exclude: ['assign'],
  plan: ['reconcile'],
  'dry-run': ['reconcile'],
  concurrency: ['reconcile', 'inventory'],
  user: ['licenses', 'assign', 'remove'],
  sku: ['assign', 'remove', 'inventory'],
  csv: ['users', 'inventory'],
  deleted: ['users'],
  'page-size': ['users', 'inventory'],
};

/**
 * Parses `argv` (without `node` and the script).
 * @returns {{ help: true } | { command: string, customer: string, user?: string, skus: string[],
 *   exclude: string[], plan?: string, dryRun: boolean, concurrency: number, json: boolean,
 *   csv: boolean, deleted: boolean, pageSize?: number,
 *   tokenCommand?: string, baseUrl: string, rateLimit?: false | { requestsPerSecond: number } }}
 * @throws {UsageError}
 */
export function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e.message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { help: true };
  if (positionals.length > 1) {
    throw new UsageError(`one command expected, got: ${positionals.join(' ')}`);
  }
  const command = positionals[0];
  const spec = COMMANDS[command];
  if (!spec) {
    throw new UsageError(`unknown command ${JSON.stringify(command)} (commands: ${Object.keys(COMMANDS).join(', ')})`);
  }
  for (const name of spec.required) {
    if (values[name] === undefined) throw new UsageError(`${command} needs --${name}`);
  }
  for (const [name, commands] of Object.entries(ONLY)) {
    if (values[name] !== undefined && !commands.includes(command)) {
      throw new UsageError(`--${name} does not apply to ${command}`);
    }
  }
  const exclude = (values.exclude ?? []).flatMap((e) => e.split(/[;,]/)).map((e) => e.trim()).filter(Boolean);
  const skus = values.sku ?? [];
  if (values.json && values.csv) throw new UsageError('--json and --csv: choose one');
  let pageSize;
  if (values['page-size'] !== undefined) {
    pageSize = Number(values['page-size']);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      throw new UsageError(`--page-size must be a whole number from 1 to 1000, got ${JSON.stringify(values['page-size'])}`);
    }
  }
  if (exclude.length > 0 && skus.length !== 1) {
    throw new UsageError('--exclude needs exactly one --sku');
  }
  let concurrency = 8;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new UsageError(`--concurrency must be a whole number from 1 to 64, got ${JSON.stringify(values.concurrency)}`);
    }
  }
  let rateLimit;
  if (values.rate !== undefined) {
    const n = Number(values.rate);
    if (values.rate === 'off') rateLimit = false;
    else if (Number.isInteger(n) && n >= 1 && n <= 10000) rateLimit = { requestsPerSecond: n };
    else throw new UsageError(`--rate must be a whole number from 1 to 10000 or off, got ${JSON.stringify(values.rate)}`);
  }
  if (values.plan !== undefined && !/\.(csv|json)$/i.test(values.plan)) {
    throw new UsageError(`--plan must name a .csv or .json file, got ${JSON.stringify(values.plan)}`);
  }
  return {
    command,
    customer: values.customer,
    user: values.user,
    skus,
    exclude,
    plan: values.plan,
    dryRun: values['dry-run'] === true,
    concurrency,
    json: values.json === true,
    csv: values.csv === true,
    deleted: values.deleted === true,
    pageSize,
    tokenCommand: values['token-command'],
    baseUrl: values['base-url'] ?? DEFAULT_BASE_URL,
    rateLimit,
  };
}
