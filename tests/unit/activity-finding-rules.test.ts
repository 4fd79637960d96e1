import { describe, expect, it } from 'vitest';
import { detectFindings } from '@core/activity/finding-rules';
import { missingContext } from '@core/activity/context-cues';
import type { RuleEvent, RuleSite } from '@core/activity/types';
import { MASK_TOKENS, type ActivityKind } from '@core/activity/vocabulary';
import { WORKFLOWS, type Workflow } from '@core/playbook/vocabulary';

const owner = { responsibility: 'incident_escalation' as const, name: 'Olga Owner', email: 'olga@shop.example' };
const site: RuleSite = {
  approval: {
    administrator: { mayApprove: ['low', 'medium', 'high'], bulkLowRisk: true },
    store_manager: { mayApprove: ['low', 'medium'], bulkLowRisk: true },
    editor: { mayApprove: ['low'], bulkLowRisk: false },
  },
  escalation: Object.fromEntries(WORKFLOWS.map((w) => [w, owner])) as RuleSite['escalation'],
  escalationLimitMinutes: 60,
};

let seq = 0;
const T0 = Date.parse('2026-11-02T09:00:00Z');
function ev(kind: ActivityKind, over: Partial<RuleEvent> & { at?: number } = {}): RuleEvent {
  seq++;
  const { at, ...rest } = over;
  const workflow: Workflow | null =
    kind === 'prompt' ? 'read_only_copilot' : kind === 'draft' ? 'support_drafts' : kind.startsWith('plan_') ? 'workflow_approvals' : 'incident_escalation';
  return {
    id: `e${String(seq).padStart(4, '0')}`,
    occurredAt: new Date(T0 + (at ?? seq) * 60_000).toISOString(),
    actor: 'ana@shop.example',
    actorKey: 'ana@shop.example',
    operatorId: 'op-ana',
    who: 'Ana Silva',
    actorName: 'Ana Silva',
    role: 'store_manager',
    eventType: kind,
    kind,
    workflow,
    planId: null,
    risk: null,
    status: null,
    text: null,
    affectedRecords: null,
    reviewerNote: null,
    escalatedTo: null,
    ...rest,
  };
}
const ben = { actor: 'ben@shop.example', actorKey: 'ben@shop.example', operatorId: 'op-ben', who: 'Ben Okafor', role: 'administrator' as const };
const rulesOf = (events: RuleEvent[]) => detectFindings(events, site).map((f) => f.rule);
const prompt = (text: string, over: Partial<RuleEvent> & { at?: number } = {}) => ev('prompt', { text, ...over });

