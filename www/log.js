// The request log: one row per HTTP exchange. Only the fields below are ever shown;
// headers and bodies (where the token lives) never reach this module.

const MAX_ROWS = 200;

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
  }

  clear() {
    this.tbody.replaceChildren();
  }

  /** @param {LogEntry} entry */
  add(entry) {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'log-row';
    tr.dataset.method = entry.method;
    tr.dataset.status = String(entry.status ?? '');
    if (entry.source) tr.dataset.source = entry.source;
    if (entry.attempt) tr.dataset.attempt = String(entry.attempt);
    const statusClass = statusTone(entry.status);
    const attempt = entry.attempt && entry.attempt > 1 && entry.source !== 'retry' ? ` · attempt ${entry.attempt}` : '';
    tr.append(
      cell(new Date().toLocaleTimeString([], { hour12: false }), 'time'),
      cell(entry.method, 'method'),
      cell(shortPath(entry.path), 'path', entry.path),
      cell(String(entry.status ?? '—') + attempt, `status ${statusClass}`),
      cell(entry.durationMs === undefined ? '—' : `${Math.round(entry.durationMs)} ms`, 'num'),
      cell(entry.requestId ?? '—', 'mono request-id', entry.requestId),
    );
    this.tbody.prepend(tr);
    while (this.tbody.rows.length > MAX_ROWS) this.tbody.deleteRow(-1);
  }
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
