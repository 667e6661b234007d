// "Who holds what": renders one `Inventory` value (what `client.inventory` resolves to, see
// `Inventory` in pkg/index.d.ts) as a SKU table beside the list of the selected SKU's
// holders, paged, with one filter by UPN over every list. Nothing here calls the client:
// the same value always renders the same way (tests render hand-built values too).

import { el, count, plural, groupLabel } from './dom.js';

/** Rows per page of a holder list: 1,200 holders are 48 pages, the filter narrows them. */
export const PAGE_SIZE = 25;

let views = 0; // each view's element ids get its own number, so two views never share one

/**
 * @typedef {object} Person
 * @property {string} userId
 * @property {string} userPrincipalName
 * @property {string[]} [excludedPlans]   holders only: the SKU's plans the user does not get
 * @property {any} [error]                failed users only: the PartnerCenterError (or its fields)
 *
 * @typedef {object} ShowOptions
 * @property {{ listed?: number }} [partial]  set when the read was cancelled (the value is
 *   what was read before): `listed`, how many users had been listed by then
 * @property {(skuId: string, planId: string) => string | undefined} [planName]  a service
 *   plan's display name, when the page knows it
 * @property {(userId: string) => void} [openUser]  when set, each UPN is a button that
 *   calls it
 */

/** The lists the detail panel can show: one per SKU, then the unlicensed and failed users. */
function listsOf(inventory) {
  const lists = (inventory.skus ?? []).map((s) => ({
    key: `sku:${s.skuId}`,
    kind: 'sku',
    sku: s,
    title: s.name || s.skuPartNumber || s.skuId,
    people: s.holders ?? [],
  }));
  lists.push({ key: 'unlicensed', kind: 'unlicensed', title: 'Users without a license', people: inventory.unlicensedUsers ?? [] });
  if ((inventory.failed ?? []).length) {
    lists.push({ key: 'failed', kind: 'failed', title: 'Users whose licenses could not be read', people: inventory.failed });
  }
  return lists;
}

export class InventoryView {
  /** @param {HTMLElement} root where the view renders (emptied on every `show`) */
  constructor(root) {
    this.root = root;
    this.id = `inv${(views += 1)}`;
    this.selected = undefined;
    this.filter = '';
    this.page = 0;
  }

  /** Empties the view. */
  clear() {
    this.root.replaceChildren();
    this.lists = undefined;
  }