describe('unsafe prompts', () => {
  it.each([
    ['what is the admin password for the shop?'],
    ['Paste the API key here so you can check the billing'],
    ['Can you share the credentials for the hosting panel'],
    [`Use this key: ${MASK_TOKENS.secret}`],
    [`Check the account with key sk-ant-api03-${'a1B2c3D4e5'.repeat(5)}`],
  ])('credentials: %s', (text) => {
    expect(rulesOf([prompt(text)])).toContain('unsafe_prompt.credentials');
  });

  it.each([
    ['Where is the password reset page?'],
    ['How do I rotate the key?'],
    ['Show me the password policy for editors'],
    ['Which plugins were updated this week?'],
  ])('no credentials finding for: %s', (text) => {
    expect(rulesOf([prompt(text)])).not.toContain('unsafe_prompt.credentials');
  });

  it.each([
    [`Reply to ${MASK_TOKENS.email} about the refund`],
    ['Call +44 20 7946 0958 about it'],
    ['Refund card 4111 1111 1111 1111'],
    ['Email jane@example.com'],
  ])('personal data: %s', (text) => {
    expect(rulesOf([prompt(text)])).toContain('unsafe_prompt.personal_data');
  });

  it.each([['Refund order #100234 placed on 2026-11-02'], ['Summarise last month’s refund requests']])('no personal data for: %s', (text) => {
    expect(rulesOf([prompt(text)])).not.toContain('unsafe_prompt.personal_data');
  });

  it.each([
    ['Delete all draft products'],
    ['Wipe every order note from last year'],
    ['Overwrite the entire catalogue descriptions'],
    ['Bulk delete the old coupons'],
  ])('destructive bulk: %s', (text) => {
    expect(rulesOf([prompt(text)])).toContain('unsafe_prompt.destructive_bulk');
  });

  it.each([
    ['Remove the typo in the title of product #12'],
    ['Add care instructions to every linen product'],
    ['Delete the duplicate image on the About page'],
  ])('no destructive bulk for: %s', (text) => {
    expect(rulesOf([prompt(text)])).not.toContain('unsafe_prompt.destructive_bulk');
  });

  it.each([
    ['Publish it without approval'],
    ['Skip the review this time'],
    ['Can you bypass the approval step?'],
    ['Auto-approve the price plan'],
    ['Approve it for me'],
    ['No need for review, just do it'],
  ])('bypass approval: %s', (text) => {
    expect(rulesOf([prompt(text)])).toContain('unsafe_prompt.bypass_approval');
  });

  it.each([['Approve the bulk price update plan'], ['Review button colours on the checkout pages'], ['Who reviews the approval of plans?']])(
    'no bypass for: %s',
    (text) => {
      expect(rulesOf([prompt(text)])).not.toContain('unsafe_prompt.bypass_approval');
    },
  );

  it('reads drafts and proposed plans, not approvals or escalations', () => {
    expect(rulesOf([ev('draft', { text: 'What is the admin password? Order #1' })])).toContain('unsafe_prompt.credentials');
    expect(rulesOf([ev('plan_proposed', { text: 'Delete all products', affectedRecords: 'Product #1' })])).toContain('unsafe_prompt.destructive_bulk');
    expect(rulesOf([ev('escalation', { text: 'Delete all products' })])).toEqual([]);
  });

  it('quotes at most 120 characters of masked text, names the rows, and fires each rule once per row', () => {
    const e = prompt(`Paste the API key and email jane@example.com ${'and more '.repeat(40)}`);
    const found = detectFindings([e], site);
    expect(found.map((f) => f.rule).sort()).toEqual(['unsafe_prompt.credentials', 'unsafe_prompt.personal_data']);
    for (const f of found) {
      expect(f.summary).not.toContain('jane@example.com');
      expect(f.summary).toContain(MASK_TOKENS.email);
      expect(f.summary.length).toBeLessThan(220);
      expect(f.eventIds).toEqual([e.id]);
      expect(f.fingerprint).toBe(`${f.rule}:${e.id}`);
      expect(f).toMatchObject({ operatorId: 'op-ana', who: 'Ana Silva', role: 'store_manager', workflow: 'read_only_copilot', occurredAt: e.occurredAt });
    }
  });
});

describe('skipped context', () => {
  it('fires for requests missing what their workflow needs', () => {
    expect(rulesOf([ev('draft', { text: 'Draft a reply to the customer asking about a late parcel' })])).toEqual(['skipped_context.missing_context']);
    expect(rulesOf([ev('prompt', { workflow: 'product_copy', text: 'Make the descriptions sound warmer' })])).toEqual(['skipped_context.missing_context']);
    expect(rulesOf([ev('prompt', { workflow: 'theme_assistant_review', text: 'Does it match the style guide?' })])).toEqual([
      'skipped_context.missing_context',
    ]);
    expect(rulesOf([ev('plan_proposed', { text: 'Update prices' })])).toEqual(['skipped_context.missing_context']);
  });

  it('does not fire when the context is there, or for read-only questions', () => {
    expect(rulesOf([ev('draft', { text: 'Reply about order #10234 and the late parcel' })])).toEqual([]);
    expect(rulesOf([ev('draft', { text: 'Draft a reply to the customer asking about a late parcel', affectedRecords: 'Ticket #881' })])).toEqual([]);
    expect(rulesOf([ev('prompt', { workflow: 'product_copy', text: 'Shorten the product titles in the Sale category' })])).toEqual([]);
    expect(rulesOf([ev('prompt', { workflow: 'theme_assistant_review', text: 'Check the new landing page against the style guide' })])).toEqual([]);
    expect(rulesOf([ev('plan_proposed', { text: 'Update prices', affectedRecords: 'Product #1, Product #2' })])).toEqual([]);
    expect(rulesOf([ev('prompt', { text: 'Which plugins were updated this week?' })])).toEqual([]);
    expect(rulesOf([ev('plan_approved', { text: 'Update prices', risk: 'low' })])).toEqual([]);
  });

  it('names what was missing', () => {
    expect(missingContext('support_drafts', 'draft', 'Reply to them', null)?.label).toBe('the customer or the order or ticket reference');
    const [f] = detectFindings([ev('draft', { text: 'Reply to them' })], site);
    expect(f!.summary).toContain('does not name the customer or the order or ticket reference');
    expect(f!.workflow).toBe('support_drafts');
  });
});

