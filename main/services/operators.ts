import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '../../core/contract/index';
import type { Operator } from '../../core/contract/operators';
import { evaluateAccessGate, scenarioCheckPassed } from '../../core/domain/access-gate';
import { ErrorCode, WorkbenchError } from '../../core/errors';
import { ROLE_LABEL, type OperatorRole, type ScenarioAnswer, type Workflow } from '../../core/playbook/schema';
import { newId } from '../../db/ids';
import { operators, scenarioCheckAnswers, scenarioChecks, trainingSignoffs } from '../../db/schema/index';
import type { HandlerContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { duplicate, notFound, refused } from './errors';
import { currentSopRows } from './playbook';
import { onOperatorAdded, reviewsBlockingOperator } from './reviews';
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

function toOperator(ctx: HandlerContext, r: OperatorRow): Operator {
  const signedOff = ctx.db.all<{ workflow: Workflow; version: number; signedAt: string }>(
    sql`SELECT v.workflow, v.sop_version AS version, t.signed_at AS signedAt FROM training_signoffs t
        JOIN sop_versions v ON v.id = t.sop_version_id WHERE t.operator_id = ${r.id} ORDER BY v.workflow, v.sop_version`,
  );
  const last = ctx.db.get<{ takenAt: string; correct: number; total: number; passed: number }>(
    sql`SELECT taken_at AS takenAt, correct, total, passed FROM scenario_checks WHERE operator_id = ${r.id} ORDER BY taken_at DESC, id DESC LIMIT 1`,
  );
  const lastPassed = ctx.db.get<{ takenAt: string }>(
    sql`SELECT max(taken_at) AS takenAt FROM scenario_checks WHERE operator_id = ${r.id} AND passed = 1`,
  );
  const gate = evaluateAccessGate({
    role: r.role,
    currentSops: currentSopRows(ctx, r.role).map((s) => ({ workflow: s.workflow, version: s.sop_version, publishedAt: s.created_at })),
    signed: signedOff,
    lastPassedCheckAt: lastPassed?.takenAt ?? null,
  });
  // An operator added to a site in adoption waits for the site's before-new-users review.
  for (const review of reviewsBlockingOperator(ctx, r.id)) gate.missing.push(`Complete the before-new-users review of the site (due ${review.dueOn}), or skip it with a reason.`);
  gate.ok = gate.missing.length === 0;
  const status: Operator['status'] =
    r.access === 'granted' ? 'access_granted' : r.access === 'revoked' ? 'access_revoked' : gate.ok ? 'trained' : gate.needsRetraining ? 'needs_retraining' : 'not_trained';
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
    // An operator with access whose SOPs changed still needs retraining: the gate says what.
    status: r.access === 'granted' && gate.needsRetraining ? 'needs_retraining' : status,
    missing: gate.missing,
    signedOff,
    lastCheck: last ? { takenAt: last.takenAt, correct: last.correct, total: last.total, passed: last.passed === 1 } : null,
    version: r.version,
  };
}

function getRow(ctx: HandlerContext, id: string): OperatorRow {
  const row = ctx.db.get<OperatorRow>(sql`${SELECT} WHERE o.id = ${id} AND o.archived_at IS NULL`);
  if (!row) throw notFound('Operator', id);
  return row;
}

export function getOperator(ctx: HandlerContext, id: string): Operator {
  return toOperator(ctx, getRow(ctx, id));
}

export function listOperators(ctx: HandlerContext, siteId: string): Operator[] {
  return ctx.db
    .all<OperatorRow>(sql`${SELECT} WHERE o.site_id = ${siteId} AND o.archived_at IS NULL ORDER BY p.name COLLATE NOCASE, o.role`)
    .map((r) => toOperator(ctx, r));
}

function label(op: { personName: string; role: OperatorRole }) {
  return `${op.personName} (${ROLE_LABEL[op.role]})`;
}

