/**
 * The access gate decides an operator's status and what a grant would add from its own facts (access
 * held, training), so the service reports the verdict without adjusting it.
 */
import { describe, expect, it } from 'vitest';
import { evaluateAccessGate, operatorStatus, type AccessGateFacts } from '@core/domain/access-gate';

const facts: AccessGateFacts = {
  role: 'marketer',
  currentSops: [
    { workflow: 'read_only_copilot', version: 1, publishedAt: '2026-01-01T00:00:00Z', mayApprove: [] },
    { workflow: 'product_copy', version: 1, publishedAt: '2026-01-01T00:00:00Z', mayApprove: [] },
  ],
  signed: [
    { workflow: 'read_only_copilot', version: 1 },
    { workflow: 'product_copy', version: 1 },
  ],
  lastPassedCheckAt: '2026-01-02T00:00:00Z',
  site: {
    stage: 'pilot',
    enabledWorkflows: ['read_only_copilot', 'product_copy'],
    roleMapping: { wordpressRole: 'Author', maxApproveRisk: 'none' },
    firstRunDone: true,
    writeGate: { ok: true, reasons: [] },
    pause: null,
    blockingReviews: [],
  },
  requested: null,
  held: [],
};

describe('the access gate judges only what a grant would add', () => {
  it('leaves out workflows the operator already has when workflows are asked for', () => {
    const r = evaluateAccessGate({ ...facts, requested: ['product_copy', 'read_only_copilot'], held: ['read_only_copilot'] });
    expect(r.workflows).toEqual(['product_copy']);
    expect(evaluateAccessGate({ ...facts, requested: ['read_only_copilot'], held: ['read_only_copilot'] }).workflows).toEqual([]);
  });

  it('without a request, lists every grantable workflow, held or not (what the operator list shows)', () => {
    expect(evaluateAccessGate({ ...facts, held: ['read_only_copilot'] }).workflows).toEqual(['read_only_copilot', 'product_copy']);
  });
});

describe('operator status from access and the gate', () => {
  const trained = { training: [], needsRetraining: false };
  const untrained = { training: ['Pass the Marketer scenario check.'], needsRetraining: false };
  const stale = { training: ['Sign the current Marketer SOP for: Product copy (changed since the last sign-off).'], needsRetraining: true };
  it.each([
    ['none', untrained, 'not_trained'],
    ['none', trained, 'trained'],
    ['none', stale, 'needs_retraining'],
    ['granted', trained, 'access_granted'],
    ['granted', stale, 'needs_retraining'],
    ['revoked', stale, 'access_revoked'],
    ['revoked', trained, 'access_revoked'],
  ] as const)('%s access with %o is %s', (access, gate, status) => {
    expect(operatorStatus(access, gate)).toBe(status);
  });
});
