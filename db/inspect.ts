/**
 * The look that writes nothing and decides what a file is before anything is written: what is on disk
 * before SQLite opens it (empty, a journal or log pending, the header, whether it can be written), and
 * whether the SQLite file is a workspace of ours (identity mark, integrity check, migration record
 * against the shipped migrations) or foreign, newer, edited or damaged.
 */
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { fileSize } from './backups';
import { MIGRATIONS_TABLE, tablesAfterEachMigration, WORKSPACE_APPLICATION_ID } from './migrate';
import { refusal, type WorkspaceOpenError } from './open-errors';

interface AppliedMigration {
  hash: string;
  createdAt: number;
}

/** What a read-only look at an existing SQLite file found: a workspace of ours (to use or migrate), or nothing yet. */
export type Verdict = { kind: 'blank' } | { kind: 'ours'; stamped: boolean; applied: number; pending: ReturnType<typeof readMigrationFiles> };

function foreign(file: string, why: string): WorkspaceOpenError {
  return refusal(
    'foreign',
    file,
    `${file} is not a Rollout Workbench workspace: ${why}. It was not opened and has not been changed. Open it with the program that made it, or choose a workspace file.`,
  );
}

/**
 * Decides, reading only, what the file is. Nothing here writes: no pragma that changes the file, no
 * journal switch, no table creation. A file is ours when it carries the identity mark, or when it
 * carries none but its migration record matches this app's shipped migrations from the first one on
 * (a workspace made before the mark existed). Drizzle's migrator neither checks stored hashes nor
 * applies a migration older than the newest applied one, so both are guarded here: an applied
 * migration whose file changed, or a pending one older than the newest applied, is refused; so is a
 * workspace with migrations this app does not know (it is newer than the app).
 */
export function inspect(sqlite: Database.Database, file: string, folder: string, native: { nativeBinding?: string }): Verdict {
  const appId = Number(sqlite.pragma('application_id', { simple: true }));
  if (appId !== 0 && appId !== WORKSPACE_APPLICATION_ID) {
    throw foreign(file, `its SQLite identity mark (application_id ${appId}, 0x${(appId >>> 0).toString(16)}) belongs to another application`);
  }
  const check = sqlite.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
  const objects = sqlite.prepare('SELECT type, name FROM sqlite_master ORDER BY rowid').all() as { type: string; name: string }[];
  const tables = objects.filter((o) => o.type === 'table' && !o.name.startsWith('sqlite_')).map((o) => o.name);
  const userVersion = Number(sqlite.pragma('user_version', { simple: true }));
  const stamped = appId === WORKSPACE_APPLICATION_ID;
  if (!tables.includes(MIGRATIONS_TABLE)) {
    // Only a truly empty database becomes a new workspace: no schema object at all, no marks.
    if (objects.length === 0 && userVersion === 0 && appId === 0) return { kind: 'blank' };
    if (stamped) {
      throw refusal(
        'edited-migration',
        file,
        `${file} is marked as a Rollout Workbench workspace but its record of applied database changes is missing, so it cannot be migrated safely. Restore a backup (files ending in .bak next to it); the file has not been changed.`,
      );
    }
    if (tables.length > 0) throw foreign(file, `it holds ${tables.length} table(s) of another application (${listed(tables)})`);
    if (objects.length > 0)
      throw foreign(file, `it holds no tables but other database objects of another application (${listed(objects.map((o) => `${o.type} ${o.name}`))})`);
    throw foreign(file, `it holds no tables, but its SQLite user_version is ${userVersion}, set by another application`);
  }
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const applied = sqlite.prepare(`SELECT hash, created_at AS createdAt FROM "${MIGRATIONS_TABLE}" ORDER BY created_at`).all() as AppliedMigration[];
  const first = migrations[0];
  if (!stamped && !(applied[0] && first && Number(applied[0].createdAt) === first.folderMillis && applied[0].hash === first.hash)) {
    throw foreign(file, 'its migration record is not one of Rollout Workbench');
  }
  const byMillis = new Map(migrations.map((m) => [m.folderMillis, m]));
  for (const row of applied) {
    const known = byMillis.get(Number(row.createdAt));
    if (!known) {
      throw refusal(
        'newer-schema',
        file,
        `${file} was saved by a newer version of Rollout Workbench. Update the app to open it; the file has not been changed.`,
      );
    }
    if (known.hash !== row.hash) {
      throw refusal(
        'edited-migration',
        file,
        `${file} was migrated with a different version of a database change than this app ships. Use the app version that created it; the file has not been changed.`,
      );
    }
  }
  const appliedMillis = new Set(applied.map((r) => Number(r.createdAt)));
  const newest = applied.length ? Math.max(...appliedMillis) : -Infinity;
  const pending = migrations.filter((m) => !appliedMillis.has(m.folderMillis));
  if (pending.some((m) => m.folderMillis < newest)) {
    throw refusal(
      'edited-migration',
      file,
      `${file} is missing a database change that is older than ones already applied; this app build is inconsistent with the workspace. The file has not been changed.`,
    );
  }
  // The record now lists the first `applied.length` shipped migrations. The tables must be the ones
  // those migrations leave: a table that a pending migration creates means the record was emptied or
  // cut short (migrating would fail half-way), a missing one that the file was changed outside the app.
  const after = tablesAfterEachMigration(folder, migrations, native);
  const expected = new Set(after[applied.length]);
  const present = new Set(tables.filter((t) => t !== MIGRATIONS_TABLE));
  const early = [...new Set(after.slice(applied.length + 1).flat())].filter((t) => !expected.has(t) && present.has(t));
  if (early.length > 0) {
    throw refusal(
      'edited-migration',
      file,
      `${file} has a damaged record of applied database changes: it lists ${applied.length} of the ${migrations.length} changes this app knows, but tables that a later change creates already exist (${listed(early)}). The record was emptied or edited outside Rollout Workbench, so the file cannot be migrated safely. Restore a backup (files ending in .bak next to it); the file has not been changed.`,
    );
  }
  const missing = [...expected].filter((t) => !present.has(t));
  if (missing.length > 0) {
    throw refusal(
      'edited-migration',
      file,
      `${file} has a damaged record of applied database changes: tables those changes created are missing (${listed(missing)}), so the file was changed outside Rollout Workbench. Restore a backup (files ending in .bak next to it); the file has not been changed.`,
    );
  }
  return { kind: 'ours', stamped, applied: applied.length, pending };
}

