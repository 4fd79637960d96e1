import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { firstWeekAreas } from '../factories/index';
import { fixedClock, fullSite, openTestWorkspace, type TestWorkspace } from './helpers';

const DAY = 86_400_000;

async function siteWithOwners(ws: TestWorkspace, timeZone = 'Europe/London') {
  await ws.call('settings.update', { timeZone });
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const ann = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  const bob = await ws.call('people.create', { name: 'Bob Ray', email: 'bob@agency.test', organisation: 'agency' });
  const site = await ws.call('sites.create', { clientId: client.id, ...fullSite, stage: 'setup' });
  return { client, ann, bob, site };
}

async function reviewsOf(ws: TestWorkspace, siteId: string) {
  return (await ws.call('reviews.forSite', { siteId })).reviews;
}

async function openOf(ws: TestWorkspace, siteId: string, kind: string) {
  return (await reviewsOf(ws, siteId)).find((r) => r.kind === kind && (r.state === 'upcoming' || r.state === 'due' || r.state === 'overdue'));
}

async function moveTo(ws: TestWorkspace, siteId: string, to: 'pilot' | 'adoption' | 'retired' | 'setup') {
  const s = await ws.call('sites.get', { id: siteId });
  await ws.call('sites.changeStage', { siteId, version: s.version, to, overrideReason: 'Moved for the review test' });
}

