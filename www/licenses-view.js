// The first tab's two lists, rendered from plain values: the user's licenses by license
// group, and the customer's subscribed SKUs as rows of the assign form.

import { el, groupLabel } from './dom.js';

/**
 * The user's licenses, one section per license group (`groups`, then any other the service
 * answered), each license a card with its plans, the plans left out, and a Remove button.
 */
export function licenseGroups(licenses, skus, groups, onRemove) {
  const byGroup = new Map(groups.map((g) => [g.toLowerCase(), []]));
  for (const lic of licenses) {
    const g = (lic.productSku?.licenseGroupId ?? 'group1').toLowerCase();
    if (!byGroup.has(g)) byGroup.set(g, []);
    byGroup.get(g).push(lic);
  }
  const parts = [];
  for (const [group, list] of byGroup) {
    const section = el('section', { class: 'group', 'data-testid': `group-${group}` });
    section.append(
      el('h3', {}, `${groupLabel(group)} `, el('span', { class: 'hint' }, group === 'group2' ? 'not managed by Azure AD' : 'managed by Azure AD')),
    );
    if (list.length === 0) {
      section.append(el('p', { class: 'empty' }, 'No licenses in this group.'));
    } else {
      const ul = el('ul', { class: 'license-list' });
      for (const lic of list) ul.append(licenseCard(lic, skus, onRemove));
      section.append(ul);
    }
    parts.push(section);
  }
  return parts;
}

/** One license: name, part number, its plans (folded), the plans left out, Remove. */
function licenseCard(lic, skus, onRemove) {
  const sku = lic.productSku ?? {};
  const held = lic.servicePlans ?? [];
  const all = skus.find((s) => s.productSku?.id === sku.id)?.servicePlans ?? [];
  const heldIds = new Set(held.map((p) => p.id));
  const excluded = all.filter((p) => !heldIds.has(p.id));

  const remove = el('button', { type: 'button', class: 'button danger small', 'data-testid': 'remove', 'aria-label': `Remove ${sku.name}` }, 'Remove');
  remove.addEventListener('click', () => onRemove(sku.id, sku.name));

  const plans = el('ul', { class: 'chips' });
  for (const p of held) {
    plans.append(el('li', { class: 'chip', 'data-testid': 'license-plan', 'data-plan-id': p.id, title: p.serviceName }, p.displayName || p.serviceName));
  }
  const details = el('details', { class: 'plans' }, el('summary', {}, `${held.length} service plan${held.length === 1 ? '' : 's'}`), plans);

  const li = el(
    'li',
    { class: 'license', 'data-testid': 'license', 'data-sku-id': sku.id },
    el(
      'div',
      { class: 'license-head' },
      el('div', {}, el('strong', { class: 'name' }, sku.name || sku.id), el('span', { class: 'part' }, sku.skuPartNumber ?? '')),
      remove,
    ),
    details,
  );
  if (excluded.length) {
    li.append(
      el(
        'p',
        { class: 'excluded', 'data-testid': 'license-excluded' },
        `Left out: `,
        ...excluded.map((p, i) => el('span', { 'data-plan-id': p.id }, (i ? ', ' : '') + (p.displayName || p.serviceName))),
      ),
    );
  }
  return li;
}

/**
 * One subscribed SKU of the assign form: a checkbox, its units left, and (shown when ticked)
 * its service plans, ticked as `licenses` holds them (all of them for a SKU not held).
 */
export function skuRow(s, licenses, checked) {
  const sku = s.productSku ?? {};
  const id = sku.id;
  const heldIds = new Set(licenses.find((l) => l.productSku?.id === id)?.servicePlans?.map((p) => p.id) ?? []);
  const held = licenses.some((l) => l.productSku?.id === id);
  const avail = s.availableUnits ?? 0;
  const total = s.totalUnits ?? avail + (s.consumedUnits ?? 0);
  const box = el('input', { type: 'checkbox', value: id, id: `sku-${id}`, 'data-testid': 'sku-check' });
  box.checked = checked;
  const planList = el('ul', { class: 'plan-grid' });
  for (const p of s.servicePlans ?? []) {
    const cb = el('input', { type: 'checkbox', value: p.id, id: `plan-${id}-${p.id}`, 'data-testid': 'plan', 'data-plan-id': p.id });
    cb.checked = held ? heldIds.has(p.id) : true;
    planList.append(el('li', {}, cb, el('label', { for: cb.id, title: p.serviceName }, p.displayName || p.serviceName)));
  }
  const fieldset = el(
    'fieldset',
    { class: 'plans-pick', 'data-testid': 'plans' },
    el('legend', {}, `Service plans of ${sku.name} — untick to leave out`),
    planList,
  );
  const units = el(
    'span',
    { class: `units ${avail <= 0 ? 'none' : avail === 1 ? 'low' : ''}`, 'data-testid': 'sku-available', 'data-available': String(avail) },
    `${avail} of ${total} left`,
  );
  return el(
    'li',
    { class: 'sku', 'data-testid': 'sku', 'data-sku-id': id, 'data-group': (sku.licenseGroupId ?? '').toLowerCase() },
    el(
      'div',
      { class: 'sku-head' },
      box,
      el('label', { for: box.id, class: 'sku-name' }, el('strong', {}, sku.name || id), el('span', { class: 'part' }, sku.skuPartNumber ?? '')),
      el('span', { class: `badge ${(sku.licenseGroupId ?? '').toLowerCase()}` }, groupLabel(sku.licenseGroupId)),
      held ? el('span', { class: 'badge held', 'data-testid': 'sku-held' }, 'assigned') : '',
      units,
    ),
    fieldset,
  );
}
