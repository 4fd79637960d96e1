import { describe, expect, it } from 'vitest';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { firstWeekAreas } from '../factories/index';
import { exportFinalRollbackPlan, fullSite, openTestWorkspace, type TestWorkspace } from './helpers';

/** A site in pilot with every owner assigned and verified, except those named, and the manual items done. */
async function pilotSite(ws: TestWorkspace, unverified: string[] = []) {
  const client = await ws.call('clients.create', { name: 'Northwind' });
  let site = await ws.call('sites.create', { clientId: client.id, ...fullSite, stage: 'setup' });
  const ann = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  // Verifications are recorded by someone other than the owner.
  const bo = await ws.call('people.create', { name: 'Bo Chen', email: 'bo@agency.test', organisation: 'agency' });
  for (const r of RESPONSIBILITIES) {
    await ws.call('owners.assign', { siteId: site.id, responsibility: r, ownerId: ann.id });
    if (!unverified.includes(r)) await ws.call('owners.verify', { siteId: site.id, responsibility: r, verifiedById: bo.id });
  }
  for (const itemId of ['reach-diagnostics', 'pause-high-risk']) {
    await ws.call('readiness.setItem', { siteId: site.id, kind: 'checklist', itemId, status: 'done', evidence: 'Checked with the team' });
  }
  await exportFinalRollbackPlan(ws, site.id);
  site = await ws.call('sites.get', { id: site.id });
  await ws.call('sites.changeStage', { siteId: site.id, version: site.version, to: 'pilot' });
  // The pilot planned the first-week review; adoption needs it done.
  // The first week is reviewed once it is over.
  ws.clock.advance(7 * 86_400_000);
  const firstWeek = (await ws.call('reviews.forSite', { siteId: site.id })).reviews.find((r) => r.kind === 'first_week')!;
  await ws.call('reviews.completeFirstWeek', {
    id: firstWeek.id,
    version: firstWeek.version,
    areas: firstWeekAreas(),
    notes: 'Prompts, drafts and approvals reviewed with the team',
  });
  return { site: await ws.call('sites.get', { id: site.id }), ann, bo };
}

describe('rollout stages behind readiness gates', () => {
  it('refuses adoption while the permissions owner is unverified, naming it; allows it after verification', async () => {
    const ws = openTestWorkspace();
    const { site, bo } = await pilotSite(ws, ['permissions']);
    const logBefore = ws.count('change_log');
    const err = await ws.fail('sites.changeStage', { siteId: site.id, version: site.version, to: 'adoption' });
    expect(err.code).toBe('GATE_BLOCKED');
    expect(err.message).toBe('Pilot → Adoption is blocked: Invite the wider team: The Permissions owner (Ann Lee) is not verified.');
    expect(err.details?.reasons).toEqual(['Invite the wider team: The Permissions owner (Ann Lee) is not verified.']);
    expect((await ws.call('sites.get', { id: site.id })).stage).toBe('pilot');
    expect(ws.count('change_log')).toBe(logBefore);
    const readiness = await ws.call('readiness.get', { siteId: site.id });
    expect(readiness.next).toEqual({ stage: 'adoption', ok: false, reasons: ['Invite the wider team: The Permissions owner (Ann Lee) is not verified.'] });

    await ws.call('owners.verify', { siteId: site.id, responsibility: 'permissions', verifiedById: bo.id });
    const after = await ws.call('sites.changeStage', { siteId: site.id, version: site.version, to: 'adoption' });
    expect(after.next).toBeNull();
    expect((await ws.call('sites.get', { id: site.id })).stage).toBe('adoption');
  });

  it('an override needs a written reason, is kept per gate and shows in history', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Acme' });
    const site = await ws.call('sites.create', { clientId: client.id, name: 'Shop', productionUrl: 'https://shop.acme.test' });
    const blocked = await ws.fail('sites.changeStage', { siteId: site.id, version: site.version, to: 'pilot' });
    expect(blocked.code).toBe('GATE_BLOCKED');
    const r = await ws.call('sites.changeStage', {
      siteId: site.id,
      version: site.version,
      to: 'pilot',
      overrideReason: 'Client demo on staging only; write workflows stay off',
    });
    expect(r.overrides).toHaveLength(1);
    expect(r.overrides[0]).toMatchObject({
      gate: 'Enable write-capable workflows',
      action: 'Planning → Pilot',
      overrideReason: 'Client demo on staging only; write workflows stay off',
      actor: 'tester',
    });
    const history = await ws.call('history.list', { siteId: site.id });
    expect(history.rows[0]!.action).toBe('stage-override');
  });

  it('new sites start in planning or setup, and editing cannot change the stage', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Acme' });
    const err = await ws.fail('sites.create', { clientId: client.id, name: 'Shop', productionUrl: 'https://shop.acme.test', stage: 'adoption' });
    expect(err.message).toContain('A new site starts in Planning or Setup');
    expect(ws.count('sites')).toBe(0);
  });
});

