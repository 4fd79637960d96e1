/** The calendar's task for the worker (worker.ts): the .ics of the reviews, built from the worker's own read-only connection. */
import type { ParsedInputOf } from '@core/contract/index';
import { reviewsCalendarFile } from '../services/reviews-calendar';
import { contextOf, type TaskContextInput } from './context';

export interface CalendarInput extends TaskContextInput {
  input: ParsedInputOf<'reviews.calendar'>;
}

export function reviewsCalendarTask(task: CalendarInput): ReturnType<typeof reviewsCalendarFile> {
  return reviewsCalendarFile(contextOf(task), task.input);
}
