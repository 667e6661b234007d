// The demo page: pick a customer and a user, see their licenses and the customer's
// subscribed SKUs, assign (with plans excluded) and remove licenses, through the
// partner-center-licenses package as the emulator serves it at /pkg/.

import { RequestLog } from './log.js';
import { describeError } from './messages.js';
import * as emulator from './emulator.js';
import { el } from './dom.js';
import { licenseGroups, skuRow } from './licenses-view.js';
import { initInventory } from './inventory.js';

/** The package's browser ES-module entry, as the emulator serves the built `pkg/`. */
const PKG_ENTRY = '/pkg/dist/browser.mjs';
const GROUPS = ['Group1', 'Group2'];
const TOKEN_KIND = 'app+user';
/** The wait the simulated 429s ask for; short, so the client's one retry is quick to watch. */
const THROTTLE_RETRY_AFTER_S = 2;

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const ui = {
  status: $('status'),
  customer: /** @type {HTMLSelectElement} */ ($('customer')),
  user: /** @type {HTMLSelectElement} */ ($('user')),
  refresh: /** @type {HTMLButtonElement} */ ($('refresh')),
  throttle: /** @type {HTMLInputElement} */ ($('throttle')),
  messages: $('messages'),
  licenses: $('licenses'),
  licenseCount: document.querySelector('[data-testid="license-count"]'),
  skus: $('skus'),
  assignForm: /** @type {HTMLFormElement} */ ($('assign-form')),
  assign: /** @type {HTMLButtonElement} */ ($('assign')),
  assignSummary: $('assign-summary'),
  log: new RequestLog(/** @type {HTMLTableSectionElement} */ ($('log'))),
};

const state = {
  /** @type {any} */ client: null,
  /** @type {any} */ ErrorClass: null,
  /** @type {{ id: string, name: string, users: { id: string, name: string }[] }[]} */ customers: [],
  /** @type {any[]} */ licenses: [],
  /** @type {any[]} */ skus: [],
  busy: false,
  eventsSeen: 0,
};

const logEntry = (entry) => ui.log.add(entry);

// ---------------------------------------------------------------- start-up

async function start() {
  $('clear-log').addEventListener('click', () => ui.log.clear());
  let pkg;
  try {
    pkg = await import(PKG_ENTRY);
    if (typeof pkg.default === 'function') await pkg.default();
  } catch (err) {
    setStatus('error', 'The package is not built: run ./scripts/demo.sh, which builds pkg/ and serves it.');
    console.warn('could not load', PKG_ENTRY, err);
    return;
  }
  state.ErrorClass = pkg.PartnerCenterError;
  setStatus('loading', 'Asking the emulator for a token…');

  let seed;
  try {
    seed = normaliseState(await emulator.getState(logEntry));
    const token = await emulator.getToken(seed.partner, TOKEN_KIND, logEntry);
    state.client = new pkg.LicenseClient({
      baseUrl: location.origin,
      token,
      // One retry: enough to see a retried 429 in the log without a long wait.
      retry: { maxAttempts: 2 },
      onEvent: onClientEvent,
    });
    $('base-url').textContent = location.host;
    $('partner').textContent = seed.partnerName ?? seed.partner;
    $('token-kind').textContent = 'App+User (emulator test token)';
  } catch (err) {
    setStatus('error', `Could not start: ${messageOf(err)}`);
    return;
  }
  state.customers = seed.customers;
  fillSelect(ui.customer, state.customers);
  fillUsers();

  ui.customer.addEventListener('change', () => {
    fillUsers();
    ui.messages.replaceChildren();
    reload();
  });
  ui.user.addEventListener('change', () => {
    ui.messages.replaceChildren();
    reload();
  });
  ui.refresh.addEventListener('click', () => reload());
  ui.throttle.addEventListener('change', () => toggleThrottling());
  ui.assignForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    assignSelected();
  });
  ui.skus.addEventListener('change', () => updateAssignSummary());
  for (const c of [ui.customer, ui.user, ui.refresh, ui.throttle]) c.disabled = false;
  initInventory({
    client: () => state.client,
    customer: ui.customer,
    skus: () => state.skus,
    onError: (err) => showError(err),
    openUser: (userId) => {
      ui.user.value = userId;
      ui.user.dispatchEvent(new Event('change'));
    },
  });
  await reload();
}

