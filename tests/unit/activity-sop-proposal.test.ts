import { describe, expect, it } from 'vitest';
import { proposeSopChanges } from '@core/activity/sop-proposal';
import { FINDING_RULES, type FindingCategory, type FindingRule } from '@core/activity/vocabulary';
import { defaultPlaybook } from '@core/playbook/default-playbook';
import { Sop } from '@core/playbook/schema';

const sopOf = (workflow: string, role: string) => {
  const sop = defaultPlaybook().sops.find((s) => s.workflow === workflow && s.role === role);
  if (!sop) throw new Error(`no default SOP for ${workflow}/${role}`);
  return sop;
};
const finding = (rule: FindingRule) => ({ rule, category: (rule === 'manual' ? 'unsafe_prompt' : rule.split('.')[0]) as FindingCategory, summary: 's' });

describe('proposeSopChanges', () => {
  it('adds one item per kind of rule, to the list it belongs in, and says where it comes from', () => {
    const sop = sopOf('support_drafts', 'support_agent');
    const { sop: next, changeSummary } = proposeSopChanges(sop, [
      finding('unsafe_prompt.credentials'),
      finding('unsafe_prompt.credentials'),
      finding('skipped_context.missing_context'),
    ]);
    expect(changeSummary).toBe('From 3 first-week findings: unsafe prompts (credentials), skipped context.');
    expect(next.refusalRules).toEqual([
      ...sop.refusalRules,
      'Never paste passwords, API keys or other credentials into a prompt; ask the key owner (see the owner matrix) instead.',
    ]);
    expect(next.whenToAsk).toEqual([
      ...sop.whenToAsk,
      'A request does not name the customer or the order or ticket reference: ask the requester for it before prompting.',
    ]);
    expect(next.whenToStop).toEqual(sop.whenToStop);
    expect(Sop.safeParse(next).success).toBe(true);
    // The SOP given is not changed.
    expect(sop.refusalRules).toEqual(sopOf('support_drafts', 'support_agent').refusalRules);
  });

  it('every rule gives an SOP that still parses, and applying it twice adds nothing new', () => {
    const all = FINDING_RULES.map(finding);
    const sop = sopOf('workflow_approvals', 'store_manager');
    const once = proposeSopChanges(sop, all);
    expect(Sop.safeParse(once.sop).success).toBe(true);
    expect(once.sop.escalation.triggers.length).toBeGreaterThan(sop.escalation.triggers.length);
    expect(once.sop.approvalBoundaries.notes).toContain('may approve');
    expect(once.sop.approvalBoundaries.notes.length).toBeLessThanOrEqual(1000);
    const twice = proposeSopChanges(once.sop, all);
    expect(twice.sop).toEqual(once.sop);
    expect(once.changeSummary).toBe(
      'From 13 first-week findings: unsafe prompts (credentials, personal data, destructive bulk changes, bypassing approval), skipped context, approval misunderstandings (self-approval, above the risk limit, bulk approval, resubmitted unchanged), late escalations (beyond the limit), support-path confusion (wrong owner, nobody escalated to).',
    );
  });

  it('does not add an item the SOP already has in other case or spacing', () => {
    const sop = sopOf('read_only_copilot', 'editor');
    const written = {
      ...sop,
      refusalRules: [
        ...sop.refusalRules,
        'NEVER paste passwords,  API keys or other credentials into a prompt; ask the key owner (see the owner matrix) instead.',
      ],
    };
    expect(proposeSopChanges(written, [finding('unsafe_prompt.credentials')]).sop.refusalRules).toEqual(written.refusalRules);
  });

  it('names the escalation responsibility and keeps approval notes within their limit', () => {
    const sop = sopOf('incident_escalation', 'editor');
    const next = proposeSopChanges(sop, [finding('support_path_confusion.wrong_owner'), finding('late_escalation.beyond_limit')]).sop;
    expect(next.escalation.triggers.slice(-2)).toEqual([
      'A failed plan or an incident: escalate at once.',
      expect.stringMatching(/^Every escalation goes to the .+ owner named in the owner matrix/),
    ]);
    const full = { ...sop, approvalBoundaries: { ...sop.approvalBoundaries, notes: 'x'.repeat(990) } };
    const capped = proposeSopChanges(full, [finding('approval_misunderstanding.self_approval')]).sop;
    expect(capped.approvalBoundaries.notes).toBe(full.approvalBoundaries.notes);
    expect(Sop.safeParse(capped).success).toBe(true);
  });

  it('with no findings changes nothing', () => {
    const sop = sopOf('product_copy', 'editor');
    const r = proposeSopChanges(sop, []);
    expect(r.sop).toEqual(sop);
    expect(r.changeSummary).toBe('No first-week findings for Product copy: nothing to add.');
  });

  it('does not add a trigger again that differs only by its final full stop (review item 24)', () => {
    const sop = sopOf('incident_escalation', 'editor');
    const written = { ...sop, escalation: { ...sop.escalation, triggers: [...sop.escalation.triggers, 'A failed plan or an incident: escalate at once'] } };
    expect(proposeSopChanges(written, [finding('late_escalation.beyond_limit')]).sop.escalation.triggers).toEqual(written.escalation.triggers);
    const notes = {
      ...sop,
      approvalBoundaries: { ...sop.approvalBoundaries, notes: 'Never approve a plan you proposed yourself: another approver signs it off' },
    };
    expect(proposeSopChanges(notes, [finding('approval_misunderstanding.self_approval')]).sop.approvalBoundaries.notes).toBe(notes.approvalBoundaries.notes);
  });
});
