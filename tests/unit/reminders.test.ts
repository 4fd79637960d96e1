import { describe, expect, it } from 'vitest';
import { describeHostingChange, inQuietHours, nextPeriodicAfter, parseWithin, upcomingOccurrences } from '@core/domain/cadence';
import { notificationSummary } from '@main/reminders/digest';
import { CHECK_EVERY_MS, ReminderScheduler, type ReminderFacts, type ReminderItem } from '@main/reminders/scheduler';

function item(id: string, state: 'overdue' | 'due', daysLate = state === 'due' ? 0 : 2): ReminderItem {
  return { id, siteName: `Site ${id}`, kind: 'periodic', state, daysLate };
}

/** A scheduler wired to fakes: a settable clock, settable facts, recorded deliveries and timers. */
function harness(initial: Partial<ReminderFacts> = {}) {
  let now = new Date('2026-11-25T10:00:00Z');
  let facts: ReminderFacts = {
    today: '2026-11-25',
    timeZone: 'Europe/London',
    quietHoursStart: null,
    quietHoursEnd: null,
    notificationsOn: true,
    overdue: [],
    due: [],
    ...initial,
  };
  const notes: { title: string; body: string; overdue: number; due: number }[] = [];
  const badges: number[] = [];
  const intervals: { fn: () => void; ms: number }[] = [];
  let cleared = 0;
  const scheduler = new ReminderScheduler(
    () => facts,
    () => now,
    { notify: (n) => notes.push(n), setBadge: (n) => badges.push(n) },
    { setInterval: (fn, ms) => (intervals.push({ fn, ms }), intervals.length), clearInterval: () => void cleared++ },
  );
  return {
    scheduler,
    notes,
    badges,
    intervals,
    cleared: () => cleared,
    set(f: Partial<ReminderFacts>) {
      facts = { ...facts, ...f };
    },
    at(iso: string) {
      now = new Date(iso);
    },
  };
}

describe('the reminder scheduler', () => {
  it('checks at start and every 15 minutes, with one coalesced notification for all due sites', () => {
    const h = harness({ overdue: [item('a', 'overdue'), item('b', 'overdue', 5)], due: [item('c', 'due'), item('d', 'due')] });
    expect(h.scheduler.start()).toBe('notified');
    expect(h.intervals).toHaveLength(1);
    expect(h.intervals[0]!.ms).toBe(CHECK_EVERY_MS);
    expect(CHECK_EVERY_MS).toBe(900_000);
    expect(h.notes).toEqual([
      {
        title: '2 reviews overdue, 2 reviews due today',
        body: 'Site a: Periodic review (2 days late)\nSite b: Periodic review (5 days late)\nSite c: Periodic review\nand 1 more',
        overdue: 2,
        due: 2,
      },
    ]);
    expect(h.badges).toEqual([2]);
    // Starting twice does not add a second timer.
    h.scheduler.start();
    expect(h.intervals).toHaveLength(1);
  });

  it('does not repeat itself: the next checks stay silent until something new is due or the day changes', () => {
    const h = harness({ overdue: [item('a', 'overdue')] });
    h.scheduler.start();
    h.intervals[0]!.fn();
    h.intervals[0]!.fn();
    expect(h.notes).toHaveLength(1);
    expect(h.badges).toEqual([1, 1, 1]);
    h.set({ due: [item('n', 'due')] });
    expect(h.scheduler.check()).toBe('notified');
    expect(h.notes[1]!.title).toBe('1 review overdue, 1 review due today');
    h.set({ today: '2026-11-26' });
    expect(h.scheduler.resume()).toBe('notified');
    expect(h.notes).toHaveLength(3);
  });

  it('holds notifications during quiet hours (across midnight) and delivers them after; the badge still updates', () => {
    const h = harness({ overdue: [item('a', 'overdue')], quietHoursStart: '22:00', quietHoursEnd: '07:00' });
    h.at('2026-11-25T23:30:00Z');
    expect(h.scheduler.start()).toBe('quiet-hours');
    h.at('2026-11-26T06:59:00Z');
    h.set({ today: '2026-11-26' });
    expect(h.scheduler.check()).toBe('quiet-hours');
    expect(h.notes).toHaveLength(0);
    expect(h.badges).toEqual([1, 1]);
    h.at('2026-11-26T07:00:00Z');
    expect(h.scheduler.check()).toBe('notified');
    expect(h.notes).toHaveLength(1);
  });

  it('with notifications off only the badge changes; with nothing due nothing is shown', () => {
    const h = harness({ overdue: [item('a', 'overdue')], notificationsOn: false });
    expect(h.scheduler.start()).toBe('notifications-off');
    expect(h.notes).toHaveLength(0);
    h.set({ overdue: [], notificationsOn: true });
    expect(h.scheduler.check()).toBe('nothing-due');
    expect(h.badges).toEqual([1, 0]);
    h.scheduler.stop();
    expect(h.cleared()).toBe(1);
  });

  it("announces only reviews whose owner chose the desktop (or that have no owner), holding an owner's during their quiet hours", () => {
    const mail = { channel: 'email' as const, quietHoursStart: null, quietHoursEnd: null };
    const night = { channel: 'desktop' as const, quietHoursStart: '09:00', quietHoursEnd: '11:00' };
    const h = harness({
      overdue: [
        { ...item('e', 'overdue'), owner: mail },
        { ...item('q', 'overdue'), owner: night },
      ],
      due: [item('n', 'due'), { ...item('d', 'due'), owner: { channel: 'desktop', quietHoursStart: null, quietHoursEnd: null } }],
    });
    // 10:00 in London: the owner of "q" is in their quiet hours; "e" goes by e-mail only.
    expect(h.scheduler.start()).toBe('notified');
    expect(h.notes).toEqual([{ title: '2 reviews due today', body: 'Site n: Periodic review\nSite d: Periodic review', overdue: 0, due: 2 }]);
    expect(h.badges).toEqual([2]);
    h.at('2026-11-25T10:59:00Z');
    expect(h.scheduler.check()).toBe('quiet-hours');
    h.at('2026-11-25T11:00:00Z');
    expect(h.scheduler.check()).toBe('notified');
    expect(h.notes[1]).toMatchObject({ title: '1 review overdue, 2 reviews due today', overdue: 1, due: 2 });
    expect(h.notes[1]!.body).not.toContain('Site e');
    expect(h.scheduler.check()).toBe('nothing-new');
    // Only e-mail and "none" owners: nothing to announce, the badge still counts them.
    const only = harness({
      overdue: [
        { ...item('e', 'overdue'), owner: mail },
        { ...item('x', 'overdue'), owner: { ...mail, channel: 'none' } },
      ],
    });
    expect(only.scheduler.start()).toBe('nothing-new');
    expect(only.badges).toEqual([2]);
  });

  it('paused for the day: nothing is announced until the pause ends, and then what is still fresh is', () => {
    const h = harness({ overdue: [item('a', 'overdue')], paused: true });
    expect(h.scheduler.start()).toBe('paused');
    expect(h.notes).toHaveLength(0);
    h.set({ paused: false });
    expect(h.scheduler.check()).toBe('notified');
  });

  it('a failing check reports the error and keeps the scheduler alive', () => {
    const errors: unknown[] = [];
    const s = new ReminderScheduler(
      () => {
        throw new Error('database is locked');
      },
      () => new Date(),
      { notify: () => {}, setBadge: () => {} },
      { setInterval: () => 1, clearInterval: () => {} },
      (e) => errors.push(e),
    );
    expect(s.start()).toBe('failed');
    expect((errors[0] as Error).message).toBe('database is locked');
  });
});

