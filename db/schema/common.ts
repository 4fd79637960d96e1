import { sql } from 'drizzle-orm';
import { integer, text } from 'drizzle-orm/sqlite-core';

/** Columns every table has, so a sync engine can merge workspaces later (docs/ARCHITECTURE.md, "Data"). */
export const syncColumns = () => ({
  id: text('id').primaryKey(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  version: integer('version').notNull().default(1),
});

/**
 * The allowed values of a CHECK constraint, written from the tuple core declares (`'a', 'b'`), so a
 * value added in core is one edit. `separator` keeps each constraint's text as its migration wrote it.
 */
export function sqlValues(values: readonly string[], separator = ', ') {
  return sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(separator));
}
