/**
 * Opens a workspace file: a look that writes nothing decides whether it is a workspace (identity
 * mark, integrity check, migration guards) and whether it can be written; then pragmas, guarded
 * migrations (after a backup) and the drizzle handle, or a read-only handle. Every failure becomes a
 * WorkspaceOpenError whose message a user can act on.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diskFailingMessage, diskFullMessage } from '../core/fault-messages';
import { secureHistory } from './integrity';
import { registerSqlFunctions } from './sql-functions';
import * as schema from './schema/index';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export type WorkspaceOpenProblem =
  | 'not-sqlite'
  | 'corrupt'
  | 'newer-schema'
  | 'edited-migration'
  | 'locked'
  | 'unreadable'
  /** Another application's SQLite database (another identity mark, or tables without our migrations). */
  | 'foreign'
  /** The file does not exist and the caller may not create a workspace (the CLI). */
  | 'missing'
  /** Zero bytes, or an SQLite file without tables, and the caller may not create a workspace. */
  | 'empty'
  /** Not enough free space for the backup taken before a migration. */
  | 'disk-full'
  /** The backup before a migration could not be written. */
  | 'backup-failed'
  /** The workspace needs migrating (or creating) but cannot be written. */
  | 'read-only'
  /** A crash left an unfinished change in a rollback journal next to the file, and it cannot be rolled back here. */
  | 'needs-recovery';

/**
 * The identity mark of a workspace: SQLite's `application_id` header field ("RoWb" in ASCII),
 * set when this app creates or first migrates a workspace. Any other non-zero mark is another
 * application's file and is refused untouched.
 */
export const WORKSPACE_APPLICATION_ID = 0x526f5762;

export class WorkspaceOpenError extends Error {
  constructor(
    readonly problem: WorkspaceOpenProblem,
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'WorkspaceOpenError';
  }
}

export interface OpenOptions {
  /** Folder holding drizzle-kit's SQL files and meta/_journal.json. */
  migrationsFolder?: string;
  /** Path to a better_sqlite3.node built for another runtime (Electron's ABI). */
  nativeBinding?: string;
  /** Used in backup file names. */
  now?: () => Date;
  /** Open read-only even if the file could be written (`--read-only`). */
  readonly?: boolean;
  /**
   * Whether a missing, zero-byte or table-less file may become a new workspace. The CLI says 'never'
   * (it never creates a workspace); the desktop app and the web harness say 'allow'. Default 'allow'.
   */
  create?: 'allow' | 'never';
  /** Free space of the folder holding the workspace (replaceable so a full disk can be simulated). */
  statfs?: (folder: string) => { bavail: number | bigint; bsize: number | bigint };
}

export interface Workspace {
  db: Db;
  sqlite: Database.Database;
  file: string;
  /** Number of migrations applied, which is the schema version the app reports. */
  schemaVersion: number;
  /** Backup written before migrating, if migrations ran. */
  backupFile: string | null;
  /** What opening found and repaired (a history guard restored, earlier history sealed), in plain words. */
  notices: string[];
  /** Schema version before this open migrated the file (0 for a new workspace); null when nothing was migrated. */
  migratedFrom: number | null;
  /** Why the workspace is open read-only (nothing can be saved), or null when it is writable. */
  readOnlyReason: string | null;
  close(): void;
}

const MIGRATIONS_TABLE = '__drizzle_migrations';

/** Finds the migrations folder both from source (tsx, vitest) and from the bundled main process. */
export function defaultMigrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, 'migrations'),
    path.join(here, '../../db/migrations'),
    path.join(here, '../db/migrations'),
    path.join(process.cwd(), 'db/migrations'),
  ];
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'meta/_journal.json')));
  if (!found) throw new Error(`Migrations not found; looked in: ${candidates.join(', ')}`);
  return found;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

/** Free bytes in the folder holding `file`, or null when that cannot be told. */
function freeBytes(file: string, statfs: NonNullable<OpenOptions['statfs']>): number | null {
  try {
    const { bavail, bsize } = statfs(path.dirname(path.resolve(file)));
    return Number(bavail) * Number(bsize);
  } catch {
    return null;
  }
}

