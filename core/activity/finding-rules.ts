/**
 * The five kinds of finding, detected in a site's stored activity. See the rules' tests for near misses.
 *
 * Every rule is deterministic and names the rows behind it. Who a finding belongs to: the actor of the
 * row that shows the mistake (the prompt, the approval, the resubmission, the escalation to the wrong
 * person). For a late or missing escalation it is the actor of the failure or incident row: the person
 * who saw the failure is the one whose SOP says to escalate.
 *
 * - unsafe_prompt.* read requests (prompts, drafts, proposed plans); the cues are in core/activity/unsafe-text.ts.
 * - skipped_context.missing_context: a request in a workflow whose SOP asks for context shows none of
 *   its cues (core/activity/context-cues.ts).
 * - approval_misunderstanding.* on approvals: approving one's own plan (the same operator, or the same
 *   actor as written: one person holding two roles is one person); approving a risk the approver's
 *   role may not approve (the approval's risk, else the plan's latest risk at or before the approval;
 *   a row without a role says nothing); approving in bulk (the event type or status says bulk, not
 *   "not bulk", or more than one record is listed) unless the risk is low and the role may
 *   bulk-approve low risk (a row without a risk says nothing); and a plan proposed again after its
 *   rejection with the same text and records as the proposal that was rejected.
 * - late_escalation / support_path_confusion.nobody: for each failed plan or incident, the first
 *   escalation after it of the same plan (or, when either has no plan id, any escalation in the same
 *   workflow or in incident escalation) by anyone. A failure or incident row that itself names whom it
 *   was escalated to counts as escalated at once ("none", "-", "n/a" name nobody). Later than the
 *   limit: late; none within 7 days: nobody.
 * - support_path_confusion.wrong_owner: an escalation (or a failure or incident row naming whom it
 *   went to) to someone who is neither the name nor the email of the owner the SOP's escalation
 *   responsibility has at the site (when nobody is assigned, say nothing). Emails are compared whole
 *   ("notolga@…" is not "olga@…"), names as the whole name.
 *
 * Placeholder plan ids ("N/A", "-", "none", "0") link nothing. Plans are indexed once by id and
 * escalations by plan and workflow, so detection is n·log n in the number of events.
 */
import { RESPONSIBILITY_INFO } from '../domain/responsibilities';
import { WORKFLOW_LABEL, type RiskLevel, type Workflow } from '../playbook/vocabulary';
import { foldForSearch } from '../search-fold';
import { isPlaceholder, missingContext } from './context-cues';
import { maskText } from './mask';
import type { DetectedFinding, RuleEvent, RuleSite } from './types';
import { EMAIL_G, asksToBypassApproval, credentialCue, domainOf, hasPersonalData, isDestructiveBulk } from './unsafe-text';
import { FINDING_DEFAULT_WORKFLOW, type ActivityKind, type FindingCategory, type FindingRule } from './vocabulary';

/** A failure or incident not escalated within this long was escalated to nobody. */
export const NOBODY_AFTER_DAYS = 7;
/** Longest quote of a row's text in a summary. */
export const SUMMARY_QUOTE_LENGTH = 120;

const MINUTE_MS = 60_000;
const REQUEST_KINDS: readonly ActivityKind[] = ['prompt', 'draft', 'plan_proposed'];
const fold = (s: string) => foldForSearch(s).replace(/\s+/g, ' ').trim();

/** Text quoted in a summary: masked again (whatever the import setting was), one line, at most 120 characters. */
function quote(text: string | null): string {
  if (!text) return '';
  const masked = maskText(text).text.replace(/\s+/g, ' ').trim();
  return masked.length > SUMMARY_QUOTE_LENGTH ? `${masked.slice(0, SUMMARY_QUOTE_LENGTH - 1).trimEnd()}…` : masked;
}

