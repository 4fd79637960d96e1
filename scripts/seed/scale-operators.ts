/**
 * Operators of a scale-profile site, onboarded together: added (each joins the site's
 * before-new-users review once the pilot has begun), the review held, then most sign their role's
 * current SOPs and take the scenario check. Rows and history entries as operators.ts and
 * operators-scenarios.ts write them; the draw and the mark come from core.
 */
import { scenarioCheckPassed } from '@core/domain/access-gate';
import { drawScenarios } from '@core/playbook/scenario-draw';
import { OPERATOR_ROLES, ROLE_LABEL, SCENARIO_ANSWERS, SCENARIOS_PER_ATTEMPT, WORKFLOW_LABEL } from '@core/playbook/vocabulary';
import type { ScaleEnv, ScaleSite } from './scale-env';
import { operatorGate, operatorLabel, operatorRecord, writeGateOf, type ScaleOperator } from './scale-records';
import { dueAfter, finishReview, planReview } from './scale-reviews';

function addOperator(
  env: ScaleEnv,
  site: ScaleSite,
  op: Omit<ScaleOperator, 'id' | 'createdAt' | 'signed' | 'lastCheck'>,
  writeGate: ReturnType<typeof writeGateOf>,
): ScaleOperator {
  const at = env.next();
  const added: ScaleOperator = { ...op, id: env.w.id(at), createdAt: at, signed: [], lastCheck: null };
  env.w.insert('operators', { id: added.id, created_at: at, updated_at: at, version: 1, site_id: site.id, person_id: op.person.id, role: op.role });
  const label = operatorLabel(added);
  env.w.change(at, {
    entity: 'operator',
    entityId: added.id,
    siteId: site.id,
    action: 'create',
    summary: `Added ${label} as operator of “${site.name}”`,
    after: operatorRecord(env, site, added, writeGate),
  });
  // Once the pilot has begun, every new operator waits for a before-new-users review (onOperatorAdded).
  if (site.stage !== 'planning' && site.stage !== 'setup')
    planReview(env, site, at, 'before_new_users', `New operator: ${label}`, dueAfter(env, at, 'before_new_users'), added.id);
  env.counts.operators++;
  site.team.push({ person: op.person, role: op.role });
  return added;
}

function signOff(env: ScaleEnv, site: ScaleSite, op: ScaleOperator): void {
  const at = env.next();
  const sops = env.refs.sops.get(op.role)!;
  for (const s of sops)
    env.w.insert('training_signoffs', {
      id: env.w.id(at),
      created_at: at,
      updated_at: at,
      version: 1,
      operator_id: op.id,
      sop_version_id: s.id,
      signed_at: at,
    });
  op.signed = sops.map((s) => ({ workflow: s.workflow, version: s.sop_version, signedAt: at }));
  env.w.change(at, {
    entity: 'operator',
    entityId: op.id,
    siteId: site.id,
    action: 'sign-off',
    summary: `${operatorLabel(op)} signed ${sops.map((s) => `${s.workflow} v${s.sop_version}`).join(', ')}`,
  });
}