describe('gate items marked not applicable', () => {
  it('are recorded, but do not pass the gate: the move needs them done or a recorded override', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    let site = await ws.call('sites.create', { clientId: client.id, ...fullSite, stage: 'setup' });
    const ann = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
    const bo = await ws.call('people.create', { name: 'Bo Chen', email: 'bo@agency.test', organisation: 'agency' });
    for (const r of RESPONSIBILITIES) {
      await ws.call('owners.assign', { siteId: site.id, responsibility: r, ownerId: ann.id });
      await ws.call('owners.verify', { siteId: site.id, responsibility: r, verifiedById: bo.id });
    }
    await exportFinalRollbackPlan(ws, site.id);
    const r = await ws.call('readiness.setItem', { siteId: site.id, kind: 'checklist', itemId: 'pause-high-risk', status: 'not_applicable', reason: 'x' });
    expect(r.checklist.find((c) => c.id === 'pause-high-risk')).toMatchObject({ status: 'not_applicable', why: 'x (A readiness gate still needs it done.)' });
    const reason =
      '“Team knows where to pause high-risk activity” is marked not applicable (x), but the gate needs it done: record evidence, or move on only by a recorded override.';
    expect(r.gates.find((g) => g.gate === 'enable_write_workflows')).toMatchObject({ ok: false, reasons: [reason] });

    site = await ws.call('sites.get', { id: site.id });
    const err = await ws.fail('sites.changeStage', { siteId: site.id, version: site.version, to: 'pilot' });
    expect(err.code).toBe('GATE_BLOCKED');
    expect(err.details?.reasons).toEqual([`Enable write-capable workflows: ${reason}`]);

    await ws.call('readiness.setItem', {
      siteId: site.id,
      kind: 'checklist',
      itemId: 'pause-high-risk',
      status: 'done',
      evidence: 'Paused and resumed a workflow on staging with the team',
    });
    expect(
      (await ws.call('sites.changeStage', { siteId: site.id, version: site.version, to: 'pilot' })).gates.find((g) => g.gate === 'enable_write_workflows')?.ok,
    ).toBe(true);
  });
});

describe('checklist, pause and settings', () => {
  it('refuses to tick an item the app decides, and needs a reason for not applicable', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Acme' });
    const site = await ws.call('sites.create', { clientId: client.id, name: 'Shop', productionUrl: 'https://shop.acme.test' });
    const computed = await ws.fail('readiness.setItem', {
      siteId: site.id,
      kind: 'checklist',
      itemId: 'setup-record',
      status: 'done',
      evidence: 'Looked at it',
    });
    expect(computed.code).toBe('REFUSED');
    expect(computed.message).toContain('is decided by the app');
    const noReason = await ws.fail('readiness.setItem', { siteId: site.id, kind: 'checklist', itemId: 'provider-key-owner', status: 'not_applicable' });
    expect(noReason.details?.issues).toEqual([{ path: 'reason', message: 'Say why the item is not applicable.' }]);
    const r = await ws.call('readiness.setItem', {
      siteId: site.id,
      kind: 'acceptance',
      itemId: 'repeatable-setup',
      status: 'done',
      evidence: 'https://wiki.example.com/runbook',
    });
    expect(r.acceptance.find((a) => a.id === 'repeatable-setup')).toMatchObject({
      status: 'done',
      why: 'https://wiki.example.com/runbook',
      recordedBy: 'tester',
    });
    expect(r.checklist.find((c) => c.id === 'setup-record')).toMatchObject({ computed: true, status: 'open' });
  });

  it('pauses high-risk activity with who, why and which workflows; resuming needs a note', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Acme' });
    const site = await ws.call('sites.create', { clientId: client.id, name: 'Shop', productionUrl: 'https://shop.acme.test' });
    const paused = await ws.call('pauses.pause', {
      siteId: site.id,
      reason: 'Wrong prices published by a plan',
      workflows: ['workflow_approvals', 'product_copy'],
    });
    expect(paused.pause).toMatchObject({ reason: 'Wrong prices published by a plan', pausedBy: 'tester', workflows: ['product_copy', 'workflow_approvals'] });
    expect((await ws.call('sites.list', {})).rows[0]!.paused).toBe(true);
    expect((await ws.fail('pauses.pause', { siteId: site.id, reason: 'again', workflows: ['product_copy'] })).code).toBe('REFUSED');
    const noNote = await ws.fail('pauses.resume', { siteId: site.id, note: '' });
    expect(noNote.details?.issues?.[0]).toEqual({ path: 'note', message: 'Resume note is required.' });
    const resumed = await ws.call('pauses.resume', { siteId: site.id, note: 'Prices restored; regression check passed' });
    expect(resumed.pause).toBeNull();
    expect((await ws.call('sites.get', { id: site.id })).paused).toBe(false);
  });

  it('a shorter verification window makes old verifications count as stale', async () => {
    const ws = openTestWorkspace();
    const { site } = await pilotSite(ws);
    ws.clock.advance(40 * 86_400_000);
    // A backup counts for a week: one is taken the day the limits are looked at.
    await ws.call('runbook.recordBackup', { siteId: site.id, takenOn: ws.clock.now().toISOString().slice(0, 10) });
    expect((await ws.call('readiness.get', { siteId: site.id })).next?.ok).toBe(true);
    await ws.call('settings.update', { verificationMaxAgeDays: 30 });
    const r = await ws.call('readiness.get', { siteId: site.id });
    expect(r.next?.ok).toBe(false);
    // The verifications were recorded when the pilot started, a week before the first-week review.
    expect(r.next?.reasons[0]).toMatch(/last verified 47 days ago \(more than 30\)/);
    const bad = await ws.fail('settings.update', { verificationMaxAgeDays: 0 });
    expect(bad.details?.issues?.[0]?.message).toBe('Verification age must be at least 1 day.');
  });
});
