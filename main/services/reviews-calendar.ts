/**
 * `reviews.calendar`: the reviews as an .ics file a calendar subscribes to (open reviews, and those
 * finished within the last FINISHED_KEPT_DAYS days so a calendar keeps them), with the workspace's
 * reminder time.
 */
import type { ParsedInputOf } from '@core/contract/index';
import { addLocalDays } from '@core/domain/cadence';
import { FINISHED_KEPT_DAYS, reviewsCalendar } from '../reminders/ics';
import type { HandlerContext } from '../rpc/context';
import { queryReviews, workspaceToday } from './reviews';
import { getSettings } from './settings';

export const REVIEWS_CALENDAR_FILE = 'rollout-workbench-reviews.ics';

export function reviewsCalendarFile(ctx: HandlerContext, input: ParsedInputOf<'reviews.calendar'>) {
  const { today, timeZone } = workspaceToday(ctx);
  const { rows } = queryReviews(ctx, { states: [], ownerId: input.ownerId, finishedSince: addLocalDays(today, -FINISHED_KEPT_DAYS) });
  const { content, events } = reviewsCalendar(rows, { today, timeZone, reminderTime: getSettings(ctx).reminderTime, now: ctx.clock.now() });
  return { fileName: REVIEWS_CALENDAR_FILE, content, events };
}
