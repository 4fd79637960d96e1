/**
 * Reviews at portfolio scale: what the reminder digest and the scheduler compute (due reviews for
 * every site), the Reviews page's list and its badge counts, and the `.ics` calendar of every open
 * review. Each is timed through the code the app runs (the registry for channels, the digest
 * functions for the CLI and the scheduler) next to a hand-written better-sqlite3 baseline giving
 * the same rows: open reviews with their site, client and effective owner (the explicit owner, or
 * the first active owner of the kind's responsibilities). The calendar's baseline is the floor
 * under any version of it: the same rows read by hand, then ical-generator writing the same events.
 */
import icalGenerator, { ICalAlarmRelatesTo, ICalAlarmType, ICalEventStatus } from 'ical-generator';
import { addLocalDays, REVIEW_OWNER_RESPONSIBILITIES } from '@core/domain/cadence';
import { reminderDigest, reminderFacts } from '@main/reminders/digest';
import { workspaceToday } from '@main/services/reviews';
import { time, type BenchEnv, type Section } from '../lib';

const SECTION = 'reviews (every site)';

const owner = (responsibility: string) =>
  `(SELECT oa.owner_id FROM owner_assignments oa JOIN people mp ON mp.id = oa.owner_id
    WHERE oa.site_id = r.site_id AND oa.responsibility = '${responsibility}' AND oa.archived_at IS NULL AND mp.active = 1 AND mp.archived_at IS NULL)`;
const MATRIX = `CASE r.kind ${Object.entries(REVIEW_OWNER_RESPONSIBILITIES)
  .map(([kind, rs]) => `WHEN '${kind}' THEN ${rs.length === 1 ? owner(rs[0]!) : `coalesce(${rs.map(owner).join(', ')})`}`)
  .join(' ')} END`;
const EFFECTIVE = 'max(r.due_on, coalesce(r.snoozed_until, r.due_on))';
const OPEN = 'r.done_at IS NULL AND r.skipped_at IS NULL';

/** Open reviews due (after any snooze) by @until, with what a digest line shows, in the digest's order. */
const DUE = `SELECT q.*, p.name AS owner_name, p.email AS owner_email FROM (
    SELECT r.id, r.kind, r.reason, r.due_on, r.snoozed_until, r.version, s.name AS site_name, c.name AS client_name,
      coalesce(r.owner_id, ${MATRIX}) AS owner_id, ${EFFECTIVE} AS effective
    FROM reviews r JOIN sites s ON s.id = r.site_id JOIN clients c ON c.id = s.client_id
    WHERE ${OPEN} AND r.due_on <= @until AND ${EFFECTIVE} <= @until AND s.archived_at IS NULL AND s.stage <> 'retired') q
  LEFT JOIN people p ON p.id = q.owner_id ORDER BY q.effective, q.site_name COLLATE NOCASE, q.id`;

