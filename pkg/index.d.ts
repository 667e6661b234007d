// Types of partner-center-licenses (no runtime cost in the .wasm). The models (License,
// SubscribedSku, LicenseUpdate, Collection<T>...) are generated from the Rust declarations
// into models.d.ts, and the bulk results (Inventory, ReconcileReport and their parts) from
// their Rust structs into reports.d.ts; both are re-exported here. What is written by hand
// is what has no Rust type: options (with callbacks and AbortSignal), events, progress, the
// error class, the client. tests/dts_error_class.rs checks the error class and unions
// against the core.

import type {
  Collection,
  CustomerUser,
  License,
  LicenseAssignment,
  LicenseUpdate,
  SubscribedSku,
} from './models.js';
import type { Inventory, ReconcileReport } from './reports.js';

export * from './models.js';
export * from './reports.js';

/** A license group: `Group1` (managed by Entra ID, the default) or `Group2` (e.g. Minecraft: Education Edition). */
export type LicenseGroupId = 'Group1' | 'Group2' | 'group1' | 'group2';

/** A token with its expiry, as `@azure/identity` returns it. */
export interface AccessToken {
  token: string;
  /** Milliseconds since the Unix epoch. */
  expiresOnTimestamp: number;
}

/** What a token function receives. */
export interface TokenRequestOptions {
  /** `["https://api.partnercenter.microsoft.com/.default"]`. */
  scopes: string[];
  /** `true` once per call, after a 401: skip any cache. */
  forceRefresh: boolean;
  /** The call's signal, when it has one. */
  abortSignal?: AbortSignal;
}

/** The `@azure/identity` `TokenCredential` shape: asked with the Partner Center scope. */
export interface TokenCredential {
  getToken(
    scopes: string | string[],
    options?: { abortSignal?: AbortSignal },
  ): Promise<AccessToken | null>;
}

/**
 * Where the access token comes from: a string; a function asked before every attempt; or a
 * `TokenCredential` (e.g. from `@azure/identity`), asked before every attempt. After a 401,
 * a function or credential is asked once more and the call retried.
 */
export type TokenSource =
  | string
  | ((options: TokenRequestOptions) => string | AccessToken | Promise<string | AccessToken>)
  | TokenCredential;

/** When and how often a failed call is tried again (every field optional). */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 to 20, default 5 (1 turns retries off). */
  maxAttempts?: number;
  /** Backoff before retry n: random in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]; default 500. */
  baseDelayMs?: number;
  /** Largest backoff, default 30000 (a `Retry-After` may ask for more and is honoured). */
  maxDelayMs?: number;
  /** No retry starts later than this after the call started; default 120000. */
  maxElapsedMs?: number;
}

/** A known rate limit. */
export interface RateLimitOptions {
  /** Requests per second the client sends at most, a whole number from 1 to 10000. */
  requestsPerSecond: number;
}

/** One step of a call, for logs and metrics. Never holds the token. */
export interface CallEvent {
  /**
   * `throttled`: a 429 (or a 503 with `Retry-After`) closed the client's pacing gate for
   * every call until `until`; `paced`: the gate's pace changed. Both carry the call whose
   * response caused them.
   */
  type: 'request' | 'response' | 'retry' | 'giveUp' | 'throttled' | 'paced';
  method: 'GET' | 'POST';
  /** Path and query, ids percent-encoded, without the base URL. */
  path: string;
  /** 1-based. */
  attempt: number;
  /** `MS-RequestId`: the same on every attempt of one call. */
  requestId: string;
  /** HTTP status, when a response came. */
  status?: number;
  /** `response`: the attempt's duration; `giveUp`: the whole call's. */
  durationMs?: number;
  /** `retry`: the wait before the next attempt; `throttled`: how long the gate stays closed. */
  waitMs?: number;
  /** `throttled`: when the gate opens again (ms since the epoch, like `Date.now()`). */
  until?: number;
  /** `paced`: the pace now (one decimal); absent when the gate stopped pacing. */
  requestsPerSecond?: number;
  /** The failed attempt's error kind. */
  errorKind?: ErrorKind;
  /**
   * `retry`: why and how long; `giveUp`: why the call stops; `paced`: `throttled` (learned
   * at a 429), `probe` (raised 10 % or more) or `forgotten` (two minutes without a 429).
   */
  reason?:
    | 'throttled'
    | 'probe'
    | 'forgotten'
    | 'retryAfter'
    | 'backoff'
    | 'tokenRefresh'
    | 'notRetryable'
    | 'attemptsExhausted'
    | 'timeExhausted'
    | 'aborted';
}

