/**
 * `operators.startScenarioCheck`, `operators.submitScenarioCheck`: an operator's scenario check, drawn
 * from their role's pool of situations (core/playbook/scenario-draw.ts) and marked against its key. The
 * right answers are shown only once the check is passed.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import { scenarioCheckPassed } from '@core/domain/access-gate';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { drawScenarios } from '@core/playbook/scenario-draw';
import { ROLE_LABEL, SCENARIOS_PER_ATTEMPT, type ScenarioAnswer, type Workflow } from '@core/playbook/schema';
import { newId } from '@db/ids';
import { scenarioCheckAnswers, scenarioChecks, scenarioDrawItems, scenarioDraws } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { refused } from './errors';
import { assertAtWork, getOperator, getRow, label } from './operators';

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
    const last = ctx.db.get<{ id: string }>(
      sql`SELECT id FROM scenario_draws WHERE operator_id = ${operatorId} AND check_id IS NOT NULL ORDER BY drawn_at DESC, id DESC LIMIT 1`,
    );
    return last
      ? ctx.db.all<{ scenario_id: string }>(sql`SELECT scenario_id FROM scenario_draw_items WHERE draw_id = ${last.id}`).map((r) => r.scenario_id)
      : [];
  },
  /** Every scenario asked since the operator last passed (all attempts when never passed): a retake avoids them all while the pool allows. */
  askedSincePass(ctx: HandlerContext, operatorId: string): string[] {
    return ctx.db
      .all<{ scenario_id: string }>(
        sql`SELECT DISTINCT i.scenario_id FROM scenario_draws d JOIN scenario_draw_items i ON i.draw_id = d.id
        WHERE d.operator_id = ${operatorId} AND d.check_id IS NOT NULL
          AND d.drawn_at >= coalesce((SELECT max(taken_at) FROM scenario_checks WHERE operator_id = ${operatorId} AND passed = 1), '')`,
      )
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
    drawn.forEach((scenarioId, position) =>
      tx.insert(scenarioDrawItems).values({ id: newId(), createdAt: at, updatedAt: at, drawId, scenarioId, position }).run(),
    );
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
  let result:
    | {
        correct: number;
        total: number;
        passed: boolean;
        answers: {
          scenarioId: string;
          situation: string;
          given: ScenarioAnswer;
          correct: boolean;
          expected: ScenarioAnswer | null;
          explanation: string | null;
        }[];
      }
    | undefined;
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
        unanswered.length
          ? `Answer every scenario: ${unanswered.length} of ${questions.length} have no answer.`
          : 'Some answers are for scenarios that are not part of this attempt.',
        { issues: [...unanswered.map((q) => ({ path: `answers.${q.id}`, message: 'Choose ask, approve, reject, escalate or stop.' }))] },
      );
    }
    const marked = questions.map((q) => ({ q, given: input.answers[q.id]!, correct: input.answers[q.id] === q.answer }));
    const correct = marked.filter((a) => a.correct).length;
    const passed = scenarioCheckPassed(marked.map((a) => ({ expected: a.q.answer, correct: a.correct })));
    const checkId = newId();
    tx.insert(scenarioChecks)
      .values({ id: checkId, createdAt: at, updatedAt: at, operatorId: op.id, takenAt: at, correct, total: marked.length, passed })
      .run();
    for (const a of marked) {
      tx.insert(scenarioCheckAnswers)
        .values({ id: newId(), createdAt: at, updatedAt: at, checkId, scenarioId: a.q.id, answer: a.given, correct: a.correct })
        .run();
    }
    tx.update(scenarioDraws)
      .set({ checkId, updatedAt: at })
      .where(sql`id = ${open.id}`)
      .run();
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
      answers: marked.map((a) => ({
        scenarioId: a.q.id,
        situation: a.q.situation,
        given: a.given,
        correct: a.correct,
        expected: passed ? a.q.answer : null,
        explanation: passed ? a.q.explanation : null,
      })),
    };
    return { id: op.id };
  });
  return { ...result!, operator: getOperator(ctx, input.operatorId) };
}
