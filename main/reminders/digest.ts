/**
 * What is due: the reviews a lead must hear about (overdue, due today, and optionally upcoming within
 * N days), from the workspace. Used by the CLI (`reminders`), the desktop scheduler and the web harness.
 */
import type { Review } from '@core/contract/reviews';
import type { Settings } from '@core/contract/settings';
import { REVIEW_KIND_LABEL } from '@core/domain/cadence';
import type { HandlerContext } from '../rpc/context';
import { queryReviews } from '../services/reviews';
import { reminderPreferences } from '../services/people';
import { escalationOwners } from '../services/reminders-deliveries';
import { getSettings } from '../services/settings';
import type { ReminderFacts, ReminderItem } from './scheduler';

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

/** Two lines per review: day, site (client), kind, lateness; then why (and, late enough, who to escalate to). */
export function digestLines(r: Review, escalation?: string | null): [string, string] {
  const why = /[.!?]$/.test(r.reason) ? r.reason : `${r.reason}.`;
  const waits = r.waitingOperators.length ? ` Access waits: ${r.waitingOperators.map((o) => o.name).join(', ')}.` : '';
  return [
    `  ${r.dueOn}  ${r.siteName} (${r.clientName})  ${REVIEW_KIND_LABEL[r.kind]}  ${describeLateness(r)}`,
    `              ${why}${waits}${escalation ? ` ${escalation}` : ''}`,
  ];
}

export function headline(d: Pick<Digest, 'overdue' | 'due' | 'upcoming' | 'withinDays'>): string {
  const parts = [`${d.overdue.length} overdue`, `${d.due.length} due today`];
  if (d.withinDays > 0) parts.push(`${d.upcoming.length} upcoming within ${plural(d.withinDays, 'day')}`);
  return parts.join(', ');
}

/** One review in the digest, with the sentence naming the site's escalation owner when it is late enough. */
export interface DigestItem {
  review: Review;
  escalation: string | null;
}

/** One owner's reviews: overdue first, then due today, then upcoming. */
export interface DigestGroup {
  ownerId: string | null;
  /** "Ann Lee <ann@agency.test>", or "No owner". */
  owner: string;
  /** "1 overdue, 2 due today" (only the parts there are). */
  summary: string;
  items: DigestItem[];
}

/** What the CLI prints and the e-mail says, in one shape: the headline and the reviews grouped by owner ("No owner" last). */
export interface DigestModel {
  today: string;
  timeZone: string;
  /** The first line: "Reviews on <day> (<zone>): N overdue, M due today". */
  title: string;
  counts: { overdue: number; due: number; upcoming: number };
  groups: DigestGroup[];
}

/** Groups a digest by owner and names the escalation owner of reviews overdue more than `escalateAfterDays` days. */
export function digestModel(ctx: HandlerContext, d: Digest, settings: Pick<Settings, 'escalateAfterDays'> = getSettings(ctx)): DigestModel {
  const all = [...d.overdue, ...d.due, ...d.upcoming];
  const late = all.filter((r) => r.state === 'overdue' && r.daysLate > settings.escalateAfterDays);
  const escalation = escalationOwners(
    ctx,
    late.map((r) => r.siteId),
  );
  const byOwner = new Map<string | null, DigestGroup>();
  for (const r of all) {
    let g = byOwner.get(r.ownerId);
    if (!g) byOwner.set(r.ownerId, (g = { ownerId: r.ownerId, owner: r.ownerName ? `${r.ownerName} <${r.ownerEmail}>` : 'No owner', summary: '', items: [] }));
    const owner = escalation.get(r.siteId);
    const esc = late.includes(r) ? (owner ? `Escalation owner: ${owner}.` : 'No escalation owner assigned.') : null;
    g.items.push({ review: r, escalation: esc });
  }
  const groups = [...byOwner.values()].sort((a, b) => (a.ownerId === null ? 1 : b.ownerId === null ? -1 : a.owner.localeCompare(b.owner)));
  for (const g of groups) {
    const n = (s: Review['state']) => g.items.filter((i) => i.review.state === s).length;
    const parts = [n('overdue') && `${n('overdue')} overdue`, n('due') && `${n('due')} due today`, n('upcoming') && `${n('upcoming')} upcoming`];
    g.summary = parts.filter(Boolean).join(', ');
  }
  return {
    today: d.today,
    timeZone: d.timeZone,
    title: `Reviews on ${d.today} (${d.timeZone}): ${headline(d)}`,
    counts: { overdue: d.overdue.length, due: d.due.length, upcoming: d.upcoming.length },
    groups,
  };
}

/** The digest as lines: the title, then per owner a heading and two lines per review. The CLI prints these; the e-mail's text body is these. */
export function formatDigest(m: DigestModel): string[] {
  const lines = [m.title];
  for (const g of m.groups) {
    lines.push('', `${g.owner}: ${g.summary}`);
    for (const i of g.items) lines.push(...digestLines(i.review, i.escalation));
  }
  if (!m.groups.length) lines.push('Nothing is due.');
  return lines;
}

/** The part of a digest `keep` selects (one owner's reviews, the rest for the lead). */
export function digestOf(d: Digest, keep: (r: Review) => boolean): Digest {
  return { ...d, overdue: d.overdue.filter(keep), due: d.due.filter(keep), upcoming: d.upcoming.filter(keep) };
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

/**
 * The scheduler's view of the workspace: due and overdue reviews, each with its owner's reminder channel
 * and quiet hours, plus the workspace's reminder settings.
 */
export function reminderFacts(ctx: HandlerContext): ReminderFacts {
  const settings = getSettings(ctx);
  const d = reminderDigest(ctx);
  const ownerIds = [...new Set([...d.overdue, ...d.due].map((r) => r.ownerId).filter((id): id is string => Boolean(id)))];
  const owners = reminderPreferences(ctx, ownerIds);
  const item = (r: Review): ReminderItem => ({
    id: r.id,
    siteName: r.siteName,
    kind: r.kind,
    state: r.state as 'overdue' | 'due',
    daysLate: r.daysLate,
    owner: (r.ownerId && owners.get(r.ownerId)) || null,
  });
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
