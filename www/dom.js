// Small DOM helpers shared by the page's modules.

/** A tiny element builder: attributes, then children (strings or nodes; '' and null are skipped). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== '' && c != null) node.append(c);
  return node;
}

const NUMBER = new Intl.NumberFormat('en-US');

/** `1206` → `1,206`. */
export const count = (n) => NUMBER.format(n);

/** `3 holders`, `1 holder`. */
export const plural = (n, word) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/** `Group1` or `Group2`, whatever the case of the service's value. */
export function groupLabel(g) {
  return (g ?? '').toLowerCase() === 'group2' ? 'Group2' : 'Group1';
}
