/**
 * Review due dates. A review is due on a *calendar day in the workspace's time zone*, not at an
 * instant, so DST changes never move it; "today" is computed in that zone from the clock's instant.
 * Recurrences (RRULE) are expanded over floating dates (UTC midnight standing for a local date),
 * which is how rrule recommends handling local-time rules.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, format, parseISO } from 'date-fns';
import { RRule } from 'rrule';

/** A local calendar date, 'YYYY-MM-DD'. */
export type LocalDate = string;

export type ReviewState = 'upcoming' | 'due' | 'overdue' | 'done' | 'skipped';

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The calendar day an instant falls on in `tz`. */
export function localDate(instant: Date, tz: string): LocalDate {
  return format(new TZDate(instant, tz), 'yyyy-MM-dd');
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

export function reviewState(r: ReviewTiming, now: Date, tz: string): ReviewState {
  if (r.doneAt) return 'done';
  if (r.skippedAt) return 'skipped';
  const today = localDate(now, tz);
  if (r.snoozedUntil && r.snoozedUntil > today) return 'upcoming';
  if (r.dueOn > today) return 'upcoming';
  return r.dueOn === today ? 'due' : 'overdue';
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
