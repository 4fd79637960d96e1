import { app } from 'electron';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Every shipped file is found from app.getAppPath(): the project root under `electron-vite preview`
 * and `dev` (where package.json lives), the app.asar root in a packaged app. Never from the working
 * directory, which is wherever the user launched the app.
 */
const appRoot = (): string => app.getAppPath();

/** Default workspace: one SQLite file in Electron's user-data folder. */
export function defaultWorkspacePath(): string {
  return path.join(app.getPath('userData'), 'workspace.sqlite');
}

/** The SQL migrations shipped with the app (Electron's fs reads inside app.asar transparently). */
export function migrationsFolder(): string {
  return path.join(appRoot(), 'db', 'migrations');
}

/**
 * better_sqlite3.node built for this Electron's ABI by scripts/electron-native.mjs; null when absent
 * (then better-sqlite3 loads its own build, which only works if that one was built for Electron).
 * A native module cannot be loaded from inside app.asar, so a packaged app ships it unpacked.
 */
export function electronNativeBinding(): string | null {
  const relative = path.join('native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
  const root = appRoot();
  const candidates = [path.join(root.replace(/\.asar$/, '.asar.unpacked'), relative), path.join(root, relative)];
  return candidates.find((file) => fs.existsSync(file)) ?? null;
}

export function preloadPath(): string {
  return path.join(appRoot(), 'out', 'preload', 'index.cjs');
}

export function rendererIndex(): string {
  return path.join(appRoot(), 'out', 'renderer', 'index.html');
}