const section: Section = async ({ session, raw, iterations, report }: BenchEnv) => {
  const { today } = workspaceToday(session.ctx);
  const week = addLocalDays(today, 7);
  const due = raw.prepare(DUE);
  const counts = raw.prepare(`SELECT sum(e < @today) AS overdue, sum(e = @today) AS due, sum(e > @today AND e <= @week) AS upcoming
    FROM (SELECT ${EFFECTIVE} AS e FROM reviews r JOIN sites s ON s.id = r.site_id
          WHERE ${OPEN} AND r.due_on <= @week AND s.archived_at IS NULL AND s.stage <> 'retired')`);
  const open = (raw.prepare(`SELECT count(*) FROM reviews r WHERE ${OPEN}`).pluck().get() as number).toLocaleString('en');
  report.note(`  ${open} open reviews; today is ${today} in the workspace's zone`);

  let rows = 0;
  const digest = await time(() => {
    const d = reminderDigest(session.ctx, { withinDays: 7 });
    rows = d.overdue.length + d.due.length + d.upcoming.length;
  }, iterations);
  const digestBase = await time(() => due.all({ until: week }), iterations);
  report.add(SECTION, 'reminder digest: overdue, due today, next 7 days (CLI)', digest, {
    baseline: { label: 'hand-written due reviews', samples: digestBase },
    target: { p95: 20 },
    detail: `${rows} reviews; the baseline ${due.all({ until: week }).length}`,
  });

  const facts = await time(() => reminderFacts(session.ctx), iterations);
  report.add(SECTION, 'scheduler facts: overdue and due today', facts, {
    baseline: { label: 'hand-written due reviews', samples: await time(() => due.all({ until: today }), iterations) },
    target: { p95: 20 },
  });

  const call = (channel: string, input: unknown) => async () => {
    const r = await session.dispatch(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value;
  };
  report.add(SECTION, 'reviews.summary (badge counts)', await time(call('reviews.summary', {}), iterations), {
    baseline: { label: 'hand-written counts', samples: await time(() => counts.get({ today, week }), iterations) },
    target: { p95: 20 },
  });
  const pageInput = { states: ['overdue', 'due'], groupBy: 'date', limit: 50 };
  report.add(SECTION, 'reviews.list as the Reviews page opens (due & overdue, 50)', await time(call('reviews.list', pageInput), iterations), {
    baseline: { label: 'hand-written due reviews + counts', samples: await time(() => [due.all({ until: today }), counts.get({ today, week })], iterations) },
    target: { p95: 20 },
  });
  report.add(
    SECTION,
    'reviews.list: open within 30 days, by owner, 200',
    await time(call('reviews.list', { states: ['overdue', 'due', 'upcoming'], withinDays: 30, groupBy: 'owner', limit: 200 }), iterations),
    {
      baseline: {
        label: 'hand-written due reviews + counts',
        samples: await time(() => [due.all({ until: addLocalDays(today, 30) }), counts.get({ today, week })], iterations),
      },
      target: { p95: 20 },
    },
  );

  // The calendar: every open review and those finished in the last 90 days.
  let events = 0;
  const calendarRuns = Math.max(5, Math.round(iterations / 3));
  const calendar = await time(async () => {
    events = ((await call('reviews.calendar', {})()) as { events: number }).events;
  }, calendarRuns);
  const finishedSince = addLocalDays(today, -90);
  const calendarRows = raw.prepare(`SELECT r.id, r.kind, r.reason, r.due_on, r.done_at, r.skipped_at, r.version, s.name AS site_name, c.name AS client_name,
      p.name AS owner_name, p.email AS owner_email
    FROM reviews r JOIN sites s ON s.id = r.site_id JOIN clients c ON c.id = s.client_id LEFT JOIN people p ON p.id = coalesce(r.owner_id, ${MATRIX})
    WHERE s.archived_at IS NULL AND s.stage <> 'retired' AND (${OPEN} OR coalesce(r.done_at, r.skipped_at) >= @since OR ${EFFECTIVE} >= @since)`);
  const floor = await time(() => {
    const cal = icalGenerator({ name: 'Rollout Workbench reviews', prodId: { company: 'Rollout Workbench', product: 'Reviews', language: 'EN' } });
    const stamp = new Date();
    for (const r of calendarRows.all({ since: finishedSince }) as Record<string, string | number | null>[]) {
      const finished = r.done_at !== null || r.skipped_at !== null;
      const [y, m, d] = String(r.due_on).split('-').map(Number) as [number, number, number];
      const event = cal.createEvent({
        id: `review-${r.id}@rollout-workbench`,
        sequence: Number(r.version),
        stamp,
        start: new Date(Date.UTC(y, m - 1, d)),
        allDay: true,
        summary: `${r.kind}: ${r.site_name}`,
        description: `${r.kind} of ${r.site_name} (${r.client_name}).\nWhy: ${r.reason}\nOwner: ${r.owner_name ?? 'nobody assigned'} <${r.owner_email}>\nDue: ${r.due_on}\nOpen Rollout Workbench → Reviews to record it.`,
        categories: [{ name: String(r.kind) }],
        status: finished ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      });
      if (!finished)
        event
          .createAlarm({ type: ICalAlarmType.display, triggerAfter: 9 * 3600, description: `${r.kind} due: ${r.site_name}` })
          .relatesTo(ICalAlarmRelatesTo.start);
    }
    return cal.toString();
  }, calendarRuns);
  report.add(SECTION, 'reviews.calendar (.ics of open and recently finished reviews)', calendar, {
    baseline: { label: 'rows by hand + ical-generator writing them', samples: floor },
    target: { p95: 200 },
    detail: `${events.toLocaleString('en')} events`,
  });
};

export default section;
