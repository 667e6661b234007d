// The one error class of the package. Defined in JavaScript so that `instanceof`,
// `error.name` and stack traces work as users expect; the wasm shell builds it from
// the fields the Rust core computes (see src/error_fields.rs). Never holds the token.
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

export function partnerCenterErrorClass() {
  return PartnerCenterError;
}
