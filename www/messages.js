// Human messages for the client's typed errors. The title is keyed on `error.kind` and
// `error.reason` (the client's classification of status + Partner Center code), never on
// message text; the detail is the error's own `hint`, written once in the package's core
// (src/hint.rs), so the page, the CLI and every other caller say the same thing.

/** A short heading per reason (api errors) or kind (everything else). */
const TITLES = {
  outOfLicenses: 'Out of licenses',
  partnerTokenNotAllowed: 'App+User token required',
  conditionalAccessBlocked: 'Blocked by Conditional Access',
  userNotFound: 'User not found',
  customerNotFound: 'Customer not found',
  unauthorized: 'Signed out',
  throttled: 'Too many requests',
  mixedLicenseGroups: 'Mixed license groups',
  skuNotSubscribed: 'SKU not subscribed',
  planNotInSku: 'Unknown service plan',
  badRequest: 'Request refused',
  serverError: 'Service error',
  invalidInput: 'Invalid input',
  network: 'Cannot reach the service',
  timeout: 'The service took too long',
  aborted: 'Cancelled',
  decode: 'Unexpected answer from the service',
};

/**
 * What to tell a person about `error`.
 * @param {unknown} error what a client call threw
 * @param {{ skuNames?: Map<string, string> }} [context] names of the SKUs the call named, by id,
 *   shown in place of their ids
 * @returns {{ reason: string, title: string, detail: string }}
 */
export function describeError(error, context = {}) {
  const e = /** @type {Record<string, unknown>} */ (error !== null && typeof error === 'object' ? error : {});
  const kind = typeof e.kind === 'string' ? e.kind : undefined;
  const reason = kind === 'api' && typeof e.reason === 'string' ? e.reason : (kind ?? 'unknown');
  let title = Object.hasOwn(TITLES, reason) ? TITLES[reason] : 'Something went wrong';
  if (reason === 'invalidInput' && typeof e.field === 'string') title = `${title} (${e.field})`;
  const hint = typeof e.hint === 'string' && e.hint ? e.hint : undefined;
  const fallback = typeof e.message === 'string' && e.message ? e.message : String(error);
  return { reason, title, detail: withNames(hint ?? fallback, context.skuNames) };
}

/** The hint with each SKU id it quotes replaced by the SKU's name. */
function withNames(text, names) {
  if (!names) return text;
  let out = text;
  for (const [id, name] of names) if (id && name) out = out.split(id).join(name);
  return out;
}