describe('reviews planned by cadence rules', () => {
  it('a new site gets its initial-setup review due today; completing it plans the periodic review a quarter later', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteWithOwners(ws);
    const [initial] = await reviewsOf(ws, site.id);
    expect(initial).toMatchObject({ kind: 'initial_setup', dueOn: '2026-03-01', state: 'due', reason: 'The site was created.', daysLate: 0, ownerId: null });

    const done = await ws.call('reviews.complete', {
      id: initial!.id,
      version: initial!.version,
      notes: 'Setup record and owners checked',
      findings: 'Backups owner missing',
    });
    expect(done.review).toMatchObject({ state: 'done', notes: 'Setup record and owners checked', findings: 'Backups owner missing', doneBy: 'tester' });
    expect(done.next).toMatchObject({ kind: 'periodic', dueOn: '2026-06-01', state: 'upcoming', reason: 'Cadence every quarter.' });
    const history = await ws.call('history.list', { siteId: site.id, entity: 'review' });
    expect(history.rows.map((r) => r.action)).toEqual(['review-plan', 'review-done', 'review-plan']);
    expect(history.rows[1]!.summary).toContain('done with findings: Backups owner missing');
  });

  it('the owner comes from the owner matrix by kind: setup owner for initial setup, hosting owner for a hosting change', async () => {
    const ws = openTestWorkspace();
    await ws.call('settings.update', { timeZone: 'Europe/London' });
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const ann = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
    const bob = await ws.call('people.create', { name: 'Bob Ray', email: 'bob@agency.test', organisation: 'agency' });
    const site = await ws.call('sites.create', { clientId: client.id, ...fullSite });
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'primary', ownerId: ann.id });
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'hosting', ownerId: bob.id });
    const fresh = await ws.call('sites.get', { id: site.id });
    await ws.call('sites.update', { ...fresh, id: site.id, version: fresh.version, phpVersion: '8.3' });
    const hosting = await openOf(ws, site.id, 'hosting_change');
    expect(hosting).toMatchObject({ ownerName: 'Bob Ray', ownerEmail: 'bob@agency.test', ownerFollowsMatrix: true, reason: 'PHP 8.2 → 8.3' });
    const initial = (await openOf(ws, site.id, 'initial_setup'))!;
    // No setup owner: the primary owner stands in.
    expect(initial.ownerName).toBe('Ann Lee');
    // Handing hosting to Ann moves the open review with it; an explicit assignment stays put.
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'hosting', ownerId: ann.id });
    expect((await openOf(ws, site.id, 'hosting_change'))!.ownerName).toBe('Ann Lee');
    const pinned = await ws.call('reviews.assign', { id: initial.id, version: initial.version, ownerId: bob.id });
    expect(pinned).toMatchObject({ ownerName: 'Bob Ray', ownerFollowsMatrix: false });
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'primary', ownerId: bob.id });
    const done = await ws.call('reviews.complete', { id: pinned.id, version: pinned.version, notes: 'ok' });
    expect(done.review.ownerName).toBe('Bob Ray');
    expect(done.next).toMatchObject({ kind: 'periodic', ownerName: 'Bob Ray', ownerFollowsMatrix: true });
  });

  it('a hosting change names what changed; a second change joins the open review; filling in a blank is not a change', async () => {
    const ws = openTestWorkspace();
    const { client, site } = await siteWithOwners(ws);
    let s = await ws.call('sites.get', { id: site.id });
    s = await ws.call('sites.update', { ...s, id: s.id, version: s.version, phpVersion: '8.3', host: 'WP Engine' });
    let hosting = await openOf(ws, site.id, 'hosting_change');
    expect(hosting).toMatchObject({ reason: 'Host Kinsta → WP Engine, PHP 8.2 → 8.3', dueOn: '2026-03-01', state: 'due' });
    ws.clock.advance(2 * DAY);
    await ws.call('sites.update', { ...s, id: s.id, version: s.version, sophmateVersion: '2.5.0' });
    hosting = await openOf(ws, site.id, 'hosting_change');
    expect(hosting).toMatchObject({
      reason: 'Host Kinsta → WP Engine, PHP 8.2 → 8.3; then SophMate 2.4.1 → 2.5.0',
      dueOn: '2026-03-01',
      state: 'overdue',
      daysLate: 2,
    });
    expect((await reviewsOf(ws, site.id)).filter((r) => r.kind === 'hosting_change')).toHaveLength(1);

    const blank = await ws.call('sites.create', { clientId: client.id, name: 'Blog', productionUrl: 'https://blog.northwind.test' });
    await ws.call('sites.update', { ...blank, id: blank.id, version: blank.version, phpVersion: '8.2', notes: 'filled in' });
    expect(await openOf(ws, blank.id, 'hosting_change')).toBeUndefined();
  });

  it('the first-week review is planned 7 calendar days after the pilot starts and decides the checklist item', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteWithOwners(ws);
    let readiness = await ws.call('readiness.get', { siteId: site.id });
    expect(readiness.checklist.find((c) => c.id === 'first-week-review')).toMatchObject({
      computed: true,
      status: 'open',
      why: 'No first-week review yet: it is planned when the site moves into Pilot.',
    });
    const refused = await ws.fail('readiness.setItem', {
      siteId: site.id,
      kind: 'checklist',
      itemId: 'first-week-review',
      status: 'done',
      evidence: 'trust me',
    });
    expect(refused.code).toBe('REFUSED');

    await moveTo(ws, site.id, 'pilot');
    const firstWeek = (await openOf(ws, site.id, 'first_week'))!;
    expect(firstWeek).toMatchObject({ dueOn: '2026-03-08', state: 'upcoming', daysLate: -7, reason: 'The pilot started on 2026-03-01.' });
    readiness = await ws.call('readiness.get', { siteId: site.id });
    expect(readiness.checklist.find((c) => c.id === 'first-week-review')).toMatchObject({
      status: 'open',
      why: 'The first-week review (due 2026-03-08) is not done yet.',
    });

    // The week is not over: finishing now takes an override; on its due day it does not.
    const areas = firstWeekAreas();
    const early = await ws.fail('reviews.completeFirstWeek', { id: firstWeek.id, version: firstWeek.version, areas, notes: 'Prompts and approvals reviewed' });
    expect(early.details?.issues?.[0]?.path).toBe('overrideReason');
    ws.clock.advance(7 * 86_400_000);
    await ws.call('reviews.completeFirstWeek', { id: firstWeek.id, version: firstWeek.version, areas, notes: 'Prompts and approvals reviewed' });
    readiness = await ws.call('readiness.get', { siteId: site.id });
    expect(readiness.checklist.find((c) => c.id === 'first-week-review')).toMatchObject({
      status: 'done',
      why: 'The first-week review was done on 2026-03-08 by tester.',
    });
    // Going back to setup and into pilot again does not plan a second first week.
    await moveTo(ws, site.id, 'setup');
    await moveTo(ws, site.id, 'pilot');
    expect((await reviewsOf(ws, site.id)).filter((r) => r.kind === 'first_week')).toHaveLength(1);
  });

  it('an operator added to a site in adoption waits for the before-new-users review', async () => {
    const ws = openTestWorkspace();
    const { site, ann, bob } = await siteWithOwners(ws);
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'permissions', ownerId: ann.id });
    await moveTo(ws, site.id, 'adoption');
    const op = await ws.call('operators.add', { siteId: site.id, personId: bob.id, role: 'support_agent' });
    const review = (await openOf(ws, site.id, 'before_new_users'))!;
    expect(review).toMatchObject({ ownerName: 'Ann Lee', reason: 'New operator: Bob Ray (Support agent)', waitingOperators: [{ id: op.id, name: 'Bob Ray' }] });
    expect(op.missing).toContain(`Complete the before-new-users review of the site (due ${review.dueOn}), or skip it with a reason.`);
    const grant = await ws.fail('operators.grantAccess', { operatorId: op.id });
    expect(grant.message).toContain('before-new-users review');

    await ws.call('reviews.complete', { id: review.id, version: review.version, notes: 'Access model and training checked' });
    const after = (await ws.call('operators.list', { siteId: site.id })).find((o) => o.id === op.id)!;
    expect(after.missing.some((m) => m.includes('before-new-users'))).toBe(false);
  });

  it('operators added during setup need no before-new-users review; from the pilot on they do', async () => {
    const ws = openTestWorkspace();
    const { site, bob } = await siteWithOwners(ws);
    await ws.call('operators.add', { siteId: site.id, personId: bob.id, role: 'support_agent' });
    expect(await openOf(ws, site.id, 'before_new_users')).toBeUndefined();
    await moveTo(ws, site.id, 'pilot');
    await ws.call('operators.add', { siteId: site.id, personId: bob.id, role: 'editor' });
    expect(await openOf(ws, site.id, 'before_new_users')).toMatchObject({ reason: 'New operator: Bob Ray (Editor)' });
  });

  it('retiring a site skips its open reviews; bringing it back plans its cadence again', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteWithOwners(ws);
    await moveTo(ws, site.id, 'retired');
    const all = await reviewsOf(ws, site.id);
    expect(all.every((r) => r.state === 'skipped' && r.skipReason === 'The site was retired.')).toBe(true);
    expect((await ws.call('reviews.list', { states: ['due', 'overdue', 'upcoming'] })).total).toBe(0);
    await moveTo(ws, site.id, 'setup');
    expect(await openOf(ws, site.id, 'periodic')).toMatchObject({ dueOn: '2026-06-01' });
  });
});

