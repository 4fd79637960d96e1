/**
 * What an event type and status mean (its kind) and which workflow it belongs to. Exports name the same
 * step in many ways ("plan_approved", "approval" with status "granted", "not approved"), so the word
 * lists live here, apart from the cleaning of the row's other fields.
 */
import type { ActivityMapping } from '../contract/activity';
import type { Workflow } from '../playbook/vocabulary';
import { foldForSearch } from '../search-fold';
import { ACTIVITY_KINDS, type ActivityKind } from './vocabulary';

/** "Workflow Approval" / "workflow-approval" -> "workflow_approval". */
export const wordsOf = (s: string) =>
  foldForSearch(s)
    .trim()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');

/** Event types that say what happened by themselves. */
const TYPE_KIND: Record<string, ActivityKind> = {
  prompt: 'prompt',
  question: 'prompt',
  copilot_question: 'prompt',
  copilot_prompt: 'prompt',
  chat: 'prompt',
  chat_message: 'prompt',
  ask: 'prompt',
  query: 'prompt',
  theme_review: 'prompt',
  review_request: 'prompt',
  draft: 'draft',
  support_draft: 'draft',
  reply_draft: 'draft',
  draft_reply: 'draft',
  plan_proposed: 'plan_proposed',
  plan_submitted: 'plan_proposed',
  plan_created: 'plan_proposed',
  propose: 'plan_proposed',
  proposed: 'plan_proposed',
  plan_approved: 'plan_approved',
  approve: 'plan_approved',
  approved: 'plan_approved',
  approval_granted: 'plan_approved',
  plan_rejected: 'plan_rejected',
  reject: 'plan_rejected',
  rejected: 'plan_rejected',
  declined: 'plan_rejected',
  approval_denied: 'plan_rejected',
  plan_executed: 'plan_executed',
  plan_applied: 'plan_executed',
  execute: 'plan_executed',
  executed: 'plan_executed',
  plan_failed: 'plan_failed',
  plan_error: 'plan_failed',
  execution_failed: 'plan_failed',
  escalation: 'escalation',
  escalated: 'escalation',
  escalate: 'escalation',
  handoff: 'escalation',
  hand_off: 'escalation',
  incident: 'incident',
  failure: 'incident',
  outage: 'incident',
  error: 'incident',
};

/** Statuses of a plan, approval or workflow record. */
const PLAN_STATUS: Record<string, ActivityKind> = {
  approved: 'plan_approved',
  approve: 'plan_approved',
  accepted: 'plan_approved',
  granted: 'plan_approved',
  bulk_approved: 'plan_approved',
  rejected: 'plan_rejected',
  reject: 'plan_rejected',
  declined: 'plan_rejected',
  denied: 'plan_rejected',
  pending: 'plan_proposed',
  proposed: 'plan_proposed',
  submitted: 'plan_proposed',
  resubmitted: 'plan_proposed',
  awaiting_approval: 'plan_proposed',
  created: 'plan_proposed',
  open: 'plan_proposed',
  executed: 'plan_executed',
  succeeded: 'plan_executed',
  success: 'plan_executed',
  applied: 'plan_executed',
  completed: 'plan_executed',
  done: 'plan_executed',
  failed: 'plan_failed',
  error: 'plan_failed',
  failure: 'plan_failed',
  rolled_back: 'plan_failed',
  rollback: 'plan_failed',
  timeout: 'plan_failed',
  timed_out: 'plan_failed',
  rejection: 'plan_rejected',
  refused: 'plan_rejected',
  denial: 'plan_rejected',
  requested: 'plan_proposed',
  request: 'plan_proposed',
  bulk_approval: 'plan_approved',
};

/** Words that turn the next one around: "not approved", "no escalation needed", "de-escalated". */
const NEGATIONS = new Set(['not', 'no', 'non', 'never', 'without', 'un', 'de']);
/** Words that end an incident: a row saying so is not a new incident. */
const ENDED = new Set(['resolved', 'resolve', 'resolution', 'closed', 'close', 'fixed', 'mitigated', 'recovered', 'cleared', 'ended', 'over']);

/**
 * The step a list of words names ("failed_timeout", "approved_by_admin", "auto_approved",
 * "plan_rolled_back"): the first word (or pair of words) that names one. A negated approval
 * ("not_approved") is a rejection; another negated step names nothing.
 */
function stepOf(tokens: readonly string[]): ActivityKind | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const pair = i + 1 < tokens.length ? PLAN_STATUS[`${tokens[i]}_${tokens[i + 1]}`] : undefined;
    const kind = pair ?? PLAN_STATUS[tokens[i]!];
    if (kind === undefined) continue;
    if (i > 0 && NEGATIONS.has(tokens[i - 1]!)) {
      if (kind === 'plan_approved') return 'plan_rejected';
      continue;
    }
    return kind;
  }
  return undefined;
}

/** Whether one of `words` appears in `tokens` right after a negation ("no_escalation_needed", "de_escalated"). */
const negated = (tokens: readonly string[], words: readonly string[]) => tokens.some((t, i) => i > 0 && words.includes(t) && NEGATIONS.has(tokens[i - 1]!));

const PLAN_TOKENS = ['plan', 'plans', 'workflow', 'approval', 'approvals', 'action_plan'];
const ESCALATION_TOKENS = ['escalation', 'escalated', 'escalate', 'handoff'];
const INCIDENT_TOKENS = ['incident', 'failure', 'outage', 'error', 'failed'];

