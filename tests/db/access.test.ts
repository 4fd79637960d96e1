import { describe, expect, it } from 'vitest';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { firstWeekAreas } from '../factories/index';
import { exportFinalRollbackPlan, fullSite, openTestWorkspace, recordAccessModel, takeCheck, type TestWorkspace } from './helpers';

const DAY = 86_400_000;

/** A client, a site in Planning with a complete setup record, an owner (Ann) and a verifier (Bo). */
async function planningSite(ws: TestWorkspace) {
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const site = await ws.call('sites.create', { clientId: client.id, ...fullSite });
  const ann = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  const bo = await ws.call('people.create', { name: 'Bo Chen', email: 'bo@agency.test', organisation: 'agency' });
  const sam = await ws.call('people.create', { name: 'Sam Support', email: 'sam@northwind.test', organisation: 'client', clientId: client.id });
  return { site, ann, bo, sam };
}

/** Every owner assigned to Ann and verified by Bo, the manual items done, the final rollback plan exported. */
async function readyForPilot(ws: TestWorkspace, siteId: string, ann: string, bo: string) {
  for (const r of RESPONSIBILITIES) {
    await ws.call('owners.assign', { siteId, responsibility: r, ownerId: ann });
    await ws.call('owners.verify', { siteId, responsibility: r, verifiedById: bo });
  }
  for (const itemId of ['reach-diagnostics', 'pause-high-risk']) {
    await ws.call('readiness.setItem', { siteId, kind: 'checklist', itemId, status: 'done', evidence: 'Checked with the team on the setup call' });
  }
  await exportFinalRollbackPlan(ws, siteId);
}

async function trainedOperator(ws: TestWorkspace, siteId: string, personId: string) {
  const op = await ws.factories.buildOperator({ siteId, personId, role: 'support_agent', trained: true });
  return (await ws.call('operators.list', { siteId })).find((o) => o.id === op.id)!;
}

