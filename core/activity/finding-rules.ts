/**
 * The five kinds of finding, detected in a site's stored activity. See the rules' tests for near misses.
 *
 * Every rule is deterministic and names the rows behind it. Who a finding belongs to: the actor of the
 * row that shows the mistake (the prompt, the approval, the resubmission, the escalation to the wrong
 * person). For a late or missing escalation it is the actor of the failure or incident row: the person
 * who saw the failure is the one whose SOP says to escalate.
 *
 * - unsafe_prompt.* read requests (prompts, drafts, proposed plans):
 *   - credentials: a secret (masked "[secret removed]" or as written) or a request to reveal or share
 *     one: a verb of asking or giving (what is, tell, give, send, share, paste, show, reveal, post,
 *     provide, use, ...) within a few words of password, API key, access token, credentials, private
 *     key... Words about the credential's page or process ("password reset page", "how do I rotate
 *     the key", "password policy") are not requests for it.
 *   - personal_data: an email, phone or card number (masked or as written).
 *   - destructive_bulk: delete, remove, wipe, drop, purge, erase, truncate or overwrite over a scope of
 *     all, every, each, bulk, entire, whole or everything (within a few words), or "bulk delete".
 *   - bypass_approval: without approval/review, skip or bypass (the) approval/review, auto-approve,
 *     approve it for me, no need for (a) review/approval, don't wait for approval.
 * - skipped_context.missing_context: a request in a workflow whose SOP asks for context shows none of
 *   its cues (core/activity/context-cues.ts).
 * - approval_misunderstanding.* on approvals: approving one's own plan; approving a risk the
 *   approver's role may not approve (a row without a role says nothing); approving in bulk (the event
 *   type or status says bulk, or more than one record is listed) unless the risk is low and the role
 *   may bulk-approve low risk (a row without a risk says nothing); and a plan proposed again after its
 *   rejection with the same text and records.
 * - late_escalation / support_path_confusion.nobody: for each failed plan or incident, the first
 *   escalation after it of the same plan (or, when either has no plan id, any escalation in the same
 *   workflow or in incident escalation) by anyone. A failure or incident row that itself names whom it
 *   was escalated to counts as escalated at once. Later than the limit: late; none within 7 days: nobody.
 * - support_path_confusion.wrong_owner: an escalation to someone who is neither the name nor the email
 *   of the owner the SOP's escalation responsibility has at the site (when nobody is assigned, say nothing).
 */
import { scanForSecrets } from '../domain/secret-scanner';
import { RESPONSIBILITY_INFO } from '../domain/responsibilities';
import { WORKFLOW_LABEL, type Workflow } from '../playbook/vocabulary';
import { foldForSearch } from '../search-fold';
import { missingContext } from './context-cues';
import { maskPersonalData, maskText } from './mask';
import type { DetectedFinding, RuleEvent, RuleSite } from './types';
import { FINDING_DEFAULT_WORKFLOW, MASK_TOKENS, type ActivityKind, type FindingCategory, type FindingRule } from './vocabulary';

/** A failure or incident not escalated within this long was escalated to nobody. */
export const NOBODY_AFTER_DAYS = 7;
/** Longest quote of a row's text in a summary. */
export const SUMMARY_QUOTE_LENGTH = 120;

const MINUTE_MS = 60_000;
const REQUEST_KINDS: readonly ActivityKind[] = ['prompt', 'draft', 'plan_proposed'];

const CREDENTIAL_WORD = String.raw`(?:passwords?|passcodes?|pass phrases?|passphrases?|api[ -]?keys?|api tokens?|access tokens?|auth tokens?|secret keys?|credentials|login details|logins?|private keys?|ssh keys?|2fa codes?|one-time codes?|otp codes?|secrets?)`;
const NOT_THE_CREDENTIAL = String.raw`(?!\s*(?:reset|policy|policies|manager|rotation|expiry|expiration|strength|field|page|form|settings?|requirements?|rules?|change|length))`;
const ASKS_FOR_CREDENTIAL = new RegExp(
  String.raw`\b(?:what(?:'s|’s| is| are)|tell|give|send|share|paste|show|reveal|post|print|display|provide|read out|look up|email|dm|put|insert|use|enter|type|copy|need|include|here is|here's|here are)\b[^.?!\n]{0,40}?\b` +
    CREDENTIAL_WORD +
    String.raw`\b` +
    NOT_THE_CREDENTIAL,
  'i',
);
const DESTRUCTIVE =
  /\b(?:delete|remove|wipe|drop|purge|erase|truncate|overwrite)\b[^.?!\n]{0,40}?\b(?:all|every|each|bulk|entire|whole|everything)\b|\b(?:bulk|mass)[ -]?(?:delete|deletion|remov\w*|wipe|eras\w*|purg\w*|overwrit\w*)/i;
