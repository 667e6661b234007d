// Timers and abort plumbing for the driver: only waiting and cancelling, no decision
// (those are the Rust core's, src/retry/). Uses the global setTimeout / clearTimeout /
// AbortController, so it works in Node, browsers and workers alike.

// Waits `ms`; resolves true when the time has passed, false at once when `signal` aborts.
// The timer and the listener are both removed whichever comes first.
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) {
      resolve(false);
      return;
    }
    let onAbort = null;
    const id = setTimeout(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    if (signal) {
      onAbort = () => {
        clearTimeout(id);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}

// An attempt's AbortController (browsers, Bun, Deno; node-signal.mjs has Node's):
// aborted when `parent` (the caller's signal, or null) aborts; `release()` stops following it.
export function attemptController(parent) {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (parent) {
    if (parent.aborted) controller.abort();
    else parent.addEventListener('abort', onAbort, { once: true });
  }
  controller.release = () => parent?.removeEventListener('abort', onAbort);
  return controller;
}

// One attempt's signal for `fetch` (`signal`): aborted by the caller's signal or after
// `timeoutMs`, whichever comes first (`expired`: the timer did it). `controller(parent)`
// makes the attempt's controller (`abort()`, `signal`, `release()`). Call done() when the
// attempt ends (clears the timer).
export class Attempt {
  constructor(signal, timeoutMs, controller = attemptController) {
    const c = controller(signal || null);
    this.controller = c;
    this.signal = c.signal;
    this.expired = false;
    this.timer = setTimeout(() => {
      this.expired = true;
      c.abort();
    }, timeoutMs);
  }

  done() {
    clearTimeout(this.timer);
    this.controller.release();
  }
}

// Settles like `promise`, or resolves to ABORTED at once when `signal` aborts (the token
// provider may not honour the signal itself).
export const ABORTED = Symbol('aborted');
export function untilAborted(promise, signal) {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export function isAborted(value) {
  return value === ABORTED;
}

// An AbortSignal of any realm (a duck test: `instanceof` fails across realms).
export function isSignal(s) {
  return s !== null && typeof s === 'object' && typeof s.aborted === 'boolean' && typeof s.addEventListener === 'function';
}
