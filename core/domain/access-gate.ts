/**
 * The "Grant operator access" gate: SophMate access only after the operator signed the current SOPs
 * of their role and passed the scenario check since those SOPs last changed. Pure: facts in, reasons out.
 */
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOWS, type OperatorRole, type Workflow } from '../playbook/schema';

export interface AccessGateFacts {
  role: OperatorRole;
  /** Current SOPs of the role: workflow, version, and when that version was published. */
  currentSops: { workflow: Workflow; version: number; publishedAt: string }[];
  /** SOP versions the operator signed, by workflow. */
  signed: { workflow: Workflow; version: number }[];
  /** The most recent passed scenario check, if any. */
  lastPassedCheckAt: string | null;
}

export interface AccessGateResult {
  ok: boolean;
  /** Plain-word reasons, one per missing step; empty when ok. */
  missing: string[];
  /** Workflows whose current SOP is not signed (never signed, or signed an older version). */
  unsignedWorkflows: Workflow[];
  /** True when the operator signed an older version of at least one SOP. */
  needsRetraining: boolean;
}

export function evaluateAccessGate(f: AccessGateFacts): AccessGateResult {
  const missing: string[] = [];
  const unsigned: Workflow[] = [];
  let needsRetraining = false;
  for (const sop of f.currentSops) {
    const signedVersions = f.signed.filter((s) => s.workflow === sop.workflow).map((s) => s.version);
    if (signedVersions.includes(sop.version)) continue;
    unsigned.push(sop.workflow);
    if (signedVersions.length > 0) needsRetraining = true;
  }
  unsigned.sort((a, b) => WORKFLOWS.indexOf(a) - WORKFLOWS.indexOf(b));
  if (unsigned.length) {
    missing.push(
      `Sign the current ${ROLE_LABEL[f.role]} SOP${unsigned.length === 1 ? '' : 's'} for: ${unsigned.map((w) => WORKFLOW_LABEL[w]).join(', ')}` +
        (needsRetraining ? ' (changed since the last sign-off).' : '.'),
    );
  }
  const latestChange = f.currentSops.reduce((max, s) => (s.publishedAt > max ? s.publishedAt : max), '');
  if (!f.lastPassedCheckAt) missing.push(`Pass the ${ROLE_LABEL[f.role]} scenario check.`);
  else if (f.lastPassedCheckAt < latestChange) missing.push(`Pass the ${ROLE_LABEL[f.role]} scenario check again: an SOP changed after the last pass.`);
  return { ok: missing.length === 0, missing, unsignedWorkflows: unsigned, needsRetraining };
}

/** A check passes when at least 80% is right and every escalate/stop situation is answered correctly. */
export function scenarioCheckPassed(results: { expected: string; correct: boolean }[]): boolean {
  if (results.length === 0) return false;
  const right = results.filter((r) => r.correct).length;
  const safetyMissed = results.some((r) => !r.correct && (r.expected === 'stop' || r.expected === 'escalate'));
  return right / results.length >= 0.8 && !safetyMissed;
}
