/**
 * A draft SOP update from findings: the SOP with the refusal rules, when-to-ask items and triggers they
 * call for. Each kind of rule found adds one sentence in the SOP's own terms, to the list it belongs
 * in; a sentence the SOP already holds (compared case-folded, spaces collapsed) is not added again, so
 * proposing twice adds nothing new. Approval notes grow by a sentence only while they stay within
 * their length limit.
 */
import { RESPONSIBILITY_INFO } from '../domain/responsibilities';
import type { Sop } from '../playbook/schema';
import { ROLE_LABEL, WORKFLOW_LABEL } from '../playbook/vocabulary';
import { foldForSearch } from '../search-fold';
import { CONTEXT_NEEDS } from './context-cues';
import { FINDING_CATEGORIES, FINDING_RULES, type FindingCategory, type FindingRule } from './vocabulary';

const APPROVAL_NOTES_MAX = 1000;
const ITEM_MAX = 600;

type ListName = 'refusalRules' | 'whenToAsk' | 'whenToStop' | 'triggers' | 'approvalNotes';

const CATEGORY_WORDS: Record<FindingCategory, string> = {
  unsafe_prompt: 'unsafe prompts',
  skipped_context: 'skipped context',
  approval_misunderstanding: 'approval misunderstandings',
  late_escalation: 'late escalations',
  support_path_confusion: 'support-path confusion',
};

const RULE_WORDS: Record<FindingRule, string> = {
  'unsafe_prompt.credentials': 'credentials',
  'unsafe_prompt.personal_data': 'personal data',
  'unsafe_prompt.destructive_bulk': 'destructive bulk changes',
  'unsafe_prompt.bypass_approval': 'bypassing approval',
  'skipped_context.missing_context': 'missing context',
  'approval_misunderstanding.self_approval': 'self-approval',
  'approval_misunderstanding.above_risk_limit': 'above the risk limit',
  'approval_misunderstanding.bulk_not_allowed': 'bulk approval',
  'approval_misunderstanding.resubmitted_unchanged': 'resubmitted unchanged',
  'late_escalation.beyond_limit': 'beyond the limit',
  'support_path_confusion.wrong_owner': 'wrong owner',
  'support_path_confusion.nobody': 'nobody escalated to',
  manual: 'recorded by hand',
};

