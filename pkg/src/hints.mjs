// The hint texts by number (`HintId` in src/hint.rs) and the rules that pick one, generated
// from `TEXTS` and `RULES` there by `cargo test` (src/hint/tests.rs). Do not edit: change
// src/hint.rs, then run `UPDATE_HINTS=1 cargo test -p partner-center-licenses hints_mjs`.
const TEXTS = [
  "License calls need an App+User token (a partner user signed in to your app); client secrets, managed identities and DefaultAzureCredential give app-only ones. See docs/tokens.md.",
  "Conditional Access blocked this token: sign in again as the policy requires (MFA, a compliant device) or ask the tenant's admin.",
  "No such user in this customer: check the user id (object id or user principal name).",
  "No such customer for this partner: check the customer (tenant) id.",
  "The token was refused (missing, expired or invalid): get a new App+User token; a fixed token string cannot be refreshed.",
  "Partner Center is throttling this partner: wait {}, then try again with fewer calls in flight.",
  "Partner Center is throttling this partner: wait retryAfterMs (or a minute), then try again with fewer calls in flight.",
  "One update takes one license group: send Group1 and Group2 SKUs in separate updates.",
  "The customer does not subscribe to a SKU of this update: pick one from listSubscribedSkus.",
  "An excluded plan is not in the SKU: take plan ids from its servicePlans.",
  "The update is empty, names a SKU twice or removes a license the user does not hold: send only real changes.",
  "The service could not read the request (a malformed id, header or body): check the ids.",
  "The user has no usage location: set one (the user's country) in the customer's directory, then assign again.",
  "The paging link expired or is not valid: list again from the first page.",
  "The signed-in user may not manage this customer's licenses: it takes an admin agent or GDAP role.",
  "Not found: check the base URL and the customer and user ids.",
  "The request body is too large: split the update.",
  "The request did not reach the service in time: try again.",
  "This request id was used for another request: let the client pick request ids.",
  "The service refused the request (see description): correct it before trying again.",
  "Partner Center failed and retries did not help: try later and quote the requestId. An update may have applied: list the user's licenses first.",
  "Unexpected answer: check that baseUrl is the Partner Center API, not a proxy.",
  "The answer was not the documented JSON, so it was not used: check baseUrl and any proxy, then try again.",
  "No answer: check the network, any proxy and baseUrl (in a browser, CORS too).",
  "An attempt took longer than timeoutMs: try again or raise it. An update may have applied: list the user's licenses first.",
  "The call was cancelled by its AbortSignal. An update may have applied: list the user's licenses first.",
  "The customer has no units left of {}: free units by removing it from users who no longer need it, or buy more.",
];
const RULES = [
  ["decode", null, null, null, 0, 22],
  ["network", null, null, null, 0, 23],
  ["timeout", null, null, null, 0, 24],
  ["aborted", null, null, null, 0, 25],
  ["api", "outOfLicenses", null, null, 0, 26],
  ["api", "throttled", null, null, 1, 5],
  ["api", "throttled", null, null, 0, 6],
  ["api", "partnerTokenNotAllowed", null, null, 0, 0],
  ["api", "conditionalAccessBlocked", null, null, 0, 1],
  ["api", "userNotFound", null, null, 0, 2],
  ["api", "customerNotFound", null, null, 0, 3],
  ["api", "unauthorized", null, null, 0, 4],
  ["api", "mixedLicenseGroups", null, null, 0, 7],
  ["api", "skuNotSubscribed", null, null, 0, 8],
  ["api", "planNotInSku", null, null, 0, 9],
  ["api", "serverError", null, null, 0, 20],
  ["api", "other", null, null, 0, 21],
  ["api", "badRequest", 60053, null, 0, 10],
  ["api", "badRequest", 60055, null, 0, 12],
  ["api", "badRequest", 60056, null, 0, 13],
  ["api", "badRequest", 60057, null, 0, 13],
  ["api", "badRequest", 60054, 400, 0, 11],
  ["api", "badRequest", null, 403, 0, 14],
  ["api", "badRequest", null, 404, 0, 15],
  ["api", "badRequest", null, 408, 0, 17],
  ["api", "badRequest", null, 409, 0, 18],
  ["api", "badRequest", null, 413, 0, 16],
  ["api", "badRequest", null, null, 0, 19],
];
// The hint of the core's error fields `f` (its `hint` the argument; an invalid input's is
// written out): the text of the first rule [kind, reason, code, status, needs an argument,
// text] that matches, as `hint_id` in src/hint.rs picks it.
export default function hint(f) {
  const arg = f.hint ?? '';
  const digits = /^\+?([0-9]+)$/.exec(String(f.code ?? '').trim());
  const code = digits ? Number(digits[1]) : null;
  const rule = RULES.find(([kind, reason, c, status, needsArg]) => kind === f.kind
    && (reason === null || reason === f.reason) && (c === null || c === code)
    && (status === null || status === f.status) && (!needsArg || arg !== ''));
  return rule === undefined ? undefined : TEXTS[rule[5]].replace('{}', () => arg);
}
