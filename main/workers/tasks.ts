/** Every task the worker answers, by name (a new kind of heavy work adds its module here). */
import { checkWorkspaceTask, copyWorkspaceTask } from '../backups/worker-tasks';
import { reviewsCalendarTask } from './calendar-tasks';
import { renderSite } from './documents-tasks';
import { liveCalendarTask } from './live-calendar-tasks';
import type { TaskHandlers } from './pool';

export const tasks: TaskHandlers = {
  'backups.copy': copyWorkspaceTask,
  'backups.check': checkWorkspaceTask,
  'documents.renderSite': renderSite,
  'reviews.calendar': reviewsCalendarTask,
  'reminders.liveCalendar': liveCalendarTask,
};
