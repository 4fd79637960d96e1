/**
 * "Rollback plan current" through the channels: a backup within Settings' limit and a passed restore
 * rehearsal (the latest not failed) are needed besides a final plan exported after its last change.
 * The "Enable write-capable workflows" gate and what uses it (a stage move, a write-capable access
 * grant, the Dashboard's stored readiness) follow the backups and rehearsals, and time alone.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { exportFinalRollbackPlan, fullSite, openTestWorkspace, recordAccessModel, type TestWorkspace } from './helpers';

const DAY = 86_400_000;
const GATE = 'Enable write-capable workflows';
const FAILED = 'The last restore rehearsal failed (2026-03-02): fix what failed, rehearse the restore again and record a passed rehearsal.';

/**
 * A site in Setup that passes the write-capable gate on 2026-03-01 (the test clock's day): every owner
 * verified, the manual items done, the final plan exported with a backup and a passed rehearsal that day.
 */
async function readySite(ws: TestWorkspace) {
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const site = await ws.call('sites.create', { clientId: client.id, ...fullSite, stage: 'setup' });
  const ann = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  const bo = await ws.call('people.create', { name: 'Bo Chen', email: 'bo@agency.test', organisation: 'agency' });
  for (const r of RESPONSIBILITIES) {
    await ws.call('owners.assign', { siteId: site.id, responsibility: r, ownerId: ann.id });
    await ws.call('owners.verify', { siteId: site.id, responsibility: r, verifiedById: bo.id });
  }
  for (const itemId of ['reach-diagnostics', 'pause-high-risk']) {
    await ws.call('readiness.setItem', { siteId: site.id, kind: 'checklist', itemId, status: 'done', evidence: 'Checked with the team' });
  }
  await exportFinalRollbackPlan(ws, site.id);
  return { client, site, ann, bo };
}

async function writeGate(ws: TestWorkspace, siteId: string) {
  return (await ws.call('readiness.get', { siteId })).gates.find((g) => g.gate === 'enable_write_workflows')!;
}

async function rollbackItem(ws: TestWorkspace, siteId: string) {
  return (await ws.call('readiness.get', { siteId })).checklist.find((c) => c.id === 'rollback-documented')!;
}

const rehearsal = (siteId: string, performedById: string, rehearsedOn: string, outcome: 'passed' | 'failed') => ({
  siteId,
  rehearsedOn,
  outcome,
  durationMinutes: 40,
  performedById,
  notes: outcome === 'failed' ? 'The database import timed out on staging' : 'Restored on staging; checkout works',
});

function storedRow(ws: TestWorkspace, siteId: string) {
  return ws.session.workspace.sqlite.prepare('SELECT blocked, dirty, valid_from, valid_until FROM site_readiness WHERE site_id = ?').get(siteId) as {
    blocked: number;
    dirty: number;
    valid_from: string | null;
    valid_until: string | null;
  };
}

