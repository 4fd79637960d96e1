/**
 * The reviews calendar as a calendar app sees it: an overdue review is an event on today's date in
 * the workspace's time zone ("Overdue since …"), with the same UID on every export and a SEQUENCE
 * that only grows; a review due later keeps its day; finishing an overdue review cancels the event
 * on the day it was last shown.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { openTestWorkspace } from './helpers';

const DAY = 24 * 3600 * 1000;

function events(text: string) {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('reviews.calendar', () => {
  it('puts an overdue review on today in the workspace time zone, keeps its UID, and leaves a future review on its day', async () => {
    const ws = openTestWorkspace();
    await ws.call('settings.update', { timeZone: 'Pacific/Auckland', reminderTime: '08:30' });
    const client = await ws.call('clients.create', { name: 'Northwind' });
    // Created 1 March 23:00 in Auckland: both initial setup reviews are due on 1 March.
    const late = await ws.call('sites.create', { clientId: client.id, name: 'Late Shop', productionUrl: 'https://late.test' });
    const done = await ws.call('sites.create', { clientId: client.id, name: 'Tidy Shop', productionUrl: 'https://tidy.test' });
    const [tidyInitial] = (await ws.call('reviews.forSite', { siteId: done.id })).reviews;
    await ws.call('reviews.complete', { id: tidyInitial!.id, version: tidyInitial!.version, notes: 'Checked' });

    // 10 March 20:00 UTC is 11 March 09:00 in Auckland: the calendar's today is the 11th, not the 10th.
    ws.clock.advance(new Date('2026-03-10T20:00:00Z').getTime() - ws.clock.now().getTime());
    const first = events((await ws.call('reviews.calendar', {})).content);
    const overdue = first.find((e) => e.summary.includes('Late Shop'))!;
    expect(overdue.summary).toBe('Overdue since 2026-03-01: Initial setup review: Late Shop');
    expect(overdue.startDate.isDate).toBe(true);
    expect(overdue.startDate.toString()).toBe('2026-03-11');
    expect(overdue.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(overdue.description).toContain('Overdue on 2026-03-11: 10 days late.');
    expect(overdue.component.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger')!.toString()).toBe('PT8H30M');
    const periodic = first.find((e) => e.summary === 'Periodic review: Tidy Shop')!;
    expect(periodic.startDate.toString()).toBe('2026-06-01');

    // The next day's export: the same event (UID) moved to the new today, superseding the last one.
    ws.clock.advance(DAY);
    const second = events((await ws.call('reviews.calendar', {})).content);
    const moved = second.find((e) => e.uid === overdue.uid)!;
    expect(moved.startDate.toString()).toBe('2026-03-12');
    expect(moved.sequence).toBeGreaterThan(overdue.sequence);
    expect(second.map((e) => e.uid).sort()).toEqual(first.map((e) => e.uid).sort());
    const samePeriodic = second.find((e) => e.uid === periodic.uid)!;
    expect(samePeriodic.startDate.toString()).toBe('2026-06-01');
    expect(samePeriodic.sequence).toBe(periodic.sequence);

    // Done on the 12th: the event is cancelled where it was last shown, with a higher SEQUENCE.
    const [lateInitial] = (await ws.call('reviews.forSite', { siteId: late.id })).reviews;
    await ws.call('reviews.complete', { id: lateInitial!.id, version: lateInitial!.version, notes: 'Finally checked' });
    const third = events((await ws.call('reviews.calendar', {})).content);
    const cancelled = third.find((e) => e.uid === overdue.uid)!;
    expect(cancelled.summary).toBe('Done: Initial setup review: Late Shop');
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.startDate.toString()).toBe('2026-03-12');
    expect(cancelled.sequence).toBeGreaterThan(moved.sequence);
  });

  it('keeps a review finished long after its due day in the file, so calendars learn it is done', async () => {
    const ws = openTestWorkspace();
    await ws.call('settings.update', { timeZone: 'Europe/London' });
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, name: 'Slow Shop', productionUrl: 'https://slow.test' });
    // Due 1 March, finished 200 days later: older than the 90 days kept by due day, recent by finish day.
    ws.clock.advance(200 * DAY);
    const before = events((await ws.call('reviews.calendar', {})).content).find((e) => e.summary.includes('Initial setup review'))!;
    expect(before.summary).toBe('Overdue since 2026-03-01: Initial setup review: Slow Shop');
    expect(before.startDate.toString()).toBe('2026-09-17');
    const [r] = (await ws.call('reviews.forSite', { siteId: site.id })).reviews;
    await ws.call('reviews.skip', { id: r!.id, version: r!.version, reason: 'Site rebuilt, a new review is planned' });
    const after = events((await ws.call('reviews.calendar', {})).content).find((e) => e.uid === before.uid)!;
    expect(after.summary).toBe('Skipped: Initial setup review: Slow Shop');
    expect(after.startDate.toString()).toBe('2026-09-17');
    expect(after.sequence).toBeGreaterThan(before.sequence);
  });
});
