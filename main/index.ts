/**
 * Electron entry. Thin on purpose: open the workspace (before any window), build the hardened window,
 * wire the one IPC handler and the menu. Everything else lives in Node-testable modules.
 */
import { app, dialog, Menu, session as electronSession, shell } from 'electron';
import path from 'node:path';
import { WorkspaceOpenError } from '@db/client';
import { workspaceFromArgs } from './ipc-guard';
import { nativeModuleProblem } from './open-problem';
import { openSession, type Session } from './session';
import { registerRpc, sendEvent } from './electron/ipc';
import { buildMenu } from './electron/menu';
import { defaultWorkspacePath, electronNativeBinding, migrationsFolder } from './electron/paths';
import { denyEverything, hardenSession } from './electron/security';
import { startReminders } from './electron/reminders';
import { createMainWindow, type MainWindow } from './electron/window';
import { askAfterOpenFailure, chooseExportFolder, chooseWorkspaceFile, showFatalProblem } from './electron/workspace-dialogs';
import { closeWorkers, configureWorkers } from './workers/index';

// electron-vite sets ELECTRON_RENDERER_URL for `npm run dev` only; a packaged app never trusts it.
const devServerUrl = (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || undefined;
const isDev = Boolean(devServerUrl);
let main: MainWindow | null = null;
let current: Session | null = null;
let reminders: ReturnType<typeof startReminders> | null = null;

function open(file: string): Session {
  const nativeBinding = electronNativeBinding();
  // Workers keep their read connection for their life: a workspace opened (again, or another one at
  // the same path) gets fresh workers, so none reads a file that was replaced since.
  void closeWorkers();
  // Worker threads open the workspace read-only with the same native build and migrations.
  configureWorkers({ migrationsFolder: migrationsFolder(), ...(nativeBinding ? { nativeBinding } : {}) });
  // A file chosen in the open dialog (or the default one at first start) may become a new workspace.
  const s = openSession(file, { create: 'allow', migrationsFolder: migrationsFolder(), ...(nativeBinding ? { nativeBinding } : {}) });
  s.ctx.emit = (event, payload) => sendEvent(main?.window ?? null, event, payload);
  s.ctx.chooseFolder = (title) => chooseExportFolder(main?.window ?? null, title);
  return s;
}

/**
 * Opens `file`, showing the error screen while it fails and trying what the user picks next.
 * Null means the user took the way out (quit at startup, keep the current workspace later).
 */
async function openWithRecovery(file: string, wayOut: 'quit' | 'keep-current'): Promise<Session | null> {
  let next: string | null = file;
  while (next) {
    try {
      return open(next);
    } catch (err) {
      if (!(err instanceof WorkspaceOpenError)) throw err;
      const fatal = nativeModuleProblem(err.message);
      if (fatal) {
        await showFatalProblem(fatal, main?.window ?? null);
        app.quit();
        return null;
      }
      next = await askAfterOpenFailure(err, main?.window ?? null, wayOut);
    }
  }
  return null;
}

async function switchWorkspace(): Promise<void> {
  const file = await chooseWorkspaceFile(main?.window ?? null);
  if (!file) return;
  const next = await openWithRecovery(file, 'keep-current');
  if (!next) return;
  current?.close();
  current = next;
  // The renderer caches data of the old workspace: start it afresh on the new one.
  main?.window.webContents.reload();
  reminders?.check();
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
}

async function start(): Promise<void> {
  hardenSession(electronSession.defaultSession, isDev);
  const requested = workspaceFromArgs(process.argv, process.env);
  current = await openWithRecovery(requested ? path.resolve(requested) : defaultWorkspacePath(), 'quit');
  if (!current) {
    app.quit();
    return;
  }
  registerRpc(
    () => main,
    () => current,
  );
  Menu.setApplicationMenu(
    buildMenu(
      {
        command: (command) => sendEvent(main?.window ?? null, 'menu.command', { command }),
        openWorkspace: () => void switchWorkspace(),
        revealWorkspace: () => current && shell.showItemInFolder(current.workspace.file),
        about: () =>
          void dialog.showMessageBox({
            title: 'About Rollout Workbench',
            message: `Rollout Workbench ${app.getVersion()}`,
            detail: `Workspace: ${current?.workspace.file ?? 'none'}\nSchema version: ${current?.workspace.schemaVersion ?? '-'}\nElectron ${process.versions.electron}`,
          }),
      },
      isDev,
    ),
  );
  showMainWindow();
  reminders = startReminders(
    () => current,
    () => main?.window ?? null,
    openReviews,
  );
  reminders.start();
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
    reminders?.stop();
    void closeWorkers();
    current?.close();
    current = null;
    app.quit();
  });
  app.on('before-quit', () => {
    reminders?.stop();
    void closeWorkers();
    current?.close();
    current = null;
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
