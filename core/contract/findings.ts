/**
 * `findings.*`: what the first-week review found, per operator and category: found by the rules in
 * imported activity or recorded by hand, confirmed or dismissed with a note, counted for repeats
 * (which raise an escalation flag), and turned into SOP updates.
 */
import { z } from 'zod';
import { FINDING_CATEGORIES, FINDING_RULES, FINDING_SOURCES, FINDING_STATUSES, REVIEW_AREAS } from '../activity/vocabulary';
import { RESPONSIBILITIES } from '../domain/responsibilities';
import { OPERATOR_ROLES, Sop, WORKFLOWS } from '../playbook/schema';
import { Id, requiredNote, Timestamp } from './fields';

export const Finding = z.object({
  id: Id,
  siteId: Id,
  /** The site's operator it belongs to; null while its actor is not matched to one. */
  operatorId: Id.nullable(),
  /** Who it is about: the operator's name, else the actor as the file wrote it. */
  who: z.string(),
  role: z.enum(OPERATOR_ROLES).nullable(),
  category: z.enum(FINDING_CATEGORIES),
  rule: z.enum(FINDING_RULES),
  /** What was seen, in plain words (masked text only). */
  summary: z.string(),
  /** The SOP it concerns. */
  workflow: z.enum(WORKFLOWS),
  occurredAt: Timestamp,
  source: z.enum(FINDING_SOURCES),
  status: z.enum(FINDING_STATUSES),
  decisionNote: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
  decidedBy: z.string().nullable(),
  /** Activity rows behind it (their ids; `activity.events` with the finding's id lists them). */
  eventIds: z.array(Id),
  /** The SOP version published from it, once one was. */
  sopUpdate: z.object({ workflow: z.enum(WORKFLOWS), role: z.enum(OPERATOR_ROLES), version: z.number().int() }).nullable(),
  version: z.number().int(),
});
export type Finding = z.infer<typeof Finding>;

/** The same operator and category, often enough within the playbook's window to escalate. */
export const RepeatFlag = z.object({
  siteId: Id,
  siteName: z.string(),
  operatorId: Id,
  operatorName: z.string(),
  role: z.enum(OPERATOR_ROLES),
  category: z.enum(FINDING_CATEGORIES),
  /** Findings (not dismissed) in the busiest window. */
  count: z.number().int(),
  threshold: z.number().int(),
  windowDays: z.number().int(),
  lastAt: Timestamp,
  /** Who the flag goes to: the site's owner for that responsibility; null when nobody is assigned. */
  escalationOwner: z.object({ responsibility: z.enum(RESPONSIBILITIES), name: z.string().nullable(), email: z.string().nullable() }),
});
export type RepeatFlag = z.infer<typeof RepeatFlag>;

export const OperatorFindings = z.object({
  operatorId: Id.nullable(),
  who: z.string(),
  role: z.enum(OPERATOR_ROLES).nullable(),
  counts: z.record(z.enum(FINDING_CATEGORIES), z.number().int()),
  flags: z.array(z.enum(FINDING_CATEGORIES)),
});

export const FindingRuleSettings = z.object({
  repeatThreshold: z
    .number({ error: 'Repeats must be a number.' })
    .int({ error: 'Repeats must be a whole number.' })
    .min(2, { error: 'Repeats must be at least 2 (one finding is not a repeat).' })
    .max(50, { error: 'Repeats must be at most 50.' }),
  repeatWindowDays: z
    .number({ error: 'Window must be a number of days.' })
    .int({ error: 'Window must be a whole number of days.' })
    .min(1, { error: 'Window must be at least 1 day.' })
    .max(90, { error: 'Window must be at most 90 days.' }),
  /** Longest time from a failure or incident to its escalation before the escalation is late. */
  escalationLimitMinutes: z
    .number({ error: 'Escalation limit must be a number of minutes.' })
    .int({ error: 'Escalation limit must be a whole number of minutes.' })
    .min(5, { error: 'Escalation limit must be at least 5 minutes.' })
    .max(10080, { error: 'Escalation limit must be at most 10080 minutes (a week).' }),
});
export type FindingRuleSettings = z.infer<typeof FindingRuleSettings>;

/** The five things of a first-week review, each with what the events show and what the reviewer found. */
export const FirstWeekArea = z.object({
  area: z.enum(REVIEW_AREAS),
  events: z.number().int(),
  findings: z.number().int(),
  openFindings: z.number().int(),
  /** What was found, as the reviewer wrote it when completing; null before. */
  found: z.string().nullable(),
});

export const FirstWeek = z.object({
  siteId: Id,
  /** The open first-week review, else the last one done; null when the site has none yet. */
  reviewId: Id.nullable(),
  reviewVersion: z.number().int().nullable(),
  reviewState: z.enum(['none', 'open', 'done', 'skipped']),
  dueOn: z.string().nullable(),
  doneAt: Timestamp.nullable(),
  doneBy: z.string().nullable(),
  notes: z.string().nullable(),
  imports: z.number().int(),
  events: z.number().int(),
  areas: z.array(FirstWeekArea),
  byOperator: z.array(OperatorFindings),
  flags: z.array(RepeatFlag),
  openFindings: z.number().int(),
  settings: FindingRuleSettings,
});
export type FirstWeek = z.infer<typeof FirstWeek>;

/** A draft SOP update: the SOP's current text with additions drawn from the findings, for the SOP editor. */
export const SopProposal = z.object({
  workflow: z.enum(WORKFLOWS),
  role: z.enum(OPERATOR_ROLES),
  baseVersion: z.number().int(),
  sop: Sop.omit({ workflow: true, role: true, version: true }),
  changeSummary: z.string(),
  findingIds: z.array(Id),
});
export type SopProposal = z.infer<typeof SopProposal>;

export const findingsContract = {
  'findings.list': {
    input: z.object({
      siteId: Id,
      statuses: z.array(z.enum(FINDING_STATUSES)).optional(),
      category: z.enum(FINDING_CATEGORIES).optional(),
      operatorId: Id.optional(),
    }),
    output: z.object({ rows: z.array(Finding), byOperator: z.array(OperatorFindings) }),
  },
  /** A finding seen during the review, recorded by hand; it counts for repeats like an imported one. */
  'findings.record': {
    input: z.object({
      siteId: Id,
      operatorId: Id,
      category: z.enum(FINDING_CATEGORIES),
      workflow: z.enum(WORKFLOWS),
      summary: requiredNote('What was seen', 2000),
      /** When it happened; now when absent. */
      occurredAt: Timestamp.optional(),
    }),
    output: Finding,
  },
  'findings.decide': {
    input: z.object({ id: Id, version: z.number().int(), decision: z.enum(['confirmed', 'dismissed']), note: requiredNote('Note', 2000) }),
    output: Finding,
  },
  /** Repeat flags over the whole portfolio (the Dashboard), or one site's. */
  'findings.flags': { input: z.object({ siteId: Id.optional() }).default({}), output: z.array(RepeatFlag) },
  /** A draft SOP update from confirmed or open findings of one SOP (same workflow and role). */
  'findings.proposeSopUpdate': { input: z.object({ findingIds: z.array(Id).min(1, { error: 'Choose at least one finding.' }).max(200) }), output: SopProposal },
  'findings.firstWeek': { input: z.object({ siteId: Id }), output: FirstWeek },
  'findings.settings': { input: z.object({}).default({}), output: FindingRuleSettings },
  'findings.updateSettings': {
    input: FindingRuleSettings.partial().extend({ changeSummary: requiredNote('Change summary', 500) }),
    output: FindingRuleSettings,
  },
} as const;