/** Options of `new LicenseClient(...)`. */
export interface LicenseClientOptions {
  /** Service root, e.g. `https://api.partnercenter.microsoft.com` (the default) or an emulator URL. */
  baseUrl?: string;
  /** App+User access token, or a function returning one. Never appears in errors. */
  token: TokenSource;
  /** `X-Locale`, e.g. `en-US`. */
  locale?: string;
  /** Pins `MS-CorrelationId` (a GUID) for every call; a new one per call otherwise. */
  correlationId?: string;
  /** `MS-PartnerCenter-Application`. */
  applicationName?: string;
  /** Per-attempt timeout in ms (1 to 600000, default 30000); an attempt that takes longer counts as a `timeout` failure. */
  timeoutMs?: number;
  /** Retry settings; `false` for one attempt only; `true` or absent for the defaults. */
  retry?: RetryOptions | boolean;
  /**
   * Pacing shared by every call of this client (and the `reconcile` built on it). Absent or
   * `true`: learned: wide open until the first 429, then the rate the service accepted,
   * probing upward (docs/resilience.md, "How the gate decides"). `{ requestsPerSecond }`
   * (a whole number, 1 to 10000): that pace from the first call. `false`: no gate (each
   * call backs off by itself). A 429 closes the gate for every call unless `false`.
   */
  rateLimit?: RateLimitOptions | boolean;
  /** Receives request, response, retry, give-up, throttled and paced events (a handler that throws is ignored). */
  onEvent?: (event: CallEvent) => void;
}

/** What every call accepts last. */
export interface CallOptions {
  /** Aborts the call at once (during an attempt, a backoff wait or the token provider); the promise then rejects with a `PartnerCenterError` of kind `aborted`. */
  signal?: AbortSignal;
}

/** Options of the two list calls. */
export interface ListOptions extends CallOptions {
  /** License groups to list; the service's default (Group1) when absent. */
  licenseGroups?: LicenseGroupId[];
}

/** Options of `listUsers`. */
export interface ListUsersOptions extends CallOptions {
  /** Users per page, a whole number from 1 to 1000; the service's default when absent. */
  pageSize?: number;
  /** `'deleted'`: the deleted (inactive) users, the one filter the service documents; the active users when absent. */
  filter?: 'deleted';
}

/**
 * The users of a customer, read page by page as they are iterated (each page one call,
 * following `links.next` until a page has none). `for await (const user of list)` gives the
 * users; `list.pages()` the pages. Each iteration lists anew. Bad arguments reject the first
 * `next()` with `invalidInput` before anything is sent; an abort rejects with `aborted`;
 * `break` stops fetching.
 */
export interface UserList extends AsyncIterable<CustomerUser> {
  pages(): AsyncIterableIterator<Collection<CustomerUser>>;
}

/** The update a caller asks for; all SKUs must belong to one license group. */
export interface LicenseUpdateInput {
  assign?: LicenseAssignment[];
  /** SKU ids to remove. */
  remove?: string[];
}

/** What `PartnerCenterError.kind` can be. */
export type ErrorKind = 'invalidInput' | 'api' | 'decode' | 'network' | 'timeout' | 'aborted';

/** What the client makes of an API error (`PartnerCenterError.reason`). */
export type ErrorReason =
  | 'outOfLicenses'
  | 'partnerTokenNotAllowed'
  | 'conditionalAccessBlocked'
  | 'userNotFound'
  | 'customerNotFound'
  | 'unauthorized'
  | 'throttled'
  | 'mixedLicenseGroups'
  | 'skuNotSubscribed'
  | 'planNotInSku'
  | 'badRequest'
  | 'serverError'
  | 'other';

