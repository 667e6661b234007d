// Human messages for the client's typed errors. Keyed on `error.kind` and `error.reason`
// (the client's classification of status + Partner Center code), never on message text.

/** Seconds to wait, from the error's `retryAfterMs` or its raw `Retry-After`, when known. */
function waitSeconds(error) {
  if (typeof error.retryAfterMs === 'number' && Number.isFinite(error.retryAfterMs)) {
    return Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  }
  const raw = error.retryAfter;
  if (typeof raw === 'string' && /^\d+$/.test(raw.trim())) return Math.max(1, Number(raw.trim()));
  const m = /try again in (\d+) second/i.exec(error.description ?? '');
  return m ? Number(m[1]) : undefined;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * What to tell a person about `error`.
 * @param {unknown} error what a client call threw
 * @param {{ action?: string, skuNames?: string[] }} [context] what the user was doing
 * @returns {{ reason: string, title: string, detail: string }}
 */
export function describeError(error, context = {}) {
  const action = context.action ?? 'The request';
  const skus = context.skuNames?.length ? context.skuNames.join(', ') : 'this SKU';
  const e = /** @type {Record<string, any>} */ (error ?? {});
  const kind = e.kind;
  const reason = e.reason;

  if (kind === 'invalidInput') {
    const field = e.field ? ` (${e.field})` : '';
    return {
      reason: 'invalidInput',
      title: `Invalid input${field}`,
      detail: `${e.message ?? 'A value is not valid.'} Nothing was sent.`,
    };
  }
  if (kind === 'network') {
    return {
      reason: 'network',
      title: 'Cannot reach the service',
      detail: 'The request got no answer. Check that the emulator is still running, then try again.',
    };
  }
  if (kind === 'timeout') {
    return { reason: 'timeout', title: 'The service took too long', detail: `${action} timed out. Try again.` };
  }
  if (kind === 'aborted') {
    return { reason: 'aborted', title: 'Cancelled', detail: `${action} was cancelled.` };
  }
  if (kind === 'decode') {
    return {
      reason: 'decode',
      title: 'Unexpected answer from the service',
      detail: `The response (HTTP ${e.status ?? '?'}) was not the documented JSON, so it was not used.`,
    };
  }

  switch (reason) {
    case 'outOfLicenses':
      return {
        reason,
        title: 'Out of licenses',
        detail: `The customer has no units left of ${skus}. Buy more, or remove the license from another user first.`,
      };
    case 'mixedLicenseGroups':
      return {
        reason,
        title: 'Mixed license groups',
        detail:
          'One update can only touch one license group. Assign Group1 SKUs (managed by Azure AD) and Group2 SKUs (Minecraft) in separate updates.',
      };
    case 'throttled': {
      const s = waitSeconds(e);
      return {
        reason,
        title: 'Too many requests',
        detail: `Partner Center is throttling this partner. ${s ? `Try again in ${plural(s, 'second', 'seconds')}.` : 'Wait a moment, then try again.'}`,
      };
    }
    case 'userNotFound':
      return { reason, title: 'User not found', detail: 'The customer has no user with this id. Pick another user.' };
    case 'customerNotFound':
      return {
        reason,
        title: 'Customer not found',
        detail: 'This partner has no customer with this id, or is not allowed to see it.',
      };
    case 'unauthorized':
      return { reason, title: 'Signed out', detail: 'The access token is missing or expired. Reload the page to get a new one.' };
    case 'partnerTokenNotAllowed':
      return {
        reason,
        title: 'App+User token required',
        detail: 'License calls need an App+User token; an app-only (partner) token was used.',
      };
    case 'conditionalAccessBlocked':
      return { reason, title: 'Blocked by Conditional Access', detail: "The customer's Conditional Access policies blocked this call." };
    case 'skuNotSubscribed':
      return { reason, title: 'SKU not subscribed', detail: `The customer has no subscription to ${skus}.` };
    case 'planNotInSku':
      return { reason, title: 'Unknown service plan', detail: 'An excluded plan is not one of the SKU\u2019s service plans.' };
    case 'serverError':
      return {
        reason,
        title: 'Service error',
        detail: `Partner Center failed (HTTP ${e.status ?? '5xx'}). Nothing may have changed; refresh and try again.`,
      };
    case 'badRequest':
      return { reason, title: 'Request refused', detail: e.description || `${action} was refused (HTTP ${e.status ?? 400}).` };
    default:
      return {
        reason: reason ?? kind ?? 'unknown',
        title: 'Something went wrong',
        detail: e.description || e.message || String(error),
      };
  }
}