/** Not bulk when negated: "approved (not bulk)", "non-bulk". */
const SAYS_BULK = /(?<![a-z])(?<!\b(?:not|no|non|not a|not in)[\s_-]{1,2})bulk/i;

/**
 * How many records a list names: "Order #1, Order #2", "#1;#2" or a JSON array list two. Separators
 * inside quotes or brackets ("Shirt, blue", "(see #general)") and references without a digit do not
 * count; a placeholder ("none", "[]", "0") lists none.
 */
export function recordCount(records: string | null): number {
  if (isPlaceholder(records)) return 0;
  const r = records!.trim();
  if (r.startsWith('[') && r.endsWith(']')) {
    try {
      const list: unknown = JSON.parse(r);
      if (Array.isArray(list)) return list.filter((x) => x !== null && !(typeof x === 'string' && isPlaceholder(x))).length;
    } catch {
      // Not JSON: read as text.
    }
  }
  const unquoted = r.replace(/"[^"\n]{0,200}"|“[^“”\n]{0,200}”/g, '"q"');
  const refs = unquoted.match(/#\s?[A-Z]{0,4}-?\d\w*/gi)?.length ?? 0;
  let depth = 0;
  let parts = 0;
  let inPart = false;
  for (const ch of unquoted) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || ch === ';' || ch === '|' || ch === '\n')) {
      if (inPart) parts++;
      inPart = false;
    } else if (!/\s/.test(ch)) inPart = true;
  }
  if (inPart) parts++;
  return Math.max(refs, parts);
}

