/**
 * One test per migration: each test builds a database in memory at the schema just before its
 * migration (the earlier shipped migrations only), inserts the rows an older app version would have
 * written, applies the migration as the app does (inside one transaction) and checks the data and
 * the constraints and triggers it adds. Opening a real file (backup, identity mark, guards) is
 * covered in tests/db/migrations.test.ts; here each migration is looked at on its own.
 */
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterEach } from 'vitest';
import { defaultMigrationsFolder, runMigration, type Migration } from '@db/migrate';

export type DB = Database.Database;

let shipped: Migration[] | null = null;
/** The shipped migrations, in the journal's order (index 0 is 0000_foundation). */
export function migrations(): Migration[] {
  shipped ??= readMigrationFiles({ migrationsFolder: defaultMigrationsFolder() });
  return shipped;
}

const applied = new WeakMap<DB, number>();
const open: DB[] = [];

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

/** An empty database in memory with foreign keys on, as the app opens a workspace. Closed after the test. */
export function createDB(): DB {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  applied.set(db, 0);
  open.push(db);
  return db;
}

/**
 * Applies the shipped migrations after the ones already applied, up to and including migration `index`
 * (4 applies through 0004), each in its own transaction as the app's migrator runs them.
 */
export function migrateThrough(db: DB, index: number): void {
  const all = migrations();
  if (index >= all.length) throw new Error(`There is no migration ${index}: the last one is ${all.length - 1}.`);
  const from = applied.get(db) ?? 0;
  if (index < from - 1) throw new Error(`Migration ${index} is already applied (the database is at ${from - 1}).`);
  for (let i = from; i <= index; i++) {
    db.transaction(() => runMigration(db, all[i]!))();
    applied.set(db, i + 1);
  }
}

/** A database at the schema just before migration `index` (only the migrations before it applied). */
export function databaseBefore(index: number): DB {
  const db = createDB();
  if (index > 0) migrateThrough(db, index - 1);
  return db;
}

/** Inserts rows into a table, each row's keys naming its columns. */
export function insertRows(db: DB, table: string, rows: Record<string, unknown>[]): void {
  for (const row of rows) {
    const cols = Object.keys(row);
    db.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c]));
  }
}

/** Every row of a table, ordered by its first column (the id for every table here). */
export function tableRows(db: DB, table: string): Record<string, unknown>[] {
  return db.prepare(`SELECT * FROM "${table}" ORDER BY 1`).all() as Record<string, unknown>[];
}

/** The column names of a table, in order. */
export function columnsOf(db: DB, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
}

/** Names of the tables, triggers or indexes in the schema. */
export function schemaNames(db: DB, type: 'table' | 'trigger' | 'index'): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`).all(type) as { name: string }[]).map(
    (r) => r.name,
  );
}

/** The time every representative row is stamped with. */
export const AT = '2026-03-01T10:00:00.000Z';

/** Columns every record table shares. */
export const stamped = (id: string, extra: Record<string, unknown>): Record<string, unknown> => ({ id, created_at: AT, updated_at: AT, ...extra });

/** A client, a site and a person as 0000 shapes them: the rows most later migrations build on. */
export function foundationRows(db: DB): void {
  insertRows(db, 'clients', [stamped('c1', { name: 'Northwind' })]);
  insertRows(db, 'sites', [stamped('s1', { client_id: 'c1', name: 'Northwind Shop', production_url: 'https://shop.northwind.test', stage: 'setup' })]);
  insertRows(db, 'people', [stamped('p1', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' })]);
}
