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
 * @param {(userId: string) => void} deps.openUser picks the user on the first tab
 */
export function initInventory({ client, customer, skus, onError, openUser }) {
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
  /** A user of a list, opened on the first tab (their licenses, to assign or remove). */
  const open = (userId) => {
    openUser(userId);
    select(ui.tabs[0], true);
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

  // What onProgress reported (the two phases interleave: pages of users keep arriving while
  // licenses are read), drawn at most once a frame (1,200 reports arrive in seconds).
  let listed = 0; // users listed so far
  let allListed = false; // the last page of users has been listed
  let licensed = 0; // users whose licenses were read
  let drawQueued = false;
  const drawProgress = () => {
    drawQueued = false;
    if (ui.panel.dataset.state !== 'reading') return;
    Object.assign(ui.progress.dataset, { phase: licensed > 0 ? 'licenses' : 'users', done: String(licensed > 0 ? licensed : listed) });
    if (licensed === 0) {
      ui.progress.removeAttribute('value'); // indeterminate: how many users there are is not known yet
      ui.label.textContent = `Listing users… ${count(listed)}`;
      return;
    }
    // Until the last page is listed, against the users listed so far (the bar may step back as
    // pages arrive); then against all of them.
    ui.progress.max = Math.max(1, listed);
    ui.progress.value = licensed;
    ui.label.textContent = `Reading licenses… ${count(licensed)} of ${count(listed)} users${allListed ? '' : ' listed so far'}`;
  };
  const onProgress = (p) => {
    if (!p || typeof p.done !== 'number') return;
    if (p.phase === 'licenses') {
      licensed = p.done;
    } else {
      listed = p.done;
      allListed = typeof p.total === 'number';
    }
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
    listed = 0;
    allListed = false;
    licensed = 0;
    view.clear();
    ui.progress.max = 1;
    ui.progress.removeAttribute('value');
    Object.assign(ui.progress.dataset, { phase: 'users', done: '0' });
    setState('reading', 'Listing users…');
    ui.announce.textContent = 'Reading the inventory…';
    const started = performance.now();
    try {
      const inventory = await client().inventory(customerId, { onProgress, signal: ac.signal });
      if (running !== ac) return; // a newer read (another customer) took over
      view.show(inventory, { planName, openUser: open });
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
        const counted = partial && typeof partial === 'object' ? usersIn(partial).read : 0;
        ui.progress.max = Math.max(1, listed);
        ui.progress.value = counted;
        if (counted > 0) {
          view.show(partial, { partial: { listed }, planName, openUser: open });
          setState('partial', `Cancelled after ${count(counted)} of ${count(listed)} users listed: showing what was read`);
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
