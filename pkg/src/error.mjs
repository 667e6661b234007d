// The one error class of the package. Defined in JavaScript so that `instanceof`,
// `error.name` and stack traces work as users expect; the driver builds it from the
// fields the Rust core computes (src/error_fields.rs). Never holds the token.
export class PartnerCenterError extends Error {
  constructor(message, fields) {
    super(message);
    const f = fields || {};
    this.name = 'PartnerCenterError';
    this.kind = f.kind || 'invalidInput';
    this.status = f.status;
    this.code = f.code;
    this.reason = f.reason;
    this.description = f.description;
    this.requestId = f.requestId;
    this.correlationId = f.correlationId;
    this.field = f.field;
    this.retryable = f.retryable === true;
    this.retryAfterMs = f.retryAfterMs;
    this.hint = f.hint;
  }
}

// An error from the fields the core wrote as JSON text.
export function errorFrom(json) {
  const f = JSON.parse(json);
  return new PartnerCenterError(f.message, f);
}

// Every hint but invalidInput's comes from the core as its argument only (`hint`); the
// texts and the rules that pick one by the error's fields (hints.mjs, generated from
// src/hint.rs) load on the first such error. If they cannot be loaded, the error goes
// without its hint.
let hints = null;
export async function hinted(f) {
  if (f.kind === 'invalidInput') return f;
  try {
    hints ??= (await import('./hints.mjs')).default;
    f.hint = hints(f);
  } catch {
    f.hint = undefined; // no table (offline, blocked): the error still carries everything else
  }
  return f;
}

// An error the core threw (JSON text) with its hint; anything else (a bug) as it is.
export async function thrownError(thrown) {
  if (typeof thrown !== 'string') return thrown;
  const f = await hinted(JSON.parse(thrown));
  return new PartnerCenterError(f.message, f);
}
