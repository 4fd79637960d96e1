/**
 * The desktop reminder loop, free of Electron so it is tested under Node: check at start, every
 * 15 minutes and on resume from sleep; put the overdue count on the badge every time; show one
 * coalesced notification when something due or overdue has not been announced today, never during
 * quiet hours (what was held back is announced after them), never when notifications are off.
 */
import { inQuietHours } from '@core/domain/cadence';
import { notificationSummary } from './digest';

export const CHECK_EVERY_MS = 15 * 60 * 1000;

export interface ReminderItem {
  id: string;
  siteName: string;
  kind: Parameters<typeof notificationSummary>[0][number]['kind'];
  state: 'overdue' | 'due';
  daysLate: number;
}

export interface ReminderFacts {
  today: string;
  timeZone: string;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
  notificationsOn: boolean;
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

export type CheckOutcome = 'notified' | 'nothing-new' | 'nothing-due' | 'quiet-hours' | 'notifications-off' | 'failed';

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
    const fresh = all.filter((r) => !this.announced.has(`${f.today}|${r.id}`));
    if (fresh.length === 0) return 'nothing-new';
    if (!f.notificationsOn) return 'notifications-off';
    if (inQuietHours(this.now(), f.timeZone, f.quietHoursStart, f.quietHoursEnd)) return 'quiet-hours';
    const summary = notificationSummary(f.overdue, f.due);
    this.delivery.notify({ ...summary, overdue: f.overdue.length, due: f.due.length });
    for (const r of all) this.announced.add(`${f.today}|${r.id}`);
    return 'notified';
  }
}
