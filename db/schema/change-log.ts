import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Append-only: one row per mutation, written in the same transaction as the change. Triggers in the
 * migration refuse UPDATE and DELETE on this table.
 */
export const changeLog = sqliteTable(
  'change_log',
  {
    id: text('id').primaryKey(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    siteId: text('site_id'),
    action: text('action').notNull(),
    summary: text('summary').notNull(),
    before: text('before'),
    after: text('after'),
    actor: text('actor').notNull(),
    device: text('device').notNull(),
    at: text('at').notNull(),
  },
  (t) => [
    index('change_log_entity_idx').on(t.entity, t.entityId),
    index('change_log_site_idx').on(t.siteId, t.at),
  ],
);
