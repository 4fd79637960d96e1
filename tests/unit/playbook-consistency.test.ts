import { describe, expect, it } from 'vitest';
import { followBasis, inferBasis } from '@core/playbook/consistency';
import {
  ANSWER_FOR_BASIS,
  answerForRisk,
  checkScenarioConsistency,
  defaultPlaybook,
  matchSituation,
  parsePlaybook,
  type Playbook,
  type Scenario,
  type Sop,
} from '@core/playbook/index';

const clone = (): Playbook => structuredClone(defaultPlaybook());
const sopOf = (pb: Playbook, sc: Pick<Scenario, 'workflow' | 'role'>): Sop => pb.sops.find((s) => s.workflow === sc.workflow && s.role === sc.role)!;
const indexOf = (pb: Playbook, id: string) => pb.scenarios.findIndex((s) => s.id === id);

function problemsOf(pb: Playbook) {
  const r = parsePlaybook(pb);
  return r.ok ? [] : r.problems;
}

/** Adds a scenario for the support agent's support-drafts SOP and returns its index. */
function addSupportScenario(pb: Playbook, fields: Partial<Scenario>): number {
  pb.scenarios.push({
    id: 'added-check',
    role: 'support_agent',
    workflow: 'support_drafts',
    situation: 'A customer asks for the opening hours of the shop.',
    answer: 'ask',
    explanation: 'Added for the test.',
    basis: { kind: 'when_to_ask', index: 0 },
    ...fields,
  });
  return pb.scenarios.length - 1;
}

describe('the shipped scenario keys', () => {
  it('agree with the SOP items they test and with the text rule', () => {
    const pb = defaultPlaybook();
    expect(checkScenarioConsistency(pb.sops, pb.scenarios)).toEqual([]);
    for (const sc of pb.scenarios) {
      const sop = sopOf(pb, sc);
      const expected = sc.basis.kind === 'approval_boundary' ? answerForRisk(sop, sc.risk!) : ANSWER_FOR_BASIS[sc.basis.kind];
      expect(sc.answer, sc.id).toBe(expected);
    }
  });

  it('test every answer kind a role can meet at least twice, and approve only where the role may approve', () => {
    const pb = defaultPlaybook();
    const roles = [...new Set(pb.sops.map((s) => s.role))];
    for (const role of roles) {
      const mayApprove = pb.sops.find((s) => s.role === role)!.approvalBoundaries.mayApprove.length > 0;
      const kinds = mayApprove ? (['ask', 'approve', 'reject', 'escalate', 'stop'] as const) : (['ask', 'reject', 'escalate', 'stop'] as const);
      for (const answer of kinds)
        expect(pb.scenarios.filter((s) => s.role === role && s.answer === answer).length, `${role}: ${answer}`).toBeGreaterThanOrEqual(2);
      if (!mayApprove)
        expect(
          pb.scenarios.some((s) => s.role === role && s.answer === 'approve'),
          role,
        ).toBe(false);
    }
  });

  it('give an approval-boundary scenario a risk, and only those', () => {
    for (const sc of defaultPlaybook().scenarios) expect(sc.risk !== undefined, sc.id).toBe(sc.basis.kind === 'approval_boundary');
  });
});