const BYPASS =
  /\bwithout (?:an? |any |the |waiting for )?(?:approval|review|sign[- ]?off|approver)|\b(?:skip|skipping|bypass|bypassing|circumvent|ignore|avoid)\b[^.?!\n]{0,20}?\b(?:approvals?|reviews?|sign[- ]?offs?|approvers?)\b|\bauto[- ]?approv\w*|\bapprove (?:it|this|them|that|these) (?:for me|yourself)|\bno need (?:for|to) (?:a |an |any )?(?:review|approval|approve)|\bdon'?t (?:wait for|need) (?:an? |the )?(?:approval|review)/i;

const fold = (s: string) => foldForSearch(s).replace(/\s+/g, ' ').trim();

/** Text quoted in a summary: masked again (whatever the import setting was), one line, at most 120 characters. */
function quote(text: string | null): string {
  if (!text) return '';
  const masked = maskText(text).text.replace(/\s+/g, ' ').trim();
  return masked.length > SUMMARY_QUOTE_LENGTH ? `${masked.slice(0, SUMMARY_QUOTE_LENGTH - 1).trimEnd()}…` : masked;
}

const isPersonalToken = (t: string) => t.includes(MASK_TOKENS.email) || t.includes(MASK_TOKENS.phone) || t.includes(MASK_TOKENS.card);

/** Why a request asks for, or holds, a credential; null when it does not. */
export function credentialCue(text: string): string | null {
  if (text.includes(MASK_TOKENS.secret)) return 'holds a secret (masked on import)';
  if (ASKS_FOR_CREDENTIAL.test(text)) return 'asks to reveal or share a credential';
  if (scanForSecrets(text).length > 0) return 'holds a secret';
  return null;
}

export function hasPersonalData(text: string): boolean {
  if (isPersonalToken(text)) return true;
  const { counts } = maskPersonalData(text);
  return counts.email + counts.phone + counts.card > 0;
}

export const isDestructiveBulk = (text: string) => DESTRUCTIVE.test(text);
export const asksToBypassApproval = (text: string) => BYPASS.test(text);

