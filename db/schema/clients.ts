import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { syncColumns } from './common';

export const clients = sqliteTable(
  'clients',
  {
    ...syncColumns(),
    name: text('name').notNull(),
    notes: text('notes'),
    archivedAt: text('archived_at'),
  },
  (t) => [
    uniqueIndex('clients_name_unique').on(sql`lower(${t.name})`),
    index('clients_archived_idx').on(t.archivedAt),
    // Sorting sites by client walks the clients in name order (migration 0012).
    index('clients_name_nocase_idx').on(sql`${t.name} collate nocase`, t.id),
    check('clients_name_not_blank', sql`length(trim(${t.name})) > 0`),
  ],
);
