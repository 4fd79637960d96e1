import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  ACTIVITY_FORMATS,
  ACTIVITY_KINDS,
  DATE_ORDERS,
  FINDING_CATEGORIES,
  FINDING_RULES,
  FINDING_SOURCES,
  FINDING_STATUSES,
  REVIEW_AREAS,
} from '@core/activity/vocabulary';
import { OPERATOR_ROLES, RISK_LEVELS, WORKFLOWS } from '@core/playbook/vocabulary';
import { sqlValues, syncColumns } from './common';
import { operators } from './operators';
import { sopVersions } from './playbook';
import { reviews } from './reviews';
import { sites } from './sites';

/**
 * A saved way of reading one kind of activity export (its mapping), reused for the next file whose
 * columns are the same (`columns_signature`). One column per mapped field: one editable fact each.
 */
export const activitySources = sqliteTable(
  'activity_sources',
  {
    ...syncColumns(),
    name: text('name').notNull(),
    format: text('format', { enum: ACTIVITY_FORMATS }).notNull(),
    delimiter: text('delimiter'),
    timeZone: text('time_zone').notNull(),
    dateOrder: text('date_order', { enum: DATE_ORDERS }).notNull(),
    /** The file's column names, case-folded, sorted and joined by U+001F: how a file is recognised. */
    columnsSignature: text('columns_signature').notNull(),
    /** The file's column names in file order, joined by U+001F (shown with the saved mapping). */
    columnNames: text('column_names').notNull(),
    colTime: text('col_time').notNull(),
    colActor: text('col_actor').notNull(),
    colEventType: text('col_event_type').notNull(),
    colActorName: text('col_actor_name'),
    colRole: text('col_role'),
    colPlanId: text('col_plan_id'),
    colRisk: text('col_risk'),
    colStatus: text('col_status'),
    colText: text('col_text'),
    colAffectedRecords: text('col_affected_records'),
    colReviewerNote: text('col_reviewer_note'),
    colEscalatedTo: text('col_escalated_to'),
    colSite: text('col_site'),
    archivedAt: text('archived_at'),
  },
  (t) => [
    uniqueIndex('activity_sources_name')
      .on(t.name)
      .where(sql`${t.archivedAt} is null`),
    index('activity_sources_signature').on(t.columnsSignature),
    check('activity_sources_format_valid', sql`${t.format} in (${sqlValues(ACTIVITY_FORMATS)})`),
    check('activity_sources_date_order_valid', sql`${t.dateOrder} in (${sqlValues(DATE_ORDERS)})`),
  ],
);

/** Event types of a source that the app does not recognise by itself, mapped by the user. */
export const activitySourceEventTypes = sqliteTable(
  'activity_source_event_types',
  {
    ...syncColumns(),
    sourceId: text('source_id')
      .notNull()
      .references(() => activitySources.id),
    raw: text('raw').notNull(),
    kind: text('kind', { enum: ACTIVITY_KINDS }).notNull(),
  },
  (t) => [
    uniqueIndex('activity_source_event_types_once').on(t.sourceId, t.raw),
    check('activity_source_event_types_kind_valid', sql`${t.kind} in (${sqlValues(ACTIVITY_KINDS)})`),
  ],
);

/** One imported file: what it held and what was kept. */
export const activityImports = sqliteTable(
  'activity_imports',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    sourceId: text('source_id').references(() => activitySources.id),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    rows: integer('rows').notNull(),
    imported: integer('imported').notNull(),
    duplicates: integer('duplicates').notNull(),
    bad: integer('bad').notNull(),
    /** Whether personal data and secrets were masked in this file's text. */
    masked: integer('masked', { mode: 'boolean' }).notNull(),
    importedAt: text('imported_at').notNull(),
    importedBy: text('imported_by').notNull(),
  },
  (t) => [index('activity_imports_site').on(t.siteId, t.importedAt)],
);

/**
 * One row of a site's SophMate activity, as imported (text masked unless the workspace setting was off).
 * `row_key` is a hash of the row's mapped cells as the file has them (before normalising and masking;
 * main/services/activity.ts `rowKeyOf`), so the same row imported again (the same file, or an
 * overlapping export) is recognised and not added twice, whatever the mask setting.
 */
export const activityEvents = sqliteTable(
  'activity_events',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    importId: text('import_id')
      .notNull()
      .references(() => activityImports.id),
    /** Line (CSV, JSON Lines) or item number (JSON array) in its file, from 1. */
    line: integer('line').notNull(),
    rowKey: text('row_key').notNull(),
    occurredAt: text('occurred_at').notNull(),
    actor: text('actor').notNull(),
    actorName: text('actor_name'),
    operatorId: text('operator_id').references(() => operators.id),
    role: text('role', { enum: OPERATOR_ROLES }),
    eventType: text('event_type').notNull(),
    kind: text('kind', { enum: ACTIVITY_KINDS }).notNull(),
    workflow: text('workflow', { enum: WORKFLOWS }),
    planId: text('plan_id'),
    risk: text('risk', { enum: RISK_LEVELS }),
    status: text('status'),
    text: text('text'),
    affectedRecords: text('affected_records'),
    reviewerNote: text('reviewer_note'),
    escalatedTo: text('escalated_to'),
  },
  (t) => [
    uniqueIndex('activity_events_row_once').on(t.siteId, t.rowKey),
    index('activity_events_site_time').on(t.siteId, t.occurredAt),
    index('activity_events_import').on(t.importId),
    index('activity_events_operator').on(t.operatorId),
    check('activity_events_kind_valid', sql`${t.kind} in (${sqlValues(ACTIVITY_KINDS)})`),
    check('activity_events_risk_valid', sql`${t.risk} is null or ${t.risk} in (${sqlValues(RISK_LEVELS)})`),
  ],
);