describe('a contradicting scenario key', () => {
  it('is refused with its path when the situation is an escalation trigger answered ask', () => {
    const pb = clone();
    const trigger = sopOf(pb, { workflow: 'support_drafts', role: 'support_agent' }).escalation.triggers[0]!;
    const i = addSupportScenario(pb, { situation: `${trigger}.`, answer: 'ask', basis: { kind: 'when_to_ask', index: 0 } });
    const problems = problemsOf(pb);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe(`scenarios[${i}].answer`);
    expect(problems[0]!.message).toContain('Scenario “added-check” answers ask');
    expect(problems[0]!.message).toContain(
      `the escalation trigger “${trigger}” (escalation.triggers[0]) of the Support drafts SOP for Support agent, which calls for escalate`,
    );
  });

  it('is found when the trigger is reworded, even though the basis agrees with the answer', () => {
    const pb = clone();
    // Paraphrase of “The ticket involves a complaint, legal threat, chargeback or data request”.
    const i = addSupportScenario(pb, { situation: 'A ticket that involves a complaint and a legal threat about a chargeback.', answer: 'ask' });
    expect(problemsOf(pb).map((p) => p.path)).toEqual([`scenarios[${i}].answer`]);
  });

  it('calls for stop when a situation matches both a stop condition and a trigger', () => {
    const pb = clone();
    const sop = sopOf(pb, { workflow: 'incident_escalation', role: 'administrator' });
    const stopIndex = sop.whenToStop.indexOf('A plan executed that nobody approved');
    const situation = 'A suspicious plan waits in the queue, and another plan executed that nobody approved.';
    expect(matchSituation(sop, situation)).toMatchObject({ kind: 'when_to_stop', index: stopIndex, answer: 'stop' });
    pb.scenarios.push({
      id: 'both-match',
      role: 'administrator',
      workflow: 'incident_escalation',
      situation,
      answer: 'escalate',
      explanation: 'x',
      basis: { kind: 'escalation_trigger', index: 0 },
    });
    const problems = problemsOf(pb);
    expect(problems.map((p) => p.path)).toEqual([`scenarios[${pb.scenarios.length - 1}].answer`]);
    expect(problems[0]!.message).toMatch(/stop condition “A plan executed that nobody approved”.*calls for stop\.$/);
  });

  it('is refused when the answer contradicts the basis and no text matches', () => {
    const pb = clone();
    const i = indexOf(pb, 'support-free-returns');
    pb.scenarios[i]!.answer = 'ask';
    const problems = problemsOf(pb);
    expect(problems.map((p) => p.path)).toEqual([`scenarios[${i}].answer`]);
    expect(problems[0]!.message).toContain('Scenario “support-free-returns” answers ask, but its basis, the refusal rule “Never promise refunds');
    expect(problems[0]!.message).toMatch(/calls for reject\.$/);
  });

  it('is refused when the situation breaks a refusal rule, whatever the basis says', () => {
    const pb = clone();
    const i = indexOf(pb, 'support-card-number');
    pb.scenarios[i]!.answer = 'ask';
    pb.scenarios[i]!.basis = { kind: 'when_to_ask', index: 0 };
    const problems = problemsOf(pb);
    expect(problems.map((p) => p.path)).toEqual([`scenarios[${i}].answer`]);
    expect(problems[0]!.message).toContain('Scenario “support-card-number” answers ask, but its situation matches the refusal rule “Never paste card numbers');
    expect(problems[0]!.message).toMatch(/calls for reject\.$/);
  });

  it('names the basis when it points at the wrong item but the text shows the answer is right', () => {
    const pb = clone();
    const i = indexOf(pb, 'admin-unapproved-execution');
    pb.scenarios[i]!.basis = { kind: 'when_to_ask', index: 0 };
    const problems = problemsOf(pb);
    expect(problems.map((p) => p.path)).toEqual([`scenarios[${i}].basis`]);
    expect(problems[0]!.message).toContain('point the basis at that item');
  });
});