/**
 * The emulator's `/emulator/state`, reduced to what the page needs: the partner to ask a
 * token for, and its customers with their users.
 */
function normaliseState(raw) {
  const partners = raw?.partners ?? [];
  const partner = partners[0] ?? {};
  const partnerId = partner.id ?? raw?.partner;
  const listed = partner.customers ?? (raw?.customers ?? []).filter((c) => (c.partnerId ?? c.partner ?? partnerId) === partnerId);
  const customers = listed.map((c) => ({
    id: c.id,
    name: c.name ?? c.companyName ?? c.domain ?? c.id,
    // Deleted users (`state: "inactive"`) have no licenses to show: the API does not find them.
    users: (c.users ?? []).filter((u) => u.state !== 'inactive').map((u) => {
      const upn = u.upn ?? u.userPrincipalName;
      return { id: u.id, name: u.displayName ? `${u.displayName} (${upn ?? u.id})` : (upn ?? u.id) };
    }),
  }));
  if (!partnerId || customers.length === 0) throw new Error('the emulator state lists no partner or customers');
  return { partner: partnerId, partnerName: partner.displayName ?? partner.name, customers };
}

function fillSelect(select, items) {
  select.replaceChildren(
    ...items.map((it) => {
      const o = document.createElement('option');
      o.value = it.id;
      o.textContent = it.name;
      return o;
    }),
  );
}

function fillUsers() {
  const c = state.customers.find((x) => x.id === ui.customer.value);
  fillSelect(ui.user, c?.users ?? []);
}

// ---------------------------------------------------------------- client calls

/**
 * Logs the client's events (never carry the token): one row per attempt's response, one
 * per retry decision (the wait before the next attempt), and one when a 429 closes the
 * client's pacing gate for every call.
 */
function onClientEvent(ev) {
  if (!ev || (ev.type !== 'response' && ev.type !== 'retry' && ev.type !== 'throttled')) return;
  state.eventsSeen += 1;
  const retry = ev.type !== 'response';
  logEntry({
    method: ev.method,
    path: pathOf(ev.path ?? ev.url),
    status: ev.type === 'throttled'
      ? `waiting ${formatWait(ev.waitMs)}: throttled (every call)`
      : retry ? `retry in ${formatWait(ev.waitMs)}` : (ev.status ?? ev.errorKind ?? 'network'),
    durationMs: retry ? undefined : ev.durationMs,
    requestId: ev.requestId,
    attempt: ev.attempt,
    source: ev.type === 'throttled' ? 'throttled' : retry ? 'retry' : 'api',
  });
}