describe('cadence helpers', () => {
  it('quiet hours in the workspace zone, across DST', () => {
    // 21:30 UTC on 28 March 2026 is 21:30 GMT; a day later (BST) 21:30 UTC is 22:30 local.
    expect(inQuietHours(new Date('2026-03-28T21:30:00Z'), 'Europe/London', '22:00', '07:00')).toBe(false);
    expect(inQuietHours(new Date('2026-03-29T21:30:00Z'), 'Europe/London', '22:00', '07:00')).toBe(true);
    expect(inQuietHours(new Date('2026-03-29T12:00:00Z'), 'Europe/London', '12:00', '13:00')).toBe(false);
    expect(inQuietHours(new Date('2026-03-29T11:30:00Z'), 'Europe/London', '12:00', '13:00')).toBe(true);
    expect(inQuietHours(new Date('2026-03-29T11:30:00Z'), 'Europe/London', null, null)).toBe(false);
  });

  it('parses --within periods and refuses others with the fix', () => {
    expect(parseWithin('7d')).toBe(7);
    expect(parseWithin('2w')).toBe(14);
    expect(parseWithin('0d')).toBe(0);
    expect(() => parseWithin('7')).toThrow('“7” is not a period: write it like 7d (days) or 2w (weeks).');
    expect(() => parseWithin('9999w')).toThrow(/too far ahead/);
  });

  it('describes hosting changes and ignores first-time values', () => {
    expect(describeHostingChange({ host: 'Kinsta', phpVersion: '8.1' }, { host: 'Kinsta', phpVersion: '8.2' })).toBe('PHP 8.1 → 8.2');
    expect(describeHostingChange({ host: null, phpVersion: null }, { host: 'Kinsta', phpVersion: '8.2' })).toBeNull();
    expect(describeHostingChange({ wordpressVersion: '6.6' }, { wordpressVersion: null })).toBe('WordPress 6.6 → (removed)');
  });

  it('periodic dates: never in the past after a late review; month ends clamp per RRULE', () => {
    expect(nextPeriodicAfter('FREQ=MONTHLY;INTERVAL=3', '2026-01-15', '2026-04-15', '2026-09-01')).toBe('2026-10-15');
    expect(nextPeriodicAfter('FREQ=MONTHLY;INTERVAL=3', '2026-01-15', '2026-04-15', '2026-04-10')).toBe('2026-07-15');
    expect(upcomingOccurrences('FREQ=WEEKLY;BYDAY=MO', '2026-11-25', '2026-11-25', 3)).toEqual(['2026-11-30', '2026-12-07', '2026-12-14']);
  });

  it('the notification summary names at most three sites', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ siteName: `S${i}`, kind: 'first_week' as const, state: 'overdue' as const, daysLate: 1 }));
    const s = notificationSummary(many, []);
    expect(s.title).toBe('40 reviews overdue');
    expect(s.body.split('\n')).toEqual([
      'S0: First-week review (1 day late)',
      'S1: First-week review (1 day late)',
      'S2: First-week review (1 day late)',
      'and 37 more',
    ]);
  });
});
