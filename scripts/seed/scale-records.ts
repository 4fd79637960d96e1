/**
 * The records of a scale-profile site as the services shape them in their answers and history
 * entries: the Site, an owner assignment, an Operator with what its access gate says. The rules come
 * from core (setup record, readiness gate, access gate), so a history entry reads as if the service
 * had written it.
 */
import type { Operator } from '@core/contract/operators';
import type { OwnerAssignment } from '@core/contract/owners';
import type { Site } from '@core/contract/sites';
import { evaluateAccessGate, operatorStatus } from '@core/domain/access-gate';
import { evaluateGate, type ReadinessFacts } from '@core/domain/readiness';
import { RESPONSIBILITIES, type Responsibility } from '@core/domain/responsibilities';
import { missingSetupFields } from '@core/domain/setup-record';
import { RISK_LEVELS, ROLE_LABEL, type OperatorRole } from '@core/playbook/vocabulary';
import type { OwnerState, ScaleEnv, ScalePerson, ScaleSite } from './scale-env';

export function siteRecord(site: ScaleSite): Site {
  let unverified = 0;
  for (const a of site.owners.values()) if (!a.verifiedAt) unverified++;
  return {
    id: site.id,
    clientId: site.client.id,
    clientName: site.client.name,
    name: site.name,
    productionUrl: site.productionUrl,
    stagingUrl: site.stagingUrl,
    sophmateVersion: site.sophmateVersion,
    wordpressVersion: site.wordpressVersion,
    phpVersion: site.phpVersion,
    woocommerceVersion: site.woocommerceVersion,
    activeTheme: site.activeTheme,
    host: site.host,
    aiProvider: site.aiProvider,
    stage: site.stage,
    notes: site.notes,
    missingSetup: missingSetupFields({ ...site, hasSetupOwner: site.owners.has('setup') }),
    ownerGaps: RESPONSIBILITIES.length - site.owners.size,
    unverifiedOwners: unverified,
    paused: false,
    archivedAt: site.archivedAt,
    createdAt: site.createdAt,
    updatedAt: site.updatedAt,
    version: site.version,
  };
}

export function assignmentRecord(site: ScaleSite, responsibility: Responsibility, a: OwnerState): OwnerAssignment {
  return {
    id: a.id,
    siteId: site.id,
    responsibility,
    ownerId: a.owner.id,
    ownerName: a.owner.name,
    ownerEmail: a.owner.email,
    ownerActive: true,
    backupOwnerId: a.backup?.id ?? null,
    backupOwnerName: a.backup?.name ?? null,
    verifiedAt: a.verifiedAt,
    verifiedById: a.verifiedBy?.id ?? null,
    verifiedByName: a.verifiedBy?.name ?? null,
    note: null,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    version: a.version,
  };
}

/** The readiness facts of the site as it stands (gatherFacts in main/services/readiness.ts). */
export function readinessFacts(env: ScaleEnv, site: ScaleSite, at: string): ReadinessFacts {
  const owners = Object.fromEntries(
    RESPONSIBILITIES.map((r) => {
      const a = site.owners.get(r);
      return [r, { assigned: a !== undefined, ownerName: a?.owner.name ?? null, ownerActive: a !== undefined, verifiedAt: a?.verifiedAt ?? null }];
    }),
  ) as ReadinessFacts['owners'];
  return {
    now: at,
    maxVerificationAgeDays: env.refs.maxVerificationAgeDays,
    missingSetup: siteRecord(site).missingSetup,
    owners,
    sopsComplete: env.refs.sopsComplete,
    manual: site.manual,
    firstWeek: site.firstWeek,
    rollbackDoc: {
      finalAt: null,
      changedAt: site.rollbackChangedAt,
      ...site.backups,
      maxBackupAgeDays: env.refs.maxBackupAgeDays,
      maxRehearsalAgeDays: env.refs.maxRehearsalAgeDays,
    },
  };
}

export interface ScaleOperator {
  id: string;
  person: ScalePerson;
  role: OperatorRole;
  createdAt: string;
  signed: { workflow: Operator['signedOff'][number]['workflow']; version: number; signedAt: string }[];
  lastCheck: Operator['lastCheck'];
}

/** The "Enable write-capable workflows" gate on the site as it stands, which the access gate consults. */
export function writeGateOf(env: ScaleEnv, site: ScaleSite, at: string) {
  return evaluateGate('enable_write_workflows', readinessFacts(env, site, at), env.refs.checklist);
}

/** What the access gate says of the operator now, asking for every workflow the role uses that the site enables (gateFor in main/services/operators.ts). */
export function operatorGate(env: ScaleEnv, site: ScaleSite, op: ScaleOperator, writeGate: { ok: boolean; reasons: string[] }) {
  const sops = env.refs.sops.get(op.role)!;
  const blockingReviews = [...site.open.values()].filter((r) => r.kind === 'before_new_users' && r.operators.includes(op.id)).map((r) => ({ dueOn: r.dueOn }));
  const mapping = site.access?.roles.find((m) => m.role === op.role) ?? null;
  const gate = evaluateAccessGate({
    role: op.role,
    currentSops: sops.map((s) => ({
      workflow: s.workflow,
      version: s.sop_version,
      publishedAt: s.created_at,
      mayApprove: RISK_LEVELS.filter((l) => s[`may_approve_${l}`] === 1),
    })),
    signed: op.signed,
    lastPassedCheckAt: op.lastCheck?.passed ? op.lastCheck.takenAt : null,
    site: {
      stage: site.stage,
      enabledWorkflows: site.access?.enabled ?? [],
      roleMapping: mapping ? { wordpressRole: mapping.wordpressRole, maxApproveRisk: mapping.maxApproveRisk } : null,
      firstRunDone: site.access?.firstRunDone ?? false,
      writeGate,
      pause: null,
      blockingReviews,
    },
    requested: null,
    held: [],
  });
  return { gate, mapping };
}

/** The operator as `operators.*` answers it before any access is granted: status and missing steps from the access gate (toOperator in main/services/operators.ts). */
export function operatorRecord(env: ScaleEnv, site: ScaleSite, op: ScaleOperator, writeGate: { ok: boolean; reasons: string[] }): Operator {
  const { gate, mapping } = operatorGate(env, site, op, writeGate);
  return {
    id: op.id,
    siteId: site.id,
    personId: op.person.id,
    personName: op.person.name,
    personEmail: op.person.email,
    role: op.role,
    access: 'none',
    accessChangedAt: null,
    accessOverrideReason: null,
    status: operatorStatus('none', gate),
    missing: gate.missing,
    trainingMissing: gate.training,
    accessWorkflows: [],
    grantableWorkflows: gate.workflows,
    wordpressRole: mapping?.wordpressRole ?? null,
    signedOff: op.signed,
    lastCheck: op.lastCheck,
    version: 1,
  };
}

export const operatorLabel = (op: { person: ScalePerson; role: OperatorRole }) => `${op.person.name} (${ROLE_LABEL[op.role]})`;