function formatWait(ms) {
  if (typeof ms !== 'number') return '?';
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function pathOf(urlOrPath) {
  if (!urlOrPath) return '?';
  try {
    const u = new URL(urlOrPath, location.origin);
    return u.pathname + u.search;
  } catch {
    return String(urlOrPath);
  }
}

/**
 * Runs one client call. When the client reports no events (an older package), logs the
 * call here instead, timed from the outside.
 */
async function traced(method, path, fn) {
  const before = state.eventsSeen;
  const started = performance.now();
  try {
    const result = await fn();
    if (state.eventsSeen === before) {
      logEntry({ method, path, status: method === 'POST' ? 201 : 200, durationMs: performance.now() - started, source: 'api' });
    }
    return result;
  } catch (err) {
    if (state.eventsSeen === before) {
      const e = /** @type {any} */ (err);
      logEntry({
        method,
        path,
        status: e?.status ?? e?.kind ?? 'error',
        durationMs: performance.now() - started,
        requestId: e?.requestId,
        source: 'api',
      });
    }
    throw err;
  }
}

const itemsOf = (r) => (Array.isArray(r) ? r : (r?.items ?? []));

async function reload() {
  const customerId = ui.customer.value;
  const userId = ui.user.value;
  if (!customerId || !userId) return;
  await run('Loading', async () => {
    const base = `/v1/customers/${encodeURIComponent(customerId)}`;
    const q = '?' + GROUPS.map((g) => `licenseGroupIds=${g}`).join('&');
    const [licenses, skus] = await Promise.all([
      traced('GET', `${base}/users/${encodeURIComponent(userId)}/licenses${q}`, () =>
        state.client.listLicenses(customerId, userId, { licenseGroups: GROUPS }),
      ),
      traced('GET', `${base}/subscribedskus${q}`, () =>
        state.client.listSubscribedSkus(customerId, { licenseGroups: GROUPS }),
      ),
    ]);
    state.licenses = itemsOf(licenses);
    state.skus = itemsOf(skus);
    renderLicenses();
    renderSkus();
  });
}

async function assignSelected() {
  const picks = selectedAssignments();
  if (picks.length === 0) return;
  const names = picks.map((p) => p.name);
  const ok = await run('Assigning', () => update({ assign: picks.map(({ skuId, excludedPlans }) => ({ skuId, excludedPlans })) }), {
    skuNames: new Map(picks.map((p) => [p.skuId, p.name])),
  });
  if (!ok) return;
  for (const cb of ui.skus.querySelectorAll('input[data-testid="sku-check"]')) cb.checked = false;
  const excluded = picks.reduce((n, p) => n + p.excludedPlans.length, 0);
  showMessage('success', 'Assigned', `${names.join(', ')} assigned to ${userName()}${excluded ? `, ${excluded} plan${excluded === 1 ? '' : 's'} left out` : ''}.`, 'assigned', ok.warnings);
  await reload();
}

async function removeLicense(skuId, name) {
  const ok = await run('Removing', () => update({ remove: [skuId] }), { skuNames: new Map([[skuId, name]]) });
  if (!ok) return;
  showMessage('success', 'Removed', `${name} removed from ${userName()}; its unit is free again.`, 'removed');
  await reload();
}

async function update(changes) {
  const customerId = ui.customer.value;
  const userId = ui.user.value;
  const path = `/v1/customers/${encodeURIComponent(customerId)}/users/${encodeURIComponent(userId)}/licenseupdates`;
  const result = await traced('POST', path, () => state.client.updateLicenses(customerId, userId, changes));
  return { warnings: result?.licenseWarnings ?? [] };
}

/**
 * Runs `fn` with the controls disabled; shows a typed error as a human message.
 * @returns {Promise<any>} fn's result, or undefined when it failed
 */
async function run(what, fn, context = {}) {
  setBusy(true, `${what}…`);
  try {
    const result = (await fn()) ?? true;
    setStatus('ready', 'Ready');
    return result;
  } catch (err) {
    showError(err, context);
    setStatus('ready', 'Ready');
    return undefined;
  } finally {
    setBusy(false);
  }
}

/** A failed call as a message: its title by kind/reason, its hint, its request id. */
function showError(err, context = {}) {
  const known = state.ErrorClass && err instanceof state.ErrorClass;
  if (!known) console.warn('unexpected failure', err);
  const m = describeError(err, context);
  const ids = known && err.requestId ? `Request id ${err.requestId}` : undefined;
  showMessage('error', m.title, m.detail, m.reason, [], ids);
}

async function toggleThrottling() {
  const on = ui.throttle.checked;
  ui.throttle.disabled = true;
  try {
    await emulator.setThrottling(on, THROTTLE_RETRY_AFTER_S, logEntry);
    showMessage(
      'info',
      on ? 'Throttling on' : 'Throttling off',
      on ? 'The emulator now answers every API call with 429 Too Many Requests.' : 'The emulator answers normally again.',
      on ? 'throttlingOn' : 'throttlingOff',
    );
  } catch (err) {
    ui.throttle.checked = !on;
    showMessage('error', 'Could not change the fault settings', messageOf(err), 'emulator');
  } finally {
    ui.throttle.disabled = false;
  }
}

// ---------------------------------------------------------------- rendering

function renderLicenses() {
  ui.licenses.replaceChildren(...licenseGroups(state.licenses, state.skus, GROUPS, removeLicense));
  ui.licenseCount.textContent = `${state.licenses.length} assigned`;
}

function renderSkus() {
  const checked = new Set([...ui.skus.querySelectorAll('input[data-testid="sku-check"]:checked')].map((i) => i.value));
  const rows = state.skus.map((s) => skuRow(s, state.licenses, checked.has(s.productSku?.id)));
  if (rows.length === 0) rows.push(el('li', { class: 'empty' }, 'The customer has no subscribed SKUs.'));
  ui.skus.replaceChildren(...rows);
  updateAssignSummary();
}

function selectedAssignments() {
  return [...ui.skus.querySelectorAll('li.sku')]
    .filter((li) => li.querySelector('input[data-testid="sku-check"]').checked)
    .map((li) => {
      const skuId = li.dataset.skuId;
      const excludedPlans = [...li.querySelectorAll('input[data-testid="plan"]')].filter((c) => !c.checked).map((c) => c.value);
      const name = state.skus.find((s) => s.productSku?.id === skuId)?.productSku?.name ?? skuId;
      return { skuId, excludedPlans, name };
    });
}

function updateAssignSummary() {
  const picks = selectedAssignments();
  ui.assign.disabled = state.busy || picks.length === 0;
  ui.assign.textContent = picks.length > 1 ? `Assign ${picks.length} licenses` : 'Assign';
  if (picks.length === 0) {
    ui.assignSummary.textContent = 'Tick a SKU to assign it; untick the plans to leave out.';
  } else {
    const excluded = picks.reduce((n, p) => n + p.excludedPlans.length, 0);
    ui.assignSummary.textContent = `${picks.map((p) => p.name).join(', ')}${excluded ? ` — ${excluded} plan${excluded === 1 ? '' : 's'} left out` : ''}`;
  }
}

function showMessage(tone, title, detail, reason, warnings = [], footnote) {
  const close = el('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss' }, '×');
  const box = el(
    'div',
    { class: `message ${tone}`, 'data-testid': 'message', 'data-reason': reason, 'data-tone': tone, role: tone === 'error' ? 'alert' : 'status' },
    el('div', {}, el('strong', { 'data-testid': 'message-title' }, title), el('p', { 'data-testid': 'message-detail' }, detail)),
    close,
  );
  for (const w of warnings) box.firstChild.append(el('p', { class: 'warning' }, `Warning ${w.code}: ${w.message}`));
  if (footnote) box.firstChild.append(el('p', { class: 'footnote mono' }, footnote));
  close.addEventListener('click', () => box.remove());
  ui.messages.replaceChildren(box);
}

function setBusy(busy, text) {
  state.busy = busy;
  document.body.dataset.busy = String(busy);
  for (const s of document.querySelectorAll('#view-licenses section.card')) s.setAttribute('aria-busy', String(busy));
  for (const b of document.querySelectorAll('button[data-testid="remove"]')) b.disabled = busy;
  ui.refresh.disabled = busy;
  if (text) setStatus('busy', text);
  updateAssignSummary();
}

function setStatus(kind, text) {
  ui.status.dataset.state = kind;
  ui.status.textContent = text;
}

function userName() {
  return ui.user.selectedOptions[0]?.textContent?.replace(/ \(.*\)$/, '') ?? 'the user';
}

function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}

start();