/** One attempt: drawn, then answered (most operators know their SOPs; now and then one answer is wrong). */
function scenarioCheck(env: ScaleEnv, site: ScaleSite, op: ScaleOperator): void {
  const { w, rand, pick } = env;
  const pool = env.refs.scenarios.get(op.role)!;
  if (pool.length === 0) return;
  let at = env.next();
  const drawId = env.w.id(at);
  const drawn = drawScenarios(pool, [], rand, SCENARIOS_PER_ATTEMPT, []).map((id) => pool.find((s) => s.id === id)!);
  const drawnAt = at;
  const itemIds = drawn.map(() => env.w.id(drawnAt));
  w.change(at, {
    entity: 'operator',
    entityId: op.id,
    siteId: site.id,
    action: 'scenario-attempt',
    summary: `${op.person.name} (${ROLE_LABEL[op.role]}) started a scenario check of ${drawn.length} situation${drawn.length === 1 ? '' : 's'}`,
  });
  at = env.next();
  const wrong = rand() < 0.15 ? Math.floor(rand() * drawn.length) : -1;
  const marked = drawn.map((s, k) => {
    const given = k === wrong ? pick(SCENARIO_ANSWERS.filter((a) => a !== s.answer)) : s.answer;
    return { s, given, correct: given === s.answer };
  });
  const correct = marked.filter((m) => m.correct).length;
  const passed = scenarioCheckPassed(marked.map((m) => ({ expected: m.s.answer, correct: m.correct })));
  const checkId = env.w.id(at);
  w.insert('scenario_checks', {
    id: checkId,
    created_at: at,
    updated_at: at,
    version: 1,
    operator_id: op.id,
    taken_at: at,
    correct,
    total: marked.length,
    passed: passed ? 1 : 0,
  });
  for (const m of marked)
    w.insert('scenario_check_answers', {
      id: env.w.id(at),
      created_at: at,
      updated_at: at,
      version: 1,
      check_id: checkId,
      scenario_id: m.s.id,
      answer: m.given,
      correct: m.correct ? 1 : 0,
    });
  // The draw is written answered (it names its check), so after the check it refers to; its items after it.
  w.insert('scenario_draws', { id: drawId, created_at: drawnAt, updated_at: at, version: 1, operator_id: op.id, drawn_at: drawnAt, check_id: checkId });
  drawn.forEach((s, position) =>
    w.insert('scenario_draw_items', {
      id: itemIds[position]!,
      created_at: drawnAt,
      updated_at: drawnAt,
      version: 1,
      draw_id: drawId,
      scenario_id: s.id,
      position,
    }),
  );
  op.lastCheck = { takenAt: at, correct, total: marked.length, passed };
  w.change(at, {
    entity: 'operator',
    entityId: op.id,
    siteId: site.id,
    action: 'scenario-check',
    summary: `${operatorLabel(op)} ${passed ? 'passed' : 'did not pass'} the scenario check (${correct}/${marked.length})`,
  });
}

/** Access to every workflow the gate allows, when it allows any; a refused gate leaves the operator waiting, as the app would (grantAccess in operators-access.ts). */
function grant(env: ScaleEnv, site: ScaleSite, op: ScaleOperator, writeGate: ReturnType<typeof writeGateOf>): void {
  const { gate } = operatorGate(env, site, op, writeGate);
  if (!gate.ok || gate.workflows.length === 0) return;
  const at = env.next();
  env.w.update('operators', op.id, { access: 'granted', access_changed_at: at, access_override_reason: null, revoke_reason: null, updated_at: at, version: 2 });
  for (const workflow of gate.workflows)
    env.w.insert('operator_access_workflows', { id: env.w.id(at), created_at: at, updated_at: at, version: 1, operator_id: op.id, workflow });
  env.w.change(at, {
    entity: 'operator',
    entityId: op.id,
    siteId: site.id,
    action: 'grant',
    summary: `Access to ${gate.workflows.map((w) => WORKFLOW_LABEL[w]).join(', ')} granted to ${operatorLabel(op)}`,
    before: { access: 'none', workflows: [] },
    after: { access: 'granted', workflows: gate.workflows, accessOverrideReason: null },
  });
}

/**
 * Teams at this scale are large and onboarded in waves: about half have signed their SOPs and a
 * third have taken the scenario check (the demo seed's few operators are mostly through both).
 */
const SIGN_OFF_SHARE = 0.55;
const CHECKED_SHARE = 0.35;

/** About `mean` operators on the site (fewer when a draw repeats a person in the same role). */
export function seedScaleOperators(env: ScaleEnv, site: ScaleSite, mean: number): void {
  const { rand, pick, agency } = env;
  const count = 1 + Math.floor(rand() * (2 * mean - 1));
  const pool = [...site.client.staff, ...agency];
  const taken = new Set<string>();
  const added: ScaleOperator[] = [];
  // Nothing the gate looks at changes while the team is added.
  const writeGate = writeGateOf(env, site, new Date(env.time.tick).toISOString());
  for (let k = 0; k < count; k++) {
    const person = pick(pool);
    const role = pick(OPERATOR_ROLES);
    if (taken.has(`${person.id}/${role}`)) continue; // one role per person per site
    taken.add(`${person.id}/${role}`);
    added.push(addOperator(env, site, { person, role }, writeGate));
  }
  const open = site.open.get('before_new_users');
  if (open && rand() < 0.9)
    finishReview(env, site, 'before_new_users', 'done', 'Training, access model and SOP sign-off checked before the new operators start');
  for (const op of added) {
    if (rand() < SIGN_OFF_SHARE) signOff(env, site, op);
    if (rand() < CHECKED_SHARE) {
      scenarioCheck(env, site, op);
      if (rand() < 0.8) grant(env, site, op, writeGate);
    }
  }
}