describe('restore rehearsals and the write-capable gate', () => {
  it('a failed rehearsal blocks the gate and the move to Pilot until a passed one is recorded after it', async () => {
    const ws = openTestWorkspace();
    const { site, bo } = await readySite(ws);
    expect(await writeGate(ws, site.id)).toMatchObject({ ok: true, reasons: [] });
    ws.clock.advance(DAY);
    await ws.call('runbook.recordRehearsal', rehearsal(site.id, bo.id, '2026-03-02', 'failed'));
    expect(await writeGate(ws, site.id)).toMatchObject({ ok: false, reasons: [FAILED] });
    expect(await rollbackItem(ws, site.id)).toMatchObject({ computed: true, status: 'open', why: FAILED });

    const before = ws.count('change_log');
    const s = await ws.call('sites.get', { id: site.id });
    const err = await ws.fail('sites.changeStage', { siteId: site.id, version: s.version, to: 'pilot' });
    expect(err.code).toBe('GATE_BLOCKED');
    expect(err.details?.reasons).toEqual([`${GATE}: ${FAILED}`]);
    expect((await ws.call('sites.get', { id: site.id })).stage).toBe('setup');
    expect(ws.count('change_log')).toBe(before);
    // The Dashboard counts it under one reason, sent to the Documents tab, and the Sites list finds it by that reason.
    const dash = await ws.call('dashboard.portfolio', {});
    const key = `${GATE}: The last restore rehearsal failed: fix what failed, rehearse the restore again and record a passed rehearsal.`;
    expect(dash.topReasons).toEqual([{ reason: key, sites: 1, onlyReasonSites: 1, fix: 'documents' }]);
    expect((await ws.call('sites.list', { reason: key })).rows.map((r) => r.id)).toEqual([site.id]);

    // A passed one dated before the failure does not lift it: the latest (by day) still failed.
    await ws.call('runbook.recordRehearsal', rehearsal(site.id, bo.id, '2026-03-01', 'passed'));
    expect((await writeGate(ws, site.id)).reasons).toEqual([FAILED]);
    // A passed one on the same day, recorded after the failure, does; the plan need not be exported again.
    await ws.call('runbook.recordRehearsal', rehearsal(site.id, bo.id, '2026-03-02', 'passed'));
    expect(await writeGate(ws, site.id)).toMatchObject({ ok: true, reasons: [] });
    expect((await ws.call('dashboard.portfolio', {})).blocked).toBe(0);
    const moved = await ws.call('sites.changeStage', { siteId: site.id, version: s.version, to: 'pilot' });
    expect(moved.gates.find((g) => g.gate === 'enable_write_workflows')?.ok).toBe(true);
  });

  it('refuses a write-capable access grant while a failed rehearsal blocks the gate, and grants it after a passed one', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, ...fullSite, stage: 'setup' });
    const ann = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
    const bo = await ws.call('people.create', { name: 'Bo Chen', email: 'bo@agency.test', organisation: 'agency' });
    const sam = await ws.call('people.create', { name: 'Sam Support', email: 'sam@northwind.test', organisation: 'client', clientId: client.id });
    // The access model first: enabling a write-capable workflow changes what the plan says.
    await recordAccessModel(ws, site.id, ['read_only_copilot', 'support_drafts', 'incident_escalation'], ann.id);
    for (const r of RESPONSIBILITIES) {
      await ws.call('owners.assign', { siteId: site.id, responsibility: r, ownerId: ann.id });
      await ws.call('owners.verify', { siteId: site.id, responsibility: r, verifiedById: bo.id });
    }
    for (const itemId of ['reach-diagnostics', 'pause-high-risk']) {
      await ws.call('readiness.setItem', { siteId: site.id, kind: 'checklist', itemId, status: 'done', evidence: 'Checked with the team' });
    }
    await exportFinalRollbackPlan(ws, site.id);
    const op = await ws.factories.buildOperator({ siteId: site.id, personId: sam.id, role: 'support_agent', trained: true });
    ws.clock.advance(DAY);
    await ws.call('runbook.recordRehearsal', rehearsal(site.id, bo.id, '2026-03-02', 'failed'));

    const before = ws.count('change_log');
    const err = await ws.fail('operators.grantAccess', { operatorId: op.id });
    expect(err.code).toBe('REFUSED');
    expect(err.message).toContain('Support drafts is write-capable and needs the “Enable write-capable workflows” gate, which is not met:');
    expect(err.message).toContain(FAILED);
    expect(ws.count('change_log')).toBe(before);
    expect((await ws.call('operators.list', { siteId: site.id })).find((o) => o.id === op.id)?.access).not.toBe('granted');

    await ws.call('runbook.recordRehearsal', rehearsal(site.id, bo.id, '2026-03-02', 'passed'));
    const granted = await ws.call('operators.grantAccess', { operatorId: op.id });
    expect(granted).toMatchObject({ access: 'granted', accessOverrideReason: null });
    expect(granted.accessWorkflows).toContain('support_drafts');
  });

  it('a rehearsal without a recorded outcome (from before outcomes were kept) never counts as passed', async () => {
    const ws = openTestWorkspace();
    const { site } = await readySite(ws);
    // Another program (or the migration) leaves the site's only rehearsal without an outcome.
    const raw = new Database(ws.file);
    try {
      raw.prepare("UPDATE rollback_rehearsals SET outcome = 'unknown', notes = NULL WHERE site_id = ?").run(site.id);
    } finally {
      raw.close();
    }
    const reason = 'No restore rehearsal is recorded as passed (the one of 2026-03-01 has no outcome): rehearse a restore on staging and record its outcome.';
    expect((await writeGate(ws, site.id)).reasons).toEqual([reason]);
    expect((await ws.call('dashboard.portfolio', {})).topReasons.map((r) => r.reason)).toEqual([
      `${GATE}: No restore rehearsal is recorded as passed: rehearse a restore on staging and record its outcome.`,
    ]);
    expect((await ws.call('sites.list', { blockedOnly: true })).rows.map((r) => r.id)).toEqual([site.id]);
  });
});

