import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { INCIDENT_EVENT_KINDS, INCIDENT_STATUSES, SEVERITIES } from '@core/contract/incidents';
import { WORKFLOWS } from '@core/playbook/schema';
import { sqlValues, syncColumns } from './common';
import { people } from './people';
import { sites } from './sites';

/** Something AI-assisted went wrong on a site; the evidence the domain says to preserve (docs/ARCHITECTURE.md, "The domain the code relies on") is kept field by field. */
export const incidents = sqliteTable(
  'incidents',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    title: text('title').notNull(),
    whatHappened: text('what_happened').notNull(),
    affectedWorkflow: text('affected_workflow', { enum: WORKFLOWS }).notNull(),
    occurredAt: text('occurred_at').notNull(),
    affectedUser: text('affected_user'),
    screen: text('screen'),
    prompt: text('prompt'),
    approvalState: text('approval_state'),
    affectedRecords: text('affected_records'),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull().default('open'),
    openedBy: text('opened_by').notNull(),
    preventionOwnerId: text('prevention_owner_id').references(() => people.id),
    regressionCheck: text('regression_check'),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
  },
  (t) => [
    index('incidents_site').on(t.siteId, t.status),
    check('incidents_severity_valid', sql`${t.severity} in (${sqlValues(SEVERITIES)})`),
    check('incidents_status_valid', sql`${t.status} in (${sqlValues(INCIDENT_STATUSES)})`),
    // Restart only after prevention owners and regression checks are done (docs/ARCHITECTURE.md, "The domain the code relies on").
    check(
      'incidents_resolved_needs_prevention',
      sql`${t.status} = 'open' or (${t.preventionOwnerId} is not null and ${t.regressionCheck} is not null and ${t.resolvedAt} is not null)`,
    ),
  ],
);

export const incidentEvents = sqliteTable(
  'incident_events',
  {
    ...syncColumns(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    kind: text('kind', { enum: INCIDENT_EVENT_KINDS }).notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('incident_events_incident').on(t.incidentId, t.at)],
);