function classify(err: unknown, file: string, free: () => number | null): WorkspaceOpenError {
  if (err instanceof WorkspaceOpenError) return err;
  const code = (err as { code?: string }).code ?? '';
  const msg = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB' || /file is not a database/i.test(msg)) {
    return new WorkspaceOpenError(
      'not-sqlite',
      `${file} is not a Rollout Workbench workspace (it is not an SQLite database). Choose another file or create a new workspace.`,
      file,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || /malformed/i.test(msg)) {
    return new WorkspaceOpenError(
      'corrupt',
      `${file} is damaged and cannot be opened safely. Restore the newest backup next to it (files ending in .bak) or from your own backups. The file has not been changed.`,
      file,
    );
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new WorkspaceOpenError('disk-full', diskFullMessage(`nothing was changed in ${file}`, 'open it again'), file);
  }
  if (code.startsWith('SQLITE_IOERR')) {
    // SQLite says "disk I/O error" for a full disk too (the shared-memory index or the log could not
    // grow): a folder with less than 1 MB free is called full, anything else a failing disk.
    const left = free();
    const full = left !== null && left < MB;
    return new WorkspaceOpenError('disk-full', (full ? diskFullMessage : diskFailingMessage)(`nothing was changed in ${file}`, 'open it again'), file);
  }
  if (code === 'SQLITE_READONLY_ROLLBACK') {
    return new WorkspaceOpenError(
      'needs-recovery',
      `${file} was not closed properly: a journal next to it (${path.basename(file)}-journal) holds a change that was being written and must be rolled back before the workspace can be read. Open it with write access (Rollout Workbench rolls the change back), or restore a backup (files ending in .bak next to it). The file has not been changed.`,
      file,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new WorkspaceOpenError(
      'locked',
      `${file} is in use by another program (another Rollout Workbench window, a sync tool or a backup job). Close it and try again.`,
      file,
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'ENOENT' || code === 'SQLITE_READONLY') {
    return new WorkspaceOpenError(
      'unreadable',
      `${file} cannot be opened: check that the folder exists and that you may read and write it.`,
      file,
    );
  }
  return new WorkspaceOpenError('unreadable', `${file} could not be opened: ${msg}`, file);
}

/** Settings of the connection only: none of them writes to the file. */
function connectionPragmas(sqlite: Database.Database): void {
  sqlite.pragma('busy_timeout = 50'); // short: a write that cannot get the lock waits asynchronously and retries (main/rpc/faults.ts)
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
}

/**
 * Switches the file to write-ahead logging, which rewrites its header: done only once the file is
 * known to be a workspace and migrated, so a migration that fails leaves the header as it was.
 */
function useWriteAheadLog(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
}

interface AppliedMigration {
  hash: string;
  createdAt: number;
}

/** What a read-only look at an existing SQLite file found: a workspace of ours (to use or migrate), or nothing yet. */
type Verdict =
  | { kind: 'blank' }
  | { kind: 'ours'; stamped: boolean; applied: number; pending: ReturnType<typeof readMigrationFiles> };

function refusal(problem: WorkspaceOpenProblem, file: string, message: string): WorkspaceOpenError {
  return new WorkspaceOpenError(problem, message, file);
}

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
function inspect(sqlite: Database.Database, file: string, folder: string, native: { nativeBinding?: string }): Verdict {
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
    if (objects.length > 0) throw foreign(file, `it holds no tables but other database objects of another application (${listed(objects.map((o) => `${o.type} ${o.name}`))})`);
    throw foreign(file, `it holds no tables, but its SQLite user_version is ${userVersion}, set by another application`);
  }
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const applied = sqlite
    .prepare(`SELECT hash, created_at AS createdAt FROM "${MIGRATIONS_TABLE}" ORDER BY created_at`)
    .all() as AppliedMigration[];
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

const tablesByFolder = new Map<string, string[][]>();

/**
 * The tables the shipped migrations leave, after each of them: entry `i` is the table list after the
 * first `i` migrations (entry 0 is empty). Computed once per migrations folder in a database in memory.
 */
function tablesAfterEachMigration(folder: string, migrations: ReturnType<typeof readMigrationFiles>, native: { nativeBinding?: string }): string[][] {
  const known = tablesByFolder.get(folder);
  if (known && known.length === migrations.length + 1) return known;
  const reference = new Database(':memory:', native);
  try {
    const list = () =>
      (reference.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[])
        .map((r) => r.name)
        .filter((n) => !n.startsWith('sqlite_') && n !== MIGRATIONS_TABLE);
    const out = [list()];
    for (const m of migrations) {
      for (const stmt of m.sql) if (stmt.trim()) reference.exec(stmt);
      out.push(list());
    }
    tablesByFolder.set(folder, out);
    return out;
  } finally {
    reference.close();
  }
}

const MB = 1024 * 1024;

/**
 * Writes the backup taken before a migration, after checking there is room for it: the file's size
 * plus a margin (the migration itself needs space too). The backup is written under a hidden temporary
 * name in the same folder (`.FILE.bak-<time>-before-migration.<process id>.partial`), flushed to disk
 * and only then renamed to its final name, so a file under the final name is always a whole backup,
 * even when the app is killed while writing it. A backup that fails for any reason is removed and the
 * open refused, so a full disk never leaves a truncated backup that looks like a good one.
 */
function writeBackup(sqlite: Database.Database, file: string, now: () => Date, statfs: NonNullable<OpenOptions['statfs']>): string {
  const dir = path.dirname(path.resolve(file));
  const size = fileSize(file) + fileSize(`${file}-wal`);
  const needed = size + Math.max(16 * MB, Math.ceil(size * 0.1));
  const { bavail, bsize } = statfs(dir);
  const free = Number(bavail) * Number(bsize);
  if (free < needed) {
    throw refusal(
      'disk-full',
      file,
      `The disk is full: nothing was changed. ${file} needs migrating to this app version, and a backup is written first; free at least ${Math.ceil((needed - free) / MB)} MB on the disk that holds it and open it again.`,
    );
  }
  const backup = `${file}.bak-${stamp(now())}-before-migration`;
  const partial = path.join(dir, `.${path.basename(backup)}.${process.pid}.partial`);
  try {
    sqlite.exec(`VACUUM INTO '${partial.replace(/'/g, "''")}'`);
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, backup);
    syncFolder(dir);
  } catch (err) {
    for (const f of [partial, `${partial}-journal`, backup]) fs.rmSync(f, { force: true });
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE') {
      throw refusal('disk-full', file, `The disk is full: nothing was changed. The backup of ${file} taken before migrating it did not fit; free some space on its disk and open it again.`);
    }
    throw refusal(
      'backup-failed',
      file,
      `${file} needs migrating to this app version, but the backup taken first could not be written (${err instanceof Error ? err.message : String(err)}). Nothing was changed; check that you may write to its folder and open it again.`,
    );
  }
  return backup;
}