/** What an event type and status mean; `recognised` false when it fell to 'other' (or the user's mapping decided). */
export function classifyEvent(eventType: string, status: string | null, overrides: ActivityMapping['eventTypes']): { kind: ActivityKind; recognised: boolean } {
  // An export repeats a handful of event types and statuses: each pair is worked out once per mapping.
  let memo = classifyMemo.get(overrides);
  if (!memo) classifyMemo.set(overrides, (memo = new Map()));
  const key = `${eventType}\u001f${status ?? ''}`;
  const hit = memo.get(key);
  if (hit) return { ...hit };
  const result = classify(eventType, status, overrides);
  if (memo.size < MEMO_LIMIT) memo.set(key, result);
  return { ...result };
}

const MEMO_LIMIT = 10_000;
const classifyMemo = new WeakMap<ActivityMapping['eventTypes'], Map<string, { kind: ActivityKind; recognised: boolean }>>();

function classify(eventType: string, status: string | null, overrides: ActivityMapping['eventTypes']): { kind: ActivityKind; recognised: boolean } {
  const type = wordsOf(eventType);
  const override = overrides.find((o) => wordsOf(o.raw) === type);
  if (override) return { kind: override.kind, recognised: false };
  const st = status ? wordsOf(status) : '';
  const tokens = type.split('_');
  const statusTokens = st === '' ? [] : st.split('_');

  // "no_escalation_needed", "de_escalated", "no_incident": understood, and not one.
  if (negated(tokens, ESCALATION_TOKENS) || (negated(tokens, INCIDENT_TOKENS) && !tokens.some((t) => PLAN_TOKENS.includes(t))))
    return { kind: 'other', recognised: true };
  // "incident_resolved", or an incident row whose status says it is over: not a new incident.
  const incidentLike = TYPE_KIND[type] === 'incident' || (!TYPE_KIND[type] && tokens.some((t) => INCIDENT_TOKENS.includes(t)));
  if (incidentLike && !tokens.some((t) => PLAN_TOKENS.includes(t)) && [...tokens, ...statusTokens].some((t) => ENDED.has(t))) {
    return { kind: 'other', recognised: true };
  }

  const direct = TYPE_KIND[type];
  // A plan event named by its step ("plan_approved") means that step, whatever the status says.
  if (direct && !PLAN_TOKENS.includes(type)) return { kind: direct, recognised: true };
  if ((ACTIVITY_KINDS as readonly string[]).includes(type) && type !== 'other') return { kind: type as ActivityKind, recognised: true };
  if (tokens.some((t) => ESCALATION_TOKENS.includes(t))) return { kind: 'escalation', recognised: true };
  if (tokens.includes('draft') || tokens.includes('drafts')) return { kind: 'draft', recognised: true };
  if (tokens.some((t) => ['question', 'prompt', 'chat', 'copilot', 'ask'].includes(t))) return { kind: 'prompt', recognised: true };

  const planLike = tokens.some((t) => PLAN_TOKENS.includes(t)) || type.includes('approv');
  if (planLike) {
    const byStatus = PLAN_STATUS[st] ?? stepOf(statusTokens) ?? (st.includes('bulk') && st.includes('approv') ? 'plan_approved' : undefined);
    if (byStatus) return { kind: byStatus, recognised: true };
    const byWord = stepOf(tokens) ?? (tokens.includes('bulk') && type.includes('approv') ? 'plan_approved' : undefined);
    if (byWord) return { kind: byWord, recognised: true };
    // A plan with no status that tells is a plan put forward; an approval record without one says nothing.
    if (tokens.includes('plan') || tokens.includes('plans')) return { kind: 'plan_proposed', recognised: true };
    return { kind: 'other', recognised: false };
  }
  if (tokens.some((t) => INCIDENT_TOKENS.includes(t))) return { kind: 'incident', recognised: true };
  return { kind: 'other', recognised: false };
}

/** The workflow an event belongs to, from its event type (and kind); null when it cannot be told. */
export function inferWorkflow(eventType: string, kind: ActivityKind): Workflow | null {
  const key = `${eventType}\u001f${kind}`;
  const hit = workflowMemo.get(key);
  if (hit !== undefined) return hit;
  const result = workflowOf(eventType, kind);
  if (workflowMemo.size < MEMO_LIMIT) workflowMemo.set(key, result);
  return result;
}

const workflowMemo = new Map<string, Workflow | null>();

function workflowOf(eventType: string, kind: ActivityKind): Workflow | null {
  const t = wordsOf(eventType);
  if (t.includes('copilot')) return 'read_only_copilot';
  if (/support|ticket|reply|customer/.test(t)) return 'support_drafts';
  if (/product|copy|description/.test(t)) return 'product_copy';
  if (/theme|design|style/.test(t)) return 'theme_assistant_review';
  if (/escalat|incident|outage|handoff/.test(t)) return 'incident_escalation';
  if (/workflow|approv|plan/.test(t)) return 'workflow_approvals';
  switch (kind) {
    case 'prompt':
      return 'read_only_copilot';
    case 'draft':
      return 'support_drafts';
    case 'plan_proposed':
    case 'plan_approved':
    case 'plan_rejected':
    case 'plan_executed':
    case 'plan_failed':
      return 'workflow_approvals';
    case 'escalation':
    case 'incident':
      return 'incident_escalation';
    default:
      return null;
  }
}