/** An actor of a site's exports matched by hand to one of its operators, reused by the next import. */
export const activityActorMatches = sqliteTable(
  'activity_actor_matches',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    /** The actor as written, case-folded and trimmed. */
    actorKey: text('actor_key').notNull(),
    operatorId: text('operator_id')
      .notNull()
      .references(() => operators.id),
  },
  (t) => [uniqueIndex('activity_actor_matches_once').on(t.siteId, t.actorKey)],
);

/**
 * What a first-week review found about one operator: by a rule in imported activity (`fingerprint`
 * names the rule and the rows, so running the rules again never adds it twice) or recorded by hand.
 */
export const findings = sqliteTable(
  'findings',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    operatorId: text('operator_id').references(() => operators.id),
    /** The actor as the export wrote it (or the operator's name for a finding recorded by hand). */
    actor: text('actor').notNull(),
    role: text('role', { enum: OPERATOR_ROLES }),
    category: text('category', { enum: FINDING_CATEGORIES }).notNull(),
    rule: text('rule', { enum: FINDING_RULES }).notNull(),
    summary: text('summary').notNull(),
    workflow: text('workflow', { enum: WORKFLOWS }).notNull(),
    occurredAt: text('occurred_at').notNull(),
    source: text('source', { enum: FINDING_SOURCES }).notNull(),
    status: text('status', { enum: FINDING_STATUSES }).notNull().default('open'),
    decisionNote: text('decision_note'),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
    fingerprint: text('fingerprint'),
    /** The SOP version published to answer it. */
    sopVersionId: text('sop_version_id').references(() => sopVersions.id),
  },
  (t) => [
    uniqueIndex('findings_fingerprint_once').on(t.siteId, t.fingerprint),
    index('findings_site').on(t.siteId, t.status, t.occurredAt),
    index('findings_operator').on(t.operatorId, t.category, t.occurredAt),
    check('findings_category_valid', sql`${t.category} in (${sqlValues(FINDING_CATEGORIES)})`),
    check('findings_rule_valid', sql`${t.rule} in (${sqlValues(FINDING_RULES)})`),
    check('findings_source_valid', sql`${t.source} in (${sqlValues(FINDING_SOURCES)})`),
    check('findings_status_valid', sql`${t.status} in (${sqlValues(FINDING_STATUSES)})`),
    check(
      'findings_decided_has_note',
      sql`${t.status} = 'open' or (${t.decisionNote} is not null and ${t.decidedAt} is not null and ${t.decidedBy} is not null)`,
    ),
    check('findings_imported_has_fingerprint', sql`${t.source} = 'manual' or ${t.fingerprint} is not null`),
  ],
);

/** The activity rows behind a finding. */
export const findingEvents = sqliteTable(
  'finding_events',
  {
    ...syncColumns(),
    findingId: text('finding_id')
      .notNull()
      .references(() => findings.id),
    eventId: text('event_id')
      .notNull()
      .references(() => activityEvents.id),
  },
  (t) => [uniqueIndex('finding_events_once').on(t.findingId, t.eventId), index('finding_events_event').on(t.eventId)],
);

/** What the reviewer found in each of the five things a first-week review looks at, written when completing it. */
export const reviewAreaNotes = sqliteTable(
  'review_area_notes',
  {
    ...syncColumns(),
    reviewId: text('review_id')
      .notNull()
      .references(() => reviews.id),
    area: text('area', { enum: REVIEW_AREAS }).notNull(),
    found: text('found').notNull(),
  },
  (t) => [uniqueIndex('review_area_notes_once').on(t.reviewId, t.area), check('review_area_notes_area_valid', sql`${t.area} in (${sqlValues(REVIEW_AREAS)})`)],
);

/** The playbook's finding-rule settings (repeats, window, escalation limit), versioned like cadences. */
export const playbookFindingRuleVersions = sqliteTable(
  'playbook_finding_rule_versions',
  {
    ...syncColumns(),
    rulesVersion: integer('rules_version').notNull(),
    repeatThreshold: integer('repeat_threshold').notNull(),
    repeatWindowDays: integer('repeat_window_days').notNull(),
    escalationLimitMinutes: integer('escalation_limit_minutes').notNull(),
    changeSummary: text('change_summary').notNull(),
    publishedBy: text('published_by').notNull(),
  },
  (t) => [
    uniqueIndex('playbook_finding_rule_versions_once').on(t.rulesVersion),
    check('playbook_finding_rule_versions_threshold', sql`${t.repeatThreshold} between 2 and 50`),
    check('playbook_finding_rule_versions_window', sql`${t.repeatWindowDays} between 1 and 90`),
    check('playbook_finding_rule_versions_limit', sql`${t.escalationLimitMinutes} between 5 and 10080`),
  ],
);
