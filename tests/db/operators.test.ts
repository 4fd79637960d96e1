import { describe, expect, it } from 'vitest';
import { openSession } from '@main/session';
import { silentLogger } from '@main/rpc/context';
import { fullSite, openTestWorkspace, recordAccessModel, takeCheck, type TestWorkspace } from './helpers';

/**
 * A site in Setup whose access model enables read-only Copilot, support drafts and incident
 * escalation, maps every role, and records the First-Run Checklist.
 */
async function siteAndPerson(ws: TestWorkspace) {
  const site = await ws.factories.buildSite(fullSite);
  const person = await ws.factories.buildPerson({ name: 'Sam Support', email: 'sam@northwind.test', organisation: 'client', clientId: site.clientId });
  await recordAccessModel(ws, site.id, ['read_only_copilot', 'incident_escalation'], person.id);
  return { site, person };
}

const editSop = async (ws: TestWorkspace, workflow: 'support_drafts', role: 'support_agent', summary: string) => {
  const current = await ws.call('sops.get', { workflow, role });
  const { workflow: _w, role: _r, version: _v, ...body } = current.sop;
  return ws.call('sops.publish', {
    workflow,
    role,
    baseVersion: current.sop.version,
    sop: { ...body, refusalRules: [...body.refusalRules, 'Never attach invoices from another customer.'] },
    changeSummary: summary,
  });
};

describe('the playbook in a workspace', () => {
  it('installs the default playbook once, with every SOP cell at version 1', async () => {
    const ws = openTestWorkspace();
    const matrix = await ws.call('playbook.matrix', {});
    expect(matrix.cells).toHaveLength(34);
    expect(matrix.cells.every((c) => c.version === 1 && c.operatorsNeedingRetraining === 0)).toBe(true);
    ws.session.close();
    const again = openSession(ws.file, { log: silentLogger });
    expect((again.workspace.sqlite.prepare('SELECT count(*) AS n FROM sop_versions').get() as { n: number }).n).toBe(34);
    again.close();
  });

  it('publishing an SOP creates a new version with its summary; earlier versions stay readable', async () => {
    const ws = openTestWorkspace();
    const v2 = await editSop(ws, 'support_drafts', 'support_agent', 'Added the invoice rule after the first-week review');
    expect(v2.sop.version).toBe(2);
    expect(v2.sop.refusalRules).toContain('Never attach invoices from another customer.');
    expect(v2.versions.map((v) => [v.version, v.changeSummary, v.publishedBy])).toEqual([
      [2, 'Added the invoice rule after the first-week review', 'tester'],
      [1, 'Default SophMate playbook', 'Rollout Workbench'],
    ]);
    const v1 = await ws.call('sops.get', { workflow: 'support_drafts', role: 'support_agent', version: 1 });
    expect(v1.sop.refusalRules).not.toContain('Never attach invoices from another customer.');
    expect(v1.sop.goodExamples).toEqual(v2.sop.goodExamples);
  });

  it('refuses a publish based on an old version, and an SOP with an empty rule, writing nothing', async () => {
    const ws = openTestWorkspace();
    await editSop(ws, 'support_drafts', 'support_agent', 'first edit');
    const before = ws.count('sop_versions');
    const v1 = await ws.call('sops.get', { workflow: 'support_drafts', role: 'support_agent', version: 1 });
    const { workflow: _w, role: _r, version: _v, ...body } = v1.sop;
    const stale = await ws.fail('sops.publish', { workflow: 'support_drafts', role: 'support_agent', baseVersion: 1, sop: body, changeSummary: 'late edit' });
    expect(stale.code).toBe('STALE_VERSION');
    const bad = await ws.fail('sops.publish', {
      workflow: 'support_drafts',
      role: 'support_agent',
      baseVersion: 2,
      sop: { ...body, refusalRules: [''] },
      changeSummary: 'x',
    });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.details?.issues?.[0]).toEqual({ path: 'sop.refusalRules.0', message: 'Refusal rule is required.' });
    expect(ws.count('sop_versions')).toBe(before);
  });
});