describe('access follows the gates and the site’s access model', () => {
  it('on a Planning site refuses write-capable access with every reason, and grants read-only Copilot', async () => {
    const ws = openTestWorkspace();
    const { site, ann, sam } = await planningSite(ws);
    const noModel = await trainedOperator(ws, site.id, sam.id);
    expect(noModel.missing).toContain('No SophMate workflow is enabled at this site yet: record the access model in Setup → Access model.');

    await recordAccessModel(ws, site.id, ['read_only_copilot', 'support_drafts', 'incident_escalation'], ann.id);
    const op = (await ws.call('operators.list', { siteId: site.id }))[0]!;
    expect(op.status).toBe('trained');
    expect(op.grantableWorkflows).toEqual(['read_only_copilot', 'support_drafts', 'incident_escalation']);
    const before = ws.count('change_log');
    const err = await ws.fail('operators.grantAccess', { operatorId: op.id });
    expect(err.code).toBe('REFUSED');
    expect(err.message).toContain('Support drafts is write-capable and needs the “Enable write-capable workflows” gate, which is not met:');
    expect(err.message).toContain('No final rollback plan has been exported');
    expect(err.message).toContain('No Rollback & restore owner is assigned.');
    expect(ws.count('change_log')).toBe(before);

    const granted = await ws.call('operators.grantAccess', { operatorId: op.id, workflows: ['read_only_copilot'] });
    expect(granted).toMatchObject({ access: 'granted', accessWorkflows: ['read_only_copilot'], accessOverrideReason: null });
    // A role may only be given the workflows it uses.
    const notUsed = await ws.fail('operators.grantAccess', { operatorId: op.id, workflows: ['product_copy'] });
    expect(notUsed).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'workflows' }] } });
  });

  it('needs the role mapped and the First-Run Checklist recorded; refuses the paused stage and paused workflows', async () => {
    const ws = openTestWorkspace();
    const { site, ann, sam } = await planningSite(ws);
    await ws.call('access.update', {
      siteId: site.id,
      version: 0,
      enabledWorkflows: ['read_only_copilot', 'incident_escalation'],
      roles: [],
      providerTier: null,
      bulkApprovalRisk: null,
      firstRunCompletedOn: null,
      firstRunCompletedById: null,
    });
    const op = await trainedOperator(ws, site.id, sam.id);
    expect(op.missing).toEqual([
      'The Support agent role is not mapped to a WordPress/SophMate role at this site: record it in Setup → Access model.',
      'SophMate’s First-Run Checklist is not recorded as completed at this site: record who completed it and when in Setup → Access model.',
    ]);
    await recordAccessModel(ws, site.id, ['read_only_copilot', 'incident_escalation'], ann.id, 1);
    await ws.call('pauses.pause', { siteId: site.id, reason: 'Copilot quoted a wrong refund policy', workflows: ['read_only_copilot'] });
    const paused = await ws.fail('operators.grantAccess', { operatorId: op.id });
    expect(paused.message).toContain('Read-only Copilot questions is paused on this site (Copilot quoted a wrong refund policy): resume, or leave it out.');
    // What the pause does not cover can still be given.
    expect((await ws.call('operators.grantAccess', { operatorId: op.id, workflows: ['incident_escalation'] })).accessWorkflows).toEqual([
      'incident_escalation',
    ]);
    await ws.call('pauses.resume', { siteId: site.id, note: 'Policy page corrected and rechecked' });
    const fresh = await ws.call('sites.get', { id: site.id });
    await ws.call('sites.changeStage', { siteId: site.id, version: fresh.version, to: 'paused' });
    const stagePaused = await ws.fail('operators.grantAccess', { operatorId: op.id, workflows: ['read_only_copilot'] });
    expect(stagePaused.message).toContain('The rollout of this site is paused (stage Paused)');
  });

  it('refuses approval limits above the role’s SOP, and logs every access model change', async () => {
    const ws = openTestWorkspace();
    const { site, ann, sam } = await planningSite(ws);
    const model = await recordAccessModel(ws, site.id, ['read_only_copilot', 'workflow_approvals', 'incident_escalation'], ann.id);
    const bad = await ws.fail('access.update', {
      ...model,
      roles: [
        ...model.roles.filter((r) => r.role !== 'marketer'),
        { role: 'marketer', wordpressRole: 'Author', maxApproveRisk: 'low' },
        { role: 'marketer', wordpressRole: 'Author', maxApproveRisk: 'none' },
      ],
      bulkApprovalRisk: 'low',
      enabledWorkflows: ['read_only_copilot'],
      firstRunCompletedById: null,
    });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.details?.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(['roles.7.maxApproveRisk', 'roles.8.role', 'bulkApprovalRisk', 'firstRunCompletedById']),
    );
    const future = await ws.fail('access.update', { ...model, firstRunCompletedOn: '2026-03-05' });
    expect(future).toMatchObject({ code: 'REFUSED', details: { issues: [{ path: 'firstRunCompletedOn' }] } });
    const stale = await ws.fail('access.update', { ...model, version: 0 });
    expect(stale.code).toBe('STALE_VERSION');

    // Editors may approve low risk by their SOP; a site that let them approve high risk would be out of step with their training.
    const above = await ws.fail('access.update', {
      ...model,
      roles: model.roles.map((r) => (r.role === 'editor' ? { ...r, maxApproveRisk: 'high' as const } : r)),
    });
    expect(above).toMatchObject({ code: 'REFUSED', details: { issues: [{ path: 'roles.1.maxApproveRisk' }] } });
    expect(above.message).toContain('Editors may approve up to low risk by their Workflow approvals SOP');
    await ws.call('access.update', {
      ...model,
      roles: model.roles.map((r) => (r.role === 'editor' ? { ...r, wordpressRole: 'Editor (content)', maxApproveRisk: 'none' as const } : r)),
    });
    await ws.call('operators.add', { siteId: site.id, personId: sam.id, role: 'editor' });
    const history = await ws.call('history.list', { siteId: site.id });
    expect(history.rows.find((h) => h.action === 'access-model')!.summary).toContain(
      'Editor → Editor (content) (approves nothing; was editor + SophMate, approves up to low risk)',
    );
  });

  it('enabling a write-capable workflow outdates the final rollback plan', async () => {
    const ws = openTestWorkspace();
    const { site, ann, bo } = await planningSite(ws);
    await readyForPilot(ws, site.id, ann.id, bo.id);
    const item = async () => (await ws.call('readiness.get', { siteId: site.id })).checklist.find((c) => c.id === 'rollback-documented')!;
    expect((await item()).status).toBe('done');
    ws.clock.advance(60_000);
    const m = await recordAccessModel(ws, site.id, ['read_only_copilot'], ann.id);
    expect((await item()).status).toBe('done');
    ws.clock.advance(60_000);
    await ws.call('access.update', { ...m, enabledWorkflows: ['read_only_copilot', 'product_copy'] });
    const after = await item();
    expect(after.status).toBe('open');
    expect(after.why).toContain('export it again');
  });
});

