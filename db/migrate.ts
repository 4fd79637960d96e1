/**
 * Migrations: where the shipped migrations are, the identity mark and migration record they leave,
 * the tables they leave after each of them (what an existing file is compared against), and applying
 * the pending ones in one transaction after the backup.
 */
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBackup } from './backups';
import type { OpenOptions } from './client';
import type { Verdict } from './inspect';

/**
 * The identity mark of a workspace: SQLite's `application_id` header field ("RoWb" in ASCII),
 * set when this app creates or first migrates a workspace. Any other non-zero mark is another
 * application's file and is refused untouched.
 */
export const WORKSPACE_APPLICATION_ID = 0x526f5762;

export const MIGRATIONS_TABLE = '__drizzle_migrations';

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

/** One shipped migration as drizzle reads it from the migrations folder: its SQL statements, hash and time. */
export type Migration = ReturnType<typeof readMigrationFiles>[number];

/**
 * Runs one migration's statements on the connection, nothing else: no transaction, no migration
 * record. `migrate` runs it for each pending migration inside its transaction; the per-migration
 * tests (tests/db/migrations/) run it to build a database at the schema before a migration.
 */
export function runMigration(sqlite: Database.Database, m: Migration): void {
  for (const stmt of m.sql) if (stmt.trim()) sqlite.exec(stmt);
}

const tablesByFolder = new Map<string, string[][]>();

/**
 * The tables the shipped migrations leave, after each of them: entry `i` is the table list after the
 * first `i` migrations (entry 0 is empty). Computed once per migrations folder in a database in memory.
 */
export function tablesAfterEachMigration(folder: string, migrations: ReturnType<typeof readMigrationFiles>, native: { nativeBinding?: string }): string[][] {
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
      runMigration(reference, m);
      out.push(list());
    }
    tablesByFolder.set(folder, out);
    return out;
  } finally {
    reference.close();
  }
}

/**
 * Applies the pending migrations and the identity mark in one transaction, after the backup (when the
 * file already holds a workspace). A failure rolls everything back and removes that backup.
 */
export function migrate(
  sqlite: Database.Database,
  file: string,
  verdict: Verdict,
  folder: string,
  opts: OpenOptions,
  now: () => Date,
): { version: number; backup: string | null; ran: boolean } {
  const pending = verdict.kind === 'ours' ? verdict.pending : readMigrationFiles({ migrationsFolder: folder });
  const stamped = verdict.kind === 'ours' && verdict.stamped;
  const version = (verdict.kind === 'ours' ? verdict.applied : 0) + pending.length;
  if (pending.length === 0 && stamped) return { version, backup: null, ran: false };
  const hasData = verdict.kind === 'ours' && verdict.applied > 0;
  const backup = hasData && file !== ':memory:' ? writeBackup(sqlite, file, now, opts.statfs ?? ((dir) => fs.statfsSync(dir))) : null;
  try {
    sqlite.transaction(() => {
      sqlite.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`);
      const insert = sqlite.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" (hash, created_at) VALUES (?, ?)`);
      for (const m of pending) {
        runMigration(sqlite, m);
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