/** The one error every call rejects with (and the constructor throws). Never holds the token. */
export declare class PartnerCenterError extends Error {
  readonly name: 'PartnerCenterError';
  /** What went wrong, to switch on. */
  readonly kind: ErrorKind;
  /** HTTP status, when a response came. */
  readonly status: number | undefined;
  /** Partner Center error code as text, e.g. `"60012"`. */
  readonly code: string | undefined;
  /** The typed reason of an `api` error. */
  readonly reason: ErrorReason | undefined;
  /** The service's description. */
  readonly description: string | undefined;
  /** `MS-RequestId` of the call. */
  readonly requestId: string | undefined;
  /** `MS-CorrelationId` of the call. */
  readonly correlationId: string | undefined;
  /** The bad input of an `invalidInput` error, e.g. `customerId`, `assign[0].skuId`. */
  readonly field: string | undefined;
  /** Whether repeating the call may succeed (429, 5xx, network, damaged bodies). */
  readonly retryable: boolean;
  /** How long the service asked to wait before trying again (`Retry-After` or the 429 body), in ms. */
  readonly retryAfterMs: number | undefined;
  /**
   * What to do next, in one or two plain sentences (never the token), e.g. for 60012 "The
   * customer has no units left of SKU …: free units by removing it from users who no
   * longer need it, or buy more". Written once in the core for every kind and reason; the
   * CLI prints it and the demo page shows it.
   */
  readonly hint: string;
}

/** One license a user should hold (bulk reconcile). */
export interface DesiredLicense {
  /** A SKU id, or a SKU part number such as `ENTERPRISEPACK`. */
  skuId: string;
  /** Service-plan ids or service names (`EXCHANGE_S_ENTERPRISE`) to leave out; none when absent. */
  excludedPlans?: string[] | null;
}

/**
 * The full set of licenses each listed user should hold, across both license groups, by
 * user id (GUID) or UPN. An empty list: no license. Users not listed are not touched.
 */
export type DesiredLicenses = Record<string, DesiredLicense[]> | Map<string, DesiredLicense[]>;

/** A progress event of `reconcile`: reading users, then sending updates. */
export interface ReconcileProgress {
  phase: 'read' | 'apply';
  done: number;
  total: number;
}

/** Options of `reconcile`. */
export interface ReconcileOptions extends CallOptions {
  /** Read and plan, send nothing. */
  dryRun?: boolean;
  /** Requests in flight, 1 to 64 (default 8). */
  concurrency?: number;
  /** Called after each user read and each update answered; an exception it throws is ignored. */
  onProgress?: (progress: ReconcileProgress) => void;
}

/** A progress event of `inventory` / `holdings`: users listed (page by page), then users read. */
export interface InventoryProgress {
  phase: 'users' | 'licenses';
  done: number;
  /** The number of users, once the last page of users is listed. */
  total?: number;
}

/** Options of `inventory` and `holdings`. */
export interface InventoryOptions extends CallOptions {
  /** The license groups to read (default both). */
  licenseGroups?: LicenseGroupId[];
  /** Only these SKUs (ids or part numbers, case-insensitive); one that is not subscribed is `invalidInput`. */
  skus?: string[];
  /** License listings in flight, 1 to 64 (default 8). */
  concurrency?: number;
  /** Users per page of the users listing, 1 to 1000 (default: the service's). */
  pageSize?: number;
  /** Called after each page of users and each user read; an exception it throws is ignored. */
  onProgress?: (progress: InventoryProgress) => void;
}

/** One user's licenses (of the SKUs asked for), or why they could not be read. */
export type UserHolding =
  | { user: CustomerUser; licenses: License[]; error?: undefined }
  | { user: CustomerUser; error: PartnerCenterError; licenses?: undefined };

/** The `aborted` error of `inventory`: `partial` is the inventory of what was read before. */
export type InventoryAbortedError = PartnerCenterError & { kind: 'aborted'; partial?: Inventory };