export function addOperator(ctx: HandlerContext, input: ParsedInputOf<'operators.add'>): Operator {
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
export function signOff(ctx: HandlerContext, operatorId: string): Operator {
  mutate(ctx, 'operator', (tx, at) => {
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

export function scenarioQuestions(ctx: HandlerContext, operatorId: string) {
  const op = getRow(ctx, operatorId);
  return ctx.db.all<{ id: string; workflow: Workflow; situation: string }>(
    sql`SELECT id, workflow, situation FROM scenarios WHERE role = ${op.role} AND archived_at IS NULL ORDER BY slug`,
  );
}

export function submitScenarioCheck(ctx: HandlerContext, input: ParsedInputOf<'operators.submitScenarioCheck'>) {
  let result: { correct: number; total: number; passed: boolean; answers: { scenarioId: string; given: ScenarioAnswer; expected: ScenarioAnswer; correct: boolean; explanation: string }[] } | undefined;
  mutate(ctx, 'operator', (tx, at) => {
    const op = getOperator(ctx, input.operatorId);
    const questions = ctx.db.all<{ id: string; answer: ScenarioAnswer; explanation: string }>(
      sql`SELECT id, answer, explanation FROM scenarios WHERE role = ${op.role} AND archived_at IS NULL ORDER BY slug`,
    );
    const unanswered = questions.filter((q) => !(q.id in input.answers));
    const unknown = Object.keys(input.answers).filter((id) => !questions.some((q) => q.id === id));
    if (unanswered.length || unknown.length) {
      throw new WorkbenchError(
        ErrorCode.INVALID_INPUT,
        unanswered.length
          ? `Answer every scenario: ${unanswered.length} of ${questions.length} have no answer.`
          : `Some answers are for scenarios that do not belong to the ${ROLE_LABEL[op.role]} check.`,
        { issues: [...unanswered.map((q) => ({ path: `answers.${q.id}`, message: 'Choose ask, approve, reject, escalate or stop.' }))] },
      );
    }
    const answers = questions.map((q) => ({ scenarioId: q.id, given: input.answers[q.id]!, expected: q.answer, correct: input.answers[q.id] === q.answer, explanation: q.explanation }));
    const correct = answers.filter((a) => a.correct).length;
    const passed = scenarioCheckPassed(answers);
    const checkId = newId();
    tx.insert(scenarioChecks).values({ id: checkId, createdAt: at, updatedAt: at, operatorId: op.id, takenAt: at, correct, total: answers.length, passed }).run();
    for (const a of answers) {
      tx.insert(scenarioCheckAnswers).values({ id: newId(), createdAt: at, updatedAt: at, checkId, scenarioId: a.scenarioId, answer: a.given, correct: a.correct }).run();
    }
    recordChange(tx, ctx, at, {
      entity: 'operator',
      entityId: op.id,
      siteId: op.siteId,
      action: 'scenario-check',
      summary: `${label(op)} ${passed ? 'passed' : 'did not pass'} the scenario check (${correct}/${answers.length})`,
    });
    result = { correct, total: answers.length, passed, answers };
    return { id: op.id };
  });
  return { ...result!, operator: getOperator(ctx, input.operatorId) };
}

export function grantAccess(ctx: HandlerContext, input: ParsedInputOf<'operators.grantAccess'>): Operator {
  mutate(ctx, 'operator', (tx, at) => {
    const before = getOperator(ctx, input.operatorId);
    if (before.access === 'granted') throw refused(`${label(before)} already has access.`);
    if (before.missing.length > 0 && !input.overrideReason) {
      throw new WorkbenchError(ErrorCode.REFUSED, `Access for ${label(before)} is refused until: ${before.missing.join(' ')}`, { missing: before.missing });
    }
    const override = before.missing.length > 0 ? input.overrideReason : null;
    tx.update(operators)
      .set({ access: 'granted', accessChangedAt: at, accessOverrideReason: override, revokeReason: null, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${before.id}`)
      .run();
    recordChange(tx, ctx, at, {
      entity: 'operator',
      entityId: before.id,
      siteId: before.siteId,
      action: override ? 'grant-override' : 'grant',
      summary: override
        ? `Access granted to ${label(before)} WITHOUT meeting the gate (${before.missing.join(' ')}). Reason: ${override}`
        : `Access granted to ${label(before)}`,
      before: { access: before.access },
      after: { access: 'granted', accessOverrideReason: override },
    });
    return { id: before.id };
  });
  return getOperator(ctx, input.operatorId);
}

export function revokeAccess(ctx: HandlerContext, input: ParsedInputOf<'operators.revokeAccess'>): Operator {
  mutate(ctx, 'operator', (tx, at) => {
    const before = getOperator(ctx, input.operatorId);
    if (before.access !== 'granted') throw refused(`${label(before)} has no access to revoke.`);
    tx.update(operators)
      .set({ access: 'revoked', accessChangedAt: at, revokeReason: input.reason, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${before.id}`)
      .run();
    recordChange(tx, ctx, at, {
      entity: 'operator',
      entityId: before.id,
      siteId: before.siteId,
      action: 'revoke',
      summary: `Access revoked for ${label(before)}: ${input.reason}`,
      before: { access: before.access },
      after: { access: 'revoked' },
    });
    return { id: before.id };
  });
  return getOperator(ctx, input.operatorId);
}

export function operatorsNeedingRetraining(ctx: HandlerContext, limit: number) {
  // Candidates: an active operator who signed an older version of a cell whose current version they have not signed.
  const ids = ctx.db.all<{ id: string; site_name: string }>(sql`
    SELECT DISTINCT o.id, s.name AS site_name FROM operators o
    JOIN sites s ON s.id = o.site_id AND s.archived_at IS NULL
    JOIN training_signoffs t ON t.operator_id = o.id
    JOIN sop_versions v ON v.id = t.sop_version_id
    WHERE o.archived_at IS NULL AND o.access <> 'revoked'
      AND NOT EXISTS (SELECT 1 FROM training_signoffs t2 JOIN sop_versions v2 ON v2.id = t2.sop_version_id
        WHERE t2.operator_id = o.id AND v2.workflow = v.workflow AND v2.role = v.role
          AND v2.sop_version = (SELECT max(sop_version) FROM sop_versions w WHERE w.workflow = v.workflow AND w.role = v.role))
    ORDER BY s.name COLLATE NOCASE`);
  return {
    total: ids.length,
    rows: ids.slice(0, limit).map((r) => ({ ...getOperator(ctx, r.id), siteName: r.site_name })),
  };
}
