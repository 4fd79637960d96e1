import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { WorkbenchEvents } from '@core/contract/index';

export interface MenuActions {
  command(c: WorkbenchEvents['menu.command']['command']): void;
  newWorkspace(): void;
  openWorkspace(): void;
  openRecent(id: string): void;
  revealWorkspace(): void;
  about(): void;
}

/** An entry of File ▸ Open Recent: the recent list's id (main keeps the path) and what the menu shows. */
export interface RecentMenuItem {
  id: string;
  label: string;
  current: boolean;
}

/**
 * Shortcuts the renderer already handles itself (it has them in the browser harness too). The menu
 * shows them but does not register them on Windows and Linux, so one key press acts once.
 */
const shownOnly = { registerAccelerator: false } as const;

export function buildMenu(actions: MenuActions, isDev: boolean, recent: RecentMenuItem[] = []): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Site', accelerator: 'CmdOrCtrl+N', ...shownOnly, click: () => actions.command('new-site') },
        { label: 'New Client', click: () => actions.command('new-client') },
        { label: 'New Person', click: () => actions.command('new-person') },
        { type: 'separator' },
        { label: 'New Workspace…', click: () => actions.newWorkspace() },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
        {
          label: 'Open Recent',
          submenu: recent.length
            ? recent.map((r) => ({ label: r.label, type: 'checkbox' as const, checked: r.current, click: () => actions.openRecent(r.id) }))
            : [{ label: 'No recent workspaces', enabled: false }],
        },
        { label: 'Show Workspace File', click: () => actions.revealWorkspace() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Command Palette…', accelerator: 'CmdOrCtrl+K', ...shownOnly, click: () => actions.command('command-palette') },
        { label: 'Toggle Dark Theme', accelerator: 'CmdOrCtrl+Shift+L', ...shownOnly, click: () => actions.command('toggle-theme') },
        { type: 'separator' },
        ...(isDev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: `About ${app.getName()}…`, click: () => actions.about() }] },
  ];
  return Menu.buildFromTemplate(template);
}