describe('the approval boundary as a basis', () => {
  it('calls for escalate above the role’s boundary and for a role that may approve nothing', () => {
    const pb = clone();
    const editor = indexOf(pb, 'editor-low-typo-plan');
    const support = indexOf(pb, 'support-plan-approval');
    pb.scenarios[editor]!.risk = 'medium';
    pb.scenarios[support]!.answer = 'approve';
    const problems = problemsOf(pb);
    expect(problems.map((p) => p.path).sort()).toEqual([`scenarios[${editor}].answer`, `scenarios[${support}].answer`].sort());
    expect(problems.find((p) => p.path === `scenarios[${support}].answer`)!.message).toContain('(may approve nothing) for a low-risk plan, calls for escalate');
    expect(problems.find((p) => p.path === `scenarios[${editor}].answer`)!.message).toContain(
      '(may approve low risk) for a medium-risk plan, calls for escalate',
    );
  });

  it('calls for approve within the boundary', () => {
    const pb = clone();
    const i = indexOf(pb, 'admin-high-risk-roles');
    pb.scenarios[i]!.answer = 'escalate';
    const problems = problemsOf(pb);
    expect(problems.map((p) => p.path)).toEqual([`scenarios[${i}].answer`]);
    expect(problems[0]!.message).toContain('(may approve low, medium, high risk) for a high-risk plan, calls for approve.');
  });

  it('needs a risk and index 0', () => {
    const pb = clone();
    const i = indexOf(pb, 'dev-high-risk');
    delete pb.scenarios[i]!.risk;
    pb.scenarios[i]!.basis.index = 2;
    expect(problemsOf(pb)).toEqual([
      {
        path: `scenarios[${i}].basis.index`,
        message: 'Scenario “dev-high-risk”: an approval_boundary basis means the boundary as a whole, so its index must be 0.',
      },
    ]);
    pb.scenarios[i]!.basis.index = 0;
    expect(problemsOf(pb)).toEqual([
      { path: `scenarios[${i}].risk`, message: 'Scenario “dev-high-risk” tests the approval boundary, so it needs a risk (low, medium or high).' },
    ]);
  });
});

describe('a scenario basis', () => {
  it('is refused with its path when its index does not exist in the SOP', () => {
    const pb = clone();
    const i = indexOf(pb, 'support-policy-unknown');
    const asks = sopOf(pb, pb.scenarios[i]!).whenToAsk.length;
    pb.scenarios[i]!.basis.index = asks;
    expect(problemsOf(pb)).toEqual([
      {
        path: `scenarios[${i}].basis.index`,
        message: `Scenario “support-policy-unknown”: the Support drafts SOP for Support agent has ${asks} when-to-ask situations, so basis index ${asks} does not exist (use 0 to ${asks - 1}).`,
      },
    ]);
  });

  it('is required in files, with a message that says what to give', () => {
    const pb = clone() as unknown as { scenarios: Record<string, unknown>[] };
    delete pb.scenarios[0]!.basis;
    expect(parsePlaybook(pb)).toEqual({
      ok: false,
      problems: [
        { path: 'scenarios[0].basis', message: 'Basis is required: name the SOP item this scenario tests, e.g. { "kind": "refusal_rule", "index": 0 }.' },
      ],
    });
  });
});

describe('the text rule', () => {
  it('ignores situations that share only a few words with an item', () => {
    const sop = sopOf(defaultPlaybook(), { workflow: 'support_drafts', role: 'support_agent' });
    expect(matchSituation(sop, 'A customer asks for the opening hours of the shop.')).toBeUndefined();
    expect(matchSituation(sop, 'The ticket asks about a delivery date.')).toBeUndefined();
  });

  it('treats word forms alike (changes, changed, change)', () => {
    const sop = sopOf(defaultPlaybook(), { workflow: 'workflow_approvals', role: 'store_manager' });
    expect(matchSituation(sop, 'A plan changed the price of many products at once.')).toMatchObject({ kind: 'escalation_trigger', answer: 'escalate' });
  });
});

describe('the scenario pool rules', () => {
  it('need a scenario for every workflow a role uses', () => {
    const pb = clone();
    pb.scenarios = pb.scenarios.filter((s) => !(s.role === 'support_agent' && s.workflow === 'incident_escalation'));
    expect(problemsOf(pb)).toContainEqual({ path: 'scenarios', message: 'Support agent has no scenario check for Incident escalation; add at least one.' });
  });

  it('need twice the questions of an attempt per role', () => {
    const pb = clone();
    const marketer = pb.scenarios.filter((s) => s.role === 'marketer');
    const keep = new Set(['marketer-live-change', 'marketer-personal-data', 'marketer-competitor', 'marketer-brand-conflict']);
    pb.scenarios = pb.scenarios.filter((s) => s.role !== 'marketer' || keep.has(s.id));
    expect(marketer.length).toBeGreaterThan(keep.size);
    expect(problemsOf(pb)).toEqual([
      { path: 'scenarios', message: 'Marketer has 4 scenario checks; at least 10 are needed so a retake can differ from the last attempt.' },
    ]);
  });
});