describe('review lifecycle and bad input', () => {
  it('done needs notes and skipped needs a reason; nothing is written when refused', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteWithOwners(ws);
    const [r] = await reviewsOf(ws, site.id);
    const before = ws.count('change_log');
    const noNotes = await ws.fail('reviews.complete', { id: r!.id, version: r!.version, notes: '  ' });
    expect(noNotes.code).toBe('INVALID_INPUT');
    expect(noNotes.details?.issues?.[0]).toEqual({ path: 'notes', message: 'Notes is required.' });
    const secret = await ws.fail('reviews.complete', { id: r!.id, version: r!.version, notes: 'Rotated key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD' });
    expect(secret.details?.issues?.[0]?.path).toBe('notes');
    const noReason = await ws.fail('reviews.skip', { id: r!.id, version: r!.version, reason: '' });
    expect(noReason.details?.issues?.[0]).toEqual({ path: 'reason', message: 'Reason is required.' });
    expect(ws.count('change_log')).toBe(before);
    expect((await reviewsOf(ws, site.id))[0]!.state).toBe('due');

    const skipped = await ws.call('reviews.skip', { id: r!.id, version: r!.version, reason: 'Set up by the client before the engagement' });
    expect(skipped.review).toMatchObject({ state: 'skipped', skipReason: 'Set up by the client before the engagement', skippedBy: 'tester' });
    expect(skipped.next?.kind).toBe('periodic');
    const again = await ws.fail('reviews.complete', { id: r!.id, version: skipped.review.version, notes: 'x' });
    expect(again).toMatchObject({ code: 'REFUSED', message: 'This initial setup review of “Northwind Shop” is already skipped.' });
    const stale = await ws.fail('reviews.skip', { id: skipped.next!.id, version: 99, reason: 'x' });
    expect(stale.code).toBe('STALE_VERSION');
  });

  it('the CHECK constraints refuse a done review without notes even outside the app', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteWithOwners(ws);
    const [r] = await reviewsOf(ws, site.id);
    expect(() => ws.session.workspace.sqlite.prepare(`UPDATE reviews SET done_at = '2026-03-01T00:00:00Z' WHERE id = ?`).run(r!.id)).toThrow(
      /CHECK constraint failed: reviews_done_has_notes/,
    );
  });

  it('states follow the workspace calendar: upcoming, due, overdue; snooze moves it and must be after today', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteWithOwners(ws);
    await moveTo(ws, site.id, 'pilot');
    let fw = (await openOf(ws, site.id, 'first_week'))!;
    ws.clock.advance(7 * DAY);
    expect((await openOf(ws, site.id, 'first_week'))!.state).toBe('due');
    ws.clock.advance(3 * DAY);
    fw = (await openOf(ws, site.id, 'first_week'))!;
    expect(fw).toMatchObject({ state: 'overdue', daysLate: 3 });

    const past = await ws.fail('reviews.snooze', { id: fw.id, version: fw.version, until: '2026-03-11' });
    expect(past.details?.issues?.[0]).toEqual({ path: 'until', message: 'Snooze until a day after today (2026-03-11).' });
    const notADate = await ws.fail('reviews.snooze', { id: fw.id, version: fw.version, until: '2026-02-30' });
    expect(notADate.details?.issues?.[0]).toEqual({ path: 'until', message: 'That date does not exist.' });
    const snoozed = await ws.call('reviews.snooze', { id: fw.id, version: fw.version, until: '2026-03-14' });
    expect(snoozed).toMatchObject({ state: 'upcoming', dueOn: '2026-03-08', snoozedUntil: '2026-03-14', daysLate: -3 });
    ws.clock.advance(3 * DAY);
    expect((await openOf(ws, site.id, 'first_week'))!.state).toBe('due');
    ws.clock.advance(DAY);
    expect(await openOf(ws, site.id, 'first_week')).toMatchObject({ state: 'overdue', daysLate: 1 });
  });

  it('"today" is the workspace time zone\'s: the same instant is due in Auckland and upcoming in London', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteWithOwners(ws, 'Europe/London');
    // 2026-03-01 10:00 UTC is 23:00 in Auckland (UTC+13): the pilot starts on 1 March there too.
    await moveTo(ws, site.id, 'pilot');
    const fw = (await openOf(ws, site.id, 'first_week'))!;
    expect(fw.dueOn).toBe('2026-03-08');
    // 2026-03-07 12:00 UTC: still 7 March in London, already 8 March (01:00) in Auckland.
    ws.clock.advance(6 * DAY + 2 * 3_600_000);
    expect((await openOf(ws, site.id, 'first_week'))!.state).toBe('upcoming');
    await ws.call('settings.update', { timeZone: 'Pacific/Auckland' });
    expect((await openOf(ws, site.id, 'first_week'))!.state).toBe('due');
    const bad = await ws.fail('settings.update', { timeZone: 'Mars/Olympus' });
    expect(bad.details?.issues?.[0]).toEqual({ path: 'timeZone', message: 'Time zone must be an IANA zone such as Europe/London or America/New_York.' });
  });

  it('reassigning needs an active person', async () => {
    const ws = openTestWorkspace();
    const { site, bob } = await siteWithOwners(ws);
    const [r] = await reviewsOf(ws, site.id);
    const assigned = await ws.call('reviews.assign', { id: r!.id, version: r!.version, ownerId: bob.id });
    expect(assigned).toMatchObject({ ownerName: 'Bob Ray' });
    const p = await ws.call('people.get', { id: bob.id });
    await ws.call('people.update', { ...p, id: p.id, version: p.version, active: false });
    const refused = await ws.fail('reviews.assign', { id: r!.id, version: assigned.version, ownerId: bob.id });
    expect(refused.details?.issues?.[0]).toEqual({ path: 'ownerId', message: 'Bob Ray is not an active person: choose someone else.' });
  });
});