/** "Order #1, Order #2" or "#1;#2" lists two records. */
function recordCount(records: string | null): number {
  if (!records) return 0;
  const refs = records.match(/#\s?\w+/g);
  const parts = records.split(/[,;|\n]+/).filter((p) => p.trim() !== '');
  return Math.max(refs?.length ?? 0, parts.length);
}

/** The index of the first event at or after `at` (events in time order). */
function firstAtOrAfter(events: readonly RuleEvent[], at: string): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.occurredAt < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const categoryOf = (rule: FindingRule) => rule.split('.')[0] as FindingCategory;
const minutesBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / MINUTE_MS;
const sameActor = (a: RuleEvent, b: RuleEvent) => (a.operatorId && b.operatorId ? a.operatorId === b.operatorId : a.actorKey === b.actorKey);

/** Every finding the site's activity shows, each once, ordered by time. Events must be in time order. */
export function detectFindings(events: readonly RuleEvent[], site: RuleSite): DetectedFinding[] {
  const out: DetectedFinding[] = [];
  const fired = new Set<string>();
  const add = (rule: FindingRule, owner: RuleEvent, rows: readonly RuleEvent[], workflow: Workflow | null, summary: string) => {
    const key = `${rule}\u001f${owner.id}`;
    if (fired.has(key)) return;
    fired.add(key);
    const ordered = [...rows].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
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

  // Plans by id, in time order, and the workflow a plan id belongs to.
  const byPlan = new Map<string, RuleEvent[]>();
  for (const e of events) {
    if (!e.planId) continue;
    const list = byPlan.get(e.planId) ?? [];
    list.push(e);
    byPlan.set(e.planId, list);
  }
  const planWorkflow = (planId: string | null): Workflow | null => {
    if (!planId) return null;
    return byPlan.get(planId)?.find((e) => e.workflow && e.workflow !== 'incident_escalation')?.workflow ?? null;
  };
  const escalations = events.filter((e) => e.kind === 'escalation').sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));

  for (const e of events) {
    // ---------------------------------------------------------------- requests
    if (REQUEST_KINDS.includes(e.kind) && e.text) {
      const text = e.text;
      let quoted: string | undefined;
      const q = () => (quoted ??= quote(text));
      const cred = credentialCue(text);
      if (cred) add('unsafe_prompt.credentials', e, [e], e.workflow, `${e.who}'s request ${cred}: "${q()}"`);
      if (hasPersonalData(text))
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
      const plan = e.planId ? (byPlan.get(e.planId) ?? []) : [];
      const proposal = plan.find((p) => p.kind === 'plan_proposed' && p.occurredAt <= e.occurredAt);
      const risk = e.risk ?? plan.find((p) => p.risk)?.risk ?? null;
      const workflow = e.workflow ?? planWorkflow(e.planId);
      const ownProposal = plan.find((p) => p.kind === 'plan_proposed' && p.occurredAt <= e.occurredAt && sameActor(p, e));
      if (ownProposal)
        add('approval_misunderstanding.self_approval', e, [ownProposal, e], workflow, `${e.who} approved plan ${e.planId} that they proposed themselves.`);
      const limit = e.role ? site.approval[e.role] : undefined;
      if (e.role && risk && !(limit?.mayApprove ?? []).includes(risk)) {
        const may = limit?.mayApprove.length ? `may approve ${limit.mayApprove.join(' and ')} risk only` : 'may not approve plans';
        add(
          'approval_misunderstanding.above_risk_limit',
          e,
          proposal ? [proposal, e] : [e],
          workflow,
          `${e.who} approved ${risk}-risk plan ${e.planId ?? '(no id)'}; their role ${may}.`,
        );
      }
      const saysBulk = /bulk/i.test(e.eventType) || /bulk/i.test(e.status ?? '');
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
            `${e.who} approved ${how} (${risk} risk, plan ${e.planId ?? 'without id'}); ${why}.`,
          );
        }
      }
    }
    if (e.kind === 'plan_proposed' && e.planId) {
      const plan = byPlan.get(e.planId) ?? [];
      const idx = plan.indexOf(e);
      const rejection = [...plan.slice(0, idx)].reverse().find((p) => p.kind === 'plan_rejected');
      if (rejection) {
        const before = plan.slice(0, plan.indexOf(rejection) + 1).reverse();
        const rejectedText = rejection.text ?? before.find((p) => p.kind === 'plan_proposed' && p.text)?.text ?? null;
        const rejectedRecords = rejection.affectedRecords ?? before.find((p) => p.kind === 'plan_proposed' && p.affectedRecords)?.affectedRecords ?? null;
        const same = (a: string | null, b: string | null) => fold(a ?? '') === fold(b ?? '');
        if (rejectedText !== null && same(rejectedText, e.text) && same(rejectedRecords, e.affectedRecords)) {
          add(
            'approval_misunderstanding.resubmitted_unchanged',
            e,
            [rejection, e],
            e.workflow ?? planWorkflow(e.planId),
            `${e.who} proposed plan ${e.planId} again unchanged after it was rejected: "${quote(e.text)}"`,
          );
        }
      }
    }

    // ---------------------------------------------------------------- escalations
    if (e.kind === 'plan_failed' || e.kind === 'incident') {
      const what = e.kind === 'plan_failed' ? `Plan ${e.planId ?? '(no id)'} failed` : 'An incident was reported';
      if (e.escalatedTo) continue;
      const related = (x: RuleEvent) => {
        if (e.planId && x.planId) return x.planId === e.planId;
        return x.workflow === null || e.workflow === null || x.workflow === e.workflow || x.workflow === 'incident_escalation';
      };
      let next: RuleEvent | undefined;
      const until = new Date(Date.parse(e.occurredAt) + NOBODY_AFTER_DAYS * 24 * 60 * MINUTE_MS).toISOString();
      for (let i = firstAtOrAfter(escalations, e.occurredAt); i < escalations.length && escalations[i]!.occurredAt <= until; i++) {
        if (related(escalations[i]!)) {
          next = escalations[i];
          break;
        }
      }
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
    if (e.kind === 'escalation' && e.escalatedTo) {
      const workflow = planWorkflow(e.planId) ?? e.workflow ?? 'incident_escalation';
      const owner = site.escalation[workflow];
      if (owner && (owner.name || owner.email)) {
        const to = fold(e.escalatedTo);
        const email = /<([^>]+)>/.exec(e.escalatedTo)?.[1];
        const targets = [owner.name, owner.email].filter((x): x is string => !!x).map(fold);
        const matches = targets.some((t) => t === to || (email !== undefined && t === fold(email)) || (t.includes('@') && to.includes(t)));
        if (!matches) {
          const expected = [owner.name, owner.email].filter(Boolean).join(', ');
          add(
            'support_path_confusion.wrong_owner',
            e,
            [e],
            workflow,
            `${e.who} escalated to ${quote(e.escalatedTo)}; the ${WORKFLOW_LABEL[workflow]} SOP sends escalations to the ${RESPONSIBILITY_INFO[owner.responsibility].label} owner (${expected}).`,
          );
        }
      }
    }
  }

  return out.sort((a, b) =>
    a.occurredAt !== b.occurredAt ? (a.occurredAt < b.occurredAt ? -1 : 1) : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0,
  );
}
