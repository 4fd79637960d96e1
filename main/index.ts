/**
 * Electron entry. Thin on purpose: open the workspace (before any window), build the hardened window,
 * wire the one IPC handler and the menu. Everything else lives in Node-testable modules.
 */
import { app, BrowserWindow, dialog, Menu, session as electronSession, shell } from 'electron';
import { WorkspaceOpenError } from '../db/client';
import { workspaceFromArgs } from './ipc-guard';
import { openSession, type Session } from './session';
import { registerRpc, sendEvent } from './electron/ipc';
import { buildMenu } from './electron/menu';
import { defaultWorkspacePath, electronNativeBinding, migrationsFolder } from './electron/paths';
import { hardenSession } from './electron/security';
import { createMainWindow, type MainWindow } from './electron/window';
import { askAfterOpenFailure, chooseWorkspaceFile } from './electron/workspace-dialogs';

const isDev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL);
let main: MainWindow | null = null;
let current: Session | null = null;

function open(file: string): Session {
  const nativeBinding = electronNativeBinding();
  const s = openSession(file, { migrationsFolder: migrationsFolder(), ...(nativeBinding ? { nativeBinding } : {}) });
  s.ctx.emit = (event, payload) => sendEvent(main?.window ?? null, event, payload);
  return s;
}

/** Opens `file`, asking the user what to do while it fails. Null means the user chose to quit. */
async function openWithRecovery(file: string): Promise<Session | null> {
  let next: string | null = file;
  while (next) {
    try {
      return open(next);
    } catch (err) {
      if (!(err instanceof WorkspaceOpenError)) throw err;
      next = await askAfterOpenFailure(err, main?.window ?? null);
    }
  }
  return null;
}

async function switchWorkspace(): Promise<void> {
  const file = await chooseWorkspaceFile(main?.window ?? null);
  if (!file) return;
  const previous = current;
  const next = await openWithRecovery(file);
  if (!next) return;
  previous?.close();
  current = next;
  main?.window.webContents.reload();
}

async function start(): Promise<void> {
  hardenSession(electronSession.defaultSession, isDev);
  const file = workspaceFromArgs(process.argv, process.env) ?? defaultWorkspacePath();
  current = await openWithRecovery(file);
  if (!current) {
    app.quit();
    return;
  }
  registerRpc(() => main, () => current);
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
            detail: `Workspace: ${current?.workspace.file ?? 'none'}\nSchema version: ${current?.workspace.schemaVersion ?? '-'}`,
          }),
      },
      isDev,
    ),
  );
  main = createMainWindow(isDev ? process.env.ELECTRON_RENDERER_URL : undefined);
  main.window.on('closed', () => {
    main = null;
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!main) return;
    if (main.window.isMinimized()) main.window.restore();
    main.window.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    // No <webview>, and nothing may open windows, whatever created the contents.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('window-all-closed', () => {
    current?.close();
    current = null;
    app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && current) main = createMainWindow(isDev ? process.env.ELECTRON_RENDERER_URL : undefined);
  });
  void app.whenReady().then(start);
}