describe('periodic cadence per site', () => {
  it('overrides the playbook RRULE, moves the open periodic review, and resets to the default', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteWithOwners(ws);
    const [initial] = await reviewsOf(ws, site.id);
    await ws.call('reviews.complete', { id: initial!.id, version: initial!.version, notes: 'ok' });
    const schedule = await ws.call('reviews.setSchedule', { siteId: site.id, rrule: 'FREQ=MONTHLY' });
    expect(schedule).toMatchObject({
      rrule: 'FREQ=MONTHLY',
      isDefault: false,
      defaultRrule: 'FREQ=MONTHLY;INTERVAL=3',
      next: ['2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01'],
    });
    expect(await openOf(ws, site.id, 'periodic')).toMatchObject({ dueOn: '2026-04-01', reason: 'Cadence every month.' });

    const bad = await ws.fail('reviews.setSchedule', { siteId: site.id, rrule: 'every month' });
    expect(bad.details?.issues?.[0]).toEqual({ path: 'rrule', message: 'Write the recurrence as an RFC 5545 rule such as FREQ=MONTHLY;INTERVAL=3.' });
    const never = await ws.fail('reviews.setSchedule', { siteId: site.id, rrule: 'FREQ=MONTHLY;COUNT=1' });
    expect(never.details?.issues?.[0]?.path).toBe('rrule');

    const p = (await openOf(ws, site.id, 'periodic'))!;
    ws.clock.advance(40 * DAY);
    const done = await ws.call('reviews.complete', { id: p.id, version: p.version, notes: 'Quarterly checks' });
    // Done late on 10 April: the next monthly date after today, never one in the past.
    expect(done.next).toMatchObject({ kind: 'periodic', dueOn: '2026-05-01' });

    const reset = await ws.call('reviews.setSchedule', { siteId: site.id, rrule: null });
    expect(reset).toMatchObject({ isDefault: true, rrule: 'FREQ=MONTHLY;INTERVAL=3' });
    expect(await openOf(ws, site.id, 'periodic')).toMatchObject({ dueOn: '2026-07-10' });
  });

  it('a workspace from before reviews existed gets a periodic review for every active site at open', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteWithOwners(ws);
    // Simulate a site written by an older version: no reviews at all.
    ws.session.workspace.sqlite.prepare('DELETE FROM reviews').run();
    ws.session.close();
    const reopened = openSession(ws.file, { log: silentLogger, clock: fixedClock('2026-04-15T08:00:00Z'), actor: 'tester' });
    try {
      const r = await reopened.dispatch('reviews.forSite', { siteId: site.id });
      if (!r.ok) throw new Error(r.error.message);
      expect((r.value as { reviews: { kind: string; dueOn: string }[] }).reviews).toEqual([expect.objectContaining({ kind: 'periodic', dueOn: '2026-06-01' })]);
    } finally {
      reopened.close();
    }
  });
});

