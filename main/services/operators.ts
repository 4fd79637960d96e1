/**
 * Operators: the people who use SophMate on a site, each in one role, with their training (SOP
 * sign-offs, scenario checks) and SophMate access judged by the access gate (core/domain/access-gate.ts).
 * Adding, reading and signing off are here; scenario checks in operators-scenarios.ts; granting and
 * revoking access in operators-access.ts; who needs retraining in operators-retraining.ts.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { RoleMapping } from '@core/contract/access';
import type { Operator } from '@core/contract/operators';
import { evaluateAccessGate, operatorStatus, type AccessGateFacts } from '@core/domain/access-gate';
import { evaluateGate } from '@core/domain/readiness';
import { RISK_LEVELS, ROLE_LABEL, WORKFLOWS, type OperatorRole, type Workflow } from '@core/playbook/schema';
import { newId } from '@db/ids';
import { operators, trainingSignoffs } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { accessFacts } from './access';
import { mutate, recordChange } from './change-log';
import { duplicate, notFound, refused } from './errors';
import { currentChecklist } from './playbook-items';
import { currentPause, gatherFacts } from './readiness';
import { requireSite, requireSiteForWrite } from './records';
import { reviewsBlockingOperator } from './reviews';
import { onOperatorAdded } from './reviews-plan';
import { currentSopRows } from './sops';

export interface OperatorRow {
  id: string;
  site_id: string;
  person_id: string;
  person_name: string;
  person_email: string;
  role: OperatorRole;
  access: 'none' | 'granted' | 'revoked';
  access_changed_at: string | null;
  access_override_reason: string | null;
  version: number;
}

const SELECT = sql`SELECT o.id, o.site_id, o.person_id, p.name AS person_name, p.email AS person_email, o.role, o.access,
  o.access_changed_at, o.access_override_reason, o.version
  FROM operators o JOIN people p ON p.id = o.person_id`;

/** What the access gate needs from the site, gathered once for all its operators. */
export function siteGateFacts(
  ctx: HandlerContext,
  siteId: string,
): Omit<AccessGateFacts['site'], 'roleMapping' | 'blockingReviews'> & { roles: RoleMapping[] } {
  const site = requireSite(ctx, siteId);
  const access = accessFacts(ctx, siteId);
  const readiness = gatherFacts(ctx, siteId);
  const pause = currentPause(ctx, siteId);
  return {
    stage: site.stage,
    enabledWorkflows: access.enabledWorkflows,
    roles: access.roles,
    firstRunDone: access.firstRunDone,
    writeGate: evaluateGate('enable_write_workflows', readiness, currentChecklist(ctx)),
    pause: pause ? { workflows: pause.workflows, reason: pause.reason } : null,
  };
}

type SiteFacts = ReturnType<typeof siteGateFacts>;

export function gateFor(ctx: HandlerContext, r: OperatorRow, site: SiteFacts, requested: Workflow[] | null, held: Workflow[] = []) {
  const signed = ctx.db.all<{ workflow: Workflow; version: number; signedAt: string }>(
    sql`SELECT v.workflow, v.sop_version AS version, t.signed_at AS signedAt FROM training_signoffs t
        JOIN sop_versions v ON v.id = t.sop_version_id WHERE t.operator_id = ${r.id} ORDER BY v.workflow, v.sop_version`,
  );
  const lastPassed = ctx.db.get<{ takenAt: string | null }>(
    sql`SELECT max(taken_at) AS takenAt FROM scenario_checks WHERE operator_id = ${r.id} AND passed = 1`,
  );
  const mapping = site.roles.find((m) => m.role === r.role) ?? null;
  const gate = evaluateAccessGate({
    role: r.role,
    currentSops: currentSopRows(ctx, r.role).map((s) => ({
      workflow: s.workflow,
      version: s.sop_version,
      publishedAt: s.created_at,
      mayApprove: RISK_LEVELS.filter((l) => s[`may_approve_${l}`] === 1),
    })),
    signed,
    lastPassedCheckAt: lastPassed?.takenAt ?? null,
    site: {
      ...site,
      roleMapping: mapping ? { wordpressRole: mapping.wordpressRole, maxApproveRisk: mapping.maxApproveRisk } : null,
      blockingReviews: reviewsBlockingOperator(ctx, r.id),
    },
    requested,
    held,
  });
  return { gate, signed, mapping };
}

export function toOperator(ctx: HandlerContext, r: OperatorRow, site: SiteFacts): Operator {
  const { gate, signed, mapping } = gateFor(ctx, r, site, null);
  const last = ctx.db.get<{ takenAt: string; correct: number; total: number; passed: number }>(
    sql`SELECT taken_at AS takenAt, correct, total, passed FROM scenario_checks WHERE operator_id = ${r.id} ORDER BY taken_at DESC, id DESC LIMIT 1`,
  );
  const accessWorkflows = r.access === 'granted' ? accessWorkflowsOf(ctx, r.id) : [];
  const status = operatorStatus(r.access, gate);
  return {
    id: r.id,
    siteId: r.site_id,
    personId: r.person_id,
    personName: r.person_name,
    personEmail: r.person_email,
    role: r.role,
    access: r.access,
    accessChangedAt: r.access_changed_at,
    accessOverrideReason: r.access_override_reason,
    status,
    missing: gate.missing,
    trainingMissing: gate.training,
    accessWorkflows,
    grantableWorkflows: gate.workflows,
    wordpressRole: mapping?.wordpressRole ?? null,
    signedOff: signed,
    lastCheck: last ? { takenAt: last.takenAt, correct: last.correct, total: last.total, passed: last.passed === 1 } : null,
    version: r.version,
  };
}

