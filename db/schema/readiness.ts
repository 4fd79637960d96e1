import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ITEM_STATUSES } from '@core/domain/readiness';
import { PLAYBOOK_ITEM_KINDS } from '@core/contract/playbook';
import { WORKFLOWS } from '@core/playbook/schema';
import { sqlValues, syncColumns } from './common';
import { sites } from './sites';

/** A person's record of a checklist item or acceptance check on one site. Absent means open. */
export const siteChecklistItems = sqliteTable(
  'site_checklist_items',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    kind: text('kind', { enum: PLAYBOOK_ITEM_KINDS }).notNull(),
    itemId: text('item_id').notNull(),
    status: text('status', { enum: ITEM_STATUSES }).notNull(),
    evidence: text('evidence'),
    reason: text('reason'),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    uniqueIndex('site_checklist_items_once').on(t.siteId, t.kind, t.itemId),
    check('site_checklist_items_status_valid', sql`${t.status} in (${sqlValues(ITEM_STATUSES)})`),
    check('site_checklist_items_reason_needed', sql`${t.status} not in ('not_applicable', 'blocked') or ${t.reason} is not null`),
    check('site_checklist_items_done_has_evidence', sql`${t.status} <> 'done' or ${t.evidence} is not null`),
  ],
);

/** "Pause high-risk activity" on a site: who, why, when, which workflows; resumed with a note. */
export const sitePauses = sqliteTable(
  'site_pauses',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    pausedBy: text('paused_by').notNull(),
    reason: text('reason').notNull(),
    pausedAt: text('paused_at').notNull(),
    resumedAt: text('resumed_at'),
    resumedBy: text('resumed_by'),
    resumeNote: text('resume_note'),
  },
  (t) => [
    uniqueIndex('site_pauses_one_open')
      .on(t.siteId)
      .where(sql`${t.resumedAt} is null`),
    check('site_pauses_resume_note', sql`${t.resumedAt} is null or ${t.resumeNote} is not null`),
  ],
);

export const sitePauseWorkflows = sqliteTable(
  'site_pause_workflows',
  {
    ...syncColumns(),
    pauseId: text('pause_id')
      .notNull()
      .references(() => sitePauses.id),
    workflow: text('workflow', { enum: WORKFLOWS }).notNull(),
  },
  (t) => [uniqueIndex('site_pause_workflows_once').on(t.pauseId, t.workflow)],
);

/** A gate passed by override: the written reason, who and when. Shown in the site's documents. */
export const gateOverrides = sqliteTable(
  'gate_overrides',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    gate: text('gate').notNull(),
    /** What was done despite the gate, e.g. "setup → pilot". */
    action: text('action').notNull(),
    reasons: text('reasons').notNull(),
    overrideReason: text('override_reason').notNull(),
    actor: text('actor').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('gate_overrides_site').on(t.siteId, t.at)],
);