describe('operators and the access gate', () => {
  it('refuses access until the SOPs are signed and the scenario check is passed, then grants it', async () => {
    const ws = openTestWorkspace();
    const { site, person } = await siteAndPerson(ws);
    let op = await ws.call('operators.add', { siteId: site.id, personId: person.id, role: 'support_agent' });
    expect(op.status).toBe('not_trained');
    const refusedErr = await ws.fail('operators.grantAccess', { operatorId: op.id });
    expect(refusedErr.code).toBe('REFUSED');
    expect(refusedErr.message).toContain('Sign the current Support agent SOPs for: Read-only Copilot questions, Incident escalation.');
    expect(refusedErr.message).toContain('Pass the Support agent scenario check.');

    op = await ws.call('operators.signOff', { operatorId: op.id });
    expect(op.signedOff.map((s) => `${s.workflow}@${s.version}`)).toEqual(['incident_escalation@1', 'read_only_copilot@1', 'support_drafts@1']);
    const failed = await takeCheck(ws, op, 2);
    expect(failed.passed).toBe(false);
    expect(failed.answers.filter((a) => !a.correct)).toHaveLength(2);
    // Until the check is passed, the result says what was wrong, never what was right.
    expect(failed.answers.every((a) => a.expected === null && a.explanation === null)).toBe(true);
    expect((await ws.fail('operators.grantAccess', { operatorId: op.id })).message).toContain('Pass the Support agent scenario check.');

    ws.clock.advance(60_000);
    const passed = await takeCheck(ws, op);
    expect(passed).toMatchObject({ passed: true, correct: passed.total });
    expect(passed.answers.every((a) => a.expected !== null && a.explanation)).toBe(true);
    expect(passed.operator.status).toBe('trained');
    op = await ws.call('operators.grantAccess', { operatorId: op.id });
    expect(op).toMatchObject({
      access: 'granted',
      status: 'access_granted',
      accessOverrideReason: null,
      accessWorkflows: ['read_only_copilot', 'incident_escalation'],
    });
  });

  it('an SOP edit flags the role’s operators for retraining and blocks access until they retrain', async () => {
    const ws = openTestWorkspace();
    const { site, person } = await siteAndPerson(ws);
    await recordAccessModel(ws, site.id, ['read_only_copilot', 'support_drafts', 'incident_escalation'], person.id, 1);
    let op = await ws.call('operators.add', { siteId: site.id, personId: person.id, role: 'support_agent' });
    await ws.call('operators.signOff', { operatorId: op.id });
    await takeCheck(ws, op);
    // Support drafts are write-capable: the site is in its pilot (moved there by a recorded override here).
    const fresh = await ws.call('sites.get', { id: site.id });
    await ws.call('sites.changeStage', {
      siteId: site.id,
      version: fresh.version,
      to: 'pilot',
      overrideReason: 'Pilot agreed with the client before the paperwork',
    });
    ws.clock.advance(3600_000);
    await editSop(ws, 'support_drafts', 'support_agent', 'invoice rule');
    op = (await ws.call('operators.list', { siteId: site.id }))[0]!;
    expect(op.status).toBe('needs_retraining');
    expect(op.missing).toEqual([
      'Sign the current Support agent SOP for: Support drafts (changed since the last sign-off).',
      'Pass the Support agent scenario check again: an SOP changed after the last pass.',
    ]);
    const attention = await ws.call('operators.needingRetraining', {});
    expect(attention.total).toBe(1);
    expect(attention.rows[0]).toMatchObject({ personName: 'Sam Support', siteName: 'Northwind Shop', status: 'needs_retraining' });
    const cell = (await ws.call('playbook.matrix', {})).cells.find((c) => c.workflow === 'support_drafts' && c.role === 'support_agent')!;
    expect(cell).toMatchObject({ version: 2, operatorsNeedingRetraining: 1 });
    expect((await ws.fail('operators.grantAccess', { operatorId: op.id })).code).toBe('REFUSED');

    ws.clock.advance(60_000);
    op = await ws.call('operators.signOff', { operatorId: op.id });
    await takeCheck(ws, op);
    op = await ws.call('operators.grantAccess', { operatorId: op.id });
    expect(op.status).toBe('access_granted');
    expect(
      (await ws.call('playbook.matrix', {})).cells.find((c) => c.workflow === 'support_drafts' && c.role === 'support_agent')!.operatorsNeedingRetraining,
    ).toBe(0);
  });

  it('an override needs a written reason and is logged in the site history', async () => {
    const ws = openTestWorkspace();
    const { site, person } = await siteAndPerson(ws);
    const op = await ws.call('operators.add', { siteId: site.id, personId: person.id, role: 'editor' });
    const short = await ws.fail('operators.grantAccess', { operatorId: op.id, overrideReason: 'urgent' });
    expect(short.code).toBe('INVALID_INPUT');
    expect(short.details?.issues?.[0]).toMatchObject({ path: 'overrideReason', message: expect.stringContaining('at least 20 characters') });
    const granted = await ws.call('operators.grantAccess', {
      operatorId: op.id,
      overrideReason: 'Client launch tomorrow; trained in person by Ann, sign-off follows Monday',
    });
    expect(granted.accessOverrideReason).toBe('Client launch tomorrow; trained in person by Ann, sign-off follows Monday');
    const history = await ws.call('history.list', { siteId: site.id });
    expect(history.rows[0]).toMatchObject({ action: 'grant-override' });
    expect(history.rows[0]!.summary).toContain('WITHOUT meeting the gate');
    // Every override is listed with the gates, and so printed in the handover runbook.
    const readiness = await ws.call('readiness.get', { siteId: site.id });
    expect(readiness.overrides[0]).toMatchObject({
      gate: 'Grant operator access',
      overrideReason: 'Client launch tomorrow; trained in person by Ann, sign-off follows Monday',
    });
    expect(readiness.overrides[0]!.reasons).toContain('Sign the current Editor SOPs');
    const revoked = await ws.call('operators.revokeAccess', { operatorId: op.id, reason: 'Sign-off did not happen' });
    expect(revoked.status).toBe('access_revoked');
  });

  it('refuses incomplete scenario answers, duplicate operators and archived people, writing nothing', async () => {
    const ws = openTestWorkspace();
    const { site, person } = await siteAndPerson(ws);
    const op = await ws.call('operators.add', { siteId: site.id, personId: person.id, role: 'marketer' });
    const before = ws.count('change_log');
    const noAttempt = await ws.fail('operators.submitScenarioCheck', { operatorId: op.id, attemptId: 'not-an-attempt', answers: {} });
    expect(noAttempt.code).toBe('REFUSED');
    expect(noAttempt.message).toContain('start the scenario check again');
    const attempt = await ws.call('operators.startScenarioCheck', { operatorId: op.id });
    const partial = await ws.fail('operators.submitScenarioCheck', { operatorId: op.id, attemptId: attempt.attemptId, answers: {} });
    expect(partial.code).toBe('INVALID_INPUT');
    expect(partial.message).toBe(`Answer every scenario: ${attempt.questions.length} of ${attempt.questions.length} have no answer.`);
    const dup = await ws.fail('operators.add', { siteId: site.id, personId: person.id, role: 'marketer' });
    expect(dup.message).toBe('Sam Support is already a Marketer operator on “Northwind Shop”.');
    expect(ws.count('scenario_checks')).toBe(0);
    // Starting the attempt is its only write, and it is logged.
    expect(ws.count('change_log')).toBe(before + 1);
  });
});

