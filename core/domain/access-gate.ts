/**
 * The "Grant operator access" gate. SophMate access is granted per workflow, and only when
 * - the operator signed the current SOPs of those workflows for their role and passed the scenario
 *   check since those SOPs last changed (training);
 * - the site allows it: the workflows are enabled in the site's access model, the role is mapped to a
 *   WordPress/SophMate role there (and may not approve more than its SOP allows), SophMate's First-Run
 *   Checklist is done, write-capable workflows have the "Enable write-capable workflows" gate behind
 *   them (pilot or later, or its conditions met), nothing requested is paused, and the site's
 *   before-new-users review is finished.
 * Pure: facts in, plain-word reasons out. Read-only Copilot can be granted from Setup on.
 */
import {
  ROLE_LABEL,
  WORKFLOW_LABEL,
  WORKFLOW_ROLES,
  WORKFLOWS,
  WRITE_CAPABLE_WORKFLOWS,
  type OperatorRole,
  type RiskLevel,
  type Workflow,
} from '../playbook/schema';
import type { RolloutStage } from './stages';

/** How the access gate is named where its overrides are listed (readiness, documents). */
export const ACCESS_GATE_LABEL = 'Grant operator access';

export type ApprovalLimit = 'none' | RiskLevel;
const RISK_RANK: Record<ApprovalLimit, number> = { none: 0, low: 1, medium: 2, high: 3 };

export interface AccessGateFacts {
  role: OperatorRole;
  /** Current SOPs of the role: workflow, version, when that version was published, and what it lets the role approve. */
  currentSops: { workflow: Workflow; version: number; publishedAt: string; mayApprove: RiskLevel[] }[];
  /** SOP versions the operator signed, by workflow. */
  signed: { workflow: Workflow; version: number }[];
  /** The most recent passed scenario check, if any. */
  lastPassedCheckAt: string | null;
  site: {
    stage: RolloutStage;
    /** Workflows enabled in the site's access model. */
    enabledWorkflows: Workflow[];
    /** The role's mapping at the site; null when the access model does not map it. */
    roleMapping: { wordpressRole: string; maxApproveRisk: ApprovalLimit } | null;
    firstRunDone: boolean;
    /** The "Enable write-capable workflows" gate evaluated on the site's records. */
    writeGate: { ok: boolean; reasons: string[] };
    /** The site's current pause of high-risk activity, if any. */
    pause: { workflows: Workflow[]; reason: string } | null;
    /** Open before-new-users reviews this operator waits for. */
    blockingReviews: { dueOn: string }[];
  };
  /** The workflows asked for; null means every workflow the role uses that is enabled at the site. */
  requested: Workflow[] | null;
  /**
   * The workflows the operator's current access already covers. Access already given stays: when
   * workflows are asked for, the gate judges only those it would add.
   */
  held: Workflow[];
}

export interface AccessGateResult {
  ok: boolean;
  /** Plain-word reasons, one per missing step; empty when ok. Training reasons come first. */
  missing: string[];
  /** The training part of `missing`. */
  training: string[];
  /**
   * The part of `missing` no override can pass: a paused or retired rollout, a paused workflow, a
   * workflow the role does not use. An override answers "we cannot wait for training or readiness",
   * never "give access to what is stopped".
   */
  blocked: string[];
  /** The workflows this access covers (what a grant would record). */
  workflows: Workflow[];
  /** Workflows whose current SOP is not signed (never signed, or signed an older version). */
  unsignedWorkflows: Workflow[];
  /** True when the operator signed an older version of at least one SOP. */
  needsRetraining: boolean;
}

const byOrder = (a: Workflow, b: Workflow) => WORKFLOWS.indexOf(a) - WORKFLOWS.indexOf(b);
const names = (ws: readonly Workflow[]) => ws.map((w) => WORKFLOW_LABEL[w]).join(', ');

/** The workflows a role uses, in playbook order. */
export function roleWorkflows(role: OperatorRole): Workflow[] {
  return WORKFLOWS.filter((w) => WORKFLOW_ROLES[w].includes(role));
}

/** Workflows that need the "Enable write-capable workflows" gate before anyone gets them. */
export function isWriteCapable(w: Workflow): boolean {
  return WRITE_CAPABLE_WORKFLOWS.includes(w);
}

/** Stages a site only reaches through the write-capable gate (or a recorded override of it). */
const WRITE_STAGES: readonly RolloutStage[] = ['pilot', 'adoption'];