const joinWords = (words: readonly string[]) => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`);

/** The sentence each rule adds and the list it goes in; null when the rule adds nothing (manual findings). */
function additionFor(rule: FindingRule, sop: Sop): { list: ListName; text: string } | null {
  switch (rule) {
    case 'unsafe_prompt.credentials':
      return {
        list: 'refusalRules',
        text: 'Never paste passwords, API keys or other credentials into a prompt; ask the key owner (see the owner matrix) instead.',
      };
    case 'unsafe_prompt.personal_data':
      return {
        list: 'refusalRules',
        text: "Never paste a customer's email address, phone number or card number into a prompt; refer to the order or ticket number instead.",
      };
    case 'unsafe_prompt.destructive_bulk':
      return {
        list: 'whenToStop',
        text: 'A request would delete, remove or overwrite all or many records at once: stop, and ask the SOP owner to split it into named records first.',
      };
    case 'unsafe_prompt.bypass_approval':
      return {
        list: 'refusalRules',
        text: 'Never ask SophMate to skip, bypass or auto-approve an approval; every plan goes through the approval boundary of this SOP.',
      };
    case 'skipped_context.missing_context': {
      const need = CONTEXT_NEEDS[sop.workflow]?.label ?? 'what it is about (the customer, order, product or page)';
      return { list: 'whenToAsk', text: `A request does not name ${need}: ask the requester for it before prompting.` };
    }
    case 'approval_misunderstanding.self_approval':
      return { list: 'approvalNotes', text: 'Never approve a plan you proposed yourself: another approver signs it off.' };
    case 'approval_misunderstanding.above_risk_limit': {
      const may = sop.approvalBoundaries.mayApprove;
      const limit = may.length ? `${ROLE_LABEL[sop.role]}s may approve ${joinWords(may)} risk plans only` : `${ROLE_LABEL[sop.role]}s approve no plans`;
      return { list: 'approvalNotes', text: `${limit}; a plan above that limit is escalated, never approved.` };
    }
    case 'approval_misunderstanding.bulk_not_allowed':
      return {
        list: 'approvalNotes',
        text: sop.approvalBoundaries.bulkApproveLowRisk
          ? 'Bulk approval is for low-risk plans only; approve every other plan on its own.'
          : 'Never approve several plans or records in one approval: approve each on its own.',
      };
    case 'approval_misunderstanding.resubmitted_unchanged':
      return { list: 'whenToAsk', text: 'A plan was rejected: ask the reviewer what to change before proposing it again; never resubmit it unchanged.' };
    case 'late_escalation.beyond_limit':
      return { list: 'triggers', text: 'A failed plan or an incident: escalate at once.' };
    case 'support_path_confusion.wrong_owner': {
      const owner = RESPONSIBILITY_INFO[sop.escalation.responsibility].label;
      return { list: 'triggers', text: `Every escalation goes to the ${owner} owner named in the owner matrix, not to whoever is at hand.` };
    }
    case 'support_path_confusion.nobody':
      return { list: 'triggers', text: 'A failed plan or an incident that nobody has escalated yet: escalate it yourself; never leave it unreported.' };
    case 'manual':
      return null;
  }
}

/** A sentence compared case-folded, spaces collapsed, without its final punctuation ("Escalate at once" is "escalate at once."). */
function norm(s: string): string {
  const t = foldForSearch(s).replace(/\s+/g, ' ').trim();
  let end = t.length;
  while (end > 0 && '.!?;:… '.includes(t[end - 1]!)) end--;
  return t.slice(0, end);
}

export function proposeSopChanges(
  sop: Sop,
  findings: readonly { category: FindingCategory; rule: FindingRule; summary: string }[],
): { sop: Sop; changeSummary: string } {
  const next: Sop = {
    ...sop,
    refusalRules: [...sop.refusalRules],
    whenToAsk: [...sop.whenToAsk],
    whenToStop: [...sop.whenToStop],
    approvalBoundaries: { ...sop.approvalBoundaries },
    escalation: { ...sop.escalation, triggers: [...sop.escalation.triggers] },
  };
  const rules = FINDING_RULES.filter((r) => findings.some((f) => f.rule === r));
  for (const rule of rules) {
    const add = additionFor(rule, sop);
    if (!add || add.text.length > ITEM_MAX) continue;
    if (add.list === 'approvalNotes') {
      const notes = next.approvalBoundaries.notes;
      if (norm(notes).includes(norm(add.text))) continue;
      const joined = `${notes.trimEnd()}${/[.!?]$/.test(notes.trim()) ? '' : '.'} ${add.text}`;
      if (joined.length <= APPROVAL_NOTES_MAX) next.approvalBoundaries.notes = joined;
      continue;
    }
    const list = add.list === 'triggers' ? next.escalation.triggers : next[add.list];
    if (list.some((item) => norm(item) === norm(add.text))) continue;
    list.push(add.text);
  }

  if (findings.length === 0) return { sop: next, changeSummary: `No first-week findings for ${WORKFLOW_LABEL[sop.workflow]}: nothing to add.` };
  const parts = FINDING_CATEGORIES.filter((c) => findings.some((f) => f.category === c)).map((c) => {
    const words = rules.filter((r) => r.startsWith(`${c}.`)).map((r) => RULE_WORDS[r]);
    if (c === 'skipped_context' || words.length === 0) return CATEGORY_WORDS[c];
    return `${CATEGORY_WORDS[c]} (${words.join(', ')})`;
  });
  const n = findings.length;
  return { sop: next, changeSummary: `From ${n} first-week finding${n === 1 ? '' : 's'}: ${parts.join(', ')}.` };
}
