/**
 * "Start at login, hidden": the operating system starts the installed app when the user logs in, and the
 * app then stays in the tray without a window (main/index.ts reads `startedHidden`).
 *
 * - macOS: Electron's login item (SMAppService). macOS no longer passes "open hidden" to the app, so a
 *   start at login is recognised by `wasOpenedAtLogin` instead of an argument.
 * - Windows: Electron's login item (the Run key) with `--hidden`; it is read back with the same path and
 *   arguments, since Windows keeps one entry per command line.
 * - Linux: Electron has no login items there, so this writes (or removes) an XDG autostart entry,
 *   `~/.config/autostart/rollout-workbench.desktop` ($XDG_CONFIG_HOME when set), starting the AppImage
 *   itself (`$APPIMAGE`, not the copy it mounts for the run) or the installed executable with `--hidden`.
 *   An update of an AppImage may give it a new file name and delete the old one, so the entry is written
 *   again with the current executable at every start while it exists, and when electron-updater says
 *   it moved the AppImage ('appimage-filename-updated', `retargetAutostart`); it counts as on only while
 *   the file it starts is there.
 *
 * A development run (`npm run dev`, `npm start`) has none: its executable is the bare Electron binary in
 * node_modules, which at login would start Electron's default app, not the workbench. It gets null, and
 * the Settings page says start at login is not available in this copy.
 */
import { app } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import type { LoginItemPort } from '../reminders/resident';
import { writeFileAtomically } from '../workspace-host-recent';

/** The argument a start at login carries (Windows, Linux). */
export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE = 'rollout-workbench.desktop';

export interface LoginItemOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  execPath?: string;
}

export function loginItemPort(o: LoginItemOptions = {}): LoginItemPort | null {
  if (!app.isPackaged) return null;
  const platform = o.platform ?? process.platform;
  const env = o.env ?? process.env;
  const execPath = o.execPath ?? process.execPath;
  if (platform === 'darwin')
    return {
      get: () => app.getLoginItemSettings().openAtLogin,
      set: (on) => app.setLoginItemSettings({ openAtLogin: on }),
    };
  if (platform === 'win32') {
    const entry = { path: execPath, args: [HIDDEN_ARG] };
    return {
      get: () => app.getLoginItemSettings(entry).openAtLogin,
      set: (on) => app.setLoginItemSettings({ openAtLogin: on, ...entry }),
    };
  }
  const file = autostartFile(env);
  const target = env.APPIMAGE || execPath;
  try {
    retargetAutostart(target, env);
  } catch (err) {
    console.warn(`[warn] The autostart entry could not be brought up to date: ${(err as Error).message}`);
  }
  return {
    get: () => {
      const exec = autostartTarget(file);
      return exec !== null && fs.existsSync(exec);
    },
    set: (on) => {
      if (on) writeFileAtomically(file, autostartEntry(target));
      else fs.rmSync(file, { force: true });
    },
  };
}

/** Whether this run was started by the login item, to stay in the tray without a window. */
export function startedHidden(argv: readonly string[], platform: NodeJS.Platform = process.platform): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.isPackaged && app.getLoginItemSettings().wasOpenedAtLogin;
}

/** Linux: while the autostart entry exists, it starts `executable` (a failure is logged by the caller's caller: thrown). */
export function retargetAutostart(executable: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = autostartFile(env);
  if (!fs.existsSync(file) || autostartTarget(file) === executable) return;
  writeFileAtomically(file, autostartEntry(executable));
}

/** The executable an autostart entry starts (the first argument of its Exec key), or null when there is none. */
export function autostartTarget(file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const exec = /^Exec=(.*)$/m.exec(text)?.[1];
  return exec ? execTarget(exec) : null;
}

/** The first argument of an Exec value, the escapes of execArgument undone. */
export function execTarget(exec: string): string | null {
  const value = exec.replace(/%%/g, '%').replace(/\\\\/g, '\\');
  if (value.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(value);
    return m ? m[1]!.replace(/\\(.)/g, '$1') : null;
  }
  return value.split(/\s+/)[0] || null;
}

function autostartFile(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const config = xdg && path.isAbsolute(xdg) ? xdg : path.join(app.getPath('home'), '.config');
  return path.join(config, 'autostart', AUTOSTART_FILE);
}

/**
 * One argument of a desktop entry's Exec key, as the Desktop Entry Specification asks: quoted when it
 * holds a space or a reserved character (a .deb installs under "/opt/Rollout Workbench"), with `"`, `` ` ``,
 * `$` and `\` escaped inside the quotes; then every backslash doubled (the escape of string values, applied
 * before the quoting rule) and `%` doubled (a field code otherwise).
 */
export function execArgument(value: string): string {
  const quoted = /[\s"'`$\\<>~|&;*?#()]/.test(value) ? `"${value.replace(/(["`$\\])/g, '\\$1')}"` : value;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Rollout Workbench',
    'Comment=Review reminders in the tray',
    `Exec=${execArgument(executable)} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