  /**
   * Renders `inventory`. The selection and the filter are kept when the same SKU is still
   * there (a re-read shows the same place); the page goes back to the first.
   * @param {any} inventory an `Inventory`
   * @param {ShowOptions} [options]
   */
  show(inventory, options = {}) {
    this.inventory = inventory;
    this.options = options;
    this.lists = listsOf(inventory);
    if (!this.lists.some((l) => l.key === this.selected)) {
      // The SKU with the most holders first: that is the list people come for.
      const skus = this.lists.filter((l) => l.kind === 'sku');
      const biggest = skus.reduce((a, b) => (b.people.length > (a?.people.length ?? -1) ? b : a), undefined);
      this.selected = (biggest ?? this.lists[0]).key;
    }
    this.page = 0;

    const filter = el('input', {
      type: 'search', id: `${this.id}-filter`, class: 'input', 'data-testid': 'inv-filter',
      placeholder: 'e.g. user0042 or ada@', autocomplete: 'off', spellcheck: 'false',
      'aria-describedby': `${this.id}-filter-hint`,
    });
    filter.value = this.filter;
    filter.addEventListener('input', () => {
      this.filter = filter.value;
      this.page = 0;
      this.update();
    });

    this.tableBody = el('tbody', { 'data-testid': 'inv-skus' });
    this.detail = el('section', { class: 'inv-detail', id: `${this.id}-detail`, 'aria-labelledby': `${this.id}-detail-title`, 'data-testid': 'inv-detail' });
    // One live region that stays while the lists are redrawn: it says what a pick, a page or
    // the filter changed (a region created with its text would not be announced).
    this.live = el('p', { class: 'visually-hidden', role: 'status', 'data-testid': 'inv-live' });
    this.root.replaceChildren(
      this.live,
      summary(inventory, options.partial),
      options.partial ? partialNote(usersIn(inventory), options.partial.listed) : '',
      options.partial ? '' : mismatches(inventory),
      el(
        'div',
        { class: 'field inv-filter' },
        el('label', { for: `${this.id}-filter` }, 'Filter users by UPN'),
        filter,
        el('span', { class: 'hint', id: `${this.id}-filter-hint` }, 'Narrows every list below; the Holders column counts the matches.'),
      ),
      el(
        'div',
        { class: 'inv-split' },
        el(
          'div',
          { class: 'inv-wrap' },
          el(
            'table',
            { class: 'inv-table' },
            el('caption', { class: 'visually-hidden' }, 'Subscribed SKUs with their units and holders; pick one to list its holders'),
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                el('th', { scope: 'col' }, 'SKU'),
                el('th', { scope: 'col', class: 'optional' }, 'Group'),
                el('th', { scope: 'col', class: 'num optional' }, 'Total'),
                el('th', { scope: 'col', class: 'num optional' }, 'Consumed'),
                el('th', { scope: 'col', class: 'num' }, 'Available'),
                el('th', { scope: 'col', class: 'num' }, 'Holders'),
              ),
            ),
            this.tableBody,
          ),
        ),
        this.detail,
      ),
    );
    this.update();
  }

  /** Re-renders what the filter, the selection and the page change: the counts and the detail. */
  update() {
    const needle = this.filter.trim().toLowerCase();
    const match = (p) => !needle || (p.userPrincipalName ?? '').toLowerCase().includes(needle);
    const rows = [];
    for (const list of this.lists) {
      const shown = needle ? list.people.filter(match).length : list.people.length;
      rows.push(this.listRow(list, shown, needle !== ''));
    }
    this.tableBody.replaceChildren(...rows);
    const list = this.lists.find((l) => l.key === this.selected);
    if (list) this.renderDetail(list, list.people.filter(match), needle !== '');
  }

  listRow(list, shown, filtering) {
    const current = list.key === this.selected;
    const pick = el(
      'button',
      { type: 'button', class: 'inv-pick', 'data-testid': 'inv-pick', 'aria-controls': `${this.id}-detail`, 'aria-current': String(current) },
      el('strong', { class: 'name' }, list.title),
      list.kind === 'sku' ? el('span', { class: 'part' }, list.sku.skuPartNumber ?? '') : '',
    );
    pick.addEventListener('click', () => {
      this.selected = list.key;
      this.page = 0;
      this.update();
      this.tableBody.querySelector(`tr[data-key="${CSS.escape(list.key)}"] button`)?.focus();
    });
    const holders = el(
      'td',
      { class: 'num holders', 'data-testid': 'inv-holder-count' },
      filtering ? `${count(shown)} of ${count(list.people.length)}` : count(list.people.length),
    );
    const tr = el('tr', { 'data-key': list.key, 'data-kind': list.kind, class: `${current ? 'current' : ''} ${filtering && shown === 0 ? 'no-match' : ''}`.trim() });
    if (list.kind === 'sku') {
      const s = list.sku;
      const avail = s.availableUnits ?? 0;
      Object.assign(tr.dataset, {
        testid: 'inv-sku',
        skuId: s.skuId,
        holders: String(list.people.length),
        total: String(s.totalUnits ?? ''),
        consumed: String(s.consumedUnits ?? ''),
        available: String(avail),
      });
      tr.append(
        el('td', {}, pick),
        el('td', { class: 'optional' }, el('span', { class: `badge ${groupLabel(s.licenseGroupId).toLowerCase()}` }, groupLabel(s.licenseGroupId))),
        el('td', { class: 'num optional' }, count(s.totalUnits ?? 0)),
        el('td', { class: 'num optional' }, count(s.consumedUnits ?? 0)),
        el('td', { class: `num units ${avail <= 0 ? 'none' : avail === 1 ? 'low' : ''}` }, count(avail)),
        holders,
      );
    } else {
      Object.assign(tr.dataset, { testid: `inv-${list.kind}`, holders: String(list.people.length) });
      // Empty cells rather than a colspan: the optional columns are hidden on a narrow screen.
      tr.append(el('td', {}, pick), el('td', { class: 'optional' }), el('td', { class: 'optional' }), el('td', { class: 'optional' }), el('td'), holders);
    }
    return tr;
  }

  renderDetail(list, people, filtering) {
    const pages = Math.max(1, Math.ceil(people.length / PAGE_SIZE));
    this.page = Math.min(this.page, pages - 1);
    const first = this.page * PAGE_SIZE;
    const slice = people.slice(first, first + PAGE_SIZE);

    const head = el('header', { class: 'card-head' }, el('h3', { id: `${this.id}-detail-title` }, list.title));
    if (list.kind === 'sku') {
      const s = list.sku;
      head.append(el('span', { class: 'hint' }, `${s.skuPartNumber ?? ''} · ${groupLabel(s.licenseGroupId)} · ${count(s.consumedUnits ?? 0)} of ${count(s.totalUnits ?? 0)} units consumed`));
    }
    const total = list.people.length;
    const what = list.kind === 'sku' ? 'holder' : 'user';
    const caption = filtering ? `${count(people.length)} of ${plural(total, what)} match “${this.filter.trim()}”` : plural(total, what);

    let body;
    if (people.length === 0) {
      const among = this.options.partial ? ' among the users read' : '';
      body = el('p', { class: 'empty', 'data-testid': 'inv-empty' }, filtering ? `No user${among} matches the filter.` : list.kind === 'sku' ? `Nobody${among} holds this SKU.` : `None${among}.`);
    } else {
      const second = list.kind === 'sku' ? 'Excluded plans' : list.kind === 'failed' ? 'Error' : 'User id';
      body = el(
        'div',
        { class: 'inv-wrap' },
        el(
          'table',
          { class: 'inv-table people' },
          el('caption', { class: 'visually-hidden' }, `${list.title}: ${caption}`),
          el('thead', {}, el('tr', {}, el('th', { scope: 'col', class: 'num' }, '#'), el('th', { scope: 'col' }, 'User principal name'), el('th', { scope: 'col' }, second))),
          el('tbody', {}, ...slice.map((p, i) => this.personRow(list, p, first + i + 1))),
        ),
      );
    }
    this.detail.replaceChildren(
      head,
      el('p', { class: 'hint inv-caption', 'data-testid': 'inv-caption' }, caption),
      body,
      people.length ? this.pager(people.length, pages) : '',
    );
    this.live.textContent = `${list.title}: ${caption}${pages > 1 ? `, page ${this.page + 1} of ${pages}` : ''}`;
  }

  personRow(list, p, n) {
    let second;
    if (list.kind === 'sku') {
      const plans = p.excludedPlans ?? [];
      second = plans.length
        ? el('ul', { class: 'chips' }, ...plans.map((id) => el('li', { class: 'chip excluded-plan', 'data-plan-id': id, title: id }, this.options.planName?.(list.sku.skuId, id) ?? shortId(id))))
        : el('span', { class: 'hint' }, 'none');
    } else if (list.kind === 'failed') {
      second = el('span', { class: 'error-text' }, errorText(p.error));
    } else {
      second = el('span', { class: 'mono muted' }, p.userId ?? '');
    }
    return el(
      'tr',
      { 'data-testid': 'inv-person', 'data-upn': p.userPrincipalName ?? '', 'data-user-id': p.userId ?? '' },
      el('td', { class: 'num muted' }, count(n)),
      el('td', { class: 'upn' }, this.upn(p)),
      el('td', {}, second),
    );
  }

  upn(p) {
    const text = breakable(p.userPrincipalName ?? p.userId ?? '');
    const open = this.options.openUser;
    if (!open || !p.userId) return el('span', {}, ...text);
    const button = el('button', { type: 'button', class: 'inv-user', 'data-testid': 'inv-open-user', title: 'Open on the User licenses tab' }, ...text);
    button.addEventListener('click', () => open(p.userId));
    return button;
  }

  pager(n, pages) {
    const prev = el('button', { type: 'button', class: 'button secondary small', 'data-testid': 'inv-prev' }, '‹ Previous');
    const next = el('button', { type: 'button', class: 'button secondary small', 'data-testid': 'inv-next' }, 'Next ›');
    prev.disabled = this.page === 0;
    next.disabled = this.page >= pages - 1;
    const go = (delta, button) => {
      this.page += delta;
      this.update();
      // Keep the keyboard where it was; if that end is reached, the other button.
      const again = this.detail.querySelector(`[data-testid="${button}"]`);
      (again && !again.disabled ? again : this.detail.querySelector('.pager button:not(:disabled)'))?.focus();
    };
    prev.addEventListener('click', () => go(-1, 'inv-prev'));
    next.addEventListener('click', () => go(1, 'inv-next'));
    const from = n === 0 ? 0 : this.page * PAGE_SIZE + 1;
    const to = Math.min(n, (this.page + 1) * PAGE_SIZE);
    return el(
      'nav',
      { class: 'pager', 'aria-label': 'Pages of the list' },
      prev,
      el('span', { class: 'hint', 'data-testid': 'inv-page', 'data-page': String(this.page + 1), 'data-pages': String(pages) }, `${count(from)}–${count(to)} of ${count(n)} · page ${this.page + 1} of ${pages}`),
      next,
    );
  }
}