describe('what no override can pass', () => {
  it('a paused workflow, a paused or retired rollout, an archived site or person refuse access even with a written reason', async () => {
    const ws = openTestWorkspace();
    const { site, ann, sam } = await planningSite(ws);
    await recordAccessModel(ws, site.id, ['read_only_copilot', 'incident_escalation'], ann.id);
    const op = await trainedOperator(ws, site.id, sam.id);
    const reason = 'The client needs this today; pause lifted tomorrow';
    await ws.call('pauses.pause', { siteId: site.id, reason: 'Copilot quoted a wrong refund policy', workflows: ['read_only_copilot'] });
    const paused = await ws.fail('operators.grantAccess', { operatorId: op.id, workflows: ['read_only_copilot'], overrideReason: reason });
    expect(paused.message).toContain('cannot be given, even by override');
    await ws.call('pauses.resume', { siteId: site.id, note: 'Policy page corrected and rechecked' });
    await ws.call('sites.changeStage', { siteId: site.id, version: (await ws.call('sites.get', { id: site.id })).version, to: 'retired' });
    expect((await ws.fail('operators.grantAccess', { operatorId: op.id, overrideReason: reason })).message).toContain('The site is retired');
    await ws.call('sites.changeStage', { siteId: site.id, version: (await ws.call('sites.get', { id: site.id })).version, to: 'planning' });
    await ws.call('people.archive', { id: sam.id });
    expect((await ws.fail('operators.grantAccess', { operatorId: op.id, overrideReason: reason })).message).toContain('Sam Support is not an active person');
    await ws.call('people.restore', { id: sam.id });
    await ws.call('sites.archive', { id: site.id });
    expect((await ws.fail('operators.grantAccess', { operatorId: op.id, overrideReason: reason })).message).toContain('is archived');
    expect((await ws.fail('operators.startScenarioCheck', { operatorId: op.id })).message).toContain('is archived');
    expect(ws.count('gate_overrides')).toBe(0);
  });

  it('a reason of invisible characters is no reason; evidence likewise', async () => {
    const ws = openTestWorkspace();
    const { site, sam } = await planningSite(ws);
    const op = await ws.call('operators.add', { siteId: site.id, personId: sam.id, role: 'support_agent' });
    const blank = await ws.fail('operators.grantAccess', { operatorId: op.id, overrideReason: '\u200B'.repeat(25) });
    expect(blank.code).toBe('REFUSED');
    expect(ws.count('gate_overrides')).toBe(0);
    const padded = await ws.fail('operators.grantAccess', { operatorId: op.id, overrideReason: `urgent${'\u200B'.repeat(20)}` });
    expect(padded).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'overrideReason' }] } });
    const evidence = await ws.fail('readiness.setItem', {
      siteId: site.id,
      kind: 'checklist',
      itemId: 'reach-diagnostics',
      status: 'done',
      evidence: '\u200B\u2060 ',
    });
    expect(evidence.details?.issues).toEqual([
      { path: 'evidence', message: 'Say what shows it is done (a link, a screenshot name, who confirmed it and when).' },
    ]);
  });

  it('disabling a workflow ends the access that covered it', async () => {
    const ws = openTestWorkspace();
    const { site, ann, sam } = await planningSite(ws);
    const m = await recordAccessModel(ws, site.id, ['read_only_copilot', 'incident_escalation'], ann.id);
    const op = await trainedOperator(ws, site.id, sam.id);
    await ws.call('operators.grantAccess', { operatorId: op.id });
    await ws.call('access.update', { ...m, enabledWorkflows: ['incident_escalation'] });
    let after = (await ws.call('operators.list', { siteId: site.id }))[0]!;
    expect(after).toMatchObject({ access: 'granted', accessWorkflows: ['incident_escalation'] });
    await ws.call('access.update', { ...m, version: m.version + 1, enabledWorkflows: [] });
    after = (await ws.call('operators.list', { siteId: site.id }))[0]!;
    expect(after).toMatchObject({ access: 'revoked', accessWorkflows: [] });
    const history = await ws.call('history.list', { siteId: site.id });
    expect(history.rows.some((h) => h.summary === 'Sam Support (Support agent) lost access: Incident escalation disabled at the site')).toBe(true);
  });
});

