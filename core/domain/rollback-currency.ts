/**
 * Whether a site's last backup and its restore rehearsals are recent enough for its rollback plan to
 * count as current: one rule for the readiness gate ("Rollback plan current"), the Documents tab and
 * the documents. Days are calendar days in UTC: a backup taken on day D counts through the end of day
 * D + the limit, and stops counting at the next midnight (UTC), whatever the hour it was taken.
 * People record the day on their own calendar, which may be ahead of UTC, so a day counts as still to
 * come only until it has begun somewhere (UTC+14, `startsAt`).
 */
import type { RehearsalOutcome } from '../runbook/registry';

const DAY = 86_400_000;

export interface RehearsalFact {
  rehearsedOn: string;
  outcome: RehearsalOutcome;
}

export interface CurrencyFacts {
  now: string;
  lastBackupOn: string | null;
  /** The latest rehearsal (by day, then as recorded), whatever its outcome. */
  latestRehearsal: RehearsalFact | null;
  /** The day of the latest passed rehearsal. */
  lastPassedRehearsalOn: string | null;
  maxBackupAgeDays: number;
  maxRehearsalAgeDays: number;
}

const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The earliest time zone is 14 hours ahead of UTC. */
const EARLIEST_ZONE = 14 * 3_600_000;

/** The instant `day` begins in the earliest time zone: before it, a day recorded as done is still to come. */
export function startsAt(day: string): number {
  return dayStart(day) - EARLIEST_ZONE;
}

/** The day has not begun anywhere yet at `now` (or cannot be read). */
const notBegun = (day: string, now: string) => !(Date.parse(now) >= startsAt(day));

const days = (n: number) => (n === 1 ? 'day' : 'days');

/** Whole days from `day` to `now` (0 on the day itself). */
export function ageInDays(day: string, now: string): number {
  return Math.floor((Date.parse(now) - dayStart(day)) / DAY);
}

/** The instant from which something done on `day` no longer counts under `maxAgeDays`. */
export function expiresAt(day: string, maxAgeDays: number): number {
  return dayStart(day) + (maxAgeDays + 1) * DAY;
}

/**
 * Why the last backup does not count, or null when it does. Each reason keeps its day and figures in
 * brackets, so the same problem on many sites reads as one on the Dashboard (reasonKey drops them).
 */
export function backupProblem(f: CurrencyFacts): string | null {
  if (!f.lastBackupOn) return 'No backup is recorded: take a backup, or check that the latest one exists, and record the day it was taken.';
  if (notBegun(f.lastBackupOn, f.now)) return `The last backup is dated on a day still to come (${f.lastBackupOn}): correct the day the backup was taken.`;
  const age = ageInDays(f.lastBackupOn, f.now);
  if (age > f.maxBackupAgeDays) {
    return `The last backup is too old (taken ${f.lastBackupOn}, ${age} days ago; a backup counts for ${f.maxBackupAgeDays} ${days(f.maxBackupAgeDays)}): take a backup and record the day it was taken.`;
  }
  return null;
}

/**
 * Why the rehearsals do not make the plan current, or null when a recent passed one does. The latest
 * rehearsal failing blocks until a passed one is recorded on a later day (or the same day, after it);
 * an outcome not recorded ('unknown', from before outcomes were kept) never counts as passed.
 */
export function rehearsalProblem(f: CurrencyFacts): string | null {
  const latest = f.latestRehearsal;
  if (!latest) return 'No restore rehearsal is recorded: rehearse a restore on staging and record its outcome.';
  if (latest.outcome === 'failed') {
    return `The last restore rehearsal failed (${latest.rehearsedOn}): fix what failed, rehearse the restore again and record a passed rehearsal.`;
  }
  if (!f.lastPassedRehearsalOn) {
    return `No restore rehearsal is recorded as passed (the one of ${latest.rehearsedOn} has no outcome): rehearse a restore on staging and record its outcome.`;
  }
  if (notBegun(f.lastPassedRehearsalOn, f.now))
    return `The last passed restore rehearsal is dated on a day still to come (${f.lastPassedRehearsalOn}): correct the day it was rehearsed.`;
  const age = ageInDays(f.lastPassedRehearsalOn, f.now);
  if (age > f.maxRehearsalAgeDays) {
    return `The last passed restore rehearsal is too old (${f.lastPassedRehearsalOn}, ${age} days ago; a passed rehearsal counts for ${f.maxRehearsalAgeDays} ${days(f.maxRehearsalAgeDays)}): rehearse a restore on staging again and record its outcome.`;
  }
  return null;
}

/**
 * The instants at which the answer changes by time alone, for stored readiness's validity window:
 * each is the first instant of the new answer (a backup or a passed rehearsal dated on a day still
 * to come starting to count at `startsAt`, and ageing out at `expiresAt`).
 */
export function currencyFlips(f: Omit<CurrencyFacts, 'now' | 'latestRehearsal'>): number[] {
  const out: number[] = [];
  if (f.lastBackupOn) out.push(startsAt(f.lastBackupOn), expiresAt(f.lastBackupOn, f.maxBackupAgeDays));
  if (f.lastPassedRehearsalOn) out.push(startsAt(f.lastPassedRehearsalOn), expiresAt(f.lastPassedRehearsalOn, f.maxRehearsalAgeDays));
  return out.filter(Number.isFinite);
}