/** The index of the first event at or after `at` in a list in time order (`timeOf` reads an entry's time). */
function firstAtOrAfter<T>(list: readonly T[], at: string, timeOf: (x: T) => string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeOf(list[mid]!) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the last event at or before `at` (-1 when none). */
function lastAtOrBefore(list: readonly RuleEvent[], at: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.occurredAt <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

const categoryOf = (rule: FindingRule) => rule.split('.')[0] as FindingCategory;
const minutesBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / MINUTE_MS;
const byTime = (a: RuleEvent, b: RuleEvent) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0);
/** The plan id, or null for none or a placeholder ("N/A", "-", "none", "0"). */
const planOf = (e: RuleEvent): string | null => (isPlaceholder(e.planId) ? null : e.planId);
/** Whom a row says it was escalated to, or null for nobody or a placeholder ("none", "-"). */
const targetOf = (e: RuleEvent): string | null => (isPlaceholder(e.escalatedTo) ? null : e.escalatedTo);
/** The keys an actor's proposals are found by: the operator and the actor as written (one person in two roles is one). */
const actorKeys = (e: RuleEvent) => (e.operatorId ? [`op:${e.operatorId}`, `key:${e.actorKey}`] : [`key:${e.actorKey}`]);

/** Whether `to` names the owner: one of its email addresses is the owner's, or it is the owner's whole name. */
function namesOwner(to: string, owner: { name: string | null; email: string | null }): boolean {
  if (owner.email) {
    const email = fold(owner.email);
    for (const m of to.matchAll(EMAIL_G)) if (fold(m[0]) === email) return true;
  }
  if (owner.name) {
    const bare = fold(to.replace(/<[^>]*>/g, ' ').replace(/^[\s"'“”]+|[\s"'“”.,;:]+$/g, ''));
    if (bare === fold(owner.name)) return true;
  }
  return false;
}

interface PlanIndex {
  /** The plan's rows in time order. */
  rows: RuleEvent[];
  /** The latest risk at or before each row. */
  risks: (RiskLevel | null)[];
  /** The workflow of its first row in a workflow other than incident escalation. */
  workflow: Workflow | null;
  firstProposal: RuleEvent | undefined;
  /** Each proposer's first proposal, by `actorKeys`. */
  proposers: Map<string, RuleEvent>;
  /** Streamed as the main pass goes: the latest proposal, the latest rejection and the proposal it rejected. */
  lastProposal: RuleEvent | undefined;
  rejection: RuleEvent | undefined;
  rejected: RuleEvent | undefined;
}

/** Every finding the site's activity shows, each once, ordered by time. Events must be in time order. */
export function detectFindings(events: readonly RuleEvent[], site: RuleSite): DetectedFinding[] {
  const out: DetectedFinding[] = [];
  const fired = new Set<string>();
  const add = (rule: FindingRule, owner: RuleEvent, rows: readonly RuleEvent[], workflow: Workflow | null, summary: string) => {
    const key = `${rule}\u001f${owner.id}`;
    if (fired.has(key)) return;
    fired.add(key);
    const ordered = [...rows].sort(byTime);
    const category = categoryOf(rule);
    out.push({
      rule,
      category,
      eventIds: ordered.map((r) => r.id),
      actorKey: owner.actorKey,
      operatorId: owner.operatorId,
      who: owner.who,
      role: owner.role,
      workflow: workflow ?? FINDING_DEFAULT_WORKFLOW[category],
      occurredAt: owner.occurredAt,
      summary,
      fingerprint: `${rule}:${ordered
        .map((r) => r.id)
        .sort()
        .join(',')}`,
    });
  };

  // One pass: plans by id, the site's own email domains, escalations by plan and by workflow.
  const plans = new Map<string, PlanIndex>();
  const ownDomains = new Set<string>();
  for (const o of Object.values(site.escalation)) {
    const d = domainOf(o.email);
    if (d) ownDomains.add(d);
  }
  const escalations: RuleEvent[] = [];
  for (const e of events) {
    const d = domainOf(e.actorKey);
    if (d) ownDomains.add(d);
    if (e.kind === 'escalation') escalations.push(e);
    const planId = planOf(e);
    if (!planId) continue;
    let plan = plans.get(planId);
    if (!plan) {
      plan = {
        rows: [],
        risks: [],
        workflow: null,
        firstProposal: undefined,
        proposers: new Map(),
        lastProposal: undefined,
        rejection: undefined,
        rejected: undefined,
      };
      plans.set(planId, plan);
    }
    plan.rows.push(e);
    plan.risks.push(e.risk ?? plan.risks[plan.risks.length - 1] ?? null);
    if (!plan.workflow && e.workflow && e.workflow !== 'incident_escalation') plan.workflow = e.workflow;
    if (e.kind === 'plan_proposed') {
      plan.firstProposal ??= e;
      for (const k of actorKeys(e)) if (!plan.proposers.has(k)) plan.proposers.set(k, e);
    }
  }
  const planWorkflow = (planId: string | null): Workflow | null => (planId ? (plans.get(planId)?.workflow ?? null) : null);

  escalations.sort(byTime);
  const escAt = (i: number) => escalations[i]!.occurredAt;
  const push = <K>(map: Map<K, number[]>, key: K, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  const escByPlan = new Map<string, number[]>();
  const escNoPlanByWorkflow = new Map<Workflow | null, number[]>();
  const escNoPlan: number[] = [];
  const escByWorkflow = new Map<Workflow | null, number[]>();
  escalations.forEach((x, i) => {
    const planId = planOf(x);
    if (planId) push(escByPlan, planId, i);
    else {
      escNoPlan.push(i);
      push(escNoPlanByWorkflow, x.workflow, i);
    }
    push(escByWorkflow, x.workflow, i);
  });
  /** The first escalation at or after `at` of any of the lists (indexes into `escalations`). */
  const firstEscalation = (lists: readonly (readonly number[] | undefined)[], at: string): number | undefined => {
    let best: number | undefined;
    for (const list of lists) {
      if (!list) continue;
      const k = firstAtOrAfter(list, at, escAt);
      if (k < list.length && (best === undefined || list[k]! < best)) best = list[k]!;
    }
    return best;
  };
  let allIndexes: number[] | undefined;
  /** The escalations related to a failure or incident (same plan; else same workflow, incident escalation or none). */
  const relatedLists = (e: RuleEvent, planId: string | null): (readonly number[] | undefined)[] => {
    const workflows: (Workflow | null)[] =
      e.workflow === null ? [] : [null, e.workflow, ...(e.workflow === 'incident_escalation' ? [] : ['incident_escalation' as const])];
    if (planId) return [escByPlan.get(planId), ...(e.workflow === null ? [escNoPlan] : workflows.map((w) => escNoPlanByWorkflow.get(w)))];
    if (e.workflow === null) return [(allIndexes ??= escalations.map((_, i) => i))];
    return workflows.map((w) => escByWorkflow.get(w));
  };

  const wrongOwner = (e: RuleEvent, to: string, planId: string | null) => {
    const workflow = planWorkflow(planId) ?? e.workflow ?? 'incident_escalation';
    const owner = site.escalation[workflow];
    if (!owner || !(owner.name || owner.email) || namesOwner(to, owner)) return;
    const expected = [owner.name, owner.email].filter(Boolean).join(', ');
    add(
      'support_path_confusion.wrong_owner',
      e,
      [e],
      workflow,
      `${e.who} escalated to ${quote(to)}; the ${WORKFLOW_LABEL[workflow]} SOP sends escalations to the ${RESPONSIBILITY_INFO[owner.responsibility].label} owner (${expected}).`,
    );
  };

  for (const e of events) {
    const planId = planOf(e);
    const plan = planId ? plans.get(planId) : undefined;

    // ---------------------------------------------------------------- requests
    if (REQUEST_KINDS.includes(e.kind) && e.text) {
      const text = e.text;
      let quoted: string | undefined;
      const q = () => (quoted ??= quote(text));
      const cred = credentialCue(text);
      if (cred) add('unsafe_prompt.credentials', e, [e], e.workflow, `${e.who}'s request ${cred}: "${q()}"`);
      if (hasPersonalData(text, ownDomains))
        add('unsafe_prompt.personal_data', e, [e], e.workflow, `${e.who}'s request holds personal data (an email, phone or card number): "${q()}"`);
      if (isDestructiveBulk(text))
        add('unsafe_prompt.destructive_bulk', e, [e], e.workflow, `${e.who} asked for a destructive change to everything at once: "${q()}"`);
      if (asksToBypassApproval(text)) add('unsafe_prompt.bypass_approval', e, [e], e.workflow, `${e.who} asked to skip the approval: "${q()}"`);
    }
    if (REQUEST_KINDS.includes(e.kind)) {
      const need = missingContext(e.workflow, e.kind, e.text, e.affectedRecords);
      if (need) {
        const what = e.kind === 'plan_proposed' && !e.text ? 'A plan' : `"${quote(e.text)}"`;
        add('skipped_context.missing_context', e, [e], e.workflow, `${what} (${WORKFLOW_LABEL[e.workflow!]}) by ${e.who} does not name ${need.label}.`);
      }
    }

    // ---------------------------------------------------------------- approvals
    if (e.kind === 'plan_approved') {
      const upto = plan ? lastAtOrBefore(plan.rows, e.occurredAt) : -1;
      const proposal = plan?.firstProposal && plan.firstProposal.occurredAt <= e.occurredAt ? plan.firstProposal : undefined;
      const risk = e.risk ?? (plan && upto >= 0 ? plan.risks[upto]! : null);
      const workflow = e.workflow ?? planWorkflow(planId);
      const ownProposal = plan
        ? actorKeys(e)
            .map((k) => plan.proposers.get(k))
            .filter((p): p is RuleEvent => p !== undefined && p.occurredAt <= e.occurredAt)
            .sort(byTime)[0]
        : undefined;
      if (ownProposal)
        add('approval_misunderstanding.self_approval', e, [ownProposal, e], workflow, `${e.who} approved plan ${planId} that they proposed themselves.`);
      const limit = e.role ? site.approval[e.role] : undefined;
      if (e.role && risk && !(limit?.mayApprove ?? []).includes(risk)) {
        const may = limit?.mayApprove.length ? `may approve ${limit.mayApprove.join(' and ')} risk only` : 'may not approve plans';
        add(
          'approval_misunderstanding.above_risk_limit',
          e,
          proposal ? [proposal, e] : [e],
          workflow,
          `${e.who} approved ${risk}-risk plan ${planId ?? '(no id)'}; their role ${may}.`,
        );
      }
      const saysBulk = SAYS_BULK.test(e.eventType) || SAYS_BULK.test(e.status ?? '');
      const records = recordCount(e.affectedRecords);
      if ((saysBulk || records > 1) && risk) {
        const allowed = risk === 'low' && (e.role === null || limit?.bulkLowRisk === true);
        if (!allowed) {
          const how = saysBulk ? 'in bulk' : `${records} records in one approval`;
          const why = risk === 'low' ? 'their role may not bulk-approve' : `bulk approval is for low risk only`;
          add(
            'approval_misunderstanding.bulk_not_allowed',
            e,
            [e],
            workflow,
            `${e.who} approved ${how} (${risk} risk, plan ${planId ?? 'without id'}); ${why}.`,
          );
        }
      }
    }
    if (plan && e.kind === 'plan_rejected') {
      plan.rejection = e;
      plan.rejected = plan.lastProposal;
    }
    if (plan && e.kind === 'plan_proposed') {
      const rejection = plan.rejection;
      if (rejection) {
        // Compared with the proposal that was rejected; a rejection row without one before it stands for the plan.
        const was = plan.rejected ?? rejection;
        const same = (a: string | null, b: string | null) => fold(a ?? '') === fold(b ?? '');
        const shown = (e.text ?? '').trim() !== '' || !isPlaceholder(e.affectedRecords);
        if (shown && same(was.text, e.text) && same(was.affectedRecords, e.affectedRecords)) {
          add(
            'approval_misunderstanding.resubmitted_unchanged',
            e,
            [rejection, e],
            e.workflow ?? planWorkflow(planId),
            `${e.who} proposed plan ${planId} again unchanged after it was rejected: "${quote(e.text)}"`,
          );
        }
      }
      plan.lastProposal = e;
    }

    // ---------------------------------------------------------------- escalations
    if (e.kind === 'plan_failed' || e.kind === 'incident') {
      const what = e.kind === 'plan_failed' ? `Plan ${planId ?? '(no id)'} failed` : 'An incident was reported';
      const to = targetOf(e);
      if (to) {
        // Escalated at once: to the right person?
        wrongOwner(e, to, planId);
        continue;
      }
      const found = firstEscalation(relatedLists(e, planId), e.occurredAt);
      const next = found === undefined ? undefined : escalations[found];
      const minutes = next ? minutesBetween(e.occurredAt, next.occurredAt) : Infinity;
      if (minutes > NOBODY_AFTER_DAYS * 24 * 60) {
        add('support_path_confusion.nobody', e, [e], 'incident_escalation', `${what} (${e.who}) and nobody was escalated to within ${NOBODY_AFTER_DAYS} days.`);
      } else if (next && minutes > site.escalationLimitMinutes) {
        add(
          'late_escalation.beyond_limit',
          e,
          [e, next],
          'incident_escalation',
          `${what} (${e.who}); escalated ${Math.round(minutes)} minutes later by ${next.who}, beyond the limit of ${site.escalationLimitMinutes} minutes.`,
        );
      }
    }
    if (e.kind === 'escalation') {
      const to = targetOf(e);
      if (to) wrongOwner(e, to, planId);
    }
  }

  return out.sort((a, b) =>
    a.occurredAt !== b.occurredAt ? (a.occurredAt < b.occurredAt ? -1 : 1) : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0,
  );
}
