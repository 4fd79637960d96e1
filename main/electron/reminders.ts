/**
 * The Electron side of the resident app: builds what the Node-side loop (main/reminders/resident.ts)
 * needs out of Electron's pieces and delivers what it decides. A due review becomes one native
 * notification (a click opens the Reviews page) and a 'reminders.due' event; the overdue count goes on
 * the dock/launcher badge; the state goes to the window as 'reminders.state'; the tray repaints from its
 * model; waking from sleep or unlocking the screen checks again. The SMTP password is kept through
 * safeStorage (secret-codec.ts), start at login through the login item (login-item.ts), the live
 * calendar's path is chosen in main's save dialog. No rule lives here.
 */
import { app, Notification, powerMonitor, type BrowserWindow } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { ResidentApp } from '../reminders/resident';
import type { TrayAction } from '../reminders/tray-model';
import { systemClock, type Logger } from '../rpc/context';
import type { WorkspaceHost } from '../workspace-host';
import { writeFileAtomically } from '../workspace-host-recent';
import { sendEvent } from './ipc';
import { loginItemPort } from './login-item';
import { desktopSecretStore } from './secret-codec';
import { AppTray, trayIcon } from './tray';
import { chooseLiveCalendarFile } from './workspace-dialogs';

export interface ResidentShellOptions {
  host: WorkspaceHost;
  /** Electron's user-data folder: this device's reminder files and the password file. */
  configDir: string;
  log: Logger;
  getWindow: () => BrowserWindow | null;
  /** Shows the window (restored, focused), creating it when there is none. */
  showWindow: () => void;
  /** The same, on the Reviews page. */
  openReviews: () => void;
  /** Really quits (the tray's Quit). */
  quit: () => void;
}

export interface ResidentShell {
  readonly resident: ResidentApp;
  /** The window was closed into the tray: the first time on this device, a notification says the app still runs. */
  closedToTray(): void;
  /** Stops the loop and removes the tray (the app quits). */
  stop(): void;
}

/** Marks that the "still running" notice was shown on this device, so it is shown once. */
export const CLOSE_HINT_FILE = 'close-to-tray.json';

// Notifications are kept while shown: one collected by the garbage collector loses its click handler.
const shown = new Set<Notification>();

function showNotification(title: string, body: string, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const note = new Notification({ title, body, silent: false });
  shown.add(note);
  note.on('click', () => {
    shown.delete(note);
    onClick();
  });
  note.on('close', () => shown.delete(note));
  note.show();
}

export function startResident(o: ResidentShellOptions): ResidentShell {
  let resident: ResidentApp | null = null;
  const run = (action: TrayAction): void => {
    switch (action) {
      case 'open':
        return o.showWindow();
      case 'reviews':
        return o.openReviews();
      case 'quit':
        return o.quit();
      case 'check-now':
        if (resident) void resident.checkNow().catch((err: unknown) => o.log.error(`The reminder check failed: ${(err as Error).message}`));
        return;
      case 'pause-today':
        // Read at the click, not when the menu was built: after midnight the pause has already ended.
        try {
          if (resident) resident.pauseToday(!resident.isPaused());
        } catch (err) {
          o.log.warn(`Reminders could not be paused: ${(err as Error).message}`);
        }
        return;
    }
  };
  let tray: AppTray | null = null;
  try {
    tray = new AppTray(trayIcon(o.log), run);
  } catch (err) {
    // A desktop without a tray area: the app still runs; a second launch shows the window.
    o.log.warn(`The tray icon could not be created (${(err as Error).message}); open the window again by starting the app.`);
  }
  const started = ResidentApp.start({
    host: o.host,
    configDir: o.configDir,
    now: () => systemClock.now(),
    log: o.log,
    secrets: desktopSecretStore(o.configDir, o.log),
    loginItem: loginItemPort(),
    resident: true,
    chooseCalendarFile: () => chooseLiveCalendarFile(o.getWindow()),
    notify: (n) => {
      sendEvent(o.getWindow(), 'reminders.due', n);
      showNotification(n.title, n.body, o.openReviews);
    },
    emit: (state) => sendEvent(o.getWindow(), 'reminders.state', state),
    onTray: (model) => tray?.paint(model),
    // macOS dock and Linux launchers that support badges; the window title shows it everywhere.
    setBadge: (overdue) => void app.setBadgeCount(overdue),
  });
  resident = started;
  tray?.paint(started.trayModel());
  const resume = () => started.resume();
  powerMonitor.on('resume', resume);
  powerMonitor.on('unlock-screen', resume);
  const hintFile = path.join(o.configDir, CLOSE_HINT_FILE);
  let hinted = fs.existsSync(hintFile);
  return {
    resident: started,
    closedToTray: () => {
      if (hinted) return;
      hinted = true;
      const where = process.platform === 'darwin' ? 'menu bar' : 'tray';
      showNotification(
        `Rollout Workbench is still running in the ${where}`,
        `Review reminders keep coming while the window is closed. Open it again from the ${where} icon; Quit is in its menu.`,
        o.showWindow,
      );
      try {
        writeFileAtomically(hintFile, `${JSON.stringify({ version: 1, shownAt: systemClock.now().toISOString() })}\n`);
      } catch (err) {
        o.log.warn(`${hintFile} could not be written (${(err as Error).message}); the notice may show again next time.`);
      }
    },
    stop: () => {
      powerMonitor.off('resume', resume);
      powerMonitor.off('unlock-screen', resume);
      started.stop();
      tray?.destroy();
      tray = null;
    },
  };
}
