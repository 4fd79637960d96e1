/**
 * The digest as an e-mail: the subject, the plain-text body (exactly the CLI digest's lines for the
 * reviews it lists, and a short footer) and an HTML body with the same facts, every value escaped, a
 * small <style> block, no remote images and no scripts. A message lists at most MAX_LISTED reviews
 * (the most overdue first) so it stays far below mail servers' size limits; the footer says how many
 * more there are (the CLI prints them all).
 */
import { REVIEW_KIND_LABEL } from '@core/domain/cadence';
import { describeLateness, formatDigest, type DigestModel } from '../digest';

export interface DigestMessage {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(v: string): string {
  return v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function digestSubject(m: DigestModel, workspace: string | null, test = false): string {
  const parts = [];
  if (m.counts.overdue) parts.push(`${m.counts.overdue} overdue`);
  if (m.counts.due) parts.push(`${m.counts.due} due today`);
  const what = parts.length ? parts.join(', ') : 'nothing due';
  return `${test ? 'Test: ' : ''}Reviews: ${what}${workspace ? ` (${workspace})` : ''}`;
}

/** The most reviews one message lists. */
export const MAX_LISTED = 200;

/** The model cut to the `max` most overdue reviews (each group's heading kept as the CLI prints it), and how many were left out. */
export function limitModel(m: DigestModel, max = MAX_LISTED): { model: DigestModel; left: number } {
  const all = m.groups.flatMap((g) => g.items);
  if (all.length <= max) return { model: m, left: 0 };
  const keep = new Set(
    [...all]
      .sort((a, b) => b.review.daysLate - a.review.daysLate)
      .slice(0, max)
      .map((i) => i.review.id),
  );
  const groups = m.groups.map((g) => ({ ...g, items: g.items.filter((i) => keep.has(i.review.id)) })).filter((g) => g.items.length);
  return { model: { ...m, groups }, left: all.length - max };
}

export function digestFooter(workspace: string | null, test: boolean, left = 0): string[] {
  return [
    '--',
    ...(left
      ? [
          `This message lists the ${MAX_LISTED} most overdue reviews; ${left} more review${left === 1 ? ' is' : 's are'} not listed: open Rollout Workbench > Reviews (the command line \`reminders\` prints them all).`,
        ]
      : []),
    test
      ? `A test message of the e-mail digest${workspace ? ` of the workspace "${workspace}"` : ''}, sent from Settings in Rollout Workbench.`
      : `Sent by Rollout Workbench${workspace ? ` from the workspace "${workspace}"` : ''}, once a day when reviews are overdue or due.`,
    "To change who gets this digest, when, or to turn it off: Settings > E-mail digest in the app; a person's channel and quiet hours are on the People page.",
  ];
}

// One small style block instead of a style on every cell: mail clients honour <style> in the head.
const STYLE = [
  'body{font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;margin:0;padding:16px}',
  'h1{font-size:18px;margin:0 0 12px}h2{font-size:15px;margin:18px 0 6px}',
  'table{border-collapse:collapse;width:100%;max-width:900px}',
  'th,td{padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top;text-align:left}th{background:#f3f3f3}',
  '.n{white-space:nowrap}.late{color:#b00020;font-weight:bold}.foot{margin-top:24px;font-size:12px;color:#666}',
].join('');

function htmlBody(m: DigestModel, footer: string[]): string {
  const e = escapeHtml;
  const out = [`<!DOCTYPE html><html><head><meta charset="utf-8"><style>${STYLE}</style></head>`, '<body>', `<h1>${e(m.title)}</h1>`];
  if (!m.groups.length) out.push('<p>Nothing is due.</p>');
  for (const g of m.groups) {
    out.push(`<h2>${e(g.owner)}: ${e(g.summary)}</h2>`);
    out.push('<table cellpadding="0" cellspacing="0">');
    out.push(`<tr>${['Due', 'Site (client)', 'Review', 'State', 'Why'].map((h) => `<th>${h}</th>`).join('')}</tr>`);
    for (const { review: r, escalation } of g.items) {
      const late = r.state === 'overdue';
      const why = [/[.!?]$/.test(r.reason) ? r.reason : `${r.reason}.`];
      if (r.waitingOperators.length) why.push(`Access waits: ${r.waitingOperators.map((o) => o.name).join(', ')}.`);
      out.push(
        '<tr>' +
          `<td class="n">${e(r.dueOn)}</td>` +
          `<td>${e(r.siteName)} (${e(r.clientName)})</td>` +
          `<td>${e(REVIEW_KIND_LABEL[r.kind])}</td>` +
          `<td class="n${late ? ' late' : ''}">${e(describeLateness(r))}</td>` +
          `<td>${e(why.join(' '))}${escalation ? `<br><strong>${e(escalation)}</strong>` : ''}</td>` +
          '</tr>',
      );
    }
    out.push('</table>');
  }
  out.push(`<p class="foot">${footer.slice(1).map(e).join('<br>')}</p>`, '</body></html>');
  return out.join('\n');
}

/** The message for one recipient: subject, text (the CLI digest's lines for the listed reviews, and the footer) and HTML. */
export function composeDigest(m: DigestModel, opts: { workspace: string | null; test?: boolean; max?: number }): DigestMessage {
  const test = opts.test ?? false;
  const { model, left } = limitModel(m, opts.max);
  const footer = digestFooter(opts.workspace, test, left);
  return {
    subject: digestSubject(m, opts.workspace, test),
    text: [...formatDigest(model), '', ...footer].join('\n') + '\n',
    html: htmlBody(model, footer),
  };
}

/** How many reviews a message lists. */
export function reviewCount(m: DigestModel): number {
  return m.groups.reduce((n, g) => n + g.items.length, 0);
}
