// Text output of the CLI: tables, the reconcile summary, progress, JSON (pure, except the
// progress reporter, which writes to the stream it is given).

/** A plain-text table: `columns` is `[[header, (row) => text, 'left' | 'right'], ...]`. */
export function table(rows, columns) {
  const cells = [columns.map(([h]) => h), ...rows.map((r) => columns.map(([, f]) => String(f(r) ?? '')))];
  const widths = columns.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  return cells
    .map((c) =>
      c
        .map((text, i) => (columns[i][2] === 'right' ? text.padStart(widths[i]) : text.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One line for an error: `api 400 code 60012: Partner Center answered ...`. */
export function describeError(e) {
  if (!e || typeof e !== 'object') return String(e);
  const head = [e.kind ?? e.name, e.status, e.code !== undefined && e.code !== null ? `code ${e.code}` : undefined]
    .filter((x) => x !== undefined && x !== null)
    .join(' ');
  return head ? `${head}: ${e.message}` : String(e.message);
}

/** What to do next: a `PartnerCenterError`'s `hint`, when it has one. */
export function hintOf(e) {
  return e && typeof e === 'object' && typeof e.hint === 'string' && e.hint ? e.hint : undefined;
}

/** A plain object for an error (an `Error`'s message and name are not enumerable). */
export function errorJson(e) {
  if (!(e instanceof Error)) return e;
  const out = { name: e.name, message: e.message };
  for (const [k, v] of Object.entries(e)) if (v !== undefined) out[k] = v;
  return out;
}

/** JSON text of a value holding errors (the reconcile report). */
export function toJson(value) {
  return JSON.stringify(value, (_, v) => (v instanceof Error ? errorJson(v) : v), 2);
}

/** The text of one plan problem. */
export function describeProblem(p, skuName = (id) => id) {
  switch (p.kind) {
    case 'skuNotSubscribed':
      return `${p.user}: SKU ${skuName(p.sku)} is not subscribed by the customer`;
    case 'planNotInSku':
      return `${p.user}: service plan ${p.plan} is not part of SKU ${skuName(p.sku)}`;
    case 'notEnoughUnits':
      return `SKU ${skuName(p.sku)}: ${p.needed} new assignments, ${p.freed} units freed first, ${p.available} available`;
    default:
      return JSON.stringify(p);
  }
}

const LIST_LIMIT = 20;

/** The human summary of a reconcile report. */
export function summary(report) {
  const names = new Map(report.units.map((u) => [u.sku, u.partNumber || u.sku]));
  const skuName = (id) => names.get(id) ?? id;
  const t = report.totals;
  const secs = (report.durationMs / 1000).toFixed(2);
  const mode = report.dryRun ? 'Dry run' : report.applied ? 'Reconcile' : 'Reconcile (not sent)';
  const out = [
    `${mode}: ${t.users} users in ${secs} s`,
    `  unchanged ${t.unchanged}   ${report.applied ? '' : `planned ${t.planned}   `}updated ${t.updated}   failed ${t.failed}   invalid ${t.invalid}`,
    `  license updates: ${t.updatesPlanned} planned, ${t.updatesSucceeded} succeeded, ${t.updatesFailed} failed`,
  ];
  if (report.units.length > 0) {
    out.push(
      '',
      table(report.units, [
        ['SKU', (u) => u.partNumber || u.sku],
        ['available', (u) => u.available, 'right'],
        ['needed', (u) => u.needed, 'right'],
        ['to free', (u) => u.toFree, 'right'],
        ['used', (u) => u.used, 'right'],
        ['freed', (u) => u.freed, 'right'],
      ]),
    );
  }
  if (report.problems.length > 0) {
    out.push('', `Problems (${report.problems.length}; nothing was sent):`);
    for (const p of report.problems.slice(0, LIST_LIMIT)) out.push(`  ${describeProblem(p, skuName)}`);
    more(out, report.problems.length);
  }
  const failed = report.users.filter((u) => u.outcome === 'failed');
  if (failed.length > 0) {
    out.push('', `Failed (${failed.length}):`);
    for (const u of failed.slice(0, LIST_LIMIT)) out.push(`  ${u.user}  ${describeError(u.error)}`);
    more(out, failed.length);
    const hints = [...new Set(failed.map((u) => hintOf(u.error)).filter(Boolean))];
    if (hints.length > 0) out.push('', 'What to do:', ...hints.slice(0, LIST_LIMIT).map((h) => `  ${h}`));
  }
  const planned = report.users.filter((u) => u.outcome === 'planned');
  if (planned.length > 0) {
    out.push('', `Planned changes (${planned.length}):`);
    for (const u of planned.slice(0, LIST_LIMIT)) out.push(`  ${u.user}  ${changes(u, skuName)}`);
    more(out, planned.length);
  }
  return out.join('\n');
}

function more(out, n) {
  if (n > LIST_LIMIT) out.push(`  ... and ${n - LIST_LIMIT} more (--json lists them all)`);
}

/** `+ENTERPRISEPACK -POWER_BI_PRO ~SPE_E3 (excluded plans)`. */
export function changes(u, skuName = (id) => id) {
  return [
    ...u.assigned.map((s) => `+${skuName(s)}`),
    ...u.removed.map((s) => `-${skuName(s)}`),
    ...u.changed.map((s) => `~${skuName(s)}`),
  ].join(' ');
}

/**
 * A progress reporter for the `onProgress` of `reconcile` and `inventory`: a bar redrawn in
 * place on a terminal, plain lines at every tenth otherwise. While the total is not known
 * yet (users still being listed) it shows the count: redrawn on a terminal, a plain line
 * every `step` otherwise.
 */
export function progressReporter(stream, isTTY = Boolean(stream.isTTY), step = 500) {
  let lastPhase;
  let lastTenth = -1;
  let lastDraw = 0;
  const width = 30;
  const report = ({ phase, done, total }) => {
    const known = typeof total === 'number';
    if (isTTY) {
      const now = Date.now();
      if (done !== total && phase === lastPhase && now - lastDraw < 50) return;
      lastDraw = now;
      if (lastPhase !== undefined && phase !== lastPhase) stream.write('\n');
      lastPhase = phase;
      if (!known) {
        stream.write(`\r${phase.padEnd(5)} ${done}`);
        return;
      }
      const filled = total === 0 ? width : Math.round((done / total) * width);
      stream.write(`\r${phase.padEnd(5)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
    } else {
      if (phase !== lastPhase) {
        lastPhase = phase;
        lastTenth = -1;
      }
      if (!known) {
        if (done % step === 0) stream.write(`${phase} ${done}\n`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done * 10) / total);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`${phase} ${done}/${total}\n`);
      }
    }
  };
  report.end = () => {
    if (isTTY && lastPhase !== undefined) stream.write('\n');
  };
  return report;
}
