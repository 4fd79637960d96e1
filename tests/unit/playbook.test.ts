import { describe, expect, it } from 'vitest';
import { scanForSecrets } from '@core/domain/secret-scanner';
import { defaultPlaybook, diffSops, OPERATOR_ROLES, parsePlaybook, SCENARIO_ANSWERS, WORKFLOW_ROLES, WORKFLOWS, type Playbook } from '@core/playbook/index';

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

const clone = (): Playbook => structuredClone(defaultPlaybook());

describe('the default SophMate playbook', () => {
  it('is valid', () => {
    const r = parsePlaybook(defaultPlaybook());
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it('has an SOP for every role that uses each of the six workflows', () => {
    const pb = defaultPlaybook();
    for (const wf of WORKFLOWS) {
      for (const role of WORKFLOW_ROLES[wf]) {
        const sop = pb.sops.find((s) => s.workflow === wf && s.role === role);
        expect(sop, `${wf}/${role}`).toBeDefined();
        expect(sop!.refusalRules.length).toBeGreaterThan(0);
        expect(sop!.whenToAsk.length).toBeGreaterThan(0);
        expect(sop!.whenToStop.length).toBeGreaterThan(0);
      }
    }
  });

  it('gives every role at least ten scenario checks, one or more for every workflow it uses, and uses every answer', () => {
    const pb = defaultPlaybook();
    for (const role of OPERATOR_ROLES) expect(pb.scenarios.filter((s) => s.role === role).length, role).toBeGreaterThanOrEqual(10);
    for (const wf of WORKFLOWS) {
      for (const role of WORKFLOW_ROLES[wf])
        expect(
          pb.scenarios.some((s) => s.role === role && s.workflow === wf),
          `${wf}/${role}`,
        ).toBe(true);
    }
    for (const a of SCENARIO_ANSWERS)
      expect(
        pb.scenarios.some((s) => s.answer === a),
        a,
      ).toBe(true);
  });

  it('never lets a role bulk-approve beyond low risk, and keeps high risk to administrators', () => {
    for (const sop of defaultPlaybook().sops) {
      if (sop.approvalBoundaries.mayApprove.includes('high')) expect(sop.role).toBe('administrator');
      if (sop.approvalBoundaries.bulkApproveLowRisk) expect(sop.approvalBoundaries.mayApprove).toContain('low');
    }
  });

  it('contains nothing the secret scanner would refuse', () => {
    const flagged = strings(defaultPlaybook()).filter((t) => scanForSecrets(t).length > 0);
    expect(flagged).toEqual([]);
  });
});

describe('a malformed playbook file', () => {
  it('is refused with the path of each problem and never throws', () => {
    const pb = clone() as unknown as Record<string, unknown> & { sops: Record<string, unknown>[] };
    (pb.sops[3] as { approvalBoundaries: { mayApprove: string[] } }).approvalBoundaries.mayApprove[0] = 'extreme';
    delete pb.sops[5]!.purpose;
    const r = parsePlaybook(pb);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(
      expect.arrayContaining([
        { path: 'sops[3].approvalBoundaries.mayApprove[0]', message: 'Risk level must be low, medium or high.' },
        { path: 'sops[5].purpose', message: 'Purpose is required.' },
      ]),
    );
  });

  it('reports a duplicate SOP, a scenario without an SOP and a role with too few scenarios', () => {
    const pb = clone();
    pb.sops.push({ ...pb.sops[0]! });
    pb.scenarios.push({
      id: 'orphan',
      role: 'marketer',
      workflow: 'theme_assistant_review',
      situation: 'x',
      answer: 'ask',
      explanation: 'y',
      basis: { kind: 'when_to_ask', index: 0 },
    });
    pb.scenarios = pb.scenarios.filter((s) => s.role !== 'designer' || s.id === 'designer-checkout');
    const r = parsePlaybook(pb);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toContain(`sops[${pb.sops.length - 1}]: Second SOP for read_only_copilot/administrator (the first is sops[0]).`);
    expect(messages.some((m) => m.includes('No SOP for theme_assistant_review/marketer'))).toBe(true);
    expect(messages).toContain('scenarios: Designer has 1 scenario check; at least 10 are needed so a retake can differ from the last attempt.');
    expect(messages).toContain('scenarios: Designer has no scenario check for Read-only Copilot questions; add at least one.');
    expect(messages).toContain('scenarios: Designer has no scenario check for Incident escalation; add at least one.');
  });

  it('refuses files that are not playbooks, or from a newer app', () => {
    for (const [input, message] of [
      [{}, 'This is not a playbook file'],
      [{ ...clone(), formatVersion: 2 }, 'newer app'],
      ['just text', 'expected object'],
    ] as const) {
      const r = parsePlaybook(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.map((p) => p.message).join(' ')).toMatch(new RegExp(message, 'i'));
    }
  });

  it('names a missing SOP cell and a missing cadence', () => {
    const pb = clone();
    pb.sops = pb.sops.filter((s) => !(s.workflow === 'product_copy' && s.role === 'marketer'));
    pb.cadences = pb.cadences.filter((c) => c.kind !== 'first_week');
    const r = parsePlaybook(pb);
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining(['Missing SOP: Product copy for Marketer.', 'Missing the default cadence for first_week reviews.']),
    );
  });
});

describe('SOP diff', () => {
  it('lists changed text and added/removed list items', () => {
    const before = defaultPlaybook().sops[0]!;
    const after = structuredClone(before);
    after.version = 2;
    after.refusalRules = [...after.refusalRules.slice(1), 'Do not ask about other clients’ sites.'];
    after.approvalBoundaries.mayApprove = ['low', 'medium'];
    expect(diffSops(before, after)).toEqual([
      { field: 'approvalBoundaries.mayApprove', kind: 'text', before: 'low, medium, high', after: 'low, medium' },
      { field: 'refusalRules', kind: 'list', added: ['Do not ask about other clients’ sites.'], removed: [before.refusalRules[0]] },
    ]);
    expect(diffSops(before, structuredClone(before))).toEqual([]);
  });
});
