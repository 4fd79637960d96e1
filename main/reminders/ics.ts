/**
 * The reviews as an iCalendar file: one all-day event per review, with a stable UID (a re-import
 * updates the event instead of adding a second one) and an alarm at the workspace's reminder time.
 * - A review not yet due, or due today, sits on the day it is due.
 * - An overdue review sits on today (in the workspace's time zone), titled "Overdue since <day it was
 *   due>: …", so a calendar shows it as something to do now; each export moves it to that day.
 * - Reviews finished in the last 90 days stay as cancelled events (on the day they were last shown:
 *   the due day, or the day they were finished when that was later), so calendars learn they are done.
 * SEQUENCE is the review's version plus the days it has been late (up to today, or up to the day it
 * was finished), so it only ever grows: each export of a moved or changed event supersedes the last.
 */
import icalGenerator, { ICalAlarmRelatesTo, ICalAlarmType, ICalEventStatus } from 'ical-generator';
import type { Review } from '@core/contract/reviews';
import { addLocalDays, daysBetween, effectiveDue, localDate, REVIEW_KIND_LABEL } from '@core/domain/cadence';

export interface CalendarOptions {
  /** Today in the workspace's time zone. */
  today: string;
  /** The workspace's time zone, which decides the day a review was finished on. */
  timeZone: string;
  /** HH:mm: the alarm fires at this time on the event's day. */
  reminderTime: string;
  /** DTSTAMP of every event: the export time. */
  now: Date;
  name?: string;
}

export const FINISHED_KEPT_DAYS = 90;

export function reviewUid(id: string): string {
  return `review-${id}@rollout-workbench`;
}

/** The day a finished review was finished on, in the workspace's time zone. */
function finishedOn(r: Review, timeZone: string): string | null {
  const at = r.doneAt ?? r.skippedAt;
  return at ? localDate(new Date(at), timeZone) : null;
}

/**
 * Where the event sits and its SEQUENCE: see the top of this file. `lateUntil` is the last day the
 * review counted as late (today while it is open, its finish day once finished).
 */
export function calendarPlacement(r: Review, today: string, timeZone: string): { day: string; sequence: number; overdue: boolean } {
  const due = effectiveDue(r);
  const finished = finishedOn(r, timeZone);
  const lateUntil = finished ?? today;
  const sequence = r.version + Math.max(0, daysBetween(r.dueOn, lateUntil));
  if (finished) return { day: finished > due ? finished : due, sequence, overdue: false };
  const overdue = r.state === 'overdue' && due < today;
  return { day: overdue ? today : due, sequence, overdue };
}

function describe(r: Review, today: string): string {
  const lines = [
    `${REVIEW_KIND_LABEL[r.kind]} of ${r.siteName} (${r.clientName}).`,
    `Why: ${r.reason}`,
    `Owner: ${r.ownerName ? `${r.ownerName} <${r.ownerEmail}>` : 'nobody assigned'}`,
    `Due: ${r.dueOn}${r.snoozedUntil && r.snoozedUntil > r.dueOn ? ` (snoozed until ${r.snoozedUntil})` : ''}`,
  ];
  if (r.state === 'overdue') {
    const late = daysBetween(effectiveDue(r), today);
    lines.push(
      `Overdue on ${today}: ${late} day${late === 1 ? '' : 's'} late. This event shows on the day the calendar was exported until the review is done, skipped or snoozed.`,
    );
  }
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
    const { day, sequence, overdue } = calendarPlacement(r, o.today, o.timeZone);
    if (finished && day < oldest) continue;
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const label = `${REVIEW_KIND_LABEL[r.kind]}: ${r.siteName}`;
    const event = cal.createEvent({
      id: reviewUid(r.id),
      sequence,
      stamp: o.now,
      // A calendar day, not an instant: all-day events carry no time zone (VALUE=DATE).
      start: new Date(Date.UTC(y, m - 1, d)),
      allDay: true,
      summary: finished ? `${r.state === 'done' ? 'Done' : 'Skipped'}: ${label}` : overdue ? `Overdue since ${effectiveDue(r)}: ${label}` : label,
      description: describe(r, o.today),
      categories: [{ name: REVIEW_KIND_LABEL[r.kind] }],
      status: finished ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
    if (!finished) {
      // At the reminder time on the event's day: after the start of the all-day event (its constructor ignores relatesTo).
      event
        .createAlarm({
          type: ICalAlarmType.display,
          triggerAfter: hh * 3600 + mm * 60,
          description: overdue
            ? `${REVIEW_KIND_LABEL[r.kind]} overdue since ${effectiveDue(r)}: ${r.siteName}`
            : `${REVIEW_KIND_LABEL[r.kind]} due: ${r.siteName}`,
        })
        .relatesTo(ICalAlarmRelatesTo.start);
    }
    events++;
  }
  return { content: cal.toString(), events };
}
