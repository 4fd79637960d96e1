import { app, Notification, powerMonitor, type BrowserWindow } from 'electron';
import { ReminderScheduler, type ReminderFacts } from '../reminders/scheduler';
import { sendEvent } from './ipc';

/**
 * Delivers what the Node-side scheduler (main/reminders/scheduler.ts) decides: one native notification
 * (a click opens the Reviews page), the overdue count on the dock/launcher badge (the page puts it in
 * the window title itself), checks on resume from sleep and unlock. No rule lives here.
 */
export function startReminders(facts: () => ReminderFacts, getWindow: () => BrowserWindow | null, openReviews: () => void): ReminderScheduler {
  const scheduler = new ReminderScheduler(
    facts,
    () => new Date(),
    {
      notify: (n) => {
        sendEvent(getWindow(), 'reminders.due', n);
        if (!Notification.isSupported()) return;
        const note = new Notification({ title: n.title, body: n.body, silent: false });
        note.on('click', openReviews);
        note.show();
      },
      setBadge: (overdue) => {
        // macOS dock and Linux launchers that support badges; the window title shows it everywhere.
        app.setBadgeCount(overdue);
      },
    },
    undefined,
    (err) => console.error('[error] the reminder check failed', err),
  );
  powerMonitor.on('resume', () => scheduler.resume());
  powerMonitor.on('unlock-screen', () => scheduler.resume());
  return scheduler;
}
