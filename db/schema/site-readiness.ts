import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ROLLOUT_STAGES } from '@core/domain/stages';
import { sites } from './sites';

/**
 * Stored readiness (docs/ARCHITECTURE.md, "Stored readiness"): per site, what the Dashboard and the
 * Sites list's "Blocked only" read. Derived from the records and never synced, so it has no sync
 * columns: the triggers of migration 0011 mark a row `dirty` when a write can change its facts, and
 * main/services/readiness-store.ts recomputes dirty rows inside the write transaction. The row holds
 * while the clock is after `valid_from` and not after `valid_until` (an owner verification ageing out).
 */
export const siteReadiness = sqliteTable(
  'site_readiness',
  {
    siteId: text('site_id')
      .primaryKey()
      .references(() => sites.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    /** 1 when the site is not archived: only active sites count on the Dashboard. */
    active: integer('active').notNull().default(0),
    stage: text('stage', { enum: ROLLOUT_STAGES }),
    /** 1 when a readiness gate blocks the site's next stage (active sites only). */
    blocked: integer('blocked').notNull().default(0),
    /** The reason (as the Dashboard groups it) when it is the only one blocking the site. */
    soleReason: text('sole_reason'),
    /** Responsibilities without a live owner assignment. */
    ownerGaps: integer('owner_gaps').notNull().default(0),
    /** 1 when the setup record misses a part. */
    incomplete: integer('incomplete').notNull().default(0),
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    dirty: integer('dirty').notNull().default(1),
  },
  (t) => [
    index('site_readiness_totals_idx').on(t.active, t.stage, t.blocked, t.incomplete, t.ownerGaps),
    index('site_readiness_dirty_idx')
      .on(t.siteId)
      .where(sql`${t.dirty} = 1`),
    index('site_readiness_blocked_idx')
      .on(t.siteId)
      .where(sql`${t.blocked} = 1`),
    index('site_readiness_sole_idx')
      .on(t.soleReason)
      .where(sql`${t.soleReason} is not null`),
    index('site_readiness_valid_from_idx')
      .on(t.validFrom)
      .where(sql`${t.validFrom} is not null`),
    index('site_readiness_valid_until_idx')
      .on(t.validUntil)
      .where(sql`${t.validUntil} is not null`),
    check('site_readiness_flags', sql`${t.active} in (0, 1) and ${t.blocked} in (0, 1) and ${t.incomplete} in (0, 1) and ${t.dirty} in (0, 1)`),
  ],
);

/** Each blocked active site's reasons, as the Dashboard groups them (one row per reason). */
export const siteBlockingReasons = sqliteTable(
  'site_blocking_reasons',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => siteReadiness.siteId, { onDelete: 'cascade', onUpdate: 'cascade' }),
    reasonKey: text('reason_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.reasonKey] }), index('site_blocking_reasons_key_idx').on(t.reasonKey)],
);

/** How many sites each reason blocks, kept by triggers on `site_blocking_reasons` (migration 0011). */
export const siteBlockingReasonCounts = sqliteTable('site_blocking_reason_counts', {
  reasonKey: text('reason_key').primaryKey(),
  sites: integer('sites').notNull().default(0),
});
