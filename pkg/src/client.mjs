// `LicenseClient`: the driver that runs each call. It does what the wasm core cannot —
// `fetch`, timers, `AbortSignal`, token providers, events — and nothing the core decides:
// the core (wasm/client, src/) checks every input, builds every request, reads every
// response and says after each attempt whether to return, wait and retry, refresh the
// token or give up. Per attempt: one call for the request, `fetch`, one call for the answer.
import { PartnerCenterError, errorFrom, hinted, thrownError } from './error.mjs';
import { Attempt, sleep, untilAborted, isAborted, isSignal } from './timers.mjs';
import { readBody, EMPTY } from './body.mjs';

// Core operations (wasm/client/src/call.rs, `Op::parse`) and attempt failures (`Call::failure`).
const LIST_LICENSES = 0;
const LIST_SKUS = 1;
const UPDATE = 2;
const ASSIGN = 3;
const REMOVE = 4;
const USERS_PAGE = 6;
const GET_USER = 7;
const NETWORK = 0;
const TIMEOUT = 1;
const ABORTED = 2;
const UNREADABLE = 3;
const TOKEN_FAILED = 4;
const NO_TOKEN = 5;
const PACE_REASONS = ['', 'throttled', 'probe', 'forgotten'];

// `fetch` rejected: what the platform said (Node puts the reason in `cause`).
function messageOf(thrown) {
  if (thrown === null || typeof thrown !== 'object') return String(thrown);
  let message = typeof thrown.message === 'string' ? thrown.message : 'unknown error';
  const cause = thrown.cause;
  if (cause !== null && typeof cause === 'object') {
    const detail = typeof cause.code === 'string' ? cause.code : cause.message;
    if (typeof detail === 'string') message += ' (' + detail + ')';
  }
  return message;
}

// Random bytes for request ids, drawn 1 KB at a time (each getRandomValues call costs
// tens of microseconds in Node), and a random u32 for the backoff jitter.
let pool = new Uint8Array(0);
let used = 0;
function randomBytes(n) {
  if (used + n > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(1024));
    used = 0;
  }
  used += n;
  return pool.subarray(used - n, used);
}
const random32 = () => (Math.random() * 4294967296) >>> 0;

// An id argument for the core: a string, or `undefined` (the core says it must be one).
const idArg = (value) => (typeof value === 'string' ? value : undefined);

function stringify(value) {
  try {
    return JSON.stringify(value === undefined ? null : value);
  } catch {
    return undefined; // a cycle or a BigInt: the core names the argument
  }
}

