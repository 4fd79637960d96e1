/**
 * What is due: the reviews a lead must hear about (overdue, due today, and optionally upcoming within
 * N days), from the workspace. Used by the CLI (`reminders`), the desktop scheduler and the web harness.
 */
import type { Review } from '@core/contract/reviews';
import { REVIEW_KIND_LABEL } from '@core/domain/cadence';
import type { HandlerContext } from '../rpc/context';
import { queryReviews } from '../services/reviews';
import { getSettings } from '../services/settings';

export interface Digest {
  today: string;
  timeZone: string;
  overdue: Review[];
  due: Review[];
  upcoming: Review[];
  withinDays: number;
}

export function reminderDigest(ctx: HandlerContext, opts: { withinDays?: number; ownerId?: string } = {}): Digest {
  const withinDays = opts.withinDays ?? 0;
  const states: Review['state'][] = withinDays > 0 ? ['overdue', 'due', 'upcoming'] : ['overdue', 'due'];
  const { today, timeZone, rows } = queryReviews(ctx, { states, withinDays, ownerId: opts.ownerId });
  return {
    today,
    timeZone,
    withinDays,
    overdue: rows.filter((r) => r.state === 'overdue'),
    due: rows.filter((r) => r.state === 'due'),
    upcoming: rows.filter((r) => r.state === 'upcoming'),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function describeLateness(r: Review): string {
  if (r.state === 'overdue') return `${plural(r.daysLate, 'day')} overdue`;
  if (r.state === 'due') return 'due today';
  return `in ${plural(-r.daysLate, 'day')}`;
}

/** Two lines per review: day, site (client), kind, owner, lateness; then why. */
export function digestLines(r: Review): [string, string] {
  const owner = r.ownerName ? `${r.ownerName} <${r.ownerEmail}>` : 'no owner';
  return [
    `  ${r.dueOn}  ${r.siteName} (${r.clientName})  ${REVIEW_KIND_LABEL[r.kind]}  owner: ${owner}  ${describeLateness(r)}`,
    `              ${/[.!?]$/.test(r.reason) ? r.reason : `${r.reason}.`}${r.waitingOperators.length ? ` Access waits: ${r.waitingOperators.map((o) => o.name).join(', ')}.` : ''}`,
  ];
}

export function headline(d: Pick<Digest, 'overdue' | 'due' | 'upcoming' | 'withinDays'>): string {
  const parts = [`${d.overdue.length} overdue`, `${d.due.length} due today`];
  if (d.withinDays > 0) parts.push(`${d.upcoming.length} upcoming within ${plural(d.withinDays, 'day')}`);
  return parts.join(', ');
}

export function formatDigest(d: Digest): string[] {
  const lines = [`Reviews on ${d.today} (${d.timeZone}): ${headline(d)}`];
  const section = (title: string, rows: Review[]) => {
    if (!rows.length) return;
    lines.push('', title);
    for (const r of rows) lines.push(...digestLines(r));
  };
  section('OVERDUE', d.overdue);
  section('DUE TODAY', d.due);
  section(`UPCOMING (next ${plural(d.withinDays, 'day')})`, d.upcoming);
  if (!d.overdue.length && !d.due.length && !d.upcoming.length) lines.push('Nothing is due.');
  return lines;
}

/** The one coalesced desktop notification for everything due: never one per site. */
export function notificationSummary(
  overdue: Pick<Review, 'siteName' | 'kind' | 'state' | 'daysLate'>[],
  due: Pick<Review, 'siteName' | 'kind' | 'state' | 'daysLate'>[],
) {
  const parts: string[] = [];
  if (overdue.length) parts.push(`${plural(overdue.length, 'review')} overdue`);
  if (due.length) parts.push(`${plural(due.length, 'review')} due today`);
  const all = [...overdue, ...due];
  const shown = all.slice(0, 3).map((r) => `${r.siteName}: ${REVIEW_KIND_LABEL[r.kind]}${r.state === 'overdue' ? ` (${plural(r.daysLate, 'day')} late)` : ''}`);
  if (all.length > 3) shown.push(`and ${all.length - 3} more`);
  return { title: parts.join(', '), body: shown.join('\n') };
}

/** The scheduler's view of the workspace: due and overdue reviews plus the reminder settings. */
export function reminderFacts(ctx: HandlerContext) {
  const settings = getSettings(ctx);
  const d = reminderDigest(ctx);
  const item = (r: Review) => ({ id: r.id, siteName: r.siteName, kind: r.kind, state: r.state as 'overdue' | 'due', daysLate: r.daysLate });
  return {
    today: d.today,
    timeZone: d.timeZone,
    quietHoursStart: settings.quietHoursStart,
    quietHoursEnd: settings.quietHoursEnd,
    notificationsOn: settings.desktopNotifications,
    overdue: d.overdue.map(item),
    due: d.due.map(item),
  };
}
