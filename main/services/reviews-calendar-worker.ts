/**
 * `reviews.calendar` where it is heavy: on a workspace with many reviews the .ics (reviews-calendar.ts)
 * is built in a worker thread (main/workers/), so the windows are answered meanwhile; on a small one it
 * is built here, where it takes milliseconds and starting a worker would cost more.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { HandlerContext } from '../rpc/context';
import { taskContext, workers } from '../workers/index';
import type { CalendarInput } from '../workers/calendar-tasks';
import { reviewsCalendarFile } from './reviews-calendar';

/** Reviews ever planned (the table's highest row number: no scan) from which the calendar is built off the main thread. */
export const CALENDAR_IN_WORKER_FROM_REVIEWS = 5_000;

export async function reviewsCalendarAnswer(ctx: HandlerContext, input: ParsedInputOf<'reviews.calendar'>): Promise<ReturnType<typeof reviewsCalendarFile>> {
  const planned = ctx.db.get<{ n: number | null }>(sql`SELECT max(rowid) AS n FROM reviews`)?.n ?? 0;
  if (planned < CALENDAR_IN_WORKER_FROM_REVIEWS) return reviewsCalendarFile(ctx, input);
  const task: CalendarInput = { ...taskContext(ctx), input };
  return workers().run('reviews.calendar', task);
}