/**
 * The desired licenses of a CSV plan file (`userId,skuId,excludedPlans`; see docs/bulk.md).
 * Rejects with `PartnerCenterError` (kind `invalidInput`) naming the line. Async: the bulk
 * module (planner and CSV reader) is loaded on first use.
 */
export declare function parsePlanCsv(text: string): Promise<Record<string, DesiredLicense[]>>;

/** A client for Partner Center user licenses. */
export declare class LicenseClient {
  /** Throws `PartnerCenterError` (kind `invalidInput`) on bad options, before anything is sent. */
  constructor(options: LicenseClientOptions);
  /** `GET /v1/customers/{customerId}/users/{userId}/licenses`. `userId` is a GUID or a UPN. */
  listLicenses(customerId: string, userId: string, options?: ListOptions): Promise<Collection<License>>;
  /** `GET /v1/customers/{customerId}/subscribedskus`. */
  listSubscribedSkus(customerId: string, options?: ListOptions): Promise<Collection<SubscribedSku>>;
  /** `POST .../licenseupdates`: assign and remove in one request (one license group). */
  updateLicenses(
    customerId: string,
    userId: string,
    update: LicenseUpdateInput,
    options?: CallOptions,
  ): Promise<LicenseUpdate>;
  /**
   * The users of a customer (`GET /v1/customers/{customerId}/users`, then each page's
   * `links.next`): lazily, one page at a time. A `links.next` that leaves the customer's
   * users list (another host, path or customer) or asks for a header the client sets itself
   * or one with CR/LF is refused (`decode`) before the token goes with it. Loads the bulk
   * module (options, link and body checks) on the first read.
   */
  listUsers(customerId: string, options?: ListUsersOptions): UserList;
  /**
   * `GET /v1/customers/{customerId}/users/{userId}` (a GUID or a UPN); 404 → `reason: 'userNotFound'`.
   * Loads the bulk module (the body check) on first use.
   */
  getUser(customerId: string, userId: string, options?: CallOptions): Promise<CustomerUser>;
  /** `updateLicenses` with `assign` only. */
  assignLicenses(
    customerId: string,
    userId: string,
    assign: LicenseAssignment[],
    options?: CallOptions,
  ): Promise<LicenseUpdate>;
  /** `updateLicenses` with `remove` only (SKU ids). */
  removeLicenses(
    customerId: string,
    userId: string,
    skuIds: string[],
    options?: CallOptions,
  ): Promise<LicenseUpdate>;
  /**
   * Makes the listed users hold exactly the desired licenses: reads their licenses, plans
   * the minimal updates (one per user per license group), checks units, and unless `dryRun`
   * sends them (`concurrency` at a time). Rejects only on bad input, on failing to list the
   * customer's SKUs, or on abort; a failure for one user is reported, never thrown. The bulk
   * module (planner) is loaded on first use.
   */
  reconcile(customerId: string, desired: DesiredLicenses, options?: ReconcileOptions): Promise<ReconcileReport>;
  /**
   * Every user's licenses, yielded as they arrive (`{ user, licenses }`, or `{ user, error }`
   * for a user whose licenses could not be read; the others go on). The SKUs once, then the
   * users page by page, then each user's licenses, at most `concurrency` in flight and no
   * more than one and a half pages of users read ahead of the consumer. `break` stops it; an
   * abort rejects with kind `aborted`. Loads the bulk module on first use.
   */
  holdings(customerId: string, options?: InventoryOptions): AsyncIterableIterator<UserHolding>;
  /**
   * Who holds what: per SKU its units and holders with their excluded plans, the users who
   * hold none, the SKUs whose holders differ from `consumedUnits`, the users that could not
   * be read. An abort rejects with kind `aborted` (`InventoryAbortedError`: `partial` holds
   * what was read). Loads the bulk module on first use.
   */
  inventory(customerId: string, options?: InventoryOptions): Promise<Inventory>;
  /** Releases the wasm memory held by this client (optional; garbage collection does it too). */
  free(): void;
}
