/**
 * Electron entry. Thin on purpose: open the workspace through the workspace host (before any window),
 * build the hardened window, wire the one IPC handler and the menu. Everything else lives in
 * Node-testable modules; the host (main/workspace-host.ts) is the same one the web harness runs.
 */
import { app, dialog, Menu, session as electronSession, shell } from 'electron';
import { createRequire } from 'node:module';
import path from 'node:path';
import { WorkspaceOpenError } from '@db/client';
import { WorkbenchError } from '@core/errors';
import { workspaceFromArgs } from './ipc-guard';
import { nativeModuleProblem } from './open-problem';
import { registerRpc, sendEvent } from './electron/ipc';
import { buildMenu } from './electron/menu';
import { defaultWorkspacePath, electronNativeBinding, migrationsFolder } from './electron/paths';
import { denyEverything, hardenSession } from './electron/security';
import { startReminders } from './electron/reminders';
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
let reminders: ReturnType<typeof startReminders> | null = null;
let updates: UpdateController | null = null;

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
      emit: (event, payload) => sendEvent(main?.window ?? null, event as EventName, payload as WorkbenchEvents[EventName]),
      chooseFolder: (title) => chooseExportFolder(main?.window ?? null, title),
      chooseFile: (kind, title) => chooseFileOfKind(main?.window ?? null, kind, title),
      reveal: (f) => shell.showItemInFolder(f),
      onChange: () => {
        showWorkspaceInChrome();
        reminders?.check();
      },
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

/** A click on a reminder: bring the window back and show the Reviews page. */
function openReviews(): void {
  if (!main) showMainWindow();
  if (!main) return;
  if (main.window.isMinimized()) main.window.restore();
  main.window.show();
  main.window.focus();
  sendEvent(main.window, 'navigate', { to: '/reviews' });
}

function showMainWindow(): void {
  main = createMainWindow(devServerUrl);
  main.window.on('closed', () => {
    main = null;
  });
  showWorkspaceInChrome();
}

async function start(): Promise<void> {
  hardenSession(electronSession.defaultSession, isDev);
  const requested = workspaceFromArgs(process.argv, process.env);
  host = await startHost(requested ? path.resolve(requested) : defaultWorkspacePath());
  if (!host) {
    app.quit();
    return;
  }
  const h = host;
  registerRpc(
    () => main,
    () => host,
  );
  showMainWindow();
  reminders = startReminders(
    () => h.reminderFacts(),
    () => main?.window ?? null,
    openReviews,
  );
  reminders.start();
  // After the window exists; the first check comes a while later, so start-up is not slowed.
  updates = startUpdates({
    // electron-updater is CommonJS: its autoUpdater (a getter) is taken from the module object, only in a packaged app.
    updater: electronUpdater({ app, autoUpdater: () => createRequire(import.meta.url)('electron-updater').autoUpdater as AutoUpdaterLike, log: consoleLogger }),
    configDir: app.getPath('userData'),
    log: consoleLogger,
    emit: (state) => sendEvent(main?.window ?? null, 'updates.state', state),
  });
  h.updates = updates;
}

function closeHost(): void {
  reminders?.stop();
  updates?.stop();
  const h = host;
  host = null;
  void h?.close();
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the workspace; it focuses its window (below) and this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!main) return;
    if (main.window.isMinimized()) main.window.restore();
    main.window.show();
    main.window.focus();
  });
  app.on('web-contents-created', (_event, contents) => denyEverything(contents));
  app.on('window-all-closed', () => {
    closeHost();
    app.quit();
  });
  app.on('before-quit', closeHost);
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('[error] the app could not start', err);
      dialog.showErrorBox('Rollout Workbench could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}