function accessWorkflowsOf(ctx: HandlerContext, operatorId: string): Workflow[] {
  return ctx.db
    .all<{ workflow: Workflow }>(sql`SELECT workflow FROM operator_access_workflows WHERE operator_id = ${operatorId}`)
    .map((w) => w.workflow)
    .sort((a, b) => WORKFLOWS.indexOf(a) - WORKFLOWS.indexOf(b));
}

/** Training and access change only for an operator who is at work: an active person on a site that is not archived. */
export function assertAtWork(ctx: HandlerContext, row: OperatorRow): void {
  requireSiteForWrite(ctx, row.site_id, "changing its operators' training or access");
  const person = ctx.db.get<{ active: number; archived_at: string | null }>(sql`SELECT active, archived_at FROM people WHERE id = ${row.person_id}`)!;
  if (person.archived_at || person.active !== 1)
    throw refused(`${row.person_name} is not an active person: restore or reactivate them on the People page first.`);
}

export function getRow(ctx: HandlerContext, id: string): OperatorRow {
  const row = ctx.db.get<OperatorRow>(sql`${SELECT} WHERE o.id = ${id} AND o.archived_at IS NULL`);
  if (!row) throw notFound('Operator', id);
  return row;
}

export function getOperator(ctx: HandlerContext, id: string): Operator {
  const row = getRow(ctx, id);
  return toOperator(ctx, row, siteGateFacts(ctx, row.site_id));
}

export function listOperators(ctx: HandlerContext, siteId: string): Operator[] {
  const site = siteGateFacts(ctx, siteId);
  return ctx.db
    .all<OperatorRow>(sql`${SELECT} WHERE o.site_id = ${siteId} AND o.archived_at IS NULL ORDER BY p.name COLLATE NOCASE, o.role`)
    .map((r) => toOperator(ctx, r, site));
}

export function label(op: { personName: string; role: OperatorRole }) {
  return `${op.personName} (${ROLE_LABEL[op.role]})`;
}

export function addOperator(ctx: WriteContext, input: ParsedInputOf<'operators.add'>): Operator {
  const { id } = mutate(ctx, 'operator', (tx, at) => {
    const site = requireSiteForWrite(ctx, input.siteId, 'adding operators');
    const person = ctx.db.get<{ name: string; active: number; archived_at: string | null }>(
      sql`SELECT name, active, archived_at FROM people WHERE id = ${input.personId}`,
    );
    if (!person) throw notFound('Person', input.personId);
    if (person.archived_at || person.active !== 1)
      throw refused(`${person.name} is not an active person: restore or reactivate them on the People page first.`);
    const existing = ctx.db.get<{ id: string }>(
      sql`SELECT id FROM operators WHERE site_id = ${input.siteId} AND person_id = ${input.personId} AND role = ${input.role} AND archived_at IS NULL`,
    );
    if (existing) throw duplicate(`${person.name} is already a ${ROLE_LABEL[input.role]} operator on “${site.name}”.`, 'personId');
    const newOpId = newId();
    tx.insert(operators).values({ id: newOpId, createdAt: at, updatedAt: at, siteId: input.siteId, personId: input.personId, role: input.role }).run();
    const after = getOperator(ctx, newOpId);
    recordChange(tx, ctx, at, {
      entity: 'operator',
      entityId: newOpId,
      siteId: input.siteId,
      action: 'create',
      summary: `Added ${label(after)} as operator of “${site.name}”`,
      after,
    });
    onOperatorAdded(tx, ctx, at, { id: input.siteId, name: site.name, stage: site.stage }, { id: newOpId, label: label(after) });
    return { id: newOpId };
  });
  return getOperator(ctx, id);
}

/** Records that the operator read and acknowledged the current SOP versions of their role. */
export function signOff(ctx: WriteContext, operatorId: string): Operator {
  mutate(ctx, 'operator', (tx, at) => {
    assertAtWork(ctx, getRow(ctx, operatorId));
    const before = getOperator(ctx, operatorId);
    const current = currentSopRows(ctx, before.role);
    const signed = new Set(
      ctx.db.all<{ sop_version_id: string }>(sql`SELECT sop_version_id FROM training_signoffs WHERE operator_id = ${operatorId}`).map((r) => r.sop_version_id),
    );
    const toSign = current.filter((s) => !signed.has(s.id));
    if (toSign.length === 0) throw refused(`${label(before)} has already signed every current SOP of the role.`);
    for (const s of toSign)
      tx.insert(trainingSignoffs).values({ id: newId(), createdAt: at, updatedAt: at, operatorId, sopVersionId: s.id, signedAt: at }).run();
    recordChange(tx, ctx, at, {
      entity: 'operator',
      entityId: operatorId,
      siteId: before.siteId,
      action: 'sign-off',
      summary: `${label(before)} signed ${toSign.map((s) => `${s.workflow} v${s.sop_version}`).join(', ')}`,
    });
    return { id: operatorId };
  });
  return getOperator(ctx, operatorId);
}