// The class over an initialised wasm core (`Core` from the wasm-bindgen glue); `bulk`
// loads the bulk module on first use (`reconcile`); `controller` (optional) makes each
// attempt's abort controller (timers.mjs `Attempt`).
export function defineClient(Core, bulk, controller) {
  const [maxBodyText, headersFromText, scope, REQUEST_ID, CORRELATION_ID, RETRY_AFTER] = Core.constants().split('\n');
  const maxBody = +maxBodyText;
  const headersFrom = +headersFromText; // the lowest status whose headers the core reads
  const scopes = [scope];
  const decoder = new TextDecoder();

  class LicenseClient {
    #core;
    #base;
    #timeoutMs;
    #token;
    #onEvent;

    constructor(options) {
      let token;
      let onEvent;
      let data = options;
      let tokenType;
      try {
        if (options !== null && typeof options === 'object') {
          ({ token, onEvent, ...data } = options);
        }
        tokenType = typeof token;
        if (tokenType === 'object' && token !== null && typeof token.getToken === 'function') tokenType = 'credential';
        data = stringify(data);
      } catch {
        data = undefined; // a throwing getter or proxy: the core says the options cannot be read
      }
      this.#core = Core.open(data, tokenType ?? 'undefined', tokenType === 'string' ? token : undefined, onEvent === null ? 'undefined' : typeof onEvent);
      if (this.#core === undefined) throw errorFrom(Core.refusal());
      this.#timeoutMs = this.#core.timeoutMs;
      this.#base = this.#core.baseUrl.length; // an event's path: its URL after the base
      this.#token = tokenType === 'string' ? null : token;
      this.#onEvent = typeof onEvent === 'function' ? onEvent : null;
    }

    /** `GET /v1/customers/{customerId}/users/{userId}/licenses`. */
    listLicenses(customerId, userId, options) {
      return this.#call(LIST_LICENSES, customerId, userId, options, options);
    }

    /** `GET /v1/customers/{customerId}/subscribedskus`. */
    listSubscribedSkus(customerId, options) {
      return this.#call(LIST_SKUS, customerId, undefined, options, options);
    }

    /** `POST .../licenseupdates` with `{ assign, remove }`. */
    updateLicenses(customerId, userId, update, options) {
      return this.#call(UPDATE, customerId, userId, update, options);
    }

    /** `updateLicenses` with `assign` only. */
    assignLicenses(customerId, userId, assign, options) {
      return this.#call(ASSIGN, customerId, userId, assign, options);
    }

    /** `updateLicenses` with `remove` only (SKU ids). */
    removeLicenses(customerId, userId, skuIds, options) {
      return this.#call(REMOVE, customerId, userId, skuIds, options);
    }

    /**
     * `GET /v1/customers/{customerId}/users`, then each page's `links.next` until a page has
     * none, one page at a time and only as the caller reads: iterate the users, or `.pages()`
     * for the pages. Each page is one call of this client (retries, events, the one gate);
     * the bulk module (loaded on the first read) reads the options, checks each link and
     * each body (the client `.wasm` carries none of that).
     */
    listUsers(customerId, options) {
      const core = this.#core;
      const page = (input, check) => this.#call(USERS_PAGE, customerId, undefined, input, options, check);
      async function* pages() {
        const { usersPage, usersCheck, nextPage, env } = await bulk();
        const check = await usersCheck(false, env);
        let p = await page(await usersPage(idArg(customerId), stringify(options), env), check);
        for (;;) {
          yield p;
          const next = p.links?.next;
          if (next == null) return;
          p = await page(await nextPage(core.baseUrl, customerId, next, env), check);
        }
      }
      return {
        pages,
        async *[Symbol.asyncIterator]() {
          for await (const p of pages()) yield* p.items ?? [];
        },
      };
    }

    /** `GET /v1/customers/{customerId}/users/{userId}` (its body checked by the bulk module). */
    async getUser(customerId, userId, options) {
      const { usersCheck, env } = await bulk();
      return this.#call(GET_USER, customerId, userId, options, options, await usersCheck(true, env));
    }

    /** Bulk: loads the planner on first use (docs/bulk.md). */
    async reconcile(customerId, desired, options) {
      const { reconcile, env } = await bulk();
      return reconcile(this, customerId, desired, options, env);
    }

    /** Bulk: every user's licenses as they arrive (loads the bulk module on first use). */
    async *holdings(customerId, options) {
      const { holdings, env } = await bulk();
      yield* holdings(this, customerId, options, env);
    }

    /** Bulk: who holds what, SKU by SKU (loads the bulk module on first use). */
    async inventory(customerId, options) {
      const { inventory, env } = await bulk();
      return inventory(this, customerId, options, env);
    }

    /** Releases the wasm memory of this client (optional; garbage collection does it too). */
    free() {
      this.#core.free();
    }

    // `check`: the bulk module's body check of the users calls (`null`: the core checks).
    async #call(op, customerId, userId, input, options, check = null) {
      let signal;
      try {
        signal = options !== null && typeof options === 'object' ? options.signal : undefined;
      } catch {
        // A throwing getter: the options then cannot be read as JSON either (the core says so).
      }
      const live = isSignal(signal) ? signal : null;
      const call = this.#core.start(op, idArg(customerId), idArg(userId), stringify(input), live !== null || signal == null, randomBytes(32), Date.now());
      if (call === undefined) throw await thrownError(Core.refusal()); // its hint loaded when it is not an invalid input's
      try {
        return await this.#attempts(call, live, check);
      } finally {
        call.free();
      }
    }

    // One event for `onEvent` (built only when there is a handler); never the token. Its
    // `path` is the request's URL after the base URL, its `requestId` the request's header.
    #emit(type, req, more) {
      if (this.#onEvent === null) return;
      const event = { type, method: req.method, path: req.url.slice(this.#base), attempt: req.attempt, requestId: req.headers[REQUEST_ID], ...more };
      try {
        this.#onEvent(event);
      } catch {
        // A handler that throws must not break the call.
      }
    }

    // The gate's `throttled` / `paced` events (Core.paceNews: bit 0 closed, bits 1-2 the
    // pace's reason), told with the call whose response caused them.
    #paceEvents(req, status) {
      if (this.#onEvent === null) return;
      const core = this.#core;
      const news = core.paceNews();
      if (news & 1) {
        const until = core.closedUntil;
        this.#emit('throttled', req, { status, until, waitMs: until - Date.now() });
      }
      if (news > 1) {
        const pace = core.pace; // milli-requests per second; 0: none
        this.#emit('paced', req, { requestsPerSecond: pace ? Math.round(pace / 100) / 10 : undefined, reason: PACE_REASONS[news >> 1] });
      }
    }

    // The call's `aborted` error (the core's decision); a `giveUp` event when a request was made.
    #aborted(call, req, started) {
      return this.#giveUp(JSON.parse(call.failure(ABORTED, '', Date.now(), 0)), req, started);
    }

    // The error of decision `d` (its hint loaded); a `giveUp` event when a request was made.
    async #giveUp(d, req, started) {
      if (req !== null) {
        this.#emit('giveUp', req, {
          status: d.error.status, durationMs: Date.now() - started, errorKind: d.error.kind, reason: d.reason,
        });
      }
      return new PartnerCenterError(d.error.message, await hinted(d.error));
    }

    // The attempts of one call, until the core says return or give up.
    async #attempts(call, signal, check) {
      const started = Date.now();
      let req = null;
      let fresh = false;
      for (;;) {
        if (signal !== null && signal.aborted) throw await this.#aborted(call, req, started);
        // The client's pacing gate: wait while it says so (it may close again meanwhile).
        for (let w = call.admit(Date.now()); w > 0; w = call.admit(Date.now())) {
          if (!(await sleep(w, signal))) throw await this.#aborted(call, req, started);
        }
        let token;
        if (this.#token !== null) {
          token = await this.#tokenFor(call, fresh, signal);
          if (token === null) throw await this.#aborted(call, req, started);
        }
        fresh = false;
        const text = call.request(token);
        if (text.charCodeAt(0) === 32) throw errorFrom(text); // the error fields after a space
        req = JSON.parse(text);
        this.#emit('request', req);
        const sentAt = Date.now();
        const attempt = new Attempt(signal, this.#timeoutMs, controller);
        let status;
        let reply;
        try {
          const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: attempt.signal });
          status = res.status;
          const h = res.headers;
          const length = h.get('content-length');
          let declared = length === null || !(Number(length) >= 0) ? -1 : Number(length);
          let bytes = await readBody(res, declared, maxBody);
          if (typeof bytes === 'number') {
            declared = bytes; // over the limit: refused unread (body.mjs)
            bytes = EMPTY;
          }
          reply = status < headersFrom
            ? call.response(status, bytes, declared, undefined, undefined, undefined, Date.now(), random32())
            : call.response(status, bytes, declared, h.get(REQUEST_ID), h.get(CORRELATION_ID), h.get(RETRY_AFTER), Date.now(), random32());
          // A success whose body has non-ASCII characters: the core's ASCII text of it
          // after a space (faster to parse than the bytes decoded).
          let text = null;
          if (reply.charCodeAt(0) === 32) {
            text = reply;
            reply = '';
          }
          if (reply === '' && check !== null) {
            const why = check(bytes); // a users body: a decode error, decided like the core's own
            if (why !== '') reply = call.failure(UNREADABLE, why, Date.now(), random32());
          }
          if (reply === '') {
            let value;
            try {
              value = JSON.parse(text ?? decoder.decode(bytes));
            } catch {
              reply = call.failure(UNREADABLE, 'JSON.parse refused a body the decoder accepted', Date.now(), 0);
            }
            if (reply === '') {
              this.#emit('response', req, { status, durationMs: Date.now() - sentAt });
              this.#paceEvents(req, status);
              return value;
            }
          }
        } catch (e) {
          const kind = signal !== null && signal.aborted ? ABORTED : attempt.expired ? TIMEOUT : e && e.name === 'AbortError' ? ABORTED : NETWORK;
          reply = call.failure(kind, kind === NETWORK ? messageOf(e) : '', Date.now(), random32());
        } finally {
          attempt.done();
        }
        const d = JSON.parse(reply);
        const e = d.error;
        this.#emit('response', req, { status: status ?? e.status, durationMs: Date.now() - sentAt, errorKind: e.kind });
        this.#paceEvents(req, status ?? e.status);
        if (d.decision === 'retry' || d.decision === 'refresh') {
          this.#emit('retry', req, { status: e.status, waitMs: d.waitMs, errorKind: e.kind, reason: d.reason });
          if (d.decision === 'refresh') {
            fresh = true;
          } else if (!(await sleep(d.waitMs, signal))) {
            throw await this.#aborted(call, req, started);
          }
          continue;
        }
        throw await this.#giveUp(d, req, started);
      }
    }

    // The provider's token for the next attempt; `null` when the caller aborted meanwhile.
    async #tokenFor(call, fresh, signal) {
      const provider = this.#token;
      // An invalid token (core failure 4: the provider threw, 5: it gave none), not retried.
      const fail = (why) => {
        const f = JSON.parse(call.failure(why === undefined ? NO_TOKEN : TOKEN_FAILED, why ?? '', Date.now(), 0)).error;
        return new PartnerCenterError(f.message, f);
      };
      let returned;
      try {
        if (typeof provider === 'function') {
          const o = { scopes: scopes.slice(), forceRefresh: fresh };
          if (signal !== null) o.abortSignal = signal;
          returned = provider(o);
        } else {
          returned = provider.getToken(scopes.slice(), signal !== null ? { abortSignal: signal } : {});
        }
      } catch (e) {
        throw fail(messageOf(e));
      }
      let value;
      try {
        value = await untilAborted(Promise.resolve(returned), signal);
      } catch (e) {
        // A provider that honours the signal rejects when it fires: that is an abort.
        if (signal !== null && signal.aborted) return null;
        throw fail(messageOf(e));
      }
      if (isAborted(value)) return null;
      if (typeof value === 'string') return value;
      if (value !== null && typeof value === 'object' && typeof value.token === 'string') return value.token;
      throw fail(undefined);
    }
  }

  return LicenseClient;
}
