import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Workspace-wide settings and identity (device id, workspace id). One row per key. */
export const workspaceMeta = sqliteTable('workspace_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});
