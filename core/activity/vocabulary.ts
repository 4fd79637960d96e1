/**
 * The words of the first-week review: the fields an activity export is mapped to, the kinds of event
 * SophMate records, the five things the review looks at, and the five kinds of finding. Kept apart
 * from the rules so the contract, the schema and the UI can use them without importing the rules.
 */
import type { Workflow } from '../playbook/vocabulary';

/** The fields one row of an activity export is mapped to; the first three are required. */
export const ACTIVITY_FIELDS = [
  'time',
  'actor',
  'eventType',
  'actorName',
  'role',
  'planId',
  'risk',
  'status',
  'text',
  'affectedRecords',
  'reviewerNote',
  'escalatedTo',
  'site',
] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];
export const REQUIRED_ACTIVITY_FIELDS = ['time', 'actor', 'eventType'] as const satisfies readonly ActivityField[];

export const ACTIVITY_FIELD_LABEL: Record<ActivityField, string> = {
  time: 'Time',
  actor: 'Actor (email or name)',
  eventType: 'Event type',
  actorName: 'Actor name',
  role: 'Role',
  planId: 'Plan id',
  risk: 'Risk',
  status: 'Status',
  text: 'Prompt or text',
  affectedRecords: 'Affected records',
  reviewerNote: 'Reviewer note',
  escalatedTo: 'Escalated to',
  site: 'Site URL',
};

export const ACTIVITY_FORMATS = ['csv', 'json', 'jsonl'] as const;
export type ActivityFormat = (typeof ACTIVITY_FORMATS)[number];

/** How a date written without a year first is read: 03/04/2026 is 3 April (dmy) or 4 March (mdy). */
export const DATE_ORDERS = ['ymd', 'dmy', 'mdy'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/**
 * What happened, whatever the export calls it. A row's event type and status are read together
 * ("workflow_approval" + "rejected" is a rejected plan).
 */
export const ACTIVITY_KINDS = [
  'prompt',
  'draft',
  'plan_proposed',
  'plan_approved',
  'plan_rejected',
  'plan_executed',
  'plan_failed',
  'escalation',
  'incident',
  'other',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_LABEL: Record<ActivityKind, string> = {
  prompt: 'Prompt or question',
  draft: 'Support draft',
  plan_proposed: 'Plan proposed',
  plan_approved: 'Plan approved',
  plan_rejected: 'Plan rejected',
  plan_executed: 'Plan executed',
  plan_failed: 'Plan failed',
  escalation: 'Escalation',
  incident: 'Incident or failure reported',
  other: 'Other audit record',
};

/** The five things a first-week review looks at (the playbook's words). */
export const REVIEW_AREAS = ['prompts', 'rejected_plans', 'support_drafts', 'approvals', 'audit_records'] as const;
export type ReviewArea = (typeof REVIEW_AREAS)[number];

export const REVIEW_AREA_LABEL: Record<ReviewArea, string> = {
  prompts: 'Prompts',
  rejected_plans: 'Rejected plans',
  support_drafts: 'Support drafts',
  approvals: 'Approvals',
  audit_records: 'Audit records',
};

/** Which events each area looks at. */
export const REVIEW_AREA_KINDS: Record<ReviewArea, readonly ActivityKind[]> = {
  prompts: ['prompt'],
  rejected_plans: ['plan_rejected'],
  support_drafts: ['draft'],
  approvals: ['plan_approved'],
  audit_records: ['plan_proposed', 'plan_executed', 'plan_failed', 'escalation', 'incident', 'other'],
};

export const FINDING_CATEGORIES = ['unsafe_prompt', 'skipped_context', 'approval_misunderstanding', 'late_escalation', 'support_path_confusion'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export const FINDING_CATEGORY_LABEL: Record<FindingCategory, string> = {
  unsafe_prompt: 'Unsafe prompt',
  skipped_context: 'Skipped context',
  approval_misunderstanding: 'Approval misunderstanding',
  late_escalation: 'Late escalation',
  support_path_confusion: 'Support-path confusion',
};

/** The rule inside a category that fired, so a finding says exactly what was seen. */
export const FINDING_RULES = [
  'unsafe_prompt.credentials',
  'unsafe_prompt.personal_data',
  'unsafe_prompt.destructive_bulk',
  'unsafe_prompt.bypass_approval',
  'skipped_context.missing_context',
  'approval_misunderstanding.self_approval',
  'approval_misunderstanding.above_risk_limit',
  'approval_misunderstanding.bulk_not_allowed',
  'approval_misunderstanding.resubmitted_unchanged',
  'late_escalation.beyond_limit',
  'support_path_confusion.wrong_owner',
  'support_path_confusion.nobody',
  'manual',
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

export const FINDING_STATUSES = ['open', 'confirmed', 'dismissed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const FINDING_SOURCES = ['imported', 'manual'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

/** The SOP a category of finding most often calls for changing, when the event does not tell. */
export const FINDING_DEFAULT_WORKFLOW: Record<FindingCategory, Workflow> = {
  unsafe_prompt: 'read_only_copilot',
  skipped_context: 'support_drafts',
  approval_misunderstanding: 'workflow_approvals',
  late_escalation: 'incident_escalation',
  support_path_confusion: 'incident_escalation',
};

/** What masking puts in place of what it removed: the rules read these as well as the raw text. */
export const MASK_TOKENS = { email: '[email removed]', phone: '[phone removed]', card: '[card number removed]', secret: '[secret removed]' } as const;
export type MaskKind = keyof typeof MASK_TOKENS;
