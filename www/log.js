// The request log: one row per HTTP exchange. Only the fields below are ever shown;
// headers and bodies (where the token lives) never reach this module.

const MAX_ROWS = 200;
/**
 * Rows are added at most this often: the inventory logs 1,200 calls in seconds, and laying
 * out the table on every frame took as long as the calls themselves (8.5 s instead of 4.8 s
 * for Contoso in Chromium here).
 */
const FLUSH_MS = 200;
const TIME = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/**
 * @typedef {object} LogEntry
 * @property {string} method
 * @property {string} path      path and query, no host
 * @property {number|string|undefined} status  HTTP status, or a word ("network") when none
 * @property {number|undefined} durationMs
 * @property {string|undefined} requestId
 * @property {number|undefined} attempt   1 for the first try, 2+ for retries
 * @property {string|undefined} source    "api", "retry" or "emulator"
 */

export class RequestLog {
  /** @param {HTMLTableSectionElement} tbody */
  constructor(tbody) {
    this.tbody = tbody;
    /** @type {{ entry: LogEntry, at: Date }[]} */
    this.pending = [];
    this.timer = undefined;
    this.flushed = 0;
  }

  clear() {
    this.pending = [];
    this.tbody.replaceChildren();
  }

  /** @param {LogEntry} entry */
  add(entry) {
    this.pending.push({ entry, at: new Date() });
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.flushed + FLUSH_MS - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Adds the rows that arrived since the last flush, newest on top. */
  flush() {
    this.timer = undefined;
    this.flushed = performance.now();
    const rows = this.pending.splice(0).slice(-MAX_ROWS).map(({ entry, at }) => row(entry, at));
    this.tbody.prepend(...rows.reverse());
    while (this.tbody.rows.length > MAX_ROWS) this.tbody.deleteRow(-1);
  }
}

/** @param {LogEntry} entry @param {Date} at */
function row(entry, at) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'log-row';
  tr.dataset.method = entry.method;
  tr.dataset.status = String(entry.status ?? '');
  if (entry.source) tr.dataset.source = entry.source;
  if (entry.attempt) tr.dataset.attempt = String(entry.attempt);
  const statusClass = statusTone(entry.status);
  const attempt = entry.attempt && entry.attempt > 1 && entry.source !== 'retry' ? ` · attempt ${entry.attempt}` : '';
  tr.append(
    cell(TIME.format(at), 'time'),
    cell(entry.method, 'method'),
    cell(shortPath(entry.path), 'path', entry.path),
    cell(String(entry.status ?? '—') + attempt, `status ${statusClass}`),
    cell(entry.durationMs === undefined ? '—' : `${Math.round(entry.durationMs)} ms`, 'num'),
    cell(entry.requestId ?? '—', 'mono request-id', entry.requestId),
  );
  return tr;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The path with its GUIDs cut to 8 characters, so the endpoint stays readable (full path in the title). */
function shortPath(p) {
  return String(p).replace(GUID, (g) => `${g.slice(0, 8)}…`);
}

function statusTone(status) {
  if (typeof status === 'string' && status.startsWith('retry')) return 'warn';
  if (typeof status !== 'number') return 'bad';
  if (status >= 200 && status < 300) return 'ok';
  if (status === 429) return 'warn';
  return 'bad';
}

function cell(text, className, title) {
  const td = document.createElement('td');
  td.textContent = text;
  td.className = className;
  if (title) td.title = title;
  return td;
}