/** A backup that a killed migration left under its temporary name: `.FILE.bak-<time>-before-migration.<pid>.partial`, maybe with its journal. */
const PARTIAL_BACKUP = /^\.(.+)\.bak-[0-9TZ-]+-before-migration\.(\d+)\.partial(-journal)?$/;

/**
 * Removes backups of `file` that an earlier open began but never finished (the app was killed while
 * writing them): only files under the temporary name writeBackup uses, and only when the process that
 * wrote them is gone. Returns how many were removed.
 */
function removeUnfinishedBackups(file: string): number {
  const dir = path.dirname(path.resolve(file));
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    const m = PARTIAL_BACKUP.exec(name);
    if (!m || m[1] !== path.basename(file)) continue;
    const pid = Number(m[2]);
    if (pid !== process.pid && processIsRunning(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    if (!m[3]) removed += 1;
  }
  return removed;
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes a rename in `dir` durable (where the platform can flush a folder). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for flushing; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Applies the pending migrations and the identity mark in one transaction, after the backup (when the
 * file already holds a workspace). A failure rolls everything back and removes that backup.
 */
function migrate(sqlite: Database.Database, file: string, verdict: Verdict, folder: string, opts: OpenOptions, now: () => Date): { version: number; backup: string | null; ran: boolean } {
  const pending = verdict.kind === 'ours' ? verdict.pending : readMigrationFiles({ migrationsFolder: folder });
  const stamped = verdict.kind === 'ours' && verdict.stamped;
  const version = (verdict.kind === 'ours' ? verdict.applied : 0) + pending.length;
  if (pending.length === 0 && stamped) return { version, backup: null, ran: false };
  const hasData = verdict.kind === 'ours' && verdict.applied > 0;
  const backup = hasData && file !== ':memory:' ? writeBackup(sqlite, file, now, opts.statfs ?? ((dir) => fs.statfsSync(dir))) : null;
  try {
    sqlite.transaction(() => {
      sqlite.exec(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`,
      );
      const insert = sqlite.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" (hash, created_at) VALUES (?, ?)`);
      for (const m of pending) {
        for (const stmt of m.sql) if (stmt.trim()) sqlite.exec(stmt);
        insert.run(m.hash, m.folderMillis);
      }
      sqlite.pragma(`application_id = ${WORKSPACE_APPLICATION_ID}`);
    })();
  } catch (err) {
    if (backup) fs.rmSync(backup, { force: true });
    throw err;
  }
  return { version, backup, ran: true };
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * drizzle prepares a fresh statement for every query, which dominates the cost of small queries.
 * Statements are keyed by their SQL text and reused; the raw-mode flag drizzle may have switched
 * on is reset each time, so a reused statement behaves like a new one.
 */
function cachePreparedStatements(sqlite: Database.Database, max = 1000): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      if (stmt.reader) stmt.raw(false);
      return stmt;
    }
    stmt = prepare(source);
    if (cache.size >= max) cache.clear();
    cache.set(source, stmt);
    return stmt;
  }) as Database.Database['prepare'];
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

