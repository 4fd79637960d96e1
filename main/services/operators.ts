import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '../../core/contract/index';
import type { RoleMapping } from '../../core/contract/access';
import type { Operator } from '../../core/contract/operators';
import { ACCESS_GATE_LABEL, evaluateAccessGate, operatorStatus, roleWorkflows, scenarioCheckPassed, type AccessGateFacts } from '../../core/domain/access-gate';
import { evaluateGate } from '../../core/domain/readiness';
import { ErrorCode, WorkbenchError } from '../../core/errors';
import { drawScenarios } from '../../core/playbook/scenario-draw';
import { RISK_LEVELS, ROLE_LABEL, SCENARIOS_PER_ATTEMPT, WORKFLOW_LABEL, WORKFLOWS, type OperatorRole, type ScenarioAnswer, type Workflow } from '../../core/playbook/schema';
import { newId } from '../../db/ids';
import { gateOverrides, operatorAccessWorkflows, operators, scenarioCheckAnswers, scenarioChecks, scenarioDrawItems, scenarioDraws, trainingSignoffs } from '../../db/schema/index';
import { accessFacts } from './access';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { duplicate, notFound, refused } from './errors';
import { currentSopRows } from './playbook';
import { currentChecklist } from './playbook-items';
import { currentPause, gatherFacts } from './readiness';
import { onOperatorAdded, reviewsBlockingOperator } from './reviews';
import { staleSignoffs } from './retraining';
import type { RolloutStage } from '../../core/domain/stages';

interface OperatorRow {
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
export function siteGateFacts(ctx: HandlerContext, siteId: string): Omit<AccessGateFacts['site'], 'roleMapping' | 'blockingReviews'> & { roles: RoleMapping[] } {
  const site = ctx.db.get<{ stage: RolloutStage }>(sql`SELECT stage FROM sites WHERE id = ${siteId}`);
  if (!site) throw notFound('Site', siteId);
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

function gateFor(ctx: HandlerContext, r: OperatorRow, site: SiteFacts, requested: Workflow[] | null, held: Workflow[] = []) {
  const signed = ctx.db.all<{ workflow: Workflow; version: number; signedAt: string }>(
    sql`SELECT v.workflow, v.sop_version AS version, t.signed_at AS signedAt FROM training_signoffs t
        JOIN sop_versions v ON v.id = t.sop_version_id WHERE t.operator_id = ${r.id} ORDER BY v.workflow, v.sop_version`,
  );
  const lastPassed = ctx.db.get<{ takenAt: string | null }>(sql`SELECT max(taken_at) AS takenAt FROM scenario_checks WHERE operator_id = ${r.id} AND passed = 1`);
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
    site: { ...site, roleMapping: mapping ? { wordpressRole: mapping.wordpressRole, maxApproveRisk: mapping.maxApproveRisk } : null, blockingReviews: reviewsBlockingOperator(ctx, r.id) },
    requested,
    held,
  });
  return { gate, signed, mapping };
}

