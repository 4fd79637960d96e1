/**
 * Electron entry. Thin on purpose: open the workspace through the workspace host (before any window),
 * build the hardened window, wire the one IPC handler, the menu and the resident app (the tray and the
 * reminder loop). Everything else lives in Node-testable modules; the host (main/workspace-host.ts) is
 * the same one the web harness runs.
 *
 * The app is resident: closing the window hides it, and the app keeps running in the tray (menu bar on
 * macOS) so reminders keep coming; only Quit (the tray, the app menu, Cmd+Q, an update's restart) ends
 * it. Started by the login item, it shows no window until asked (the tray, a second launch).
 */
import { app, autoUpdater as nativeUpdater, dialog, Menu, session as electronSession, shell } from 'electron';
import { createRequire } from 'node:module';
import { WorkspaceOpenError } from '@db/client';
import { WorkbenchError } from '@core/errors';
import { workspaceFromArgs } from './ipc-guard';
import { nativeModuleProblem } from './open-problem';
import { registerRpc, sendEvent } from './electron/ipc';
import { buildMenu } from './electron/menu';
import { defaultWorkspacePath, electronNativeBinding, migrationsFolder } from './electron/paths';
import { denyEverything, hardenSession } from './electron/security';
import { startResident, type ResidentShell } from './electron/reminders';
import { retargetAutostart, startedHidden } from './electron/login-item';
import { startWorkspaceFile } from './electron/start-file';
import { createMainWindow, type MainWindow } from './electron/window';
import { electronUpdater, type AutoUpdaterLike } from './electron/updater';
import { chooseExportFolder, chooseFileOfKind, showFatalProblem, showOpenRefusal } from './electron/workspace-dialogs';
import { configureWorkers } from './workers/index';
import { WorkspaceHost } from './workspace-host';
import { startUpdates, type UpdateController } from './updates/index';
import { consoleLogger } from './rpc/context';
import type { EventName, WorkbenchEvents } from '@core/contract/index';

