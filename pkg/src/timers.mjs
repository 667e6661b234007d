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

// One attempt's AbortController: aborted by the caller's signal or after `timeoutMs`,
// whichever comes first (`expired`: the timer did it). Call done() when the attempt ends
// (clears the timer and listener).
export class Attempt {
  constructor(signal, timeoutMs) {
    const controller = new AbortController();
    this.signal = controller.signal;
    this.parent = signal || null;
    this.expired = false;
    this.onAbort = () => controller.abort();
    if (this.parent) {
      if (this.parent.aborted) controller.abort();
      else this.parent.addEventListener('abort', this.onAbort, { once: true });
    }
    this.timer = setTimeout(() => {
      this.expired = true;
      controller.abort();
    }, timeoutMs);
  }

  done() {
    clearTimeout(this.timer);
    if (this.parent) this.parent.removeEventListener('abort', this.onAbort);
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