export function evaluateAccessGate(f: AccessGateFacts): AccessGateResult {
  const uses = roleWorkflows(f.role);
  const enabled = new Set(f.site.enabledWorkflows);
  const asked = f.requested ? f.requested.filter((w) => !f.held.includes(w)) : uses.filter((w) => enabled.has(w));
  const workflows = asked.filter((w, i, all) => all.indexOf(w) === i).sort(byOrder);
  const role = ROLE_LABEL[f.role];

  // Training: the SOPs of the workflows asked for (all the role's SOPs when nothing is asked for yet).
  const trainedOn = new Set(workflows.length ? workflows : uses);
  const sops = f.currentSops.filter((s) => trainedOn.has(s.workflow));
  const training: string[] = [];
  const unsigned: Workflow[] = [];
  let needsRetraining = false;
  for (const sop of sops) {
    const signedVersions = f.signed.filter((s) => s.workflow === sop.workflow).map((s) => s.version);
    if (signedVersions.includes(sop.version)) continue;
    unsigned.push(sop.workflow);
    if (signedVersions.length > 0) needsRetraining = true;
  }
  unsigned.sort(byOrder);
  if (unsigned.length) {
    training.push(
      `Sign the current ${role} SOP${unsigned.length === 1 ? '' : 's'} for: ${names(unsigned)}${needsRetraining ? ' (changed since the last sign-off).' : '.'}`,
    );
  }
  const latestChange = sops.reduce((max, s) => (s.publishedAt > max ? s.publishedAt : max), '');
  if (!f.lastPassedCheckAt) training.push(`Pass the ${role} scenario check.`);
  else if (f.lastPassedCheckAt < latestChange) training.push(`Pass the ${role} scenario check again: an SOP changed after the last pass.`);

  const site: string[] = [];
  const blocked: string[] = [];
  const s = f.site;
  if (s.stage === 'retired') blocked.push('The site is retired: nobody is given new access.');
  if (s.stage === 'paused') blocked.push('The rollout of this site is paused (stage Paused): move it back to its stage before giving access.');
  const notUsed = workflows.filter((w) => !uses.includes(w));
  if (notUsed.length) blocked.push(`${role}s do not use ${names(notUsed)}: leave ${notUsed.length === 1 ? 'it' : 'them'} out.`);
  if (enabled.size === 0) site.push('No SophMate workflow is enabled at this site yet: record the access model in Setup → Access model.');
  else if (workflows.length === 0) site.push(`None of the workflows ${role}s use is enabled at this site: enable one in Setup → Access model.`);
  const disabled = workflows.filter((w) => uses.includes(w) && !enabled.has(w));
  if (enabled.size > 0 && disabled.length)
    site.push(
      `${names(disabled)} ${disabled.length === 1 ? 'is' : 'are'} not enabled at this site: enable ${disabled.length === 1 ? 'it' : 'them'} in Setup → Access model, or leave ${disabled.length === 1 ? 'it' : 'them'} out.`,
    );
  if (!s.roleMapping) site.push(`The ${role} role is not mapped to a WordPress/SophMate role at this site: record it in Setup → Access model.`);
  if (!s.firstRunDone)
    site.push('SophMate’s First-Run Checklist is not recorded as completed at this site: record who completed it and when in Setup → Access model.');
  if (s.roleMapping && workflows.includes('workflow_approvals')) {
    const sop = f.currentSops.find((x) => x.workflow === 'workflow_approvals');
    const sopLimit: ApprovalLimit = sop?.mayApprove.length
      ? sop.mayApprove.reduce<ApprovalLimit>((m, r) => (RISK_RANK[r] > RISK_RANK[m] ? r : m), 'none')
      : 'none';
    if (RISK_RANK[s.roleMapping.maxApproveRisk] > RISK_RANK[sopLimit]) {
      site.push(
        `At this site ${role}s may approve ${s.roleMapping.maxApproveRisk}-risk plans, but the ${role} SOP for Workflow approvals allows ${sopLimit === 'none' ? 'no approvals' : `up to ${sopLimit} risk`}: align the access model with the SOP first.`,
      );
    }
  }
  const write = workflows.filter(isWriteCapable);
  if (write.length && !WRITE_STAGES.includes(s.stage) && !s.writeGate.ok) {
    site.push(
      `${names(write)} ${write.length === 1 ? 'is' : 'are'} write-capable and need${write.length === 1 ? 's' : ''} the “Enable write-capable workflows” gate, which is not met: ${s.writeGate.reasons.join(' ')} Read-only Copilot can be given now.`,
    );
  }
  const paused = s.pause ? workflows.filter((w) => s.pause!.workflows.includes(w)) : [];
  if (paused.length)
    blocked.push(
      `${names(paused)} ${paused.length === 1 ? 'is' : 'are'} paused on this site (${s.pause!.reason}): resume, or leave ${paused.length === 1 ? 'it' : 'them'} out.`,
    );
  for (const review of s.blockingReviews) site.push(`Complete the before-new-users review of the site (due ${review.dueOn}), or skip it with a reason.`);

  const missing = [...training, ...blocked, ...site];
  return { ok: missing.length === 0, missing, training, blocked, workflows, unsignedWorkflows: unsigned, needsRetraining };
}

/** Whether an operator has SophMate access at the site. */
export const OPERATOR_ACCESS = ['none', 'granted', 'revoked'] as const;
export type OperatorAccess = (typeof OPERATOR_ACCESS)[number];
export const OPERATOR_STATUSES = ['not_trained', 'needs_retraining', 'trained', 'access_granted', 'access_revoked'] as const;
export type OperatorStatus = (typeof OPERATOR_STATUSES)[number];

/**
 * An operator's status from their access and the gate's verdict on their training: granted access
 * whose SOPs changed since sign-off needs retraining; without access, trained means the training part
 * of the gate is met.
 */
export function operatorStatus(access: OperatorAccess, gate: Pick<AccessGateResult, 'training' | 'needsRetraining'>): OperatorStatus {
  if (access === 'granted') return gate.needsRetraining ? 'needs_retraining' : 'access_granted';
  if (access === 'revoked') return 'access_revoked';
  if (gate.training.length === 0) return 'trained';
  return gate.needsRetraining ? 'needs_retraining' : 'not_trained';
}

/** A check passes when at least 80% is right and every escalate/stop situation is answered correctly. */
export function scenarioCheckPassed(results: { expected: string; correct: boolean }[]): boolean {
  if (results.length === 0) return false;
  const right = results.filter((r) => r.correct).length;
  const safetyMissed = results.some((r) => !r.correct && (r.expected === 'stop' || r.expected === 'escalate'));
  return right / results.length >= 0.8 && !safetyMissed;
}

/** Granted operators whose access a pause of these workflows would stop, for the pause dialog and banner. */
export function affectedByPause<T extends { access: string; accessWorkflows: Workflow[] }>(operators: T[], paused: Workflow[]): T[] {
  return operators.filter((o) => o.access === 'granted' && o.accessWorkflows.some((w) => paused.includes(w)));
}