// electron-vite sets ELECTRON_RENDERER_URL for `npm run dev` only; a packaged app never trusts it.
const devServerUrl = (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || undefined;
const isDev = Boolean(devServerUrl);
let main: MainWindow | null = null;
let host: WorkspaceHost | null = null;
let resident: ResidentShell | null = null;
let updates: UpdateController | null = null;
/** Set once the app is really quitting: a window closed then is closed, not hidden into the tray. */
let quitting = false;

/**
 * Opens the first workspace. One that fails its checks opens the window on the recovery screen; only a
 * broken installation (better-sqlite3 not built for Electron) gets a native dialog and quits, since no
 * workspace could open at all. Null then.
 */
async function startHost(file: string): Promise<WorkspaceHost | null> {
  const nativeBinding = electronNativeBinding();
  // Worker threads open the workspace read-only with the same native build and migrations.
  configureWorkers({ migrationsFolder: migrationsFolder(), ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    return WorkspaceHost.start(file, {
      configDir: app.getPath('userData'),
      session: { migrationsFolder: migrationsFolder(), ...(nativeBinding ? { nativeBinding } : {}) },
      emit: (event, payload) => {
        sendEvent(main?.window ?? null, event as EventName, payload as WorkbenchEvents[EventName]);
        // A write repaints the tray count and the live calendar; another workspace is read again.
        if (event === 'data.changed') resident?.resident.dataChanged(payload as WorkbenchEvents['data.changed']);
        else if (event === 'workspace.changed') resident?.resident.workspaceChanged();
      },
      chooseFolder: (title) => chooseExportFolder(main?.window ?? null, title),
      chooseFile: (kind, title) => chooseFileOfKind(main?.window ?? null, kind, title),
      reveal: (f) => shell.showItemInFolder(f),
      onChange: () => showWorkspaceInChrome(),
    });
  } catch (err) {
    const fatal = err instanceof WorkspaceOpenError ? nativeModuleProblem(err.message, app.isPackaged) : null;
    if (!fatal) throw err;
    await showFatalProblem(fatal, null);
    return null;
  }
}

/** The window title, macOS's represented file and the Open Recent menu say which workspace is open. */
function showWorkspaceInChrome(): void {
  if (!host) return;
  Menu.setApplicationMenu(menuFor(host));
  if (!main || main.window.isDestroyed()) return;
  main.window.setTitle(host.title);
  if (process.platform === 'darwin') main.window.setRepresentedFilename(host.file);
}

/** Runs a workspace action from the menu; a refusal (the other workspace cannot be opened) is shown, the current one stays. */
function fromMenu(action: () => Promise<unknown>): void {
  action().catch((err: unknown) => {
    if (err instanceof WorkbenchError) void showOpenRefusal(err.message, main?.window ?? null);
    else console.error('[error] the workspace action failed', err);
  });
}

function menuFor(h: WorkspaceHost) {
  return buildMenu(
    {
      command: (command) => sendEvent(main?.window ?? null, 'menu.command', { command }),
      // The page asks for the name in its own dialog, then calls workspace.create.
      newWorkspace: () => sendEvent(main?.window ?? null, 'workspace.command', { command: 'new-workspace' }),
      openWorkspace: () => fromMenu(() => h.workspaces.open({ choose: true })),
      openRecent: (recentId) => fromMenu(() => h.workspaces.open({ recentId })),
      revealWorkspace: () => h.reveal(),
      about: () =>
        void dialog.showMessageBox({
          title: 'About Rollout Workbench',
          message: `Rollout Workbench ${app.getVersion()}`,
          detail: `Workspace: ${h.file}${h.recoveryState ? ' (could not be opened)' : ''}\nSchema version: ${h.session?.workspace.schemaVersion ?? '-'}\nElectron ${process.versions.electron}`,
        }),
    },
    isDev,
    h.state().recent.map((r) => ({ id: r.id, label: `${r.name} (${r.folder})`, current: r.current })),
  );
}

/** The window back in front (restored, shown, focused), created when there is none: the tray, a notification, a second launch. */
function showWindow(): MainWindow {
  if (main && !main.window.isDestroyed()) {
    if (main.window.isMinimized()) main.window.restore();
    main.window.show();
    main.window.focus();
    return main;
  }
  // A new window shows itself once painted (ready-to-show).
  return createWindow();
}

/** A click on a reminder or the tray's Reviews: the window, on the Reviews page. */
function openReviews(): void {
  const fresh = !main || main.window.isDestroyed();
  const { window } = showWindow();
  const navigate = () => sendEvent(window, 'navigate', { to: '/reviews' });
  // A window just created has no page listening yet: it is told once it has painted.
  if (fresh) window.once('ready-to-show', navigate);
  else navigate();
}

function createWindow(): MainWindow {
  // "Keep editing" on an unsaved form cancels a quit: the window stays resident again.
  const created = createMainWindow(devServerUrl, () => (quitting = false));
  main = created;
  created.window.on('close', (event) => {
    // Closing hides the window into the tray; the app (and its reminders) keeps running until Quit.
    if (quitting || !resident) return;
    event.preventDefault();
    created.window.hide();
    resident.closedToTray();
  });
  // Windows shutdown or logout: no 'before-quit' comes, so the loop settles and the workspace closes here.
  created.window.on('session-end', () => {
    quitting = true;
    void shutDown().finally(() => app.exit(0));
  });
  created.window.on('closed', () => {
    if (main === created) main = null;
  });
  showWorkspaceInChrome();
  return created;
}

/** Quit for real: the tray's Quit (the app menu's and Cmd+Q reach before-quit directly). */
function quit(): void {
  quitting = true;
  app.quit();
}

async function start(): Promise<void> {
  hardenSession(electronSession.defaultSession, isDev);
  // No --workspace (a start at login, the Start menu): the workspace last worked in.
  const file = startWorkspaceFile({
    requested: workspaceFromArgs(process.argv, process.env),
    configDir: app.getPath('userData'),
    defaultFile: defaultWorkspacePath(),
  });
  host = await startHost(file);
  if (!host) {
    app.quit();
    return;
  }
  const h = host;
  registerRpc(
    () => main,
    () => host,
  );
  // Started by the login item: only the tray, until the user asks for the window.
  if (!startedHidden(process.argv)) createWindow();
  resident = startResident({
    host: h,
    configDir: app.getPath('userData'),
    log: consoleLogger,
    getWindow: () => main?.window ?? null,
    showWindow,
    openReviews,
    quit,
  });
  h.reminders = resident.resident;
  // The first update check comes a while later, so start-up is not slowed.
  updates = startUpdates({
    // electron-updater is CommonJS: its autoUpdater (a getter) is taken from the module object, only in a packaged app.
    updater: electronUpdater({
      app,
      autoUpdater: () => createRequire(import.meta.url)('electron-updater').autoUpdater as AutoUpdaterLike,
      log: consoleLogger,
      onAppImageMoved: (file) => {
        try {
          retargetAutostart(file);
        } catch (err) {
          consoleLogger.warn(`The autostart entry could not follow the updated AppImage: ${(err as Error).message}`);
        }
      },
    }),
    configDir: app.getPath('userData'),
    log: consoleLogger,
    emit: (state) => sendEvent(main?.window ?? null, 'updates.state', state),
  });
  h.updates = updates;
}

/** How long a quit waits for the reminder loop's work in progress. */
const SETTLE_MS = 5000;

/** `work`, or nothing more once `ms` have passed. */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => {}), new Promise<void>((done) => (timer = setTimeout(done, ms)))]);
  clearTimeout(timer);
}

/** Pending work first (a live calendar waiting for its burst is written), then the loop stops. */
async function settle(): Promise<void> {
  const r = resident?.resident;
  if (!r) return;
  await within(r.flush(), SETTLE_MS);
  r.stop();
}

async function closeHost(): Promise<void> {
  resident?.stop();
  resident = null;
  updates?.stop();
  const h = host;
  host = null;
  if (h) await within(h.close(), SETTLE_MS);
}

let shuttingDown: Promise<void> | null = null;
/** Settles the loop and closes the workspace, once however many ways the end is asked. */
function shutDown(): Promise<void> {
  shuttingDown ??= settle().finally(() => closeHost());
  return shuttingDown;
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the workspace; it focuses its window (below) and this one leaves.
  app.quit();
} else {
  // A second launch (also the way back when the desktop shows no tray) brings the window.
  app.on('second-instance', () => {
    if (host) showWindow();
  });
  // macOS: a click on the Dock icon.
  app.on('activate', () => {
    if (host) showWindow();
  });
  app.on('web-contents-created', (_event, contents) => denyEverything(contents));
  // The app stays in the tray without a window; the listener keeps Electron from quitting.
  app.on('window-all-closed', () => {});
  app.on('before-quit', () => {
    quitting = true;
  });
  // A restart into an update closes the windows before 'before-quit' (macOS): they must close, not hide.
  nativeUpdater.on('before-quit-for-update', () => {
    quitting = true;
  });
  // Every window has closed (none held the quit back): the quit waits for a digest being sent and the
  // live calendar being written (at most SETTLE_MS), then the loop stops and the workspace closes.
  app.on('will-quit', (event) => {
    if (!host) return;
    event.preventDefault();
    void shutDown().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('[error] the app could not start', err);
      dialog.showErrorBox('Rollout Workbench could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}