describe('approval misunderstandings', () => {
  it('self-approval fires for the proposer approving, not for another approver', () => {
    const p = ev('plan_proposed', { planId: 'P1', risk: 'low', affectedRecords: 'Product #1' });
    const a = ev('plan_approved', { planId: 'P1', risk: 'low' });
    const found = detectFindings([p, a], site);
    expect(found.map((f) => f.rule)).toEqual(['approval_misunderstanding.self_approval']);
    expect(found[0]!.eventIds).toEqual([p.id, a.id]);
    expect(rulesOf([p, ev('plan_approved', { planId: 'P1', risk: 'low', ...ben })])).toEqual([]);
  });

  it('above the risk limit fires for a role that may not approve the risk', () => {
    const p = ev('plan_proposed', { planId: 'P2', risk: 'high', affectedRecords: 'Product #1', ...ben });
    const a = ev('plan_approved', { planId: 'P2' });
    const found = detectFindings([p, a], site);
    expect(found.map((f) => f.rule)).toEqual(['approval_misunderstanding.above_risk_limit']);
    expect(found[0]!.summary).toBe('Ana Silva approved high-risk plan P2; their role may approve low and medium risk only.');
    expect(rulesOf([ev('plan_approved', { planId: 'P3', risk: 'medium', role: 'marketer' })])).toEqual(['approval_misunderstanding.above_risk_limit']);
  });

  it('no risk-limit finding within the limit, for an unknown role, or without a risk', () => {
    expect(rulesOf([ev('plan_approved', { planId: 'P4', risk: 'medium' })])).toEqual([]);
    expect(rulesOf([ev('plan_approved', { planId: 'P5', risk: 'high', role: null })])).toEqual([]);
    expect(rulesOf([ev('plan_approved', { planId: 'P6', risk: null })])).toEqual([]);
  });

  it('bulk approval fires above low risk or where the role may not bulk-approve', () => {
    expect(rulesOf([ev('plan_approved', { planId: 'B1', risk: 'medium', eventType: 'bulk_approval' })])).toEqual([
      'approval_misunderstanding.bulk_not_allowed',
    ]);
    expect(rulesOf([ev('plan_approved', { planId: 'B2', risk: 'medium', affectedRecords: 'Product #1, Product #2' })])).toEqual([
      'approval_misunderstanding.bulk_not_allowed',
    ]);
    expect(rulesOf([ev('plan_approved', { planId: 'B3', risk: 'low', role: 'editor', status: 'bulk approved' })])).toEqual([
      'approval_misunderstanding.bulk_not_allowed',
    ]);
  });

  it('no bulk finding for low risk where allowed, or for one record', () => {
    expect(rulesOf([ev('plan_approved', { planId: 'B4', risk: 'low', status: 'bulk approved' })])).toEqual([]);
    expect(rulesOf([ev('plan_approved', { planId: 'B5', risk: 'medium', affectedRecords: 'Product #1' })])).toEqual([]);
  });

  it('a rejected plan resubmitted unchanged fires; a changed one does not', () => {
    const p = ev('plan_proposed', { planId: 'R1', text: 'Lower prices', affectedRecords: 'Product #1' });
    const r = ev('plan_rejected', { planId: 'R1', text: 'Lower prices', affectedRecords: 'Product #1', ...ben });
    const again = ev('plan_proposed', { planId: 'R1', text: ' lower  PRICES ', affectedRecords: 'Product #1' });
    const found = detectFindings([p, r, again], site);
    expect(found.map((f) => f.rule)).toEqual(['approval_misunderstanding.resubmitted_unchanged']);
    expect(found[0]!.eventIds).toEqual([r.id, again.id]);
    const changed = ev('plan_proposed', { planId: 'R1', text: 'Lower prices', affectedRecords: 'Product #1, Product #2' });
    expect(rulesOf([p, r, changed])).toEqual([]);
    // Proposed twice without a rejection in between: not a resubmission.
    expect(rulesOf([p, ev('plan_proposed', { planId: 'R1', text: 'Lower prices', affectedRecords: 'Product #1' })])).toEqual([]);
  });
});

