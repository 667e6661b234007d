// The Node entry's per-attempt signals (node.mjs gives `nodeController` to the driver;
// browsers never load this file).
import { attemptController } from './timers.mjs';

// A per-attempt signal where the platform's `Request` takes one that only has
// AbortSignal's shape: Node's (undici's `RequestInit.signal` check is not strict), found out
// once by trying (`lightSignals`). It costs a few fields and one listener, where a real
// AbortController costs Node ~5 µs to make and undici more to subscribe to (an EventTarget
// listener, its options and bookkeeping; docs/benchmarks.md, sixth round). Browsers, Bun and
// Deno refuse such an object: they get a real AbortController. `abort()` tells the one
// listener, with the signal as `this`, as an EventTarget would. `_maxListeners`,
// `getMaxListeners` and `listeners` answer undici's check of how many listeners the signal
// has (node:events' getMaxListeners reads `_maxListeners` of an object with that method):
// without them undici's `setMaxListeners` call throws, and catching it costs ~50 µs a call.
class AttemptSignal {
  constructor(parent) {
    this.aborted = false;
    this.reason = undefined;
    this.listener = null;
    this._maxListeners = 1500;
    // The attempts in flight under the caller's signal, this one among them (`null`: none).
    this.followed = null;
    if (parent === null) return;
    if (parent.aborted) this.abort();
    else this.followed = follow(parent, this);
  }

  get signal() {
    return this;
  }

  addEventListener(type, listener) {
    if (type === 'abort') this.listener = listener;
  }

  removeEventListener(type, listener) {
    if (this.listener === listener) this.listener = null;
  }

  getMaxListeners() {
    return this._maxListeners;
  }

  listeners() {
    return [];
  }

  release() {
    this.followed?.delete(this);
  }

  abort() {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = new DOMException('This operation was aborted', 'AbortError');
    const listener = this.listener;
    this.listener = null;
    if (listener !== null) listener.call(this, { type: 'abort', target: this });
  }
}

// Does this platform's `Request` take an `AttemptSignal` and listen to it? (Asked once.)
function lightSignals() {
  const probe = new AttemptSignal(null);
  try {
    new Request('http://localhost/', { signal: probe });
    return probe.listener !== null;
  } catch {
    return false;
  }
}

let light;
/** The attempts' controllers for the Node entry: `AttemptSignal`s where they work. */
export const nodeController = (parent) => ((light ??= lightSignals()) ? new AttemptSignal(parent) : attemptController(parent));

// The attempts in flight under each caller's signal: one listener per signal (added by its
// first attempt) aborts them all, instead of one listener added and removed per attempt
// (Node's EventTarget makes each of those cost).
const followers = new WeakMap();
// Returns the set `signal` joined (its `release()` leaves it).
function follow(parent, signal) {
  let attempts = followers.get(parent);
  if (attempts === undefined) {
    attempts = new Set();
    followers.set(parent, attempts);
    parent.addEventListener('abort', () => {
      for (const a of attempts) a.abort();
      attempts.clear();
    }, { once: true });
  }
  return attempts.add(signal);
}

