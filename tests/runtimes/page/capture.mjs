// Records what a page or worker reports as going wrong: console.error/console.warn calls,
// uncaught errors and unhandled rejections (the drivers add the browser's own console
// lines where they can; WebKitWebDriver has no console log, so this is all it gets).
export function capture(scope, errors) {
  for (const level of ['error', 'warn']) {
    const original = console[level];
    console[level] = (...args) => {
      errors.push(`console.${level}: ${args.map(String).join(' ')}`);
      original.apply(console, args);
    };
  }
  scope.addEventListener('error', (e) => errors.push(`uncaught: ${e.message ?? e}`));
  scope.addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${e.reason?.stack ?? e.reason}`));
  // A CSP violation fires this event in the document or worker it happened in.
  scope.addEventListener('securitypolicyviolation', (e) => {
    if (!String(e.blockedURI).includes('csp-probe')) {
      errors.push(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    }
  });
}

/** The global scope's class name: `Window`, `DedicatedWorkerGlobalScope`... */
export function scopeName(scope) {
  return Object.prototype.toString.call(scope).slice(8, -1);
}

/**
 * Whether the scope's CSP refuses a fetch to an origin `connect-src` leaves out (`probeUrl`,
 * a live server of the runner, which also checks that the request never arrived).
 */
export async function cspProbe(probeUrl) {
  try {
    await fetch(probeUrl, { mode: 'no-cors', cache: 'no-store' });
    return false;
  } catch {
    return true;
  }
}
