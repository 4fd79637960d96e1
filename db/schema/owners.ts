import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { sqlValues, syncColumns } from './common';
import { people } from './people';
import { sites } from './sites';

// Written without spaces, as the migration that created the constraint has it.
const RESPONSIBILITY_SQL = sqlValues(RESPONSIBILITIES, ',');

export const ownerAssignments = sqliteTable(
  'owner_assignments',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    responsibility: text('responsibility', { enum: RESPONSIBILITIES }).notNull(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => people.id),
    backupOwnerId: text('backup_owner_id').references(() => people.id),
    verifiedAt: text('verified_at'),
    verifiedById: text('verified_by_id').references(() => people.id),
    note: text('note'),
    /** Unassigned owners are archived, never deleted, so history stays readable. */
    archivedAt: text('archived_at'),
  },
  (t) => [
    uniqueIndex('owner_assignments_one_per_responsibility')
      .on(t.siteId, t.responsibility)
      .where(sql`${t.archivedAt} is null`),
    index('owner_assignments_owner_idx').on(t.ownerId),
    // A site's assignments, live or not (migration 0012).
    index('owner_assignments_site_idx').on(t.siteId),
    index('owner_assignments_backup_idx').on(t.backupOwnerId),
    check('owner_assignments_responsibility_valid', sql`${t.responsibility} in (${RESPONSIBILITY_SQL})`),
    check('owner_assignments_backup_differs', sql`${t.backupOwnerId} is null or ${t.backupOwnerId} <> ${t.ownerId}`),
    check('owner_assignments_verified_pair', sql`(${t.verifiedAt} is null) = (${t.verifiedById} is null)`),
  ],
);

/**
 * Each site's owner figures (docs/ARCHITECTURE.md, "Reading fast"): its live owner assignments, those
 * not yet verified, and whether one is the setup owner. Derived from owner_assignments and never
 * edited or synced, so it has no sync columns: triggers of migration 0012 recount a site whenever one
 * of its assignments is written, by any writer, so the Sites list filters and sorts by owner gaps
 * without counting owners per site on each call.
 */
export const siteOwnerStats = sqliteTable(
  'site_owner_stats',
  {
    siteId: text('site_id')
      .primaryKey()
      .references(() => sites.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    assigned: integer('assigned').notNull().default(0),
    unverified: integer('unverified').notNull().default(0),
    setupOwner: integer('setup_owner').notNull().default(0),
  },
  (t) => [index('site_owner_stats_assigned_idx').on(t.assigned, t.siteId)],
);
