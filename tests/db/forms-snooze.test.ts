import { describe, expect, it } from 'vitest';
import { earliestSnooze } from '@core/domain/cadence';
import { fullSite, openTestWorkspace, type TestWorkspace } from './helpers';

const DAY = 86_400_000;

async function upcomingPeriodic(ws: TestWorkspace) {
  await ws.call('settings.update', { timeZone: 'Europe/London' });
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const site = await ws.call('sites.create', { clientId: client.id, ...fullSite, stage: 'setup' });
  const [initial] = (await ws.call('reviews.forSite', { siteId: site.id })).reviews;
  const done = await ws.call('reviews.complete', { id: initial!.id, version: initial!.version, notes: 'Setup record checked' });
  return { site, review: done.next! };
}

async function snoozeEntries(ws: TestWorkspace, siteId: string) {
  return (await ws.call('history.list', { siteId, entity: 'review' })).rows.filter((r) => r.action === 'review-snooze');
}

describe('snoozing only ever moves a review later', () => {
  it('the earliest snooze day is the day after today or after the day the review is already due, whichever is later', () => {
    expect(earliestSnooze({ dueOn: '2026-06-01', snoozedUntil: null }, '2026-03-01')).toBe('2026-06-02');
    expect(earliestSnooze({ dueOn: '2026-02-20', snoozedUntil: null }, '2026-03-01')).toBe('2026-03-02');
    expect(earliestSnooze({ dueOn: '2026-02-20', snoozedUntil: '2026-03-05' }, '2026-03-01')).toBe('2026-03-06');
  });

  it('an upcoming review snoozed "until tomorrow" is refused on the field, nothing is written and history stays silent', async () => {
    const ws = openTestWorkspace();
    const { site, review } = await upcomingPeriodic(ws);
    expect(review).toMatchObject({ state: 'upcoming', dueOn: '2026-06-01' });

    const tomorrow = await ws.fail('reviews.snooze', { id: review.id, version: review.version, until: '2026-03-02' });
    expect(tomorrow.code).toBe('INVALID_INPUT');
    expect(tomorrow.details?.issues?.[0]).toEqual({
      path: 'until',
      message: 'This review is already due on 2026-06-01, so snoozing it until 2026-03-02 would change nothing: choose 2026-06-02 or later.',
    });
    const sameDay = await ws.fail('reviews.snooze', { id: review.id, version: review.version, until: '2026-06-01' });
    expect(sameDay.details?.issues?.[0]?.path).toBe('until');

    const unchanged = (await ws.call('reviews.forSite', { siteId: site.id })).reviews.find((r) => r.id === review.id)!;
    expect(unchanged).toMatchObject({ version: review.version, snoozedUntil: null, dueOn: '2026-06-01', state: 'upcoming' });
    expect(await snoozeEntries(ws, site.id)).toEqual([]);
  });

  it('a snooze past the due day moves it and logs what really changed; the same snooze again is refused, not logged twice', async () => {
    const ws = openTestWorkspace();
    const { site, review } = await upcomingPeriodic(ws);
    const moved = await ws.call('reviews.snooze', { id: review.id, version: review.version, until: '2026-06-02' });
    expect(moved).toMatchObject({ snoozedUntil: '2026-06-02', daysLate: -93, state: 'upcoming' });
    const [entry] = await snoozeEntries(ws, site.id);
    expect(entry!.summary).toContain('(due 2026-06-01) snoozed until 2026-06-02');

    const again = await ws.fail('reviews.snooze', { id: review.id, version: moved.version, until: '2026-06-02' });
    expect(again.details?.issues?.[0]?.message).toContain('already due on 2026-06-02');
    expect(await snoozeEntries(ws, site.id)).toHaveLength(1);
  });

  it('an overdue review may still be snoozed until tomorrow', async () => {
    const ws = openTestWorkspace();
    const { site } = await upcomingPeriodic(ws);
    ws.clock.advance(100 * DAY);
    const overdue = (await ws.call('reviews.forSite', { siteId: site.id })).reviews.find((r) => r.kind === 'periodic' && r.state === 'overdue')!;
    const snoozed = await ws.call('reviews.snooze', { id: overdue.id, version: overdue.version, until: '2026-06-10' });
    expect(snoozed).toMatchObject({ state: 'upcoming', snoozedUntil: '2026-06-10' });
  });

  it('assigning a review to the person it is already assigned to is refused and not logged', async () => {
    const ws = openTestWorkspace();
    const { site, review } = await upcomingPeriodic(ws);
    const bob = await ws.call('people.create', { name: 'Bob Ray', email: 'bob@agency.test', organisation: 'agency' });
    const assigned = await ws.call('reviews.assign', { id: review.id, version: review.version, ownerId: bob.id });
    const same = await ws.fail('reviews.assign', { id: review.id, version: assigned.version, ownerId: bob.id });
    expect(same.details?.issues?.[0]).toEqual({ path: 'ownerId', message: 'The review is already assigned to Bob Ray: choose someone else.' });
    const assigns = (await ws.call('history.list', { siteId: site.id, entity: 'review' })).rows.filter((r) => r.action === 'review-assign');
    expect(assigns).toHaveLength(1);
  });
});