describe('playbook files, site additions and roles across sites', () => {
  it('exports a valid file; re-importing it changes nothing; an edited file publishes only what changed', async () => {
    const ws = openTestWorkspace();
    const file = await ws.call('playbook.export', {});
    expect(file.sops).toHaveLength(34);
    const same = await ws.call('playbook.import', { content: JSON.stringify(file) });
    expect(same).toEqual({ published: 0, unchanged: 34, scenarios: file.scenarios.length });
    const edited = structuredClone(file);
    edited.sops[0]!.whenToStop.push('Copilot quotes a price that differs from the product page.');
    const r = await ws.call('playbook.import', { content: JSON.stringify(edited) });
    expect(r.published).toBe(1);
    const sop = await ws.call('sops.get', { workflow: edited.sops[0]!.workflow, role: edited.sops[0]!.role });
    expect(sop.sop.version).toBe(2);
    expect(sop.versions[0]!.changeSummary).toContain('Imported from playbook file');
    const diff = await ws.call('sops.diff', { workflow: sop.sop.workflow, role: sop.sop.role, from: 1, to: 2 });
    expect(diff).toEqual([{ field: 'whenToStop', kind: 'list', added: ['Copilot quotes a price that differs from the product page.'], removed: [] }]);
  });

  it('refuses a malformed file with the path of each problem and writes nothing', async () => {
    const ws = openTestWorkspace();
    const file = await ws.call('playbook.export', {});
    const broken = structuredClone(file) as unknown as { sops: { purpose?: string; escalation: { responsibility: string } }[] };
    delete broken.sops[2]!.purpose;
    broken.sops[7]!.escalation.responsibility = 'the intern';
    const before = ws.count('sop_versions');
    const logBefore = ws.count('change_log');
    const err = await ws.fail('playbook.import', { content: JSON.stringify(broken) });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toBe('The playbook file has 2 problems; nothing was imported.');
    expect(err.details?.issues).toEqual([
      { path: 'sops[2].purpose', message: 'Purpose is required.' },
      { path: 'sops[7].escalation.responsibility', message: expect.stringContaining('Escalation owner must be one of') },
    ]);
    const notJson = await ws.fail('playbook.import', { content: '{ nope' });
    expect(notJson.message).toContain('The file is not valid JSON');
    expect(ws.count('sop_versions')).toBe(before);
    expect(ws.count('change_log')).toBe(logBefore);
  });

  it('keeps site additions per SOP, refusing secrets', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteAndPerson(ws);
    const list = await ws.call('overrides.add', {
      siteId: site.id,
      workflow: 'support_drafts',
      role: 'support_agent',
      kind: 'escalation_contact',
      text: 'Out of hours: Northwind duty phone +44 20 7946 0001',
    });
    expect(list).toHaveLength(1);
    const secret = await ws.fail('overrides.add', {
      siteId: site.id,
      workflow: 'support_drafts',
      role: 'support_agent',
      kind: 'refusal_rule',
      text: 'helpdesk password: hunter2hunter2',
    });
    expect(secret.code).toBe('INVALID_INPUT');
    expect(await ws.call('overrides.remove', { id: list[0]!.id })).toEqual([]);
  });

  it('shows each person’s operator roles across sites', async () => {
    const ws = openTestWorkspace();
    const { site, person } = await siteAndPerson(ws);
    const other = await ws.call('sites.create', { clientId: site.clientId, name: 'Blog', productionUrl: 'https://blog.northwind.test' });
    await ws.call('operators.add', { siteId: site.id, personId: person.id, role: 'support_agent' });
    await ws.call('operators.add', { siteId: other.id, personId: person.id, role: 'support_agent' });
    await ws.call('operators.add', { siteId: other.id, personId: person.id, role: 'editor' });
    expect((await ws.call('people.get', { id: person.id })).operatorRoles).toEqual([
      { role: 'editor', sites: 1 },
      { role: 'support_agent', sites: 2 },
    ]);
  });
});
