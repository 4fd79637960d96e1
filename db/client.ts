/**
 * Opens a workspace file: a look that writes nothing decides whether it is a workspace (identity
 * mark, integrity check, migration guards) and whether it can be written; then pragmas, guarded
 * migrations (after a backup) and the drizzle handle, or a read-only handle. Every failure becomes a
 * WorkspaceOpenError whose message a user can act on. The look lives in inspect.ts, the migrations in
 * migrate.ts, the backup in backups.ts and the error kinds in open-errors.ts; this file re-exports what
 * other modules import from them.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileSize, freeBytes, removeUnfinishedBackups } from './backups';
import { fileState, inspect, notWritableReason, readHeader, type Verdict } from './inspect';
import { defaultMigrationsFolder, migrate } from './migrate';
import { classify, refusal, type WorkspaceOpenError } from './open-errors';
import { secureHistory } from './history-guards';
import { registerSqlFunctions } from './sql-functions';
import * as schema from './schema/index';

export { defaultMigrationsFolder, WORKSPACE_APPLICATION_ID } from './migrate';
export { WorkspaceOpenError, type WorkspaceOpenProblem } from './open-errors';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

declare const writable: unique symbol;
/**
 * The connection as a read sees it: the query builder's `select` and the raw `get` / `all` / `values`
 * reads. It has no insert, update, delete or run, so code that only holds a ReadableDb cannot write.
 */
export type ReadableDb = Omit<Db, 'insert' | 'update' | 'delete' | 'run' | 'transaction' | 'batch'>;
/**
 * The connection inside a write transaction. Only `writeTransaction` hands one out, so every write
 * happens inside BEGIN IMMEDIATE … COMMIT (docs/ARCHITECTURE.md, "One write path").
 */
export type WritableDb = Db & { readonly [writable]: true };

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
  /**
   * How a new workspace is made, ending the refusal of a missing or empty file when `create` is
   * 'never' ("Check the path; <createHint>."). Each program's wording comes from main/workspace-create.ts.
   */
  createHint?: string;
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
export function readOnlyReasonOf(db: ReadableDb): string | null {
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
  const createHint = opts.createHint ?? 'a new workspace is created in the app, never here';
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
            ? refusal('empty', file, `${file} is an empty file (0 bytes), not a workspace. Check the path; ${createHint}. The file has not been changed.`)
            : refusal('missing', file, `${file} does not exist. Check the path; ${createHint}.`);
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
          throw refusal('empty', file, `${file} is an empty SQLite database, not a workspace. Check the path; ${createHint}. The file has not been changed.`);
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
        opening.push(
          `${unfinished === 1 ? 'A backup' : `${unfinished} backups`} that an interrupted update of this workspace had begun ${unfinished === 1 ? 'was' : 'were'} removed (never finished, so never usable).`,
        );
      }
      const migrated = migrate(sqlite, file, verdict, folder, { ...opts, statfs }, now);
      backup = migrated.backup;
      if (migrated.ran) {
        migratedFrom = version;
        version = migrated.version;
      }
      useWriteAheadLog(sqlite);
      if (rollsBack) {
        opening.push(
          'The workspace was not closed properly: the change that was being saved when it closed was rolled back. Everything saved before it is kept.',
        );
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