function listed(names: string[]): string {
  return `${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`;
}

/** What is known about a file before SQLite opens it. */
interface FileState {
  exists: boolean;
  /** Zero bytes (and no write-ahead log with content). */
  blank: boolean;
  /** SQLite's write-ahead log or rollback journal holds changes, or another connection has the file open. */
  live: boolean;
  /** A write-ahead log with changes but no shared-memory index: even a read-only look would create one. */
  orphanedLog: boolean;
}

export function fileState(file: string): FileState {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, blank: true, live: false, orphanedLog: false };
    throw err;
  }
  if (st.isDirectory()) throw refusal('unreadable', file, `${file} is a folder, not a workspace file. Choose the workspace file inside it.`);
  const walSize = fileSize(`${file}-wal`);
  const shm = fs.existsSync(`${file}-shm`);
  return {
    exists: true,
    blank: st.size === 0 && walSize === 0,
    live: walSize > 0 || shm || fs.existsSync(`${file}-journal`),
    orphanedLog: walSize > 0 && !shm,
  };
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** What the file's first bytes say: whether it is SQLite, and whether it is in write-ahead-log mode (header bytes 18 and 19 are 2). */
export function readHeader(file: string): { sqlite: boolean; wal: boolean } {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(20);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const sqlite = n >= SQLITE_HEADER.length && head.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER);
    return { sqlite, wal: sqlite && n === head.length && head[18] === 2 && head[19] === 2 };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Why an existing workspace cannot be written, or null. A file without write permission bits counts
 * even for an administrator (who could write it anyway): someone marked it read-only on purpose.
 * A writable file in a read-only folder is read-only too: SQLite's write-ahead log and its rollback
 * journal are both files it must create next to the workspace, so no journal mode could save safely.
 */
export function notWritableReason(file: string): string | null {
  const onReadOnlyDisk = (err: unknown) => (err as NodeJS.ErrnoException).code === 'EROFS';
  if ((fs.statSync(file).mode & 0o222) === 0) return 'the file is marked read-only';
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch (err) {
    return onReadOnlyDisk(err) ? 'the disk it is on is read-only' : 'you may not write to the file';
  }
  try {
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
  } catch (err) {
    return onReadOnlyDisk(err) ? 'the disk it is on is read-only' : 'its folder is read-only, and SQLite must write its journal next to the workspace';
  }
  return null;
}
