/**
 * `reviews.calendar`: the reviews as an .ics file a calendar subscribes to (open reviews, and those
 * finished within the last FINISHED_KEPT_DAYS days so a calendar keeps them), with the workspace's
 * reminder time.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import { addLocalDays } from '@core/domain/cadence';
import { FINISHED_KEPT_DAYS, reviewsCalendar } from '../reminders/ics';
import type { HandlerContext } from '../rpc/context';
import { queryReviews, workspaceToday } from './reviews';
import { getSettings } from './settings';

export const REVIEWS_CALENDAR_FILE = 'rollout-workbench-reviews.ics';

/**
 * The whole workspace's calendar (every owner): what `reviews.calendar` answers without an owner, and
 * what the live calendar file (main/reminders/live-calendar.ts) keeps current on a device.
 */
export function workspaceCalendar(ctx: HandlerContext): { content: string; events: number } {
  const { content, events } = reviewsCalendarFile(ctx, {});
  return { content, events };
}

/** Reviews ever planned (the table's highest row number: no scan): what decides whether a calendar is built in a worker (reviews-calendar-worker.ts). */
export function reviewsPlanned(ctx: HandlerContext): number {
  return ctx.db.get<{ n: number | null }>(sql`SELECT max(rowid) AS n FROM reviews`)?.n ?? 0;
}

export function reviewsCalendarFile(ctx: HandlerContext, input: ParsedInputOf<'reviews.calendar'>) {
  const { today, timeZone } = workspaceToday(ctx);
  const { rows } = queryReviews(ctx, { states: [], ownerId: input.ownerId, finishedSince: addLocalDays(today, -FINISHED_KEPT_DAYS) });
  const { content, events } = reviewsCalendar(rows, { today, timeZone, reminderTime: getSettings(ctx).reminderTime, now: ctx.clock.now() });
  return { fileName: REVIEWS_CALENDAR_FILE, content, events };
}
