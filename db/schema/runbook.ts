import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { REHEARSAL_OUTCOMES, RUNBOOK_FIELD_KEYS, STEP_APPLIES, STEP_LISTS, VENDOR_KINDS } from '@core/runbook/registry';
import { clients } from './clients';
import { sqlValues, syncColumns } from './common';
import { people } from './people';
import { sites } from './sites';

/**
 * The runbook (core/runbook/registry.ts): each fact and each list item set on the agency template
 * (no client, no site), one client, or one site. Replaced rows are archived, never deleted, so a
 * site's history can show what its plan said before.
 */
const scopeColumns = () => ({
  clientId: text('client_id').references(() => clients.id),
  siteId: text('site_id').references(() => sites.id),
  archivedAt: text('archived_at'),
});

/** A row belongs to at most one of a client and a site (neither: the agency template). */
const oneScope = (name: string, t: { clientId: SQLiteColumn; siteId: SQLiteColumn }) =>
  check(`${name}_one_scope`, sql`${t.clientId} is null or ${t.siteId} is null`);

/** The live rows of one scope, in order: how every list is read. */
const scopeIndex = (name: string, t: { clientId: SQLiteColumn; siteId: SQLiteColumn; archivedAt: SQLiteColumn }, ...more: SQLiteColumn[]) =>
  index(`${name}_scope`)
    .on(t.siteId, t.clientId, ...more)
    .where(sql`${t.archivedAt} is null`);

export const runbookValues = sqliteTable(
  'runbook_values',
  {
    ...syncColumns(),
    ...scopeColumns(),
    key: text('key', { enum: RUNBOOK_FIELD_KEYS as [string, ...string[]] }).notNull(),
    value: text('value').notNull(),
  },
  (t) => [
    oneScope('runbook_values', t),
    check('runbook_values_key_valid', sql`${t.key} in (${sqlValues(RUNBOOK_FIELD_KEYS)})`),
    uniqueIndex('runbook_values_site_key')
      .on(t.siteId, t.key)
      .where(sql`${t.siteId} is not null and ${t.archivedAt} is null`),
    uniqueIndex('runbook_values_client_key')
      .on(t.clientId, t.key)
      .where(sql`${t.clientId} is not null and ${t.archivedAt} is null`),
    uniqueIndex('runbook_values_template_key')
      .on(t.key)
      .where(sql`${t.clientId} is null and ${t.siteId} is null and ${t.archivedAt} is null`),
  ],
);

const positionColumn = () => ({ position: integer('position').notNull() });

export const runbookSteps = sqliteTable(
  'runbook_steps',
  {
    ...syncColumns(),
    ...scopeColumns(),
    list: text('list', { enum: STEP_LISTS }).notNull(),
    ...positionColumn(),
    text: text('text').notNull(),
    applies: text('applies', { enum: STEP_APPLIES }).notNull().default('always'),
  },
  (t) => [
    oneScope('runbook_steps', t),
    scopeIndex('runbook_steps', t, t.list, t.position),
    check('runbook_steps_list_valid', sql`${t.list} in (${sqlValues(STEP_LISTS)})`),
    check('runbook_steps_applies_valid', sql`${t.applies} in (${sqlValues(STEP_APPLIES)})`),
  ],
);

export const runbookSeverities = sqliteTable(
  'runbook_severities',
  {
    ...syncColumns(),
    ...scopeColumns(),
    ...positionColumn(),
    name: text('name').notNull(),
    meaning: text('meaning').notNull(),
    responseMinutes: integer('response_minutes').notNull(),
    updateMinutes: integer('update_minutes').notNull(),
  },
  (t) => [
    oneScope('runbook_severities', t),
    scopeIndex('runbook_severities', t, t.position),
    check('runbook_severities_times_positive', sql`${t.responseMinutes} >= 1 and ${t.updateMinutes} >= 1`),
  ],
);

export const runbookTriage = sqliteTable(
  'runbook_triage',
  {
    ...syncColumns(),
    ...scopeColumns(),
    ...positionColumn(),
    symptom: text('symptom').notNull(),
    firstCheck: text('first_check').notNull(),
    responsibility: text('responsibility', { enum: RESPONSIBILITIES }).notNull(),
  },
  (t) => [
    oneScope('runbook_triage', t),
    scopeIndex('runbook_triage', t, t.position),
    check('runbook_triage_responsibility_valid', sql`${t.responsibility} in (${sqlValues(RESPONSIBILITIES)})`),
  ],
);

export const runbookEscalations = sqliteTable(
  'runbook_escalations',
  {
    ...syncColumns(),
    ...scopeColumns(),
    ...positionColumn(),
    afterMinutes: integer('after_minutes').notNull(),
    action: text('action').notNull(),
    responsibility: text('responsibility', { enum: RESPONSIBILITIES }),
  },
  (t) => [
    oneScope('runbook_escalations', t),
    scopeIndex('runbook_escalations', t, t.position),
    check('runbook_escalations_after_positive', sql`${t.afterMinutes} >= 1`),
    check('runbook_escalations_responsibility_valid', sql`${t.responsibility} is null or ${t.responsibility} in (${sqlValues(RESPONSIBILITIES)})`),
  ],
);

export const runbookVendors = sqliteTable(
  'runbook_vendors',
  {
    ...syncColumns(),
    ...scopeColumns(),
    ...positionColumn(),
    kind: text('kind', { enum: VENDOR_KINDS }).notNull(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    url: text('url'),
    statusUrl: text('status_url'),
    hours: text('hours'),
    licenceLocation: text('licence_location'),
    supportExpiresOn: text('support_expires_on'),
    accountRef: text('account_ref'),
    notes: text('notes'),
  },
  (t) => [
    oneScope('runbook_vendors', t),
    scopeIndex('runbook_vendors', t, t.position),
    check('runbook_vendors_kind_valid', sql`${t.kind} in (${sqlValues(VENDOR_KINDS)})`),
  ],
);

/**
 * Restore rehearsals of a site: when, the outcome, how long it took and who did it. The rollback plan
 * counts as current only after a passed one within the limit in Settings; the latest failing blocks it.
 */
export const rollbackRehearsals = sqliteTable(
  'rollback_rehearsals',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    rehearsedOn: text('rehearsed_on').notNull(),
    outcome: text('outcome', { enum: REHEARSAL_OUTCOMES }).notNull(),
    durationMinutes: integer('duration_minutes'),
    performedById: text('performed_by_id').references(() => people.id),
    notes: text('notes'),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    index('rollback_rehearsals_site').on(t.siteId, t.rehearsedOn),
    check('rollback_rehearsals_outcome_valid', sql`${t.outcome} in (${sqlValues(REHEARSAL_OUTCOMES)})`),
    check('rollback_rehearsals_failed_noted', sql`${t.outcome} <> 'failed' or ${t.notes} is not null`),
  ],
);
