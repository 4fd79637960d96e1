import { describe, expect, it } from 'vitest';
import { evaluateAccessGate, scenarioCheckPassed } from '../../core/domain/access-gate';

const sops = [
  { workflow: 'read_only_copilot' as const, version: 1, publishedAt: '2026-01-01T00:00:00Z' },
  { workflow: 'product_copy' as const, version: 3, publishedAt: '2026-02-01T00:00:00Z' },
];

describe('access gate', () => {
  it('passes with every current SOP signed and a check passed after the last change', () => {
    const r = evaluateAccessGate({ role: 'marketer', currentSops: sops, signed: [{ workflow: 'read_only_copilot', version: 1 }, { workflow: 'product_copy', version: 3 }], lastPassedCheckAt: '2026-02-02T00:00:00Z' });
    expect(r).toEqual({ ok: true, missing: [], unsignedWorkflows: [], needsRetraining: false });
  });
  it('flags retraining when an older version was signed and the pass predates the change', () => {
    const r = evaluateAccessGate({ role: 'marketer', currentSops: sops, signed: [{ workflow: 'read_only_copilot', version: 1 }, { workflow: 'product_copy', version: 2 }], lastPassedCheckAt: '2026-01-15T00:00:00Z' });
    expect(r.ok).toBe(false);
    expect(r.needsRetraining).toBe(true);
    expect(r.missing).toEqual([
      'Sign the current Marketer SOP for: Product copy (changed since the last sign-off).',
      'Pass the Marketer scenario check again: an SOP changed after the last pass.',
    ]);
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