describe('the portfolio list, counts and calendar', () => {
  async function portfolio(ws: TestWorkspace) {
    const { client, ann, bob, site } = await siteWithOwners(ws);
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'setup', ownerId: ann.id });
    const second = await ws.call('sites.create', { clientId: client.id, name: 'Blog', productionUrl: 'https://blog.northwind.test' });
    await ws.call('owners.assign', { siteId: second.id, responsibility: 'primary', ownerId: bob.id });
    return { ann, bob, site, second };
  }

  it('filters by state and owner, groups by owner, and counts overdue, due and upcoming', async () => {
    const ws = openTestWorkspace();
    const { ann, site, second } = await portfolio(ws);
    const [r] = await reviewsOf(ws, site.id);
    await ws.call('reviews.assign', { id: r!.id, version: r!.version, ownerId: ann.id });
    ws.clock.advance(DAY);
    await moveTo(ws, second.id, 'pilot');
    const list = await ws.call('reviews.list', { states: ['overdue', 'due', 'upcoming'], groupBy: 'owner' });
    expect(list.counts).toEqual({ overdue: 2, due: 0, upcoming: 1 });
    expect(list.rows.map((x) => [x.ownerName, x.siteName, x.kind, x.state])).toEqual([
      ['Ann Lee', 'Northwind Shop', 'initial_setup', 'overdue'],
      ['Bob Ray', 'Blog', 'initial_setup', 'overdue'],
      ['Bob Ray', 'Blog', 'first_week', 'upcoming'],
    ]);
    const mine = await ws.call('reviews.list', { states: ['overdue'], ownerId: ann.id });
    expect(mine.rows.map((x) => x.siteName)).toEqual(['Northwind Shop']);
    expect(mine.counts.overdue).toBe(1);
    const byDate = await ws.call('reviews.list', { states: ['overdue', 'due'], search: 'blog' });
    expect(byDate.rows.map((x) => x.siteName)).toEqual(['Blog']);
    expect(await ws.call('reviews.summary', {})).toEqual({ today: '2026-03-02', overdue: 2, due: 0, upcoming: 1 });
  });

  it('exports an iCalendar file an iCalendar parser reads: one all-day event per review, stable UIDs, an alarm', async () => {
    const ws = openTestWorkspace();
    const { site } = await portfolio(ws);
    await ws.call('settings.update', { reminderTime: '08:30' });
    const first = await ws.call('reviews.calendar', {});
    expect(first.fileName).toBe('rollout-workbench-reviews.ics');
    const parse = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const events = parse(first.content);
    expect(events).toHaveLength(2);
    const shop = events.find((e) => e.summary === 'Initial setup review: Northwind Shop')!;
    expect(shop.startDate.isDate).toBe(true);
    expect(shop.startDate.toString()).toBe('2026-03-01');
    const alarm = shop.component.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(alarm.getFirstPropertyValue('trigger')!.toString()).toBe('PT8H30M');

    const [r] = await reviewsOf(ws, site.id);
    await ws.call('reviews.complete', { id: r!.id, version: r!.version, notes: 'ok' });
    const second = parse((await ws.call('reviews.calendar', {})).content);
    const again = second.find((e) => e.uid === shop.uid)!;
    expect(again.summary).toBe('Done: Initial setup review: Northwind Shop');
    expect(again.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(again.sequence).toBeGreaterThan(shop.sequence);
    expect(second.map((e) => e.uid)).toEqual(expect.arrayContaining(events.map((e) => e.uid)));
    expect(second.find((e) => e.summary === 'Periodic review: Northwind Shop')?.startDate.toString()).toBe('2026-06-01');
  });
});
