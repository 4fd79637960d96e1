import { describe, expect, it } from 'vitest';
import { defaultPlaybook, parsePlaybook, ROLE_LABEL, WORKFLOW_LABEL, WORKFLOW_ROLES, WORKFLOWS, type Sop, type Workflow } from '@core/playbook/index';

const sops = defaultPlaybook().sops;
const cellsOf = (wf: Workflow): Sop[] => WORKFLOW_ROLES[wf].map((role) => sops.find((s) => s.workflow === wf && s.role === role)!);

const goodTexts = (s: Sop) => s.goodExamples.map((e) => e.text);
const badTexts = (s: Sop) => s.badExamples.map((e) => e.text);
const sameList = (a: readonly string[], b: readonly string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

describe('role-specific SOPs in the default playbook', () => {
  for (const wf of WORKFLOWS) {
    it(`${WORKFLOW_LABEL[wf]}: every pair of roles differs in examples and in refusal rules`, () => {
      const cells = cellsOf(wf);
      for (let i = 0; i < cells.length; i++) {
        for (let j = i + 1; j < cells.length; j++) {
          const [a, b] = [cells[i]!, cells[j]!];
          const pair = `${a.role} / ${b.role}`;
          expect(sameList(goodTexts(a), goodTexts(b)), `${pair}: good examples`).toBe(false);
          expect(sameList(badTexts(a), badTexts(b)), `${pair}: bad examples`).toBe(false);
          expect(sameList(a.refusalRules, b.refusalRules), `${pair}: refusal rules`).toBe(false);
          expect(sameList(a.escalation.triggers, b.escalation.triggers), `${pair}: escalation triggers`).toBe(false);
        }
      }
    });

    it(`${WORKFLOW_LABEL[wf]}: each role has examples, a refusal rule, a trigger and a when-to-ask situation no other role shares`, () => {
      const cells = cellsOf(wf);
      const ownItems = (sop: Sop, get: (s: Sop) => readonly string[]) => get(sop).filter((t) => !cells.some((o) => o !== sop && get(o).includes(t)));
      const counts = cells.map((sop) => ({
        role: sop.role,
        good: ownItems(sop, goodTexts).length,
        bad: ownItems(sop, badTexts).length,
        refusal: ownItems(sop, (s) => s.refusalRules).length,
        triggers: ownItems(sop, (s) => s.escalation.triggers).length,
        ask: ownItems(sop, (s) => s.whenToAsk).length,
      }));
      for (const c of counts) {
        for (const [what, n] of Object.entries(c)) if (what !== 'role') expect(n, `${wf}/${c.role}: own ${what}`).toBeGreaterThan(0);
      }
      const distinctCells = new Set(cells.map((s) => JSON.stringify([goodTexts(s), badTexts(s), s.refusalRules, s.escalation, s.whenToAsk])));
      expect(distinctCells.size).toBe(cells.length);
    });
  }

  it('keeps the workflow-wide refusal rules in every role’s SOP of that workflow', () => {
    for (const wf of WORKFLOWS) {
      const cells = cellsOf(wf);
      const shared = cells[0]!.refusalRules.filter((r) => cells.every((c) => c.refusalRules.includes(r)));
      expect(shared.length, wf).toBeGreaterThan(0);
    }
  });

  it('gives every role the same approval boundary in every workflow, with bulk approval for low risk only', () => {
    for (const role of Object.keys(ROLE_LABEL)) {
      const boundaries = new Set(sops.filter((s) => s.role === role).map((s) => JSON.stringify(s.approvalBoundaries)));
      expect(boundaries.size, role).toBe(1);
    }
    const of = (role: string) => sops.find((s) => s.role === role)!.approvalBoundaries;
    expect(of('editor').mayApprove).toEqual(['low']);
    expect(of('developer').bulkApproveLowRisk).toBe(false);
    for (const role of ['support_agent', 'marketer', 'designer']) expect(of(role).mayApprove, role).toEqual([]);
  });
});

describe('when to ask', () => {
  it('is given on every default SOP and is not a copy of its triggers or stop conditions', () => {
    for (const sop of sops) {
      const cell = `${sop.workflow}/${sop.role}`;
      expect(sop.whenToAsk.length, cell).toBeGreaterThan(0);
      for (const item of sop.whenToAsk) {
        expect(item.trim().length, cell).toBeGreaterThan(20);
        expect(sop.escalation.triggers, cell).not.toContain(item);
        expect(sop.whenToStop, cell).not.toContain(item);
      }
    }
  });

  it('is required in imported files, with a message that names the field and the fix', () => {
    const pb = structuredClone(defaultPlaybook()) as unknown as { sops: Record<string, unknown>[] };
    delete pb.sops[0]!.whenToAsk;
    pb.sops[1]!.whenToAsk = [];
    pb.sops[2]!.whenToAsk = ['   '];
    const r = parsePlaybook(pb);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(
      expect.arrayContaining([
        {
          path: 'sops[0].whenToAsk',
          message: 'whenToAsk is missing: give at least one situation in which to ask (files exported before this field existed need it added to every SOP).',
        },
        { path: 'sops[1].whenToAsk', message: 'Give at least one situation in which to ask.' },
        { path: 'sops[2].whenToAsk[0]', message: 'Situation in which to ask is required.' },
      ]),
    );
  });
});
