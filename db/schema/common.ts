import { integer, text } from 'drizzle-orm/sqlite-core';

/** Columns every table has, so a sync engine can merge workspaces later (DESIGN.md, "Data"). */
export const syncColumns = () => ({
  id: text('id').primaryKey(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  version: integer('version').notNull().default(1),
});
