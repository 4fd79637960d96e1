/**
 * Review due dates. A review is due on a *calendar day in the workspace's time zone*, not at an
 * instant, so DST changes never move it; "today" is computed in that zone from the clock's instant.
 * Recurrences (RRULE) are expanded over floating dates (UTC midnight standing for a local date),
 * which is how rrule recommends handling local-time rules.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, format, parseISO } from 'date-fns';
import * as rrulePackage from 'rrule';
import { REVIEW_KINDS } from '../playbook/schema';
import { inQuietWindow } from './reminders';

// rrule ships CommonJS to Node (whose ESM loader then sees only a default export) and ESM to bundlers.
const { RRule } = ((rrulePackage as { default?: typeof rrulePackage }).default ?? rrulePackage) as typeof rrulePackage;
type RRule = InstanceType<typeof RRule>;

/** A local calendar date, 'YYYY-MM-DD'. */
export type LocalDate = string;

export type ReviewState = 'upcoming' | 'due' | 'overdue' | 'done' | 'skipped';

// Building an Intl formatter costs tens of microseconds and settings are read on every review rule,
// so each zone name is checked once per process.
const zoneValidity = new Map<string, boolean>();

export function isValidTimeZone(tz: string): boolean {
  let valid = zoneValidity.get(tz);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: tz });
      valid = true;
    } catch {
      valid = false;
    }
    if (zoneValidity.size > 1000) zoneValidity.clear();
    zoneValidity.set(tz, valid);
  }
  return valid;
}

// One formatter per zone: building one costs tens of microseconds, and a calendar export asks for the
// day of every review it lists.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day an instant falls on in `tz`. */
export function localDate(instant: Date, tz: string): LocalDate {
  let formatter = dayFormatters.get(tz);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dayFormatters.size > 100) dayFormatters.clear();
    dayFormatters.set(tz, formatter);
  }
  const day = formatter.format(instant);
  // en-CA writes YYYY-MM-DD; anything else (a year before 1000, another ICU's pattern) takes the long way.
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : format(new TZDate(instant, tz), 'yyyy-MM-dd');
}

export function addLocalDays(day: LocalDate, days: number): LocalDate {
  return format(addDays(parseISO(day), days), 'yyyy-MM-dd');
}

/** The instant of `time` (HH:mm) on `day` in `tz`, e.g. the 09:00 reminder of a review; DST-correct. */
export function localTimeInstant(day: LocalDate, time: string, tz: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, tz).getTime());
}

export interface ReviewTiming {
  dueOn: LocalDate;
  doneAt?: string | null;
  skippedAt?: string | null;
  /** Snoozed reviews count as upcoming until this day. */
  snoozedUntil?: LocalDate | null;
}

/** The day a review is due once snoozing is taken into account: the later of its due day and its snooze. */
export function effectiveDue(r: Pick<ReviewTiming, 'dueOn' | 'snoozedUntil'>): LocalDate {
  return r.snoozedUntil && r.snoozedUntil > r.dueOn ? r.snoozedUntil : r.dueOn;
}

/**
 * The first day a snooze can move a review to: after today, and after the day it is already due
 * (snoozing only ever moves a review later, so an earlier day would change nothing).
 */
export function earliestSnooze(r: Pick<ReviewTiming, 'dueOn' | 'snoozedUntil'>, today: LocalDate): LocalDate {
  const day = effectiveDue(r);
  return addLocalDays(day > today ? day : today, 1);
}

/**
 * upcoming before its (effective) day, due on it, overdue after it; done and skipped are final.
 * A snoozed review is upcoming until its snooze day, due on that day, overdue after it.
 */
export function reviewState(r: ReviewTiming, now: Date, tz: string): ReviewState {
  return reviewStateOn(r, localDate(now, tz));
}

/** reviewState on a day already known in the workspace's zone (a list of reviews shares one today). */
export function reviewStateOn(r: ReviewTiming, today: LocalDate): ReviewState {
  if (r.doneAt) return 'done';
  if (r.skippedAt) return 'skipped';
  const day = effectiveDue(r);
  if (day > today) return 'upcoming';
  return day === today ? 'due' : 'overdue';
}

/** First-week review: seven days after the pilot started, on the workspace's calendar. */
export function firstWeekDue(pilotStartedAt: Date, tz: string, offsetDays = 7): LocalDate {
  return addLocalDays(localDate(pilotStartedAt, tz), offsetDays);
}

function floating(day: LocalDate): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/**
 * The next occurrence of a periodic review strictly after `after` (a local date), counting from
 * `start`. Throws with a readable message when the rule is not a valid RRULE.
 */
export function nextPeriodicDue(rrule: string, start: LocalDate, after: LocalDate): LocalDate {
  let rule: RRule;
  try {
    rule = new RRule({ ...RRule.parseString(rrule), dtstart: floating(start), tzid: null });
  } catch {
    throw new Error(`“${rrule}” is not a recurrence rule; write it like FREQ=MONTHLY;INTERVAL=3.`);
  }
  const next = rule.after(floating(after), false);
  if (!next) throw new Error(`The recurrence “${rrule}” has no occurrence after ${after}.`);
  return next.toISOString().slice(0, 10);
}

