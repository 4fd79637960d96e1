import { app } from 'electron';
import fs from 'node:fs';
import path from 'node:path';

/** Default workspace: one SQLite file in Electron's user-data folder. */
export function defaultWorkspacePath(): string {
  return path.join(app.getPath('userData'), 'workspace.sqlite');
}

/** The SQL migrations shipped with the app. */
export function migrationsFolder(): string {
  return path.join(app.getAppPath(), 'db', 'migrations');
}

/**
 * better_sqlite3.node built for this Electron's ABI by scripts/electron-native.mjs; null when absent
 * (then better-sqlite3 loads its own build, which only works if it was built for Electron).
 */
export function electronNativeBinding(): string | null {
  const file = path.join(app.getAppPath(), 'native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
  return fs.existsSync(file) ? file : null;
}

export function preloadPath(): string {
  return path.join(app.getAppPath(), 'out', 'preload', 'index.cjs');
}

export function rendererIndex(): string {
  return path.join(app.getAppPath(), 'out', 'renderer', 'index.html');
}
