// The "Who holds what" tab: reads the selected customer's inventory with
// `client.inventory` (every user, then every user's licenses, at bounded concurrency),
// shows its progress from `onProgress`, cancels with an AbortController, and hands the
// result to InventoryView. Opening the tab reads the inventory when there is none yet, so
// the view is one click from the start.

import { InventoryView, usersIn } from './inventory-view.js';
import { count } from './dom.js';

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * @param {object} deps
 * @param {() => any} deps.client the page's LicenseClient (created at start)
 * @param {HTMLSelectElement} deps.customer the customer picker
 * @param {() => any[]} deps.skus the customer's subscribed SKUs as the page last read them
 *   (for the service plans' names)
 * @param {(err: unknown) => void} deps.onError shows a failed read as the page shows errors
 */
export function initInventory({ client, customer, skus, onError }) {
  const ui = {
    main: /** @type {HTMLElement} */ (document.querySelector('main')),
    tabs: /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('[role="tab"]')]),
    panel: $('view-inventory'),
    read: /** @type {HTMLButtonElement} */ ($('inv-read')),
    cancel: /** @type {HTMLButtonElement} */ ($('inv-cancel')),
    progress: /** @type {HTMLProgressElement} */ ($('inv-progress')),
    label: $('inv-progress-label'),
    announce: $('inv-announce'),
  };
  const view = new InventoryView($('inventory'));
  /** @type {AbortController | undefined} */
  let running;
  let readFor; // the customer id the shown inventory (or the running read) is of

  // ------------------------------------------------------------ tabs (WAI-ARIA tabs pattern)
  const select = (tab, focus = false) => {
    for (const t of ui.tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls') ?? '').hidden = !on;
    }
    if (focus) tab.focus();
    ui.main.dataset.view = tab.dataset.view ?? '';
    if (tab.dataset.view === 'inventory' && readFor !== customer.value) read();
  };
  for (const tab of ui.tabs) {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (ev) => {
      const i = ui.tabs.indexOf(tab);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: ui.tabs.length - 1 }[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      select(ui.tabs[(to + ui.tabs.length) % ui.tabs.length], true);
    });
  }

  // ------------------------------------------------------------ reading
  const setState = (state, label) => {
    ui.panel.dataset.state = state;
    ui.label.textContent = label;
    ui.read.disabled = state === 'reading';
    ui.cancel.disabled = state !== 'reading';
    ui.read.textContent = state === 'idle' ? 'Read inventory' : 'Read again';
    ui.panel.setAttribute('aria-busy', String(state === 'reading'));
  };

  /** The last progress report, drawn at most once a frame (1,200 reports arrive in seconds). */
  let last = { phase: 'users', done: 0, total: undefined };
  let listed = 0; // users listed so far
  let drawQueued = false;
  const drawProgress = () => {
    drawQueued = false;
    if (ui.panel.dataset.state !== 'reading') return;
    const { phase, done, total } = last;
    if (typeof total === 'number' && total > 0) {
      ui.progress.max = total;
      ui.progress.value = done;
    } else {
      ui.progress.removeAttribute('value'); // indeterminate: the number of users is not known yet
    }
    ui.progress.dataset.phase = phase;
    ui.progress.dataset.done = String(done);
    const of = typeof total === 'number' ? ` of ${count(total)}` : '';
    ui.label.textContent = phase === 'users' ? `Listing users… ${count(done)}${of}` : `Reading licenses… ${count(done)}${of} users`;
  };
  const onProgress = (p) => {
    if (!p || typeof p.done !== 'number') return;
    last = { phase: p.phase === 'licenses' ? 'licenses' : 'users', done: p.done, total: p.total };
    if (last.phase === 'users') listed = p.done;
    if (!drawQueued) {
      drawQueued = true;
      requestAnimationFrame(drawProgress);
    }
  };

  const planName = (skuId, planId) => {
    const sku = skus().find((s) => s.productSku?.id === skuId);
    const plan = sku?.servicePlans?.find((p) => p.id === planId);
    return plan ? plan.displayName || plan.serviceName : undefined;
  };

  async function read() {
    running?.abort();
    const ac = new AbortController();
    running = ac;
    const customerId = customer.value;
    readFor = customerId;
    last = { phase: 'users', done: 0, total: undefined };
    listed = 0;
    view.clear();
    ui.progress.max = 1;
    ui.progress.removeAttribute('value');
    setState('reading', 'Listing users…');
    ui.announce.textContent = 'Reading the inventory…';
    const started = performance.now();
    try {
      const inventory = await client().inventory(customerId, { onProgress, signal: ac.signal });
      if (running !== ac) return; // a newer read (another customer) took over
      view.show(inventory, { planName });
      ui.progress.max = 1;
      ui.progress.value = 1;
      const text = `Read ${count(usersIn(inventory).read)} users and ${inventory.skus.length} SKUs in ${((performance.now() - started) / 1000).toFixed(1)} s`;
      setState('done', text);
      ui.announce.textContent = text;
    } catch (err) {
      if (running !== ac) return;
      const e = /** @type {any} */ (err);
      if (ac.signal.aborted && e?.kind === 'aborted') {
        // client.inventory's aborted error carries the inventory of what was read.
        const partial = e.partial;
        if (partial && typeof partial === 'object') {
          view.show(partial, { partial: { listed }, planName });
          setState('partial', `Cancelled after ${count(usersIn(partial).read)} users: showing what was read`);
        } else {
          setState('cancelled', 'Cancelled before any license was read');
        }
        ui.announce.textContent = ui.label.textContent;
      } else {
        setState('error', 'The inventory could not be read');
        onError(err);
      }
    } finally {
      if (running === ac) running = undefined;
    }
  }

  ui.read.addEventListener('click', () => read());
  ui.cancel.addEventListener('click', () => running?.abort());
  customer.addEventListener('change', () => {
    running?.abort();
    running = undefined;
    readFor = undefined;
    view.clear();
    setState('idle', 'Not read yet');
    if (ui.main.dataset.view === 'inventory') read();
  });
  setState('idle', 'Not read yet');
  for (const t of ui.tabs) t.disabled = false;
}
