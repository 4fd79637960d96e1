import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Append-only: one row per mutation, written in the same transaction as the change. Triggers in the
 * migrations refuse UPDATE and DELETE on this table, and an INSERT that would replace or upsert a row.
 * Each row is sealed into a hash chain (db/integrity.ts): `content_hash` covers the row's fields as
 * written, `hash` covers `seq`, `content_hash` and the previous row's `hash`. The three columns are
 * nullable only because rows from before the chain are sealed once, right after the migration.
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
    seq: integer('seq'),
    contentHash: text('content_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('change_log_entity_idx').on(t.entity, t.entityId),
    index('change_log_site_idx').on(t.siteId, t.at),
    uniqueIndex('change_log_seq_idx').on(t.seq),
  ],
);