describe('gates as the guidance says', () => {
  it('pilot needs a complete setup record and a verified support-routing owner', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, name: 'Northwind Blog', productionUrl: 'https://blog.northwind.test' });
    const ann = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
    const bo = await ws.call('people.create', { name: 'Bo Chen', email: 'bo@agency.test', organisation: 'agency' });
    for (const r of RESPONSIBILITIES) {
      await ws.call('owners.assign', { siteId: site.id, responsibility: r, ownerId: ann.id });
      if (r !== 'support_routing') await ws.call('owners.verify', { siteId: site.id, responsibility: r, verifiedById: bo.id });
    }
    const err = await ws.fail('sites.changeStage', { siteId: site.id, version: (await ws.call('sites.get', { id: site.id })).version, to: 'pilot' });
    expect(err.code).toBe('GATE_BLOCKED');
    expect(err.details?.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Enable write-capable workflows: The setup record is incomplete \(missing: Staging URL/),
        'Enable write-capable workflows: No support path is known to work: The Support routing owner (Ann Lee) is not verified.',
      ]),
    );
  });

  it('an owner cannot verify themselves; Done needs evidence; nothing is written', async () => {
    const ws = openTestWorkspace();
    const { site, ann } = await planningSite(ws);
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'backups', ownerId: ann.id });
    const before = ws.count('change_log');
    const self = await ws.fail('owners.verify', { siteId: site.id, responsibility: 'backups', verifiedById: ann.id });
    expect(self).toMatchObject({
      code: 'REFUSED',
      message: 'Ann Lee cannot verify themselves as Backups owner: someone else confirms that they can do the job.',
    });
    expect(self.details?.issues).toEqual([{ path: 'verifiedById', message: 'Choose someone other than Ann Lee, the owner.' }]);
    const noEvidence = await ws.fail('readiness.setItem', { siteId: site.id, kind: 'checklist', itemId: 'reach-diagnostics', status: 'done' });
    expect(noEvidence.code).toBe('INVALID_INPUT');
    expect(noEvidence.details?.issues).toEqual([
      { path: 'evidence', message: 'Say what shows it is done (a link, a screenshot name, who confirmed it and when).' },
    ]);
    expect(ws.count('change_log')).toBe(before);
    // The database holds the same rule, whatever path a write takes.
    expect(() =>
      ws.session.workspace.sqlite
        .prepare(
          `INSERT INTO site_checklist_items (id, created_at, updated_at, site_id, kind, item_id, status, recorded_by) VALUES ('x', 'now', 'now', ?, 'checklist', 'reach-diagnostics', 'done', 'someone')`,
        )
        .run(site.id),
    ).toThrow(/CHECK constraint failed/);
  });

  it('a first-week review is finished early only by override; a skipped one blocks the invite gate until overridden', async () => {
    const ws = openTestWorkspace();
    const { site, ann, bo } = await planningSite(ws);
    await readyForPilot(ws, site.id, ann.id, bo.id);
    await ws.call('sites.changeStage', { siteId: site.id, version: (await ws.call('sites.get', { id: site.id })).version, to: 'pilot' });
    const firstWeek = (await ws.call('reviews.forSite', { siteId: site.id })).reviews.find((r) => r.kind === 'first_week')!;
    expect(firstWeek.dueOn).toBe('2026-03-08');
    const early = await ws.fail('reviews.completeFirstWeek', {
      id: firstWeek.id,
      version: firstWeek.version,
      areas: firstWeekAreas(),
      notes: 'Looked fine on day one',
    });
    expect(early.code).toBe('REFUSED');
    expect(early.message).toBe('The first week of “Northwind Shop” is not over until 2026-03-08: review it then, or give an override reason.');
    expect(early.details?.issues?.[0]?.path).toBe('overrideReason');

    const skipped = await ws.call('reviews.skip', { id: firstWeek.id, version: firstWeek.version, reason: 'The client ran their own review' });
    expect(skipped.review.state).toBe('skipped');
    ws.clock.advance(8 * DAY);
    const readiness = await ws.call('readiness.get', { siteId: site.id });
    const item = readiness.checklist.find((c) => c.id === 'first-week-review')!;
    expect(item.status).toBe('open');
    expect(item.why).toContain('was skipped on 2026-03-01 (The client ran their own review), so nobody reviewed the first week');
    const site2 = await ws.call('sites.get', { id: site.id });
    const blocked = await ws.fail('sites.changeStage', { siteId: site.id, version: site2.version, to: 'adoption' });
    expect(blocked.message).toContain('Invite the wider team: The first-week review was skipped');
    await ws.call('sites.changeStage', {
      siteId: site.id,
      version: site2.version,
      to: 'adoption',
      overrideReason: 'Client reviewed the first week with their own team; notes attached',
    });
    const overrides = (await ws.call('readiness.get', { siteId: site.id })).overrides;
    expect(overrides[0]).toMatchObject({ gate: 'Invite the wider team', overrideReason: 'Client reviewed the first week with their own team; notes attached' });
    const runbook = await ws.call('documents.preview', { siteId: site.id, kind: 'handover_runbook' });
    expect(JSON.stringify(runbook)).toContain('Client reviewed the first week with their own team; notes attached');
  });

  it('finishing the first week early with an override records it with the gates', async () => {
    const ws = openTestWorkspace();
    const { site, ann, bo } = await planningSite(ws);
    await readyForPilot(ws, site.id, ann.id, bo.id);
    await ws.call('sites.changeStage', { siteId: site.id, version: (await ws.call('sites.get', { id: site.id })).version, to: 'pilot' });
    const fw = (await ws.call('reviews.forSite', { siteId: site.id })).reviews.find((r) => r.kind === 'first_week')!;
    await ws.call('reviews.completeFirstWeek', {
      id: fw.id,
      version: fw.version,
      areas: firstWeekAreas(),
      notes: 'All operators walked through',
      overrideReason: 'The pilot ran on staging for two weeks before this move',
    });
    const overrides = (await ws.call('readiness.get', { siteId: site.id })).overrides;
    expect(overrides[0]).toMatchObject({
      gate: 'First-week review',
      action: 'First-week review finished on 2026-03-01, before its week was over (2026-03-08)',
    });
  });

  it('skipping a before-new-users review that operators wait for is an override with a written reason', async () => {
    const ws = openTestWorkspace();
    const { site, ann, bo, sam } = await planningSite(ws);
    await readyForPilot(ws, site.id, ann.id, bo.id);
    await recordAccessModel(ws, site.id, ['read_only_copilot', 'incident_escalation'], ann.id);
    await ws.call('sites.changeStage', { siteId: site.id, version: (await ws.call('sites.get', { id: site.id })).version, to: 'pilot' });
    // A paused rollout is still past its setup: a new operator waits for the review there too.
    await ws.call('sites.changeStage', { siteId: site.id, version: (await ws.call('sites.get', { id: site.id })).version, to: 'paused' });
    await trainedOperator(ws, site.id, sam.id);
    const review = (await ws.call('reviews.forSite', { siteId: site.id })).reviews.find((r) => r.kind === 'before_new_users')!;
    const short = await ws.fail('reviews.skip', { id: review.id, version: review.version, reason: 'x' });
    expect(short).toMatchObject({ code: 'REFUSED', details: { issues: [{ path: 'reason' }] } });
    expect(short.message).toContain('lets Sam Support in without it');
    await ws.call('reviews.skip', { id: review.id, version: review.version, reason: 'Sam was reviewed on the client’s own onboarding call' });
    const overrides = (await ws.call('readiness.get', { siteId: site.id })).overrides;
    expect(overrides[0]).toMatchObject({ gate: 'Before-new-users review', overrideReason: 'Sam was reviewed on the client’s own onboarding call' });
  });

  it('plans a before-new-users review for an operator added in Pilot, and access waits for it', async () => {
    const ws = openTestWorkspace();
    const { site, ann, bo, sam } = await planningSite(ws);
    await readyForPilot(ws, site.id, ann.id, bo.id);
    await recordAccessModel(ws, site.id, ['read_only_copilot', 'incident_escalation'], ann.id);
    await ws.call('sites.changeStage', { siteId: site.id, version: (await ws.call('sites.get', { id: site.id })).version, to: 'pilot' });
    const op = await trainedOperator(ws, site.id, sam.id);
    const review = (await ws.call('reviews.forSite', { siteId: site.id })).reviews.find((r) => r.kind === 'before_new_users')!;
    expect(review.reason).toBe('New operator: Sam Support (Support agent)');
    expect(op.missing).toEqual([`Complete the before-new-users review of the site (due ${review.dueOn}), or skip it with a reason.`]);
    await ws.call('reviews.complete', { id: review.id, version: review.version, notes: 'Access model and training checked' });
    expect((await ws.call('operators.grantAccess', { operatorId: op.id })).accessWorkflows).toEqual(['read_only_copilot', 'incident_escalation']);
  });
});