/** The users an inventory covers: `licensed` (distinct holders) and `read` (every user counted). */
export function usersIn(inventory) {
  const users = new Set();
  for (const s of inventory.skus ?? []) for (const h of s.holders ?? []) users.add(h.userId);
  const licensed = users.size;
  return { licensed, read: licensed + (inventory.unlicensedUsers?.length ?? 0) + (inventory.failed?.length ?? 0) };
}

function summary(inventory, partial) {
  const skus = inventory.skus ?? [];
  const holders = skus.reduce((n, s) => n + (s.holders?.length ?? 0), 0);
  const { licensed, read } = usersIn(inventory);
  const stat = (label, value, testid, tone = '') =>
    el('div', { class: `stat ${tone}`, 'data-testid': testid, 'data-value': String(value ?? '') }, el('dt', {}, label), el('dd', {}, value === undefined ? '—' : count(value)));
  return el(
    'dl',
    { class: 'inv-stats', 'data-testid': 'inv-summary' },
    stat(partial ? 'Users read' : 'Users', read, 'inv-users'),
    stat('With a license', licensed, 'inv-licensed'),
    stat('Without', inventory.unlicensedUsers?.length ?? 0, 'inv-unlicensed-count'),
    stat('Licenses held', holders, 'inv-licenses'),
    stat('SKUs', skus.length, 'inv-sku-count'),
    // Not counted from a partial read: its holders are only those of the users read.
    stat('Mismatches', partial ? undefined : (inventory.mismatches?.length ?? 0), 'inv-mismatch-count', !partial && inventory.mismatches?.length ? 'warn' : ''),
    stat('Not read', inventory.failed?.length ?? 0, 'inv-failed-count', inventory.failed?.length ? 'bad' : ''),
  );
}