describe('late escalation and support-path confusion', () => {
  it('late: a failure escalated beyond the limit belongs to the actor of the failure', () => {
    const f = ev('plan_failed', { planId: 'F1', at: 0 });
    const e = ev('escalation', { planId: 'F1', at: 61, escalatedTo: 'Olga Owner', ...ben });
    const found = detectFindings([f, e], site);
    expect(found.map((x) => x.rule)).toEqual(['late_escalation.beyond_limit']);
    expect(found[0]).toMatchObject({ operatorId: 'op-ana', eventIds: [f.id, e.id], workflow: 'incident_escalation' });
    expect(found[0]!.summary).toContain('61 minutes later by Ben Okafor, beyond the limit of 60 minutes');
  });

  it('not late at the limit, and an incident row that names whom it went to is escalated', () => {
    expect(rulesOf([ev('plan_failed', { planId: 'F2', at: 0 }), ev('escalation', { planId: 'F2', at: 60, escalatedTo: 'olga@shop.example' })])).toEqual([]);
    expect(rulesOf([ev('incident', { at: 0 }), ev('escalation', { at: 30, escalatedTo: 'Olga Owner' })])).toEqual([]);
    expect(rulesOf([ev('incident', { at: 0, escalatedTo: 'Olga Owner' })])).toEqual([]);
  });

  it('an escalation of another plan does not count', () => {
    expect(rulesOf([ev('plan_failed', { planId: 'F3', at: 0 }), ev('escalation', { planId: 'OTHER', at: 5, escalatedTo: 'Olga Owner' })])).toEqual([
      'support_path_confusion.nobody',
    ]);
  });

  it('nobody: never escalated, or only after 7 days', () => {
    expect(rulesOf([ev('incident', { at: 0 })])).toEqual(['support_path_confusion.nobody']);
    expect(rulesOf([ev('incident', { at: 0 }), ev('escalation', { at: 7 * 24 * 60 + 1, escalatedTo: 'Olga Owner' })])).toEqual([
      'support_path_confusion.nobody',
    ]);
    expect(rulesOf([ev('incident', { at: 0 }), ev('escalation', { at: 7 * 24 * 60, escalatedTo: 'Olga Owner' })])).toEqual(['late_escalation.beyond_limit']);
  });

  it('wrong owner: an escalation to someone who is not the owner', () => {
    const e = ev('escalation', { escalatedTo: 'Random Colleague' });
    const found = detectFindings([e], site);
    expect(found.map((f) => f.rule)).toEqual(['support_path_confusion.wrong_owner']);
    expect(found[0]!.summary).toBe(
      'Ana Silva escalated to Random Colleague; the Incident escalation SOP sends escalations to the Incident escalation owner (Olga Owner, olga@shop.example).',
    );
  });

  it('no wrong owner for the owner by name or email (any case), no one named, or nobody assigned', () => {
    expect(rulesOf([ev('escalation', { escalatedTo: 'OLGA OWNER' })])).toEqual([]);
    expect(rulesOf([ev('escalation', { escalatedTo: 'Olga@Shop.example' })])).toEqual([]);
    expect(rulesOf([ev('escalation', { escalatedTo: 'Olga <olga@shop.example>' })])).toEqual([]);
    expect(rulesOf([ev('escalation', { escalatedTo: null })])).toEqual([]);
    const unassigned: RuleSite = { ...site, escalation: { ...site.escalation, incident_escalation: { ...owner, name: null, email: null } } };
    expect(detectFindings([ev('escalation', { escalatedTo: 'Anyone' })], unassigned)).toEqual([]);
  });
});