describe('scenario checks test reading', () => {
  it('each attempt draws a different set; a reload returns the open attempt unchanged', async () => {
    const ws = openTestWorkspace();
    const { site, ann, sam } = await planningSite(ws);
    await recordAccessModel(ws, site.id, ['read_only_copilot'], ann.id);
    const op = await ws.call('operators.add', { siteId: site.id, personId: sam.id, role: 'support_agent' });
    const first = await ws.call('operators.startScenarioCheck', { operatorId: op.id });
    expect(await ws.call('operators.startScenarioCheck', { operatorId: op.id })).toEqual(first);
    const failed = await takeCheck(ws, op, 5);
    expect(failed.passed).toBe(false);
    const firstIds = new Set(failed.answers.map((a) => a.scenarioId));
    const retake = await ws.call('operators.startScenarioCheck', { operatorId: op.id });
    expect(retake.attemptId).not.toBe(first.attemptId);
    expect(retake.questions.map((q) => q.id).sort()).not.toEqual([...firstIds].sort());
    const workflows = new Set(retake.questions.map((q) => q.workflow));
    expect(workflows).toEqual(new Set(['read_only_copilot', 'support_drafts', 'incident_escalation']));
  });

  it('a third attempt is never the first again: it avoids everything asked since the last pass while the pool allows', async () => {
    const ws = openTestWorkspace();
    const { site, ann, sam } = await planningSite(ws);
    await recordAccessModel(ws, site.id, ['read_only_copilot'], ann.id);
    const op = await ws.call('operators.add', { siteId: site.id, personId: sam.id, role: 'support_agent' });
    const pool = (
      ws.session.workspace.sqlite.prepare(`SELECT count(*) AS n FROM scenarios WHERE role = 'support_agent' AND archived_at IS NULL`).get() as { n: number }
    ).n;
    const asked: string[][] = [];
    for (let i = 0; i < 3; i++) asked.push((await takeCheck(ws, op, 5)).answers.map((a) => a.scenarioId).sort());
    expect(asked[2]).not.toEqual(asked[0]);
    expect(asked[2]).not.toEqual(asked[1]);
    if (pool >= 10) expect(asked[1]!.filter((id) => asked[0]!.includes(id))).toEqual([]);
  });
});

