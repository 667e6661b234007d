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

// What the core's calls throw is JSON text; anything else (a bug) is passed on as it is.
export function rethrow(thrown) {
  throw typeof thrown === 'string' ? errorFrom(thrown) : thrown;
}