/** Adds an approve key for the editor's workflow-approvals SOP (may approve low risk) and returns its index. */
function addEditorApproval(pb: Playbook, situation: string, fields: Partial<Scenario> = {}): number {
  pb.scenarios.push({
    id: 'imported-approval',
    role: 'editor',
    workflow: 'workflow_approvals',
    situation,
    answer: 'approve',
    explanation: 'Low risk is within the editor’s boundary.',
    basis: { kind: 'approval_boundary', index: 0 },
    risk: 'low',
    ...fields,
  });
  return pb.scenarios.length - 1;
}

describe('refusal rules and when-to-ask situations read by text', () => {
  const editorApprovals = () => sopOf(defaultPlaybook(), { workflow: 'workflow_approvals', role: 'editor' });

  it('refuse an approve key whose situation is an escalation trigger about legal, privacy or policy pages', () => {
    const pb = clone();
    const i = addEditorApproval(pb, 'A low-risk plan rewrites the privacy notice; the diff shows only the notice.');
    const problems = problemsOf(pb);
    expect(problems.map((p) => p.path)).toEqual([`scenarios[${i}].answer`]);
    expect(problems[0]!.message).toBe(
      'Scenario “imported-approval” answers approve, but its situation matches the escalation trigger “A low-risk plan touches legal, privacy or policy pages” (escalation.triggers[1]) of the Workflow approvals SOP for Editor, which calls for escalate.',
    );
  });

  it('refuse an approve key whose diff preview was not read, against “Never approve a plan without reading its diff preview”', () => {
    const pb = clone();
    const i = addEditorApproval(pb, 'A low-risk plan fixes spelling in three blog posts; its diff preview did not load but the title looks right.');
    const problems = problemsOf(pb);
    expect(problems.map((p) => p.path)).toEqual([`scenarios[${i}].answer`]);
    expect(problems[0]!.message).toContain(
      'its situation matches the refusal rule “Never approve a plan without reading its diff preview and affected records.” (refusalRules[1])',
    );
    expect(problems[0]!.message).toMatch(/which calls for reject\.$/);
  });

  it('refuse an approve key whose situation is a when-to-ask situation', () => {
    const pb = clone();
    const i = addEditorApproval(pb, 'A low-risk plan titled “fix typos” changes more than its title says.');
    const problems = problemsOf(pb);
    expect(problems.map((p) => p.path)).toEqual([`scenarios[${i}].answer`]);
    expect(problems[0]!.message).toContain('the when-to-ask situation “A low-risk plan changes more than its title says');
    expect(problems[0]!.message).toMatch(/which calls for ask\.$/);
  });

  it('take stop before escalate before reject before ask when several items fit', () => {
    const sop = editorApprovals();
    expect(matchSituation(sop, 'A low-risk plan changes more than its title says and touches the privacy page.')).toMatchObject({
      kind: 'escalation_trigger',
      answer: 'escalate',
    });
    const admin = sopOf(defaultPlaybook(), { workflow: 'workflow_approvals', role: 'administrator' });
    expect(
      matchSituation(admin, 'A plan’s diff and its affected-records list disagree, and its diff preview did not load.', { approving: true }),
    ).toMatchObject({
      kind: 'refusal_rule',
      answer: 'reject',
    });
  });

  it('let a basis that calls for the key decide when it outranks a lesser item the text also fits', () => {
    const pb = clone();
    // Breaks the editor's refusal rule (reject) and reads like their when-to-ask situation (ask).
    const situation = 'A low-risk plan changes more than its title says; a colleague tells you to edit the plan in the queue to make it approvable.';
    const i = addEditorApproval(pb, situation, { answer: 'reject', basis: { kind: 'refusal_rule', index: 2 } });
    delete pb.scenarios[i]!.risk;
    expect(problemsOf(pb)).toEqual([]);
    pb.scenarios[i]!.answer = 'ask';
    pb.scenarios[i]!.basis = { kind: 'when_to_ask', index: 0 };
    expect(problemsOf(pb).map((p) => p.path)).toEqual([`scenarios[${i}].answer`]);
  });

  it('do not take a situation that affirms what an item denies for that item', () => {
    const pb = clone();
    const sop = sopOf(pb, { workflow: 'workflow_approvals', role: 'administrator' });
    sop.escalation.triggers.push('A plan affects records it did not list');
    const ok = 'A medium-risk plan updates 12 product meta descriptions; the diff and affected records match the request.';
    expect(matchSituation(sop, ok, { approving: true })).toBeUndefined();
    expect(problemsOf(pb)).toEqual([]);
    expect(matchSituation(sop, 'A medium-risk plan affects records that it did not list in its preview.', { approving: true })).toMatchObject({
      kind: 'escalation_trigger',
      answer: 'escalate',
    });
    // And the other way round: an item that denies nothing is not a situation that denies it.
    expect(matchSituation(sopOf(pb, { workflow: 'workflow_approvals', role: 'agency_operator' }), 'A plan deletes records the client listed.')).toBeUndefined();
  });

  it('keep a rule about one risk level off plans of another', () => {
    const admin = sopOf(defaultPlaybook(), { workflow: 'workflow_approvals', role: 'administrator' });
    expect(matchSituation(admin, 'A medium-risk plan you requested yourself updates product titles.', { approving: true })).toBeUndefined();
    expect(matchSituation(admin, 'A high-risk plan you requested yourself updates product titles.', { approving: true })).toMatchObject({
      kind: 'refusal_rule',
      index: 2,
    });
  });

  it('need a case a list names: touching a page is not touching a legal, privacy or policy page', () => {
    expect(matchSituation(editorApprovals(), 'A low-risk plan touches the alt text of one image on a product page.', { approving: true })).toBeUndefined();
  });
});