describe('documents show the access model', () => {
  it('the runbook has the access model, the steps to repeat the setup and a sign-off; the SOP pack has ask guidance and named contacts', async () => {
    const ws = openTestWorkspace();
    const { site, ann, bo } = await planningSite(ws);
    await readyForPilot(ws, site.id, ann.id, bo.id);
    await recordAccessModel(ws, site.id, ['read_only_copilot', 'support_drafts', 'incident_escalation'], ann.id);
    const runbook = await ws.call('documents.preview', { siteId: site.id, kind: 'handover_runbook' });
    const text = JSON.stringify(runbook);
    expect(text).toContain('Repeat this setup');
    expect(text).toContain(
      'Enable only these workflows: Read-only Copilot questions, Support drafts, Incident escalation. Leave disabled: Product copy, Theme Assistant review, Workflow approvals.',
    );
    expect(text).toContain('Support agent → support agent + SophMate (approves nothing)');
    expect(text).toContain('has received this handover runbook');
    const pack = JSON.stringify(await ws.call('documents.preview', { siteId: site.id, kind: 'sop_pack' }));
    expect(pack).toContain('Ask first: ');
    expect(pack).toContain('Good: ');
    expect(pack).toContain('Support routing owner: Ann Lee, ann@agency.test');
  });
});