function partialNote({ read }, listed) {
  const of = typeof listed === 'number' && listed > read ? ` (of ${count(listed)} listed so far)` : '';
  return el(
    'div',
    { class: 'message warn inv-partial', 'data-testid': 'inv-partial', role: 'status' },
    el(
      'div',
      {},
      el('strong', {}, 'Partial: cancelled'),
      el('p', {}, `Only the ${plural(read, 'user')} whose licenses were read before Cancel${of} are counted: holders and unlicensed users cover those users only, so holder counts are not compared with the units consumed. Read again for the whole customer.`),
    ),
  );
}

function mismatches(inventory) {
  const list = inventory.mismatches ?? [];
  if (list.length === 0) return '';
  const name = (id) => (inventory.skus ?? []).find((s) => s.skuId === id)?.name;
  return el(
    'div',
    { class: 'message error inv-mismatches', 'data-testid': 'inv-mismatches', role: 'status' },
    el(
      'div',
      {},
      el('strong', {}, list.length === 1 ? 'A SKU’s holders differ from its consumed units' : `${list.length} SKUs’ holders differ from their consumed units`),
      el(
        'ul',
        {},
        ...list.map((m) => {
          const held = typeof m.holders === 'number' ? m.holders : (m.holders?.length ?? 0);
          return el('li', { 'data-testid': 'inv-mismatch', 'data-sku-id': m.skuId }, `${name(m.skuId) ?? m.skuPartNumber ?? m.skuId} (${m.skuPartNumber ?? ''}): ${plural(m.consumedUnits ?? 0, 'unit')} consumed, ${plural(held, 'holder')} found.`);
        }),
      ),
    ),
  );
}

function errorText(e) {
  if (!e || typeof e !== 'object') return String(e ?? 'unknown error');
  const bits = [e.kind, e.status, e.code].filter((x) => x !== undefined && x !== null);
  const text = e.hint || e.description || e.message || '';
  return `${bits.join(' ')}${bits.length && text ? ': ' : ''}${text}`;
}

/** A UPN that wraps before its `@` when the column is narrow (not in the middle of a word). */
function breakable(upn) {
  const at = upn.indexOf('@');
  return at > 0 ? [upn.slice(0, at), document.createElement('wbr'), upn.slice(at)] : [upn];
}

const shortId = (id) => (typeof id === 'string' && id.length > 8 ? `${id.slice(0, 8)}…` : String(id));
