import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { syncColumns } from './common';
import { sites } from './sites';

/**
 * One row per published version of an SOP (workflow x role). Versions are never edited: an edit
 * publishes the next version with a change summary, so earlier versions stay readable and a training
 * sign-off points at exactly what the operator read.
 */
export const sopVersions = sqliteTable(
  'sop_versions',
  {
    ...syncColumns(),
    workflow: text('workflow').notNull(),
    role: text('role').notNull(),
    sopVersion: integer('sop_version').notNull(),
    purpose: text('purpose').notNull(),
    whenToUse: text('when_to_use').notNull(),
    mayApproveLow: integer('may_approve_low', { mode: 'boolean' }).notNull(),
    mayApproveMedium: integer('may_approve_medium', { mode: 'boolean' }).notNull(),
    mayApproveHigh: integer('may_approve_high', { mode: 'boolean' }).notNull(),
    bulkApproveLowRisk: integer('bulk_approve_low_risk', { mode: 'boolean' }).notNull(),
    approvalNotes: text('approval_notes').notNull(),
    escalationResponsibility: text('escalation_responsibility').notNull(),
    changeSummary: text('change_summary').notNull(),
    publishedBy: text('published_by').notNull(),
  },
  (t) => [
    uniqueIndex('sop_versions_cell_version').on(t.workflow, t.role, t.sopVersion),
    check('sop_versions_version_positive', sql`${t.sopVersion} >= 1`),
    check('sop_versions_bulk_needs_low', sql`${t.bulkApproveLowRisk} = 0 or ${t.mayApproveLow} = 1`),
  ],
);

/** The list parts of an SOP version (examples, rules, triggers, stop conditions), one row per item. */
export const sopItems = sqliteTable(
  'sop_items',
  {
    ...syncColumns(),
    sopVersionId: text('sop_version_id')
      .notNull()
      .references(() => sopVersions.id),
    kind: text('kind', { enum: ['good_example', 'bad_example', 'refusal_rule', 'escalation_trigger', 'when_to_stop'] }).notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    why: text('why'),
  },
  (t) => [
    uniqueIndex('sop_items_position').on(t.sopVersionId, t.kind, t.position),
    check('sop_items_kind_valid', sql`${t.kind} in ('good_example', 'bad_example', 'refusal_rule', 'escalation_trigger', 'when_to_stop')`),
  ],
);

/** Scenario checks per role, answered ask / approve / reject / escalate / stop. */
export const scenarios = sqliteTable(
  'scenarios',
  {
    ...syncColumns(),
    slug: text('slug').notNull(),
    role: text('role').notNull(),
    workflow: text('workflow').notNull(),
    situation: text('situation').notNull(),
    answer: text('answer').notNull(),
    explanation: text('explanation').notNull(),
    archivedAt: text('archived_at'),
  },
  (t) => [
    uniqueIndex('scenarios_slug').on(t.slug),
    index('scenarios_role').on(t.role),
    check('scenarios_answer_valid', sql`${t.answer} in ('ask', 'approve', 'reject', 'escalate', 'stop')`),
  ],
);

/** Site-specific additions to an SOP: extra refusal rules or escalation contacts for one site. */
export const siteSopOverrides = sqliteTable(
  'site_sop_overrides',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    workflow: text('workflow').notNull(),
    role: text('role').notNull(),
    kind: text('kind', { enum: ['refusal_rule', 'escalation_contact'] }).notNull(),
    text: text('text').notNull(),
    archivedAt: text('archived_at'),
  },
  (t) => [
    index('site_sop_overrides_site').on(t.siteId, t.workflow, t.role),
    check('site_sop_overrides_kind_valid', sql`${t.kind} in ('refusal_rule', 'escalation_contact')`),
  ],
);
