import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { REVIEW_KINDS } from '@core/playbook/schema';
import { sqlValues, syncColumns } from './common';
import { operators } from './operators';
import { people } from './people';
import { sites } from './sites';

/**
 * A review of one site, planned by a cadence rule. `due_on` is a calendar day in the workspace time
 * zone ('YYYY-MM-DD'), so daylight-saving changes never move it. A review ends done (with notes) or
 * skipped (with a reason); at most one review of each kind is open per site, so a second trigger
 * (another hosting change, another new operator) joins the open review instead of adding one.
 */
export const reviews = sqliteTable(
  'reviews',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    kind: text('kind', { enum: REVIEW_KINDS }).notNull(),
    /** What planned it, in plain words (e.g. "PHP 8.1 → 8.2"). */
    reason: text('reason').notNull(),
    dueOn: text('due_on').notNull(),
    ownerId: text('owner_id').references(() => people.id),
    snoozedUntil: text('snoozed_until'),
    doneAt: text('done_at'),
    doneBy: text('done_by'),
    notes: text('notes'),
    findings: text('findings'),
    skippedAt: text('skipped_at'),
    skippedBy: text('skipped_by'),
    skipReason: text('skip_reason'),
  },
  (t) => [
    uniqueIndex('reviews_one_open_per_kind')
      .on(t.siteId, t.kind)
      .where(sql`${t.doneAt} is null and ${t.skippedAt} is null`),
    index('reviews_open_due')
      .on(t.dueOn)
      .where(sql`${t.doneAt} is null and ${t.skippedAt} is null`),
    index('reviews_site').on(t.siteId, t.dueOn),
    check('reviews_kind_valid', sql`${t.kind} in (${sqlValues(REVIEW_KINDS)})`),
    check('reviews_due_on_is_a_date', sql`${t.dueOn} glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
    check('reviews_snooze_is_a_date', sql`${t.snoozedUntil} is null or ${t.snoozedUntil} glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
    check('reviews_done_or_skipped', sql`${t.doneAt} is null or ${t.skippedAt} is null`),
    check('reviews_done_has_notes', sql`${t.doneAt} is null or (${t.notes} is not null and ${t.doneBy} is not null)`),
    check('reviews_skip_has_reason', sql`${t.skippedAt} is null or (${t.skipReason} is not null and ${t.skippedBy} is not null)`),
  ],
);

/** Operators added to a site in pilot or adoption wait for its before-new-users review (their access is gated on it). */
export const reviewOperators = sqliteTable(
  'review_operators',
  {
    ...syncColumns(),
    reviewId: text('review_id')
      .notNull()
      .references(() => reviews.id),
    operatorId: text('operator_id')
      .notNull()
      .references(() => operators.id),
  },
  (t) => [uniqueIndex('review_operators_once').on(t.reviewId, t.operatorId), index('review_operators_operator').on(t.operatorId)],
);

/**
 * A site's own periodic cadence, replacing the playbook's default RRULE; counted from `start_on`.
 * Going back to the playbook default archives the row (`archived_at`) instead of deleting it; setting
 * an own cadence again brings it back.
 */
export const reviewSchedules = sqliteTable(
  'review_schedules',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    rrule: text('rrule').notNull(),
    startOn: text('start_on').notNull(),
    archivedAt: text('archived_at'),
  },
  (t) => [uniqueIndex('review_schedules_one_per_site').on(t.siteId)],
);
