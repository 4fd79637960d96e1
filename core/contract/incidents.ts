import { z } from 'zod';
import { RESPONSIBILITIES } from '../domain/responsibilities';
import { WORKFLOWS } from '../playbook/schema';
import { Id, optionalNote, optionalText, requiredNote, requiredText, Timestamp } from './fields';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const INCIDENT_STATUSES = ['open', 'resolved'] as const;
/** The entries of an incident's timeline. */
export const INCIDENT_EVENT_KINDS = ['opened', 'note', 'resolved'] as const;
export const Severity = z.enum(SEVERITIES, { error: 'Severity must be low, medium, high or critical.' });

export const Incident = z.object({
  id: Id,
  siteId: Id,
  siteName: z.string(),
  severity: Severity,
  title: z.string(),
  whatHappened: z.string(),
  affectedWorkflow: z.enum(WORKFLOWS),
  occurredAt: Timestamp,
  affectedUser: z.string().nullable(),
  screen: z.string().nullable(),
  prompt: z.string().nullable(),
  approvalState: z.string().nullable(),
  affectedRecords: z.string().nullable(),
  status: z.enum(INCIDENT_STATUSES),
  openedBy: z.string(),
  preventionOwnerId: Id.nullable(),
  preventionOwnerName: z.string().nullable(),
  regressionCheck: z.string().nullable(),
  resolvedAt: Timestamp.nullable(),
  resolvedBy: z.string().nullable(),
  createdAt: Timestamp,
  version: z.number().int(),
});
export type Incident = z.infer<typeof Incident>;

export const IncidentDetail = Incident.extend({
  events: z.array(z.object({ id: Id, at: Timestamp, actor: z.string(), kind: z.enum(INCIDENT_EVENT_KINDS), text: z.string() })),
  /** Whom to call, in order, from the site's owner matrix. */
  escalationPath: z.array(
    z.object({
      responsibility: z.enum(RESPONSIBILITIES),
      label: z.string(),
      ownerName: z.string().nullable(),
      ownerEmail: z.string().nullable(),
      backupName: z.string().nullable(),
    }),
  ),
});

const isoDateTime = z
  .string({ error: 'When it happened is required.' })
  .refine((v) => !Number.isNaN(Date.parse(v)), { error: 'When it happened must be a date and time, for example 2026-03-01T14:30.' })
  .transform((v) => new Date(v).toISOString());

export const IncidentOpen = z.object({
  siteId: Id,
  severity: Severity,
  title: requiredText('Title', 200),
  whatHappened: requiredNote('What happened', 5000),
  affectedWorkflow: z.enum(WORKFLOWS, { error: 'Choose the affected workflow.' }),
  occurredAt: isoDateTime,
  affectedUser: optionalText('User', 200),
  screen: optionalText('Screen', 500),
  prompt: optionalNote('Prompt', 5000),
  approvalState: optionalText('Approval state', 500),
  affectedRecords: optionalNote('Affected records', 5000),
});

export const incidentsContract = {
  'incidents.list': {
    input: z.object({ siteId: Id.optional(), status: z.enum([...INCIDENT_STATUSES, 'all']).default('all') }),
    output: z.array(Incident),
  },
  'incidents.get': { input: z.object({ id: Id }), output: IncidentDetail },
  'incidents.open': { input: IncidentOpen, output: IncidentDetail },
  'incidents.addNote': { input: z.object({ id: Id, text: requiredNote('Note', 5000) }), output: IncidentDetail },
  'incidents.resolve': {
    input: z.object({
      id: Id,
      preventionOwnerId: z
        .string({ error: 'Choose the prevention owner.' })
        .min(1, { error: 'Choose the prevention owner: the person who makes sure it cannot happen again.' })
        .max(64, { error: 'Prevention owner is not a person id: choose the person from the list.' }),
      regressionCheck: requiredText('Regression check', 2000),
      note: optionalNote('Note', 5000),
    }),
    output: IncidentDetail,
  },
} as const;