export const REVIEW_KIND_LABEL = {
  initial_setup: 'Initial setup review',
  first_week: 'First-week review',
  hosting_change: 'Hosting change review',
  before_new_users: 'Before new users review',
  periodic: 'Periodic review',
} as const satisfies Record<(typeof REVIEW_KINDS)[number], string>;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export { REVIEW_KINDS };

/**
 * Who owns a review of each kind, by the site's owner matrix: the first assigned responsibility in
 * the list. Initial setup belongs to the setup owner, a hosting change to the hosting owner, new users
 * to the permissions owner; the primary owner is the fallback for all.
 */
export const REVIEW_OWNER_RESPONSIBILITIES: Record<ReviewKind, readonly string[]> = {
  initial_setup: ['setup', 'primary'],
  first_week: ['primary', 'setup'],
  hosting_change: ['hosting', 'primary'],
  before_new_users: ['permissions', 'primary'],
  periodic: ['primary'],
};

/** The facts of a site's setup record that count as a hosting change when they change. */
export const HOSTING_FIELDS = { host: 'Host', phpVersion: 'PHP', wordpressVersion: 'WordPress', sophmateVersion: 'SophMate' } as const;

/**
 * What changed in the hosting, in plain words ("PHP 8.1 → 8.2, host A → B"), or null when nothing did.
 * Filling in a value that was never recorded is completing the setup record, not a change.
 */
export function describeHostingChange(
  before: Partial<Record<keyof typeof HOSTING_FIELDS, string | null>>,
  after: Partial<Record<keyof typeof HOSTING_FIELDS, string | null>>,
): string | null {
  const parts: string[] = [];
  for (const [key, label] of Object.entries(HOSTING_FIELDS) as [keyof typeof HOSTING_FIELDS, string][]) {
    const b = before[key] ?? null;
    const a = after[key] ?? null;
    if (b === null || b === a) continue;
    parts.push(`${label} ${b} → ${a ?? '(removed)'}`);
  }
  return parts.length ? parts.join(', ') : null;
}

/** The next periodic review after one done or skipped on `today`: never in the past. */
export function nextPeriodicAfter(rrule: string, start: LocalDate, dueOn: LocalDate, today: LocalDate): LocalDate {
  return nextPeriodicDue(rrule, start, dueOn > today ? dueOn : today);
}

/** The first `count` occurrences after `after`, for showing a schedule. */
export function upcomingOccurrences(rrule: string, start: LocalDate, after: LocalDate, count: number): LocalDate[] {
  const out: LocalDate[] = [];
  let cursor = after;
  for (let i = 0; i < count; i++) {
    cursor = nextPeriodicDue(rrule, start, cursor);
    out.push(cursor);
  }
  return out;
}

/** "7d", "2w", "0d" → days. Throws a readable error otherwise. */
export function parseWithin(text: string): number {
  const m = /^(\d{1,4})\s*([dw])$/i.exec(text.trim());
  if (!m) throw new Error(`“${text}” is not a period: write it like 7d (days) or 2w (weeks).`);
  const days = Number(m[1]) * (m[2]!.toLowerCase() === 'w' ? 7 : 1);
  if (days > 3660) throw new Error(`${text} is too far ahead: use at most 3660 days.`);
  return days;
}

/** Whether `now` falls in quiet hours [start, end) on the workspace's clock; the window may wrap midnight. */
export function inQuietHours(now: Date, tz: string, start: string | null, end: string | null): boolean {
  return inQuietWindow(format(new TZDate(now, tz), 'HH:mm'), start, end);
}

/** The day number (days since 1970-01-01) of a valid YYYY-MM-DD, or null for anything else. */
function dayNumber(day: LocalDate): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  // 2026-02-30 is no day (Date.UTC would roll it into March).
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d ? at.getTime() / 86_400_000 : null;
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a !== null && b !== null) return b - a;
  return Math.round((parseISO(to).getTime() - parseISO(from).getTime()) / 86_400_000);
}

/** An RRULE in words ("every quarter", "every 2 weeks"); rules with more than FREQ and INTERVAL are shown as written. */
export function describeRrule(rrule: string): string {
  const parts = Object.fromEntries(rrule.split(';').map((p) => p.split('=') as [string, string]));
  const n = Number(parts.INTERVAL ?? 1);
  const unit = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }[parts.FREQ ?? ''] ?? 'period';
  if (Object.keys(parts).some((k) => !['FREQ', 'INTERVAL'].includes(k))) return rrule;
  if (unit === 'month' && n === 3) return 'every quarter';
  if (unit === 'month' && n === 6) return 'every six months';
  return n === 1 ? `every ${unit}` : `every ${n} ${unit}s`;
}
