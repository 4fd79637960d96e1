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

/** better-sqlite3's binary, below its package folder. */
const BINARY = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

/**
 * better_sqlite3.node built for this Electron's ABI, or null when absent (then better-sqlite3 loads its
 * own build, which only works if that one was built for Electron). A packaged app holds the copy
 * electron-builder rebuilt for it (npmRebuild), unpacked beside app.asar because a native module cannot
 * be loaded from inside the archive. From a checkout, `npm start` and `npm run dev` make it with
 * scripts/electron-rebuild.mjs under native/electron-<version>/, leaving node_modules built for Node.
 */
export function electronNativeBinding(): string | null {
  const root = appRoot();
  const file = app.isPackaged
    ? path.join(root.replace(/\.asar$/, '.asar.unpacked'), BINARY)
    : path.join(root, 'native', `electron-${process.versions.electron}`, BINARY);
  return fs.existsSync(file) ? file : null;
}

export function preloadPath(): string {
  return path.join(appRoot(), 'out', 'preload', 'index.cjs');
}

export function rendererIndex(): string {
  return path.join(appRoot(), 'out', 'renderer', 'index.html');
}
