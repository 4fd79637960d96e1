/**
 * The reviews as an iCalendar file: one all-day event per review on the day it is due, with a stable
 * UID (a re-import updates the event instead of adding a second one) and SEQUENCE = the review's
 * version (each change supersedes the last import), and an alarm at the workspace's reminder time.
 * Reviews finished in the last 90 days stay in the file as cancelled events, so calendars that
 * re-import the file learn they are done.
 */
import icalGenerator, { ICalAlarmRelatesTo, ICalAlarmType, ICalEventStatus } from 'ical-generator';
import type { Review } from '../../core/contract/reviews';
import { addLocalDays, effectiveDue, REVIEW_KIND_LABEL } from '../../core/domain/cadence';

export interface CalendarOptions {
  today: string;
  /** HH:mm: the alarm fires at this time on the due day. */
  reminderTime: string;
  /** DTSTAMP of every event: the export time. */
  now: Date;
  name?: string;
}

export const FINISHED_KEPT_DAYS = 90;

export function reviewUid(id: string): string {
  return `review-${id}@rollout-workbench`;
}

function describe(r: Review, today: string): string {
  const lines = [
    `${REVIEW_KIND_LABEL[r.kind]} of ${r.siteName} (${r.clientName}).`,
    `Why: ${r.reason}`,
    `Owner: ${r.ownerName ? `${r.ownerName} <${r.ownerEmail}>` : 'nobody assigned'}`,
    `Due: ${r.dueOn}${r.snoozedUntil && r.snoozedUntil > r.dueOn ? ` (snoozed until ${r.snoozedUntil})` : ''}`,
  ];
  if (r.state === 'overdue') lines.push(`Overdue on ${today}.`);
  if (r.waitingOperators.length) lines.push(`Access waits for this review: ${r.waitingOperators.map((o) => o.name).join(', ')}.`);
  if (r.doneAt) lines.push(`Done on ${r.doneAt.slice(0, 10)} by ${r.doneBy}.`);
  if (r.skippedAt) lines.push(`Skipped on ${r.skippedAt.slice(0, 10)}: ${r.skipReason}`);
  lines.push('Open Rollout Workbench → Reviews to record it.');
  return lines.join('\n');
}

export function reviewsCalendar(reviews: Review[], o: CalendarOptions): { content: string; events: number } {
  const cal = icalGenerator({ name: o.name ?? 'Rollout Workbench reviews', prodId: { company: 'Rollout Workbench', product: 'Reviews', language: 'EN' } });
  const oldest = addLocalDays(o.today, -FINISHED_KEPT_DAYS);
  const [hh, mm] = o.reminderTime.split(':').map(Number) as [number, number];
  let events = 0;
  for (const r of reviews) {
    const finished = r.state === 'done' || r.state === 'skipped';
    const day = effectiveDue(r);
    if (finished && day < oldest) continue;
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const event = cal.createEvent({
      id: reviewUid(r.id),
      sequence: r.version,
      stamp: o.now,
      // A calendar day, not an instant: all-day events carry no time zone (VALUE=DATE).
      start: new Date(Date.UTC(y, m - 1, d)),
      allDay: true,
      summary: `${finished ? (r.state === 'done' ? 'Done: ' : 'Skipped: ') : ''}${REVIEW_KIND_LABEL[r.kind]}: ${r.siteName}`,
      description: describe(r, o.today),
      categories: [{ name: REVIEW_KIND_LABEL[r.kind] }],
      status: finished ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
    if (!finished) {
      // At the reminder time on the due day: after the start of the all-day event (its constructor ignores relatesTo).
      event
        .createAlarm({ type: ICalAlarmType.display, triggerAfter: hh * 3600 + mm * 60, description: `${REVIEW_KIND_LABEL[r.kind]} due: ${r.siteName}` })
        .relatesTo(ICalAlarmRelatesTo.start);
    }
    events++;
  }
  return { content: cal.toString(), events };
}