describe('backups and time', () => {
  it('a backup counts through the last day of its limit; by time alone it stops, and the stored readiness follows', async () => {
    const ws = openTestWorkspace();
    const { site } = await readySite(ws);
    // Owners were verified and the backup taken on 2026-03-01: the backup ages out first, at the end of 2026-03-08 (UTC).
    expect(storedRow(ws, site.id)).toMatchObject({ blocked: 0, dirty: 0, valid_from: '2026-02-28T09:59:59.999Z', valid_until: '2026-03-08T23:59:59.999Z' });
    ws.clock.advance(Date.parse('2026-03-08T23:59:59.999Z') - ws.clock.now().getTime());
    expect(await writeGate(ws, site.id)).toMatchObject({ ok: true });
    expect((await ws.call('dashboard.portfolio', {})).blocked).toBe(0);

    ws.clock.advance(1);
    const reason = 'The last backup is too old (taken 2026-03-01, 8 days ago; a backup counts for 7 days): take a backup and record the day it was taken.';
    expect((await writeGate(ws, site.id)).reasons).toEqual([reason]);
    // Nothing was written: the stored row is out of its time, and reads evaluate it.
    expect(storedRow(ws, site.id)).toMatchObject({ blocked: 0, dirty: 0 });
    const key = `${GATE}: The last backup is too old: take a backup and record the day it was taken.`;
    expect((await ws.call('dashboard.portfolio', {})).topReasons).toEqual([{ reason: key, sites: 1, onlyReasonSites: 1, fix: 'documents' }]);
    expect((await ws.call('sites.list', { blockedOnly: true })).rows.map((r) => r.id)).toEqual([site.id]);

    // A longer limit in Settings counts it again (every site is recomputed).
    await ws.call('settings.update', { maxBackupAgeDays: 8 });
    expect(await writeGate(ws, site.id)).toMatchObject({ ok: true });
    expect(storedRow(ws, site.id)).toMatchObject({ blocked: 0, dirty: 0, valid_until: '2026-03-09T23:59:59.999Z' });
    await ws.call('settings.update', { maxBackupAgeDays: 7 });
    expect(storedRow(ws, site.id)).toMatchObject({ blocked: 1, dirty: 0, valid_from: '2026-03-08T23:59:59.999Z' });

    // Recording a newer backup passes again without exporting the plan again.
    await ws.call('runbook.recordBackup', { siteId: site.id, takenOn: '2026-03-09' });
    expect(await rollbackItem(ws, site.id)).toMatchObject({ status: 'done' });
    expect((await ws.call('dashboard.portfolio', {})).blocked).toBe(0);
    expect(storedRow(ws, site.id)).toMatchObject({ blocked: 0, dirty: 0, valid_until: '2026-03-16T23:59:59.999Z' });
  });

  it('a passed rehearsal older than the limit in Settings no longer counts; the backup and rehearsal reasons come together', async () => {
    const ws = openTestWorkspace();
    const { site } = await readySite(ws);
    ws.clock.advance(10 * DAY);
    await ws.call('settings.update', { maxRehearsalAgeDays: 9 });
    expect((await writeGate(ws, site.id)).reasons).toEqual([
      'The last backup is too old (taken 2026-03-01, 10 days ago; a backup counts for 7 days): take a backup and record the day it was taken.',
      'The last passed restore rehearsal is too old (2026-03-01, 10 days ago; a passed rehearsal counts for 9 days): rehearse a restore on staging again and record its outcome.',
    ]);
    await ws.call('settings.update', { maxRehearsalAgeDays: 10 });
    expect((await writeGate(ws, site.id)).reasons).toHaveLength(1);
    const dash = await ws.call('dashboard.portfolio', {});
    expect(dash.topReasons.map((r) => r.reason)).toEqual([`${GATE}: The last backup is too old: take a backup and record the day it was taken.`]);
  });
});

