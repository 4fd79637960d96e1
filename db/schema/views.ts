import { sql } from 'drizzle-orm';
import { check, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { syncColumns } from './common';

/** A named Sites-list filter ("Pilot sites with owner gaps"), stored as the list's URL query. */
export const savedViews = sqliteTable(
  'saved_views',
  {
    ...syncColumns(),
    name: text('name').notNull(),
    query: text('query').notNull(),
    archivedAt: text('archived_at'),
  },
  (t) => [
    uniqueIndex('saved_views_name')
      .on(sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} is null`),
    check('saved_views_name_not_blank', sql`length(trim(${t.name})) > 0`),
  ],
);