describe('detectFindings as a whole', () => {
  it('is deterministic and ordered by time', () => {
    const events = [
      ev('plan_failed', { planId: 'X', at: 0 }),
      prompt('What is the admin password?', { at: 5 }),
      ev('escalation', { planId: 'X', at: 200, escalatedTo: 'Someone Else' }),
    ];
    const a = detectFindings(events, site);
    const b = detectFindings(events, site);
    expect(a).toEqual(b);
    expect(a.map((f) => f.rule)).toEqual(['late_escalation.beyond_limit', 'unsafe_prompt.credentials', 'support_path_confusion.wrong_owner']);
    expect(new Set(a.map((f) => f.fingerprint)).size).toBe(a.length);
  });
});

describe('review fixes', () => {
  const wf = (workflow: Workflow, text: string) => ev('prompt', { workflow, text });

  it('context cues take linear time on long rows (item 8)', () => {
    for (const text of ['a'.repeat(8_000), 'a'.repeat(100_000), '“'.repeat(100_000), `order${' '.repeat(50_000)}x`, 'http://'.repeat(15_000)]) {
      for (const w of ['support_drafts', 'product_copy', 'theme_assistant_review'] as const) missingContext(w, 'prompt', text, text);
    }
    expect(missingContext('product_copy', 'prompt', '“Linen shirt”', null)).toBeNull();
    expect(missingContext('support_drafts', 'draft', 'Reply to bob@example.com', null)).toBeNull();
  });

  it('rules take n·log n time: 30,000 proposals on one plan id, 30,000 incidents and escalations elsewhere (item 9)', () => {
    const many: RuleEvent[] = [];
    for (let i = 0; i < 30_000; i++) many.push(ev('plan_proposed', { planId: 'N/A', text: 'Lower prices', affectedRecords: 'Product #1', at: i }));
    expect(detectFindings(many, site)).toEqual([]);
    const onePlan = many.map((e, i) => ({ ...e, planId: 'P1', kind: (i % 2 ? 'plan_rejected' : 'plan_proposed') as ActivityKind }));
    expect(detectFindings(onePlan, site).filter((f) => f.rule === 'approval_misunderstanding.resubmitted_unchanged')).toHaveLength(14_999);
    const mixed: RuleEvent[] = [];
    for (let i = 0; i < 30_000; i++) {
      mixed.push(ev('incident', { workflow: 'support_drafts', at: 2 * i }));
      mixed.push(ev('escalation', { workflow: 'product_copy', escalatedTo: 'Olga Owner', at: 2 * i + 1 }));
    }
    const found = detectFindings(mixed, site);
    expect(found.filter((f) => f.rule === 'support_path_confusion.nobody')).toHaveLength(30_000);
  });

  it('placeholder plan ids link nothing (item 10, read defensively)', () => {
    const p = ev('plan_proposed', { planId: 'N/A', risk: 'low', affectedRecords: 'Product #1', ...ben });
    expect(rulesOf([p, ev('plan_approved', { planId: 'N/A', risk: 'low' })])).toEqual([]);
  });

  it('self-approval by one person holding two roles (item 11)', () => {
    const p = ev('plan_proposed', { planId: 'S1', risk: 'low', affectedRecords: 'Product #1', operatorId: 'op-ana-editor', role: 'editor' });
    const a = ev('plan_approved', { planId: 'S1', risk: 'low', operatorId: 'op-ana-manager' });
    expect(rulesOf([p, a])).toEqual(['approval_misunderstanding.self_approval']);
  });

  it('above the risk limit reads the latest risk at or before the approval (item 12)', () => {
    const p = ev('plan_proposed', { planId: 'K1', risk: 'low', affectedRecords: 'Product #1', ...ben });
    const raised = ev('plan_proposed', { planId: 'K1', risk: 'high', affectedRecords: 'Product #1', ...ben });
    const a = ev('plan_approved', { planId: 'K1' });
    const found = detectFindings([p, raised, a], site);
    expect(found.map((f) => f.rule)).toEqual(['approval_misunderstanding.above_risk_limit']);
    expect(found[0]!.summary).toContain('high-risk plan K1');
    // A risk raised after the approval says nothing about it.
    expect(rulesOf([p, a, ev('plan_executed', { planId: 'K1', risk: 'high', ...ben })])).toEqual([]);
  });

  it('resubmitted unchanged compares with the rejected proposal, records only included (item 13)', () => {
    const p = ev('plan_proposed', { planId: 'U1', text: 'Lower prices', affectedRecords: 'Product #1' });
    const r = ev('plan_rejected', { planId: 'U1', text: 'Too risky', ...ben });
    expect(rulesOf([p, r, ev('plan_proposed', { planId: 'U1', text: 'Lower prices', affectedRecords: 'Product #1' })])).toEqual([
      'approval_misunderstanding.resubmitted_unchanged',
    ]);
    expect(rulesOf([p, r, ev('plan_proposed', { planId: 'U1', text: 'Too risky', affectedRecords: 'Product #1' })])).toEqual([]);
    const q = ev('plan_proposed', { planId: 'U2', affectedRecords: 'Product #7' });
    const r2 = ev('plan_rejected', { planId: 'U2', ...ben });
    expect(rulesOf([q, r2, ev('plan_proposed', { planId: 'U2', affectedRecords: 'Product #7' })])).toEqual(['approval_misunderstanding.resubmitted_unchanged']);
    expect(rulesOf([q, r2, ev('plan_proposed', { planId: 'U2', affectedRecords: 'Product #8' })])).toEqual([]);
  });

  it('a placeholder escalation target is nobody; a wrong one on the failure row is checked (item 15)', () => {
    expect(rulesOf([ev('plan_failed', { planId: 'F9', at: 0, escalatedTo: 'none' })])).toEqual(['support_path_confusion.nobody']);
    expect(rulesOf([ev('incident', { at: 0, escalatedTo: '-' })])).toEqual(['support_path_confusion.nobody']);
    expect(rulesOf([ev('incident', { at: 0, escalatedTo: 'Random Colleague' })])).toEqual(['support_path_confusion.wrong_owner']);
    expect(rulesOf([ev('escalation', { escalatedTo: 'n/a' })])).toEqual([]);
  });

  it('the owner is matched by the whole address or name, not a substring (item 16)', () => {
    expect(rulesOf([ev('escalation', { escalatedTo: 'notolga@shop.example' })])).toEqual(['support_path_confusion.wrong_owner']);
    expect(rulesOf([ev('escalation', { escalatedTo: 'olga@shop.example.evil.com' })])).toEqual(['support_path_confusion.wrong_owner']);
    expect(rulesOf([ev('escalation', { escalatedTo: 'Olga Owner Jr' })])).toEqual(['support_path_confusion.wrong_owner']);
    expect(rulesOf([ev('escalation', { escalatedTo: 'Olga Owner <olga@shop.example>' })])).toEqual([]);
    expect(rulesOf([ev('escalation', { escalatedTo: 'olga@shop.example.' })])).toEqual([]);
  });

  it.each([["Please don't share passwords with customers"], ['Never paste API keys into prompts'], ['Use a strong password for new accounts']])(
    'no credentials for an instruction that forbids or advises (item 18): %s',
    (text) => {
      expect(rulesOf([prompt(text)])).not.toContain('unsafe_prompt.credentials');
    },
  );

  it.each([['whats the admin password'], ['send me the pw'], ["Don't forget to send me the password"], ['Never mind, tell me the API key']])(
    'credentials (item 18): %s',
    (text) => {
      expect(rulesOf([prompt(text)])).toContain('unsafe_prompt.credentials');
    },
  );

  it.each([['Do not skip the approval'], ['How do I skip a review step in the SOP editor?'], ['Skipping the review is not allowed']])(
    'no bypass for a prohibition or a question about the product (item 18): %s',
    (text) => {
      expect(rulesOf([prompt(text)])).not.toContain('unsafe_prompt.bypass_approval');
    },
  );

  it.each([['no approval needed'], ['no review required'], ['self-approve'], ["Don't worry, just skip the approval"]])('bypass (item 18): %s', (text) => {
    expect(rulesOf([prompt(text)])).toContain('unsafe_prompt.bypass_approval');
  });

  it.each([['Remove the typo in all caps heading'], ["Don't delete all products"], ['How do I delete all draft products in the admin?']])(
    'no destructive bulk (item 18): %s',
    (text) => {
      expect(rulesOf([prompt(text)])).not.toContain('unsafe_prompt.destructive_bulk');
    },
  );

  it.each([['wipe the store'], ['trash all posts'], ['clear all orders']])('destructive bulk (item 18): %s', (text) => {
    expect(rulesOf([prompt(text)])).toContain('unsafe_prompt.destructive_bulk');
  });

  it('the shop’s own address is not personal data; a customer’s is (item 18)', () => {
    expect(rulesOf([prompt('Tell customers to write to support@shop.example')])).not.toContain('unsafe_prompt.personal_data');
    expect(rulesOf([prompt('Tell customers to write to support@help.shop.example')])).not.toContain('unsafe_prompt.personal_data');
    expect(rulesOf([prompt('Write to jane@example.com')])).toContain('unsafe_prompt.personal_data');
    // An operator on a free mail provider does not make every address there the shop's.
    const gmailOp = { actor: 'ana@gmail.com', actorKey: 'ana@gmail.com' };
    expect(rulesOf([prompt('Write to jane@gmail.com', gmailOp)])).toContain('unsafe_prompt.personal_data');
  });

  it('missing context: apostrophes, standards codes, "no number", placeholder records (item 19)', () => {
    expect(rulesOf([wf('product_copy', "Rewrite it, don't make it too long, it's for the shop")])).toEqual(['skipped_context.missing_context']);
    expect(rulesOf([wf('product_copy', "Rewrite 'Linen shirt' warmer")])).toEqual([]);
    expect(rulesOf([ev('draft', { text: 'Tell them the page gave HTTP-404' })])).toEqual(['skipped_context.missing_context']);
    expect(rulesOf([ev('draft', { text: 'Say we are ISO-9001 certified' })])).toEqual(['skipped_context.missing_context']);
    expect(rulesOf([ev('draft', { text: 'Reply that there is no number 12' })])).toEqual(['skipped_context.missing_context']);
    expect(rulesOf([ev('draft', { text: 'Reply about SUP-1234' })])).toEqual([]);
    expect(rulesOf([ev('draft', { text: 'Reply about No. 1234' })])).toEqual([]);
    for (const records of ['none', '[]', '0']) {
      expect(rulesOf([ev('plan_proposed', { text: 'Update prices', affectedRecords: records })])).toEqual(['skipped_context.missing_context']);
    }
  });

  it('record count: separators in quotes or brackets, refs without digits, "not bulk" (item 20)', () => {
    expect(rulesOf([ev('plan_approved', { planId: 'C1', risk: 'medium', affectedRecords: 'Product "Shirt, blue" (#12)' })])).toEqual([]);
    expect(rulesOf([ev('plan_approved', { planId: 'C2', risk: 'medium', affectedRecords: 'Order #1042 (see #general channel)' })])).toEqual([]);
    expect(rulesOf([ev('plan_approved', { planId: 'C3', risk: 'medium', status: 'approved (not bulk)' })])).toEqual([]);
    expect(rulesOf([ev('plan_approved', { planId: 'C4', risk: 'medium', affectedRecords: 'Products (#1, #2)' })])).toEqual([
      'approval_misunderstanding.bulk_not_allowed',
    ]);
    expect(rulesOf([ev('plan_approved', { planId: 'C5', risk: 'medium', affectedRecords: '["Order 1", "Order 2"]' })])).toEqual([
      'approval_misunderstanding.bulk_not_allowed',
    ]);
  });
});