describe('what makes the last final plan out of date', () => {
  it('a site runbook edit does; recording a backup or a rehearsal does not', async () => {
    const ws = openTestWorkspace();
    const { site, bo } = await readySite(ws);
    ws.clock.advance(60_000);
    await ws.call('runbook.recordBackup', { siteId: site.id, takenOn: '2026-03-01' });
    await ws.call('runbook.recordRehearsal', rehearsal(site.id, bo.id, '2026-03-01', 'passed'));
    expect(await rollbackItem(ws, site.id)).toMatchObject({ status: 'done' });

    ws.clock.advance(60_000);
    const view = await ws.call('runbook.get', { scope: { siteId: site.id } });
    await ws.call('runbook.setValues', {
      scope: { siteId: site.id },
      revision: view.revision,
      values: { backupLocation: 'The host panel, Backups, kept 30 days' },
    });
    const item = await rollbackItem(ws, site.id);
    expect(item.status).toBe('open');
    expect(item.why).toBe('The rollback facts changed after the last final rollback plan (exported 2026-03-01, changed 2026-03-01): export it again.');
    await ws.call('documents.generate', { siteId: site.id, kind: 'rollback_plan', format: 'md', final: true });
    expect(await rollbackItem(ws, site.id)).toMatchObject({ status: 'done' });
  });

  it('an edit of the site’s client or of the agency template does too, for every site that inherits it, in the stored readiness as well', async () => {
    const ws = openTestWorkspace();
    const { client, site } = await readySite(ws);
    const other = await ws.call('clients.create', { name: 'Fabrikam' });
    const stranger = await ws.call('sites.create', { clientId: other.id, ...fullSite, name: 'Fabrikam shop', productionUrl: 'https://fabrikam.test' });
    const blockedCount = async () => (await ws.call('dashboard.portfolio', {})).blocked;
    const before = await blockedCount();

    ws.clock.advance(60_000);
    let view = await ws.call('runbook.get', { scope: { clientId: other.id } });
    await ws.call('runbook.setValues', { scope: { clientId: other.id }, revision: view.revision, values: { supportHours: 'Mon–Fri 9–5' } });
    expect(await rollbackItem(ws, site.id)).toMatchObject({ status: 'done' });
    expect(await rollbackItem(ws, stranger.id)).toMatchObject({ status: 'open' });

    view = await ws.call('runbook.get', { scope: { clientId: client.id } });
    const restore = view.lists.find((l) => l.list === 'restore')!;
    await ws.call('runbook.setList', {
      scope: { clientId: client.id },
      list: 'restore',
      items: [{ text: 'Ask {{restore_owner}} to restore the last backup from {{backup_location}}.', applies: 'always' }],
      revision: restore.revision,
    });
    expect((await rollbackItem(ws, site.id)).why).toMatch(/changed after the last final rollback plan/);
    expect(await blockedCount()).toBe(before + 1);

    await ws.call('documents.generate', { siteId: site.id, kind: 'rollback_plan', format: 'md', final: true });
    expect(await rollbackItem(ws, site.id)).toMatchObject({ status: 'done' });
    expect(await blockedCount()).toBe(before);

    ws.clock.advance(60_000);
    view = await ws.call('runbook.get', { scope: { workspace: true } });
    await ws.call('runbook.setValues', {
      scope: { workspace: true },
      revision: view.revision,
      values: { rollbackDecider: 'The incident owner, {{incident_owner}}' },
    });
    expect((await rollbackItem(ws, site.id)).why).toMatch(/changed after the last final rollback plan/);
    expect(await blockedCount()).toBe(before + 1);
  });
});
