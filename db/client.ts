/**
 * Opens a workspace file: pragmas, integrity check, guarded migrations (after a backup), and the
 * drizzle handle. Every failure becomes a WorkspaceOpenError whose message a user can act on.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/index';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export type WorkspaceOpenProblem =
  | 'not-sqlite'
  | 'corrupt'
  | 'newer-schema'
  | 'edited-migration'
  | 'locked'
  | 'unreadable';

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
  readonly?: boolean;
}

export interface Workspace {
  db: Db;
  sqlite: Database.Database;
  file: string;
  /** Number of migrations applied, which is the schema version the app reports. */
  schemaVersion: number;
  /** Backup written before migrating, if migrations ran. */
  backupFile: string | null;
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

function classify(err: unknown, file: string): WorkspaceOpenError {
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

function applyPragmas(sqlite: Database.Database): void {
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
}

/**
 * Applies pending migrations with two guards drizzle's own migrator lacks: an applied migration whose
 * file changed is refused, and so is a pending migration older than the newest applied one.
 * A workspace with migrations this app does not know is newer than the app and is left untouched.
 */
function migrate(sqlite: Database.Database, file: string, folder: string, now: () => Date): { version: number; backup: string | null } {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  sqlite.exec(
    `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`,
  );
  const applied = sqlite
    .prepare(`SELECT hash, created_at AS createdAt FROM "${MIGRATIONS_TABLE}" ORDER BY created_at`)
    .all() as { hash: string; createdAt: number }[];

  const byMillis = new Map(migrations.map((m) => [m.folderMillis, m]));
  for (const row of applied) {
    const known = byMillis.get(Number(row.createdAt));
    if (!known) {
      throw new WorkspaceOpenError(
        'newer-schema',
        `${file} was saved by a newer version of Rollout Workbench. Update the app to open it; the file has not been changed.`,
        file,
      );
    }
    if (known.hash !== row.hash) {
      throw new WorkspaceOpenError(
        'edited-migration',
        `${file} was migrated with a different version of a database change than this app ships. Use the app version that created it; the file has not been changed.`,
        file,
      );
    }
  }
  const appliedMillis = new Set(applied.map((r) => Number(r.createdAt)));
  const newest = applied.length ? Math.max(...appliedMillis) : -Infinity;
  const pending = migrations.filter((m) => !appliedMillis.has(m.folderMillis));
  const outOfOrder = pending.find((m) => m.folderMillis < newest);
  if (outOfOrder) {
    throw new WorkspaceOpenError(
      'edited-migration',
      `${file} is missing a database change that is older than ones already applied; this app build is inconsistent with the workspace. The file has not been changed.`,
      file,
    );
  }
  if (pending.length === 0) return { version: migrations.length, backup: null };

  let backup: string | null = null;
  const hasData = applied.length > 0;
  if (hasData && file !== ':memory:') {
    backup = `${file}.bak-${stamp(now())}-before-migration`;
    sqlite.exec(`VACUUM INTO '${backup.replace(/'/g, "''")}'`);
  }
  const insert = sqlite.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" (hash, created_at) VALUES (?, ?)`);
  sqlite.transaction(() => {
    for (const m of pending) {
      for (const stmt of m.sql) if (stmt.trim()) sqlite.exec(stmt);
      insert.run(m.hash, m.folderMillis);
    }
  })();
  return { version: migrations.length, backup };
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

export function openWorkspace(file: string, opts: OpenOptions = {}): Workspace {
  const now = opts.now ?? (() => new Date());
  const folder = opts.migrationsFolder ?? defaultMigrationsFolder();
  let sqlite: Database.Database | undefined;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    sqlite = new Database(file, {
      readonly: opts.readonly ?? false,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    });
    applyPragmas(sqlite);
    const check = sqlite.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
    const { version, backup } = migrate(sqlite, file, folder, now);
    cachePreparedStatements(sqlite);
    const db = drizzle(sqlite, { schema }) as Db;
    const handle = sqlite;
    return {
      db,
      sqlite: handle,
      file,
      schemaVersion: version,
      backupFile: backup,
      close: () => {
        if (handle.open) handle.close();
      },
    };
  } catch (err) {
    if (sqlite?.open) sqlite.close();
    throw classify(err, file);
  }
}

/** A consistent copy of an open workspace (online backup), e.g. before risky bulk work. */
export async function backupWorkspace(ws: Workspace, target: string): Promise<void> {
  await ws.sqlite.backup(target);
}
