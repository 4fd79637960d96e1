import { describe, expect, it } from 'vitest';
import { affectedByPause, evaluateAccessGate, scenarioCheckPassed, type AccessGateFacts } from '@core/domain/access-gate';

const sops: AccessGateFacts['currentSops'] = [
  { workflow: 'read_only_copilot', version: 1, publishedAt: '2026-01-01T00:00:00Z', mayApprove: [] },
  { workflow: 'product_copy', version: 3, publishedAt: '2026-02-01T00:00:00Z', mayApprove: [] },
  { workflow: 'incident_escalation', version: 1, publishedAt: '2026-01-01T00:00:00Z', mayApprove: [] },
];
const signedAll = [
  { workflow: 'read_only_copilot' as const, version: 1 },
  { workflow: 'product_copy' as const, version: 3 },
  { workflow: 'incident_escalation' as const, version: 1 },
];

function facts(over: Partial<AccessGateFacts> = {}, site: Partial<AccessGateFacts['site']> = {}): AccessGateFacts {
  return {
    role: 'marketer',
    currentSops: sops,
    signed: signedAll,
    lastPassedCheckAt: '2026-02-02T00:00:00Z',
    site: {
      stage: 'pilot',
      enabledWorkflows: ['read_only_copilot', 'product_copy', 'incident_escalation'],
      roleMapping: { wordpressRole: 'Author', maxApproveRisk: 'none' },
      firstRunDone: true,
      writeGate: { ok: false, reasons: ['No final rollback plan has been exported.'] },
      pause: null,
      blockingReviews: [],
      ...site,
    },
    requested: null,
    held: [],
    ...over,
  };
}

describe('access gate: training', () => {
  it('passes with every current SOP signed and a check passed after the last change', () => {
    const r = evaluateAccessGate(facts());
    expect(r).toEqual({
      ok: true,
      missing: [],
      training: [],
      blocked: [],
      workflows: ['read_only_copilot', 'product_copy', 'incident_escalation'],
      unsignedWorkflows: [],
      needsRetraining: false,
    });
  });
  it('flags retraining when an older version was signed and the pass predates the change', () => {
    const r = evaluateAccessGate(
      facts({ signed: [signedAll[0]!, { workflow: 'product_copy', version: 2 }, signedAll[2]!], lastPassedCheckAt: '2026-01-15T00:00:00Z' }),
    );
    expect(r.ok).toBe(false);
    expect(r.needsRetraining).toBe(true);
    expect(r.missing).toEqual([
      'Sign the current Marketer SOP for: Product copy (changed since the last sign-off).',
      'Pass the Marketer scenario check again: an SOP changed after the last pass.',
    ]);
  });
  it('judges training on the workflows asked for: read-only access does not wait for a changed product-copy SOP', () => {
    const r = evaluateAccessGate(facts({ signed: [signedAll[0]!], lastPassedCheckAt: '2026-01-15T00:00:00Z', requested: ['read_only_copilot'] }));
    expect(r).toMatchObject({ ok: true, workflows: ['read_only_copilot'] });
  });
});

describe('access gate: the site', () => {
  it('write-capable workflows wait for the write-capable gate before the pilot; read-only Copilot does not', () => {
    const setup = { stage: 'setup' as const };
    const all = evaluateAccessGate(facts({}, setup));
    expect(all.ok).toBe(false);
    expect(all.missing).toEqual([
      'Product copy is write-capable and needs the “Enable write-capable workflows” gate, which is not met: No final rollback plan has been exported. Read-only Copilot can be given now.',
    ]);
    expect(evaluateAccessGate(facts({ requested: ['read_only_copilot'] }, setup)).ok).toBe(true);
    expect(evaluateAccessGate(facts({}, { ...setup, writeGate: { ok: true, reasons: [] } })).ok).toBe(true);
  });
  it('nothing paused, nothing disabled, the role mapped, the First-Run Checklist done, the site active', () => {
    const r = evaluateAccessGate(
      facts(
        { requested: ['read_only_copilot', 'product_copy'] },
        {
          enabledWorkflows: ['read_only_copilot'],
          roleMapping: null,
          firstRunDone: false,
          pause: { workflows: ['read_only_copilot'], reason: 'wrong answers' },
          stage: 'paused',
        },
      ),
    );
    // What no override can pass comes first and is also listed on its own.
    expect(r.blocked).toEqual([
      'The rollout of this site is paused (stage Paused): move it back to its stage before giving access.',
      'Read-only Copilot questions is paused on this site (wrong answers): resume, or leave it out.',
    ]);
    expect(r.missing).toEqual([
      ...r.blocked,
      'Product copy is not enabled at this site: enable it in Setup → Access model, or leave it out.',
      'The Marketer role is not mapped to a WordPress/SophMate role at this site: record it in Setup → Access model.',
      'SophMate’s First-Run Checklist is not recorded as completed at this site: record who completed it and when in Setup → Access model.',
      'Product copy is write-capable and needs the “Enable write-capable workflows” gate, which is not met: No final rollback plan has been exported. Read-only Copilot can be given now.',
    ]);
  });
  it('a role may not approve more at the site than its SOP allows', () => {
    const editorSops: AccessGateFacts['currentSops'] = [
      { workflow: 'workflow_approvals', version: 1, publishedAt: '2026-01-01T00:00:00Z', mayApprove: ['low'] },
    ];
    const f = facts(
      { role: 'editor', currentSops: editorSops, signed: [{ workflow: 'workflow_approvals', version: 1 }], requested: ['workflow_approvals'] },
      { enabledWorkflows: ['workflow_approvals'], roleMapping: { wordpressRole: 'Editor', maxApproveRisk: 'medium' } },
    );
    expect(evaluateAccessGate(f).missing).toEqual([
      'At this site Editors may approve medium-risk plans, but the Editor SOP for Workflow approvals allows up to low risk: align the access model with the SOP first.',
    ]);
    expect(evaluateAccessGate({ ...f, site: { ...f.site, roleMapping: { wordpressRole: 'Editor', maxApproveRisk: 'low' } } }).ok).toBe(true);
  });
  it('a pause affects the granted operators whose access covers a paused workflow', () => {
    const ops = [
      { name: 'a', access: 'granted', accessWorkflows: ['read_only_copilot' as const] },
      { name: 'b', access: 'granted', accessWorkflows: ['product_copy' as const] },
      { name: 'c', access: 'none', accessWorkflows: [] },
    ];
    expect(affectedByPause(ops, ['product_copy', 'workflow_approvals']).map((o) => o.name)).toEqual(['b']);
  });
});

describe('scenario check pass rule', () => {
  const r = (expected: string, correct: boolean) => ({ expected, correct });
  it('needs 80% and every escalate/stop right', () => {
    expect(scenarioCheckPassed([r('ask', true), r('approve', true), r('reject', true), r('stop', true), r('ask', false)])).toBe(true);
    expect(scenarioCheckPassed([r('ask', true), r('approve', true), r('reject', true), r('ask', true), r('stop', false)])).toBe(false);
    expect(scenarioCheckPassed([r('ask', true), r('approve', false), r('reject', false), r('ask', true), r('stop', true)])).toBe(false);
    expect(scenarioCheckPassed([])).toBe(false);
  });
});
