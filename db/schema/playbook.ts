import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { OPERATOR_ROLES, REVIEW_KINDS, SCENARIO_ANSWERS, WORKFLOWS } from '@core/playbook/schema';
import { PLAYBOOK_ITEM_KINDS } from '@core/contract/playbook';
import { SITE_OVERRIDE_KINDS } from '@core/contract/overrides';
import { SOP_ITEM_KINDS } from '@core/contract/sops';
import { sqlValues, syncColumns } from './common';
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
    workflow: text('workflow', { enum: WORKFLOWS }).notNull(),
    role: text('role', { enum: OPERATOR_ROLES }).notNull(),
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
    kind: text('kind', { enum: SOP_ITEM_KINDS }).notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    why: text('why'),
  },
  (t) => [
    uniqueIndex('sop_items_position').on(t.sopVersionId, t.kind, t.position),
    check('sop_items_kind_valid', sql`${t.kind} in (${sqlValues(SOP_ITEM_KINDS)})`),
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
    /** The SOP item the situation tests (kind and position in that list), so the expected answer can be checked against the SOP. */
    basisKind: text('basis_kind'),
    basisIndex: integer('basis_index'),
    /** Risk level of the plan in an approval-boundary situation. */
    risk: text('risk'),
    archivedAt: text('archived_at'),
  },
  (t) => [
    uniqueIndex('scenarios_slug').on(t.slug),
    index('scenarios_role').on(t.role),
    check('scenarios_answer_valid', sql`${t.answer} in (${sqlValues(SCENARIO_ANSWERS)})`),
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
    workflow: text('workflow', { enum: WORKFLOWS }).notNull(),
    role: text('role', { enum: OPERATOR_ROLES }).notNull(),
    kind: text('kind', { enum: SITE_OVERRIDE_KINDS }).notNull(),
    text: text('text').notNull(),
    archivedAt: text('archived_at'),
  },
  (t) => [
    index('site_sop_overrides_site').on(t.siteId, t.workflow, t.role),
    check('site_sop_overrides_kind_valid', sql`${t.kind} in (${sqlValues(SITE_OVERRIDE_KINDS)})`),
  ],
);

/**
 * The production checklist and acceptance checks of the playbook, versioned like SOPs: an edit publishes
 * the next version of the item, a retired item publishes a version marked retired. The current playbook
 * is the newest version of every item that is not retired.
 */
export const playbookItemVersions = sqliteTable(
  'playbook_item_versions',
  {
    ...syncColumns(),
    kind: text('kind', { enum: PLAYBOOK_ITEM_KINDS }).notNull(),
    itemId: text('item_id').notNull(),
    itemVersion: integer('item_version').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    /** Set when the app decides the item from the site's records. */
    computed: text('computed'),
    retired: integer('retired', { mode: 'boolean' }).notNull().default(false),
    changeSummary: text('change_summary').notNull(),
    publishedBy: text('published_by').notNull(),
  },
  (t) => [
    uniqueIndex('playbook_item_versions_once').on(t.kind, t.itemId, t.itemVersion),
    check('playbook_item_versions_kind_valid', sql`${t.kind} in (${sqlValues(PLAYBOOK_ITEM_KINDS)})`),
    check('playbook_item_versions_version_positive', sql`${t.itemVersion} >= 1`),
  ],
);

/** The playbook's default review cadences, one versioned row per kind of review. */
export const playbookCadenceVersions = sqliteTable(
  'playbook_cadence_versions',
  {
    ...syncColumns(),
    kind: text('kind').notNull(),
    cadenceVersion: integer('cadence_version').notNull(),
    description: text('description').notNull(),
    rrule: text('rrule'),
    offsetDays: integer('offset_days'),
    changeSummary: text('change_summary').notNull(),
    publishedBy: text('published_by').notNull(),
  },
  (t) => [
    uniqueIndex('playbook_cadence_versions_once').on(t.kind, t.cadenceVersion),
    check('playbook_cadence_versions_kind_valid', sql`${t.kind} in (${sqlValues(REVIEW_KINDS)})`),
    check('playbook_cadence_versions_offset', sql`${t.offsetDays} is null or ${t.offsetDays} between 0 and 365`),
  ],
);