function fileState(file: string): FileState {
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
function readHeader(file: string): { sqlite: boolean; wal: boolean } {
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

/** Which of SQLite's files next to the workspace exist before opening it. */
function sidecarsOf(file: string): { wal: boolean; shm: boolean } {
  return { wal: fs.existsSync(`${file}-wal`), shm: fs.existsSync(`${file}-shm`) };
}

/**
 * After a failed open: removes the write-ahead log and its index if this open created them and they
 * hold nothing (an empty log; an index of zero bytes, as SQLite leaves it when it could not grow it on a
 * full disk). Files that were there before, or that hold anything, are left alone.
 */
function removeCreatedSidecars(file: string, before: { wal: boolean; shm: boolean }): void {
  const holdsNothing = (f: string) => {
    try {
      return fs.readFileSync(f).every((b) => b === 0);
    } catch {
      return false;
    }
  };
  try {
    // An index with content means another program opened the workspace meanwhile: both stay.
    const shm = `${file}-shm`;
    if (fs.existsSync(shm) && (before.shm || !holdsNothing(shm))) return;
    if (!before.wal && holdsNothing(`${file}-wal`)) fs.rmSync(`${file}-wal`, { force: true });
    if (!before.shm) fs.rmSync(shm, { force: true });
  } catch {
    // Left in place: SQLite ignores an empty log and rebuilds the index.
  }
}

/**
 * Why an existing workspace cannot be written, or null. A file without write permission bits counts
 * even for an administrator (who could write it anyway): someone marked it read-only on purpose.
 * A writable file in a read-only folder is read-only too: SQLite's write-ahead log and its rollback
 * journal are both files it must create next to the workspace, so no journal mode could save safely.
 */
function notWritableReason(file: string): string | null {
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

function readOnlyRefusal(file: string, reason: string, change: string): WorkspaceOpenError {
  return refusal(
    'read-only',
    file,
    `${file} is read-only (${reason}), and opening it would ${change}. Copy it to a folder you may write to and open the copy; the file has not been changed.`,
  );
}

/**
 * A private copy of the file (and its write-ahead log or rollback journal) in a temporary folder, for
 * when SQLite could not read the file in place without creating files next to it or writing to it:
 * - a workspace nobody can write (impossible in a read-only folder; as nothing can change the
 *   original, the copy shows exactly what it holds);
 * - a log left by a crash without its index (even a read-only connection would recreate the index);
 * - a read-only open (`--read-only`) of a workspace in write-ahead-log mode that no program has open
 *   (no index next to it): a read-only connection would leave an empty log and its 32 KB index next
 *   to the file. The copy is taken when the workspace is opened; changes another program saves
 *   later are not seen until it is opened again. (SQLite's `immutable` open would avoid the copy, but
 *   it reads torn pages if another program writes meanwhile, and this build does not accept URIs.)
 * Opened read-only ('read'), a copy holding a journal that must be rolled back is refused with
 * SQLITE_READONLY_ROLLBACK. Opened to roll back ('roll-back'), SQLite rolls the journal back in the
 * copy, so the decision about a crashed workspace is made on what it will hold, the original untouched.
 */
function openSnapshot(file: string, native: { nativeBinding?: string }, mode: 'read' | 'roll-back' = 'read'): { sqlite: Database.Database; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-workbench-read-only-'));
  try {
    const copy = path.join(dir, 'workspace.sqlite');
    fs.copyFileSync(file, copy);
    if (fileSize(`${file}-wal`) > 0) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    if (fileSize(`${file}-journal`) > 0) fs.copyFileSync(`${file}-journal`, `${copy}-journal`);
    return { sqlite: new Database(copy, { readonly: mode === 'read', fileMustExist: true, ...native }), dir };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

const readOnlyReasons = new WeakMap<Database.Database, string>();

/** Why the workspace behind `db` is open read-only, or null when it can be written. */
export function readOnlyReasonOf(db: Db): string | null {
  return readOnlyReasons.get(db.$client) ?? null;
}

/**
 * Opens a workspace. The decision comes first, from a look that writes nothing: a missing or empty
 * file becomes a new workspace only when the caller allows it; anything that is not this app's
 * workspace, or is newer than the app, or damaged, or whose tables do not match its record of applied
 * migrations, is refused untouched. Only then does anything write: the backup, the migrations and,
 * last, the switch to write-ahead logging (so a migration that fails leaves even the header as it
 * was). A workspace that cannot be written opens read-only, leaving no new file next to it.
 */
export function openWorkspace(file: string, opts: OpenOptions = {}): Workspace {
  const now = opts.now ?? (() => new Date());
  const folder = opts.migrationsFolder ?? defaultMigrationsFolder();
  const native = opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {};
  const statfs = opts.statfs ?? ((dir: string) => fs.statfsSync(dir));
  let sqlite: Database.Database | undefined;
  let snapshotDir: string | null = null;
  const sidecars = file === ':memory:' ? null : sidecarsOf(file);
  try {
    let verdict: Verdict = { kind: 'blank' };
    /** A crash left a journal that the open rolls back (decided on a private copy first). */
    let rollsBack = false;
    let readOnlyReason: string | null = null;
    if (file !== ':memory:') {
      const state = fileState(file);
      const locked = state.exists ? notWritableReason(file) : null;
      readOnlyReason = locked ?? (opts.readonly ? 'it was opened read-only' : null);
      if (state.blank) {
        if (opts.create === 'never') {
          throw state.exists
            ? refusal('empty', file, `${file} is an empty file (0 bytes), not a workspace. Check the path; a new workspace is created in the app, never here. The file has not been changed.`)
            : refusal('missing', file, `${file} does not exist. Check the path; a new workspace is created in the app, never here.`);
        }
        if (readOnlyReason) throw readOnlyRefusal(file, readOnlyReason, 'create a new workspace in it');
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      } else {
        const header = readHeader(file);
        if (!header.sqlite) throw Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' });
        const walWithoutIndex = header.wal && !fs.existsSync(`${file}-shm`);
        if (locked || state.orphanedLog || (readOnlyReason && walWithoutIndex)) {
          const snapshot = openSnapshot(file, native);
          sqlite = snapshot.sqlite;
          snapshotDir = snapshot.dir;
        } else if (readOnlyReason || state.live) {
          // Read-only: a connection that may write would replay a leftover journal into the file.
          sqlite = new Database(file, { readonly: true, fileMustExist: true, ...native });
        } else {
          // Nothing pending in a journal: reads through this connection leave the file as it was,
          // and query_only makes sure the look cannot write.
          sqlite = new Database(file, { fileMustExist: true, ...native });
          sqlite.pragma('query_only = ON');
        }
        try {
          verdict = inspect(sqlite, file, folder, native);
        } catch (err) {
          // A rollback journal left by a crash: the file can be read only once the journal is rolled
          // back, which writes to it. With write access, decide on a private copy rolled back the
          // same way; the file itself is rolled back only when it is a workspace to open.
          if ((err as { code?: string }).code !== 'SQLITE_READONLY_ROLLBACK' || readOnlyReason || snapshotDir) throw err;
          sqlite.close();
          const snapshot = openSnapshot(file, native, 'roll-back');
          sqlite = snapshot.sqlite;
          snapshotDir = snapshot.dir;
          verdict = inspect(sqlite, file, folder, native);
          rollsBack = true;
        }
        if (verdict.kind === 'blank' && opts.create === 'never') {
          throw refusal('empty', file, `${file} is an empty SQLite database, not a workspace. Check the path; a new workspace is created in the app, never here. The file has not been changed.`);
        }
        const needsMigrating = verdict.kind === 'blank' || verdict.pending.length > 0;
        if (readOnlyReason && needsMigrating) {
          throw readOnlyRefusal(file, readOnlyReason, verdict.kind === 'blank' ? 'create a new workspace in it' : 'migrate it to this app version');
        }
        if (!readOnlyReason && (sqlite.readonly || snapshotDir)) {
          sqlite.close();
          sqlite = undefined;
          if (snapshotDir) fs.rmSync(snapshotDir, { recursive: true, force: true });
          snapshotDir = null;
        }
      }
    }
    let version = verdict.kind === 'ours' ? verdict.applied : 0;
    const opening: string[] = [];
    let backup: string | null = null;
    let migratedFrom: number | null = null;
    if (readOnlyReason && sqlite) {
      readOnlyReasons.set(sqlite, readOnlyReason);
    } else {
      sqlite ??= new Database(file, native);
      sqlite.pragma('query_only = OFF');
      connectionPragmas(sqlite);
      const unfinished = file === ':memory:' ? 0 : removeUnfinishedBackups(file);
      if (unfinished > 0) {
        opening.push(`${unfinished === 1 ? 'A backup' : `${unfinished} backups`} that an interrupted update of this workspace had begun ${unfinished === 1 ? 'was' : 'were'} removed (never finished, so never usable).`);
      }
      const migrated = migrate(sqlite, file, verdict, folder, { ...opts, statfs }, now);
      backup = migrated.backup;
      if (migrated.ran) {
        migratedFrom = version;
        version = migrated.version;
      }
      useWriteAheadLog(sqlite);
      if (rollsBack) {
        opening.push('The workspace was not closed properly: the change that was being saved when it closed was rolled back. Everything saved before it is kept.');
      }
    }
    registerSqlFunctions(sqlite);
    // The same list the app shows once (openingNotices): what opening did comes first.
    const notices = secureHistory(sqlite, { migrationsFolder: folder, readonly: readOnlyReason !== null, ...native });
    notices.unshift(...opening);
    cachePreparedStatements(sqlite);
    const db = drizzle(sqlite, { schema }) as Db;
    const handle = sqlite;
    const privateCopy = snapshotDir;
    return {
      db,
      sqlite: handle,
      file,
      schemaVersion: version,
      backupFile: backup,
      migratedFrom,
      readOnlyReason,
      notices,
      close: () => {
        if (handle.open) handle.close();
        if (privateCopy) fs.rmSync(privateCopy, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (sqlite?.open) sqlite.close();
    if (snapshotDir) fs.rmSync(snapshotDir, { recursive: true, force: true });
    if (sidecars) removeCreatedSidecars(file, sidecars);
    throw classify(err, file, () => (file === ':memory:' ? null : freeBytes(file, statfs)));
  }
}

/** A consistent copy of an open workspace (online backup), e.g. before risky bulk work. */
export async function backupWorkspace(ws: Workspace, target: string): Promise<void> {
  await ws.sqlite.backup(target);
}
