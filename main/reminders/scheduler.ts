/**
 * The desktop reminder loop, free of Electron so it is tested under Node: check at start, every
 * 15 minutes and on resume from sleep; put the overdue count on the badge every time; show one
 * coalesced notification when something due or overdue has not been announced today, never during
 * quiet hours (what was held back is announced after them), never when notifications are off or paused
 * for the day. Each review's owner decides too: only reviews of owners who chose the desktop channel
 * (and reviews without an owner) are announced, and not during that owner's own quiet hours (held, and
 * announced after them); the others still count on the badge.
 */
import { inQuietHours } from '@core/domain/cadence';
import type { ReminderChannel } from '@core/domain/reminders';
import { notificationSummary } from './digest';

export const CHECK_EVERY_MS = 15 * 60 * 1000;

export interface ReminderItem {
  id: string;
  siteName: string;
  kind: Parameters<typeof notificationSummary>[0][number]['kind'];
  state: 'overdue' | 'due';
  daysLate: number;
  /** The review's owner's reminder preferences; null or absent: no owner (announced to whoever runs the app). */
  owner?: ReminderOwner | null;
}

export interface ReminderOwner {
  channel: ReminderChannel;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
}

export interface ReminderFacts {
  today: string;
  timeZone: string;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
  notificationsOn: boolean;
  /** This device's reminders are paused for the day (main/reminders/resident.ts). */
  paused?: boolean;
  overdue: ReminderItem[];
  due: ReminderItem[];
}

export interface ReminderDelivery {
  notify(n: { title: string; body: string; overdue: number; due: number }): void;
  setBadge(overdue: number): void;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export type CheckOutcome = 'notified' | 'nothing-new' | 'nothing-due' | 'quiet-hours' | 'notifications-off' | 'paused' | 'failed';

/** Whether a review's owner hears about it by desktop notification (no owner: yes). */
const onDesktop = (r: ReminderItem) => !r.owner || r.owner.channel === 'desktop';

export class ReminderScheduler {
  private handle: unknown = null;
  /** `${day}|${reviewId}` of what was announced: each review at most once a day. */
  private announced = new Set<string>();

  constructor(
    private readonly facts: () => ReminderFacts,
    private readonly now: () => Date,
    private readonly delivery: ReminderDelivery,
    private readonly timers: Timers = { setInterval: (fn, ms) => setInterval(fn, ms), clearInterval: (h) => clearInterval(h as NodeJS.Timeout) },
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  start(): CheckOutcome {
    if (this.handle === null) this.handle = this.timers.setInterval(() => this.check(), CHECK_EVERY_MS);
    return this.check();
  }

  /** After sleep: the interval may have missed the day's change. */
  resume(): CheckOutcome {
    return this.check();
  }

  stop(): void {
    if (this.handle !== null) this.timers.clearInterval(this.handle);
    this.handle = null;
  }

  check(): CheckOutcome {
    let f: ReminderFacts;
    try {
      f = this.facts();
    } catch (err) {
      this.onError(err);
      return 'failed';
    }
    this.delivery.setBadge(f.overdue.length);
    const all = [...f.overdue, ...f.due];
    if (all.length === 0) return 'nothing-due';
    // Yesterday's announcements do not count today.
    for (const key of this.announced) if (!key.startsWith(`${f.today}|`)) this.announced.delete(key);
    const fresh = all.filter((r) => onDesktop(r) && !this.announced.has(`${f.today}|${r.id}`));
    if (fresh.length === 0) return 'nothing-new';
    if (!f.notificationsOn) return 'notifications-off';
    if (f.paused) return 'paused';
    const now = this.now();
    if (inQuietHours(now, f.timeZone, f.quietHoursStart, f.quietHoursEnd)) return 'quiet-hours';
    // An owner in their own quiet hours: their reviews wait for the first check after them.
    const open = (r: ReminderItem) => onDesktop(r) && !(r.owner && inQuietHours(now, f.timeZone, r.owner.quietHoursStart, r.owner.quietHoursEnd));
    if (!fresh.some(open)) return 'quiet-hours';
    const overdue = f.overdue.filter(open);
    const due = f.due.filter(open);
    this.delivery.notify({ ...notificationSummary(overdue, due), overdue: overdue.length, due: due.length });
    for (const r of [...overdue, ...due]) this.announced.add(`${f.today}|${r.id}`);
    return 'notified';
  }
}
