/**
 * What automatic backups are kept, and when the daily one is due. Days and ISO weeks are calendar days
 * in the workspace's time zone. Counting works as in common backup tools: "the last 14 days" are the 14
 * most recent days that have a backup, so a laptop left shut for a month comes back to its last two
 * weeks of work, not to an empty folder.
 *
 * Only the backups of one workspace count, told by its identity (BackupInfo.workspaceId), never by its
 * name: a folder may hold several workspaces' backups. A backup dated later than now (a clock that was
 * wrong, a file from a machine whose clock is ahead) takes no day or week and is never removed; it
 * does not stop the daily backup either.
 */
import { getISOWeek, getISOWeekYear } from 'date-fns';
import fs from 'node:fs';
import { listBackups } from './catalogue';
import type { BackupInfo } from './errors';

export interface RetentionOptions {
  keepDaily: number;
  keepWeekly: number;
  now: Date;
  /** The calendar the days and weeks are counted in (default UTC). */
  timeZone?: string;
  /** The workspace whose backups these rules apply to (BackupInfo.workspaceId); others' are never touched. */
  workspaceId: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Safety copies: taken before something replaced or rewrote the workspace, they are the way back from it. */
export const SAFETY_REASONS: readonly BackupInfo['reason'][] = ['before-restore', 'before-migration', 'before-import'];
/** Of each kind of safety copy, this many of the newest are kept, whatever their age… */
export const SAFETY_KEEP_NEWEST = 10;
/** …and every one younger than this. */
export const SAFETY_KEEP_DAYS = 30;
/** How far ahead of now a backup's time may be and still count as taken now (clocks of two machines differ a little). */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** Whether a backup time is later than `now` beyond the tolerance (or cannot be read). */
export function isFutureDated(createdAt: string, now: Date): boolean {
  const at = new Date(createdAt).getTime();
  return Number.isNaN(at) || at > now.getTime() + FUTURE_TOLERANCE_MS;
}
const formats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of `at` on the calendar of `timeZone`. */
export function calendarDay(at: Date, timeZone = 'UTC'): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, f);
  }
  return f.format(at);
}

function isoWeek(at: Date, timeZone?: string): string {
  const [y, m, d] = calendarDay(at, timeZone).split('-').map(Number);
  const local = new Date(y!, m! - 1, d!, 12);
  return `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, '0')}`;
}

/**
 * Daily backups: keeps the newest of each of the last `keepDaily` days and of each of the last
 * `keepWeekly` ISO weeks, and every one less than a day old. Safety copies ('before-restore',
 * 'before-migration', 'before-import') have their own rule, so daily thinning never takes the way
 * back from a restore or an import: of each reason the newest SAFETY_KEEP_NEWEST and every one younger
 * than SAFETY_KEEP_DAYS days are kept. Only backups of the workspace `workspaceId` are removed. Never
 * removed: backups made by hand ('manual'), other workspaces' backups, backups without an identity
 * (written before it was recorded), backups dated in the future, and files that cannot be read as
 * backups. Returns the files removed.
 */
export function applyRetention(folder: string, opts: RetentionOptions): string[] {
  const ours = listBackups(folder).filter(
    (b) => b.reason !== 'manual' && b.name.endsWith('.rwbackup') && b.workspaceId === opts.workspaceId && !isFutureDated(b.createdAt, opts.now),
  );
  const automatic = ours.filter((b) => !SAFETY_REASONS.includes(b.reason));
  const safety = ours.filter((b) => SAFETY_REASONS.includes(b.reason));
  const keep = new Set<string>();
  for (const reason of SAFETY_REASONS) {
    // listBackups answers newest first.
    safety
      .filter((b) => b.reason === reason)
      .forEach((b, i) => {
        if (i < SAFETY_KEEP_NEWEST || new Date(b.createdAt).getTime() > opts.now.getTime() - SAFETY_KEEP_DAYS * DAY_MS) keep.add(b.file);
      });
  }
  const days = new Set<string>();
  const weeks = new Set<string>();
  for (const b of automatic) {
    const at = new Date(b.createdAt);
    if (at.getTime() > opts.now.getTime() - DAY_MS) keep.add(b.file);
    const day = calendarDay(at, opts.timeZone);
    if (!days.has(day) && days.size < opts.keepDaily) {
      days.add(day);
      keep.add(b.file);
    }
    const week = isoWeek(at, opts.timeZone);
    if (!weeks.has(week) && weeks.size < opts.keepWeekly) {
      weeks.add(week);
      keep.add(b.file);
    }
  }
  const removed: string[] = [];
  for (const b of ours) {
    if (keep.has(b.file)) continue;
    fs.rmSync(b.file, { force: true });
    removed.push(b.file);
  }
  return removed;
}

/**
 * The time of the newest daily backup of workspace `workspaceId` among `entries`, leaving out those
 * dated in the future (they would hold the daily backup off until their date), or null.
 */
export function lastDailyBackup(entries: readonly BackupInfo[], workspaceId: string | null, now: Date): string | null {
  let last: string | null = null;
  for (const e of entries) {
    if (e.reason !== 'daily' || e.workspaceId !== workspaceId || isFutureDated(e.createdAt, now)) continue;
    if (last === null || e.createdAt > last) last = e.createdAt;
  }
  return last;
}

/**
 * Whether the automatic daily backup is due: none yet, or the last one was taken on an earlier day of
 * the workspace's calendar. One dated later than now (beyond a few minutes) makes it due: its date
 * cannot be trusted, and waiting for it could leave the workspace without a backup for years.
 */
export function dailyBackupDue(last: string | null, now: Date, timeZone: string): boolean {
  if (last === null) return true;
  const at = new Date(last);
  if (Number.isNaN(at.getTime()) || isFutureDated(last, now)) return true;
  return calendarDay(at, timeZone) < calendarDay(now, timeZone);
}