describe('a scenario stored without a basis', () => {
  it('gets the item its situation matches when that item calls for its answer', () => {
    const pb = defaultPlaybook();
    const sc = pb.scenarios.find((s) => s.id === 'support-card-number')!;
    const { basis: _b, ...stored } = sc;
    expect(inferBasis(sopOf(pb, sc), stored)).toEqual({ basis: sc.basis });
    expect(inferBasis(sopOf(pb, sc), { ...stored, answer: 'ask' })).toBeUndefined();
  });

  it('gets the approval boundary at the one risk its situation names, when the boundary calls for its answer', () => {
    const pb = defaultPlaybook();
    const sc = pb.scenarios.find((s) => s.id === 'admin-medium-diff-clear')!;
    const { basis: _b, risk: _r, ...stored } = sc;
    expect(inferBasis(sopOf(pb, sc), stored)).toEqual({ basis: { kind: 'approval_boundary', index: 0 }, risk: 'medium' });
    expect(inferBasis(sopOf(pb, sc), { ...stored, situation: 'A plan updates 12 product meta descriptions; the diff matches the request.' })).toBeUndefined();
  });
});

describe('a basis across SOP versions', () => {
  it('follows its item when the item moves, stays when it is reworded, and reports it when it is gone', () => {
    const before = sopOf(defaultPlaybook(), { workflow: 'workflow_approvals', role: 'administrator' });
    const basis = { kind: 'refusal_rule' as const, index: 0 };
    const moved = { ...before, refusalRules: ['Never approve a plan a customer asked for by email.', ...before.refusalRules] };
    expect(followBasis(before, moved, basis)).toEqual({ basis: { kind: 'refusal_rule', index: 1 } });
    const reworded = { ...before, refusalRules: ['Never bulk-approve plans other than low-risk ones.', ...before.refusalRules.slice(1)] };
    expect(followBasis(before, reworded, basis)).toEqual({ basis });
    const rewordedAndAdded = { ...reworded, refusalRules: [...reworded.refusalRules, 'Never approve a plan a customer asked for by email.'] };
    expect(followBasis(before, rewordedAndAdded, basis)).toEqual({ basis });
    const removed = { ...before, refusalRules: before.refusalRules.slice(1) };
    expect(followBasis(before, removed, basis)).toEqual({ removed: { kind: 'refusal_rule', text: before.refusalRules[0] } });
    expect(followBasis(before, removed, { kind: 'approval_boundary', index: 0 })).toEqual({ basis: { kind: 'approval_boundary', index: 0 } });
  });
});
