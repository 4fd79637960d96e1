import { describe, expect, it } from 'vitest';
import { writerOf } from '@main/rpc/context';
import { reasonKey } from '@main/services/dashboard';
import { importStage } from '@main/services/sites-stage';
import { openTestWorkspace } from './helpers';

describe('portfolio dashboard', () => {
  it('counts blocked sites with their most common reasons, paused sites and open incidents', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Acme' });
    const mk = async (n: number, stage: 'setup' | 'pilot') => {
      const s = await ws.call('sites.create', { clientId: client.id, name: `Site ${n}`, productionUrl: `https://s${n}.acme.test` });
      if (stage !== 'setup') importStage(writerOf(ws.session.ctx), s.id, stage);
      else await ws.call('sites.changeStage', { siteId: s.id, version: s.version, to: 'setup' });
      return s;
    };
    const a = await mk(1, 'pilot');
    await mk(2, 'pilot');
    await mk(3, 'setup');
    await ws.call('pauses.pause', { siteId: a.id, reason: 'Bad plan', workflows: ['workflow_approvals'] });
    await ws.call('incidents.open', {
      siteId: a.id,
      severity: 'critical',
      title: 'Prices wrong',
      whatHappened: 'x',
      affectedWorkflow: 'workflow_approvals',
      occurredAt: '2026-03-01T08:00',
    });
    const p = await ws.call('dashboard.portfolio', {});
    expect(p.byStage.find((s) => s.stage === 'pilot')!.count).toBe(2);
    expect(p.blocked).toBe(3);
    expect(p.topReasons[0]!.sites).toBe(3);
    expect(p.topReasons).toContainEqual({
      reason: 'Enable write-capable workflows: No support path is known to work: No Support routing owner is assigned.',
      sites: 3,
      onlyReasonSites: 0,
      fix: 'owners',
    });
    expect(p.topReasons.map((r) => r.sites)).toEqual([...p.topReasons.map((r) => r.sites)].sort((x, y) => y - x));
    expect(p.ownerGaps).toBe(3);
    expect(p.paused).toEqual([expect.objectContaining({ siteName: 'Site 1', reason: 'Bad plan' })]);
    expect(p.pausedSites).toBe(1);
    expect(p.incidentSites).toBe(1);
    expect(p.openIncidents).toEqual([expect.objectContaining({ title: 'Prices wrong', severity: 'critical' })]);
    // Every number clicks through to the same set in the Sites list.
    expect((await ws.call('sites.list', { blockedOnly: true })).total).toBe(p.blocked);
    expect((await ws.call('sites.list', { pausedOnly: true })).total).toBe(1);
    expect((await ws.call('sites.list', { openIncidentsOnly: true })).rows.map((r) => r.name)).toEqual(['Site 1']);
  });

  it('groups reasons without owner names or figures', () => {
    expect(reasonKey('Invite the wider team: The Permissions owner (Ann Lee) was last verified 120 days ago (more than 90): verify again.')).toBe(
      'Invite the wider team: The Permissions owner was verified too long ago: verify again.',
    );
    expect(reasonKey('Invite the wider team: The first-week review was skipped on 2026-11-20 (Covered elsewhere), so nobody reviewed the first week.')).toBe(
      'Invite the wider team: The first-week review was skipped, so nobody reviewed the first week.',
    );
  });
});

describe('saved views', () => {
  it('saves, refuses a duplicate name, never stores a token, and removes', async () => {
    const ws = openTestWorkspace();
    const list = await ws.call('views.save', { name: 'Pilot with gaps', query: '?stage=pilot&gaps=1' });
    expect(list).toEqual([expect.objectContaining({ name: 'Pilot with gaps', query: 'stage=pilot&gaps=1' })]);
    expect((await ws.fail('views.save', { name: 'pilot WITH gaps', query: 'stage=setup' })).code).toBe('DUPLICATE');
    expect((await ws.fail('views.save', { name: 'x', query: 'token=abc' })).details?.issues?.[0]?.message).toBe('A view cannot store an access token.');
    expect(await ws.call('views.remove', { id: list[0]!.id })).toEqual([]);
  });
});