function toOperator(ctx: HandlerContext, r: OperatorRow, site: SiteFacts): Operator {
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
function assertAtWork(ctx: HandlerContext, row: OperatorRow): void {
  const site = ctx.db.get<{ name: string; archived_at: string | null }>(sql`SELECT name, archived_at FROM sites WHERE id = ${row.site_id}`)!;
  if (site.archived_at) throw refused(`“${site.name}” is archived: restore it before changing its operators' training or access.`);
  const person = ctx.db.get<{ active: number; archived_at: string | null }>(sql`SELECT active, archived_at FROM people WHERE id = ${row.person_id}`)!;
  if (person.archived_at || person.active !== 1) throw refused(`${row.person_name} is not an active person: restore or reactivate them on the People page first.`);
}

function getRow(ctx: HandlerContext, id: string): OperatorRow {
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

function label(op: { personName: string; role: OperatorRole }) {
  return `${op.personName} (${ROLE_LABEL[op.role]})`;
}

export function addOperator(ctx: WriteContext, input: ParsedInputOf<'operators.add'>): Operator {
  const { id } = mutate(ctx, 'operator', (tx, at) => {
    const site = ctx.db.get<{ name: string; stage: RolloutStage; archived_at: string | null }>(sql`SELECT name, stage, archived_at FROM sites WHERE id = ${input.siteId}`);
    if (!site) throw notFound('Site', input.siteId);
    if (site.archived_at) throw refused(`“${site.name}” is archived: restore it before adding operators.`);
    const person = ctx.db.get<{ name: string; active: number; archived_at: string | null }>(sql`SELECT name, active, archived_at FROM people WHERE id = ${input.personId}`);
    if (!person) throw notFound('Person', input.personId);
    if (person.archived_at || person.active !== 1) throw refused(`${person.name} is not an active person: restore or reactivate them on the People page first.`);
    const existing = ctx.db.get<{ id: string }>(
      sql`SELECT id FROM operators WHERE site_id = ${input.siteId} AND person_id = ${input.personId} AND role = ${input.role} AND archived_at IS NULL`,
    );
    if (existing) throw duplicate(`${person.name} is already a ${ROLE_LABEL[input.role]} operator on “${site.name}”.`, 'personId');
    const newOpId = newId();
    tx.insert(operators).values({ id: newOpId, createdAt: at, updatedAt: at, siteId: input.siteId, personId: input.personId, role: input.role }).run();
    const after = getOperator(ctx, newOpId);
    recordChange(tx, ctx, at, { entity: 'operator', entityId: newOpId, siteId: input.siteId, action: 'create', summary: `Added ${label(after)} as operator of “${site.name}”`, after });
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
    const signed = new Set(ctx.db.all<{ sop_version_id: string }>(sql`SELECT sop_version_id FROM training_signoffs WHERE operator_id = ${operatorId}`).map((r) => r.sop_version_id));
    const toSign = current.filter((s) => !signed.has(s.id));
    if (toSign.length === 0) throw refused(`${label(before)} has already signed every current SOP of the role.`);
    for (const s of toSign) tx.insert(trainingSignoffs).values({ id: newId(), createdAt: at, updatedAt: at, operatorId, sopVersionId: s.id, signedAt: at }).run();
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

const draws = {
  open(ctx: HandlerContext, operatorId: string) {
    return ctx.db.get<{ id: string }>(sql`SELECT id FROM scenario_draws WHERE operator_id = ${operatorId} AND check_id IS NULL`);
  },
  questions(ctx: HandlerContext, drawId: string) {
    return ctx.db.all<{ id: string; workflow: Workflow; situation: string; answer: ScenarioAnswer; explanation: string }>(
      sql`SELECT s.id, s.workflow, s.situation, s.answer, s.explanation FROM scenario_draw_items d JOIN scenarios s ON s.id = d.scenario_id
          WHERE d.draw_id = ${drawId} ORDER BY d.position`,
    );
  },
  /** The scenarios asked in the operator's last answered attempt. */
  lastAsked(ctx: HandlerContext, operatorId: string): string[] {
    const last = ctx.db.get<{ id: string }>(sql`SELECT id FROM scenario_draws WHERE operator_id = ${operatorId} AND check_id IS NOT NULL ORDER BY drawn_at DESC, id DESC LIMIT 1`);
    return last ? ctx.db.all<{ scenario_id: string }>(sql`SELECT scenario_id FROM scenario_draw_items WHERE draw_id = ${last.id}`).map((r) => r.scenario_id) : [];
  },
  /** Every scenario asked since the operator last passed (all attempts when never passed): a retake avoids them all while the pool allows. */
  askedSincePass(ctx: HandlerContext, operatorId: string): string[] {
    return ctx.db
      .all<{ scenario_id: string }>(sql`SELECT DISTINCT i.scenario_id FROM scenario_draws d JOIN scenario_draw_items i ON i.draw_id = d.id
        WHERE d.operator_id = ${operatorId} AND d.check_id IS NOT NULL
          AND d.drawn_at >= coalesce((SELECT max(taken_at) FROM scenario_checks WHERE operator_id = ${operatorId} AND passed = 1), '')`)
      .map((r) => r.scenario_id);
  },
};

/**
 * Starts an attempt at the operator's scenario check: draws situations from the role's pool, covering
 * its workflows and differing from the last attempt. An unanswered attempt is returned as it was drawn,
 * so reloading the page cannot be used to draw easier questions.
 */
export function startScenarioCheck(ctx: WriteContext, operatorId: string) {
  const { id } = mutate(ctx, 'operator', (tx, at) => {
    const op = getRow(ctx, operatorId);
    assertAtWork(ctx, op);
    const open = draws.open(ctx, op.id);
    if (open) return open;
    const pool = ctx.db.all<{ id: string; workflow: Workflow; answer: ScenarioAnswer }>(
      sql`SELECT id, workflow, answer FROM scenarios WHERE role = ${op.role} AND archived_at IS NULL ORDER BY slug`,
    );
    if (pool.length === 0) throw refused(`The playbook has no scenario checks for ${ROLE_LABEL[op.role]}s: import a playbook that has them.`);
    const drawn = drawScenarios(pool, draws.askedSincePass(ctx, op.id), Math.random, SCENARIOS_PER_ATTEMPT, draws.lastAsked(ctx, op.id));
    const drawId = newId();
    tx.insert(scenarioDraws).values({ id: drawId, createdAt: at, updatedAt: at, operatorId: op.id, drawnAt: at }).run();
    drawn.forEach((scenarioId, position) => tx.insert(scenarioDrawItems).values({ id: newId(), createdAt: at, updatedAt: at, drawId, scenarioId, position }).run());
    recordChange(tx, ctx, at, {
      entity: 'operator',
      entityId: op.id,
      siteId: op.site_id,
      action: 'scenario-attempt',
      summary: `${op.person_name} (${ROLE_LABEL[op.role]}) started a scenario check of ${drawn.length} situation${drawn.length === 1 ? '' : 's'}`,
    });
    return { id: drawId };
  });
  return { attemptId: id, questions: draws.questions(ctx, id).map(({ id: qid, workflow, situation }) => ({ id: qid, workflow, situation })) };
}

export function submitScenarioCheck(ctx: WriteContext, input: ParsedInputOf<'operators.submitScenarioCheck'>) {
  let result: { correct: number; total: number; passed: boolean; answers: { scenarioId: string; situation: string; given: ScenarioAnswer; correct: boolean; expected: ScenarioAnswer | null; explanation: string | null }[] } | undefined;
  mutate(ctx, 'operator', (tx, at) => {
    assertAtWork(ctx, getRow(ctx, input.operatorId));
    const op = getOperator(ctx, input.operatorId);
    const open = draws.open(ctx, op.id);
    if (!open || open.id !== input.attemptId) {
      throw new WorkbenchError(ErrorCode.REFUSED, 'This attempt is no longer open (it was answered or replaced): start the scenario check again.', {
        issues: [{ path: 'attemptId', message: 'Start the scenario check again.' }],
      });
    }
    const questions = draws.questions(ctx, open.id);
    const unanswered = questions.filter((q) => !(q.id in input.answers));
    const unknown = Object.keys(input.answers).filter((id) => !questions.some((q) => q.id === id));
    if (unanswered.length || unknown.length) {
      throw new WorkbenchError(
        ErrorCode.INVALID_INPUT,
        unanswered.length ? `Answer every scenario: ${unanswered.length} of ${questions.length} have no answer.` : 'Some answers are for scenarios that are not part of this attempt.',
        { issues: [...unanswered.map((q) => ({ path: `answers.${q.id}`, message: 'Choose ask, approve, reject, escalate or stop.' }))] },
      );
    }
    const marked = questions.map((q) => ({ q, given: input.answers[q.id]!, correct: input.answers[q.id] === q.answer }));
    const correct = marked.filter((a) => a.correct).length;
    const passed = scenarioCheckPassed(marked.map((a) => ({ expected: a.q.answer, correct: a.correct })));
    const checkId = newId();
    tx.insert(scenarioChecks).values({ id: checkId, createdAt: at, updatedAt: at, operatorId: op.id, takenAt: at, correct, total: marked.length, passed }).run();
    for (const a of marked) {
      tx.insert(scenarioCheckAnswers).values({ id: newId(), createdAt: at, updatedAt: at, checkId, scenarioId: a.q.id, answer: a.given, correct: a.correct }).run();
    }
    tx.update(scenarioDraws).set({ checkId, updatedAt: at }).where(sql`id = ${open.id}`).run();
    recordChange(tx, ctx, at, {
      entity: 'operator',
      entityId: op.id,
      siteId: op.siteId,
      action: 'scenario-check',
      summary: `${label(op)} ${passed ? 'passed' : 'did not pass'} the scenario check (${correct}/${marked.length})`,
    });
    // The right answers are shown only once the check is passed: before that they would turn the retake into recall.
    result = {
      correct,
      total: marked.length,
      passed,
      answers: marked.map((a) => ({ scenarioId: a.q.id, situation: a.q.situation, given: a.given, correct: a.correct, expected: passed ? a.q.answer : null, explanation: passed ? a.q.explanation : null })),
    };
    return { id: op.id };
  });
  return { ...result!, operator: getOperator(ctx, input.operatorId) };
}

export function grantAccess(ctx: WriteContext, input: ParsedInputOf<'operators.grantAccess'>): Operator {
  mutate(ctx, 'operator', (tx, at) => {
    const row = getRow(ctx, input.operatorId);
    assertAtWork(ctx, row);
    const before = toOperator(ctx, row, siteGateFacts(ctx, row.site_id));
    const uses = roleWorkflows(row.role);
    const notUsed = (input.workflows ?? []).filter((w) => !uses.includes(w));
    if (notUsed.length) {
      throw new WorkbenchError(ErrorCode.INVALID_INPUT, `${ROLE_LABEL[row.role]}s do not use ${notUsed.map((w) => WORKFLOW_LABEL[w]).join(', ')}.`, {
        issues: [{ path: 'workflows', message: `Choose from: ${uses.map((w) => WORKFLOW_LABEL[w]).join(', ')}.` }],
      });
    }
    // Access already given stays: the gate judges only what a grant would add (its `workflows`).
    const { gate } = gateFor(ctx, row, siteGateFacts(ctx, row.site_id), input.workflows ?? before.grantableWorkflows, before.accessWorkflows);
    const requested = gate.workflows;
    if (requested.length === 0) {
      throw refused(
        before.access === 'granted'
          ? `${label(before)} already has access to ${before.accessWorkflows.map((w) => WORKFLOW_LABEL[w]).join(', ')}.`
          : `Nothing can be granted to ${label(before)} yet: ${before.missing.join(' ')}`,
      );
    }
    if (gate.blocked.length) {
      throw new WorkbenchError(ErrorCode.REFUSED, `Access for ${label(before)} to ${requested.map((w) => WORKFLOW_LABEL[w]).join(', ')} cannot be given, even by override: ${gate.blocked.join(' ')}`, {
        missing: gate.missing,
        blocked: gate.blocked,
      });
    }
    if (!gate.ok && !input.overrideReason) {
      throw new WorkbenchError(ErrorCode.REFUSED, `Access for ${label(before)} to ${requested.map((w) => WORKFLOW_LABEL[w]).join(', ')} is refused until: ${gate.missing.join(' ')}`, {
        missing: gate.missing,
      });
    }
    const override = gate.ok ? null : input.overrideReason;
    const workflows = [...before.accessWorkflows, ...requested].sort((a, b) => WORKFLOWS.indexOf(a) - WORKFLOWS.indexOf(b));
    tx.update(operators)
      .set({ access: 'granted', accessChangedAt: at, accessOverrideReason: override ?? (before.access === 'granted' ? before.accessOverrideReason : null), revokeReason: null, updatedAt: at, version: row.version + 1 })
      .where(sql`id = ${row.id}`)
      .run();
    if (before.access !== 'granted') tx.run(sql`DELETE FROM operator_access_workflows WHERE operator_id = ${row.id}`);
    for (const workflow of requested) tx.insert(operatorAccessWorkflows).values({ id: newId(), createdAt: at, updatedAt: at, operatorId: row.id, workflow }).run();
    const what = requested.map((w) => WORKFLOW_LABEL[w]).join(', ');
    if (override) {
      tx.insert(gateOverrides)
        .values({ id: newId(), createdAt: at, updatedAt: at, siteId: row.site_id, gate: ACCESS_GATE_LABEL, action: `Access for ${label(before)}: ${what}`, reasons: gate.missing.join(' '), overrideReason: override, actor: ctx.actor, at })
        .run();
    }
    recordChange(tx, ctx, at, {
      entity: 'operator',
      entityId: row.id,
      siteId: row.site_id,
      action: override ? 'grant-override' : 'grant',
      summary: override
        ? `Access to ${what} granted to ${label(before)} WITHOUT meeting the gate (${gate.missing.join(' ')}). Reason: ${override}`
        : `Access to ${what} granted to ${label(before)}`,
      before: { access: before.access, workflows: before.accessWorkflows },
      after: { access: 'granted', workflows, accessOverrideReason: override },
    });
    return { id: row.id };
  });
  return getOperator(ctx, input.operatorId);
}

export function revokeAccess(ctx: WriteContext, input: ParsedInputOf<'operators.revokeAccess'>): Operator {
  mutate(ctx, 'operator', (tx, at) => {
    const before = getOperator(ctx, input.operatorId);
    if (before.access !== 'granted') throw refused(`${label(before)} has no access to revoke.`);
    tx.update(operators)
      .set({ access: 'revoked', accessChangedAt: at, revokeReason: input.reason, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${before.id}`)
      .run();
    tx.run(sql`DELETE FROM operator_access_workflows WHERE operator_id = ${before.id}`);
    recordChange(tx, ctx, at, {
      entity: 'operator',
      entityId: before.id,
      siteId: before.siteId,
      action: 'revoke',
      summary: `Access revoked for ${label(before)}: ${input.reason}`,
      before: { access: before.access, workflows: before.accessWorkflows },
      after: { access: 'revoked' },
    });
    return { id: before.id };
  });
  return getOperator(ctx, input.operatorId);
}

export function operatorsNeedingRetraining(ctx: HandlerContext, limit: number) {
  const seen = new Map<string, string>();
  for (const r of staleSignoffs(ctx)) if (!seen.has(r.operatorId)) seen.set(r.operatorId, r.siteName);
  const ids = [...seen];
  return {
    total: ids.length,
    rows: ids.slice(0, limit).map(([id, siteName]) => ({ ...getOperator(ctx, id), siteName })),
  };
}
