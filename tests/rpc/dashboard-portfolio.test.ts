/**
 * The Dashboard's numbers on a seeded portfolio: each one equals the total of the list it opens,
 * the two kinds of "paused" are counted apart, and the Dashboard and the Playbook agree on who needs
 * retraining.
 */
import { describe, expect, it } from 'vitest';
import { FIX_PLACES, fixPlace } from '@core/domain/blocker-fix';
import { ROLLOUT_STAGES } from '@core/domain/stages';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../db/helpers';
import { templateWorkspace } from '../factories/templates';

// The same time as the test workspaces' fixed clock, so verification ages and due dates line up.
const PORTFOLIO = { sites: 60, seed: 12, now: new Date('2026-03-01T10:00:00.000Z') };

function seeded(): TestWorkspace {
  return openTestWorkspace(templateWorkspace(tempDir(), PORTFOLIO));
}

const total = async (ws: TestWorkspace, filters: Record<string, unknown>) => (await ws.call('sites.list', { ...filters, limit: 1 })).total;

describe('dashboard.portfolio on a seeded portfolio', () => {
  it('every number equals the total of the Sites list it links to', { timeout: 120_000 }, async () => {
    const ws = seeded();
    const sites = (await ws.call('sites.list', { limit: 500 })).rows;
    const pilot = sites.find((s) => s.stage === 'pilot')!;
    const other = sites.find((s) => s.stage === 'setup')!;
    const spare = sites.find((s) => s.stage === 'adoption')!;
    // A pause on a pilot site, two incidents on one site and one on another, and an archived site that
    // keeps its pause and incident: archived sites are out of every figure, as in the Sites list.
    await ws.call('pauses.pause', { siteId: pilot.id, reason: 'A draft went out unreviewed', workflows: ['support_drafts'] });
    for (const [site, title] of [
      [pilot, 'Wrong prices'],
      [pilot, 'Draft sent'],
      [other, 'Slow replies'],
    ] as const) {
      await ws.call('incidents.open', {
        siteId: site.id,
        severity: 'high',
        title,
        whatHappened: 'Seen in the audit log',
        affectedWorkflow: 'support_drafts',
        occurredAt: '2026-03-01T08:00',
      });
    }
    await ws.call('pauses.pause', { siteId: spare.id, reason: 'Approvals misunderstood', workflows: ['workflow_approvals'] });
    await ws.call('incidents.open', {
      siteId: spare.id,
      severity: 'low',
      title: 'Late escalation',
      whatHappened: 'Seen',
      affectedWorkflow: 'workflow_approvals',
      occurredAt: '2026-03-01T08:00',
    });
    await ws.call('sites.archive', { id: spare.id });

    const p = await ws.call('dashboard.portfolio', {});
    for (const stage of ROLLOUT_STAGES) {
      expect(await total(ws, { stages: [stage] }), stage).toBe(p.byStage.find((s) => s.stage === stage)!.count);
    }
    expect(await total(ws, { blockedOnly: true })).toBe(p.blocked);
    expect(p.blocked).toBeGreaterThan(0);
    expect(await total(ws, { incompleteOnly: true })).toBe(p.incomplete);
    expect(await total(ws, { ownerGapsOnly: true })).toBe(p.ownerGaps);
    expect(await total(ws, { pausedOnly: true })).toBe(p.pausedSites);
    expect(await total(ws, { openIncidentsOnly: true })).toBe(p.incidentSites);
    expect(p.incidentSites).toBe(2);
    expect(p.openIncidentCount).toBe(3);
    expect(p.openIncidents.map((i) => i.title).sort()).toEqual(['Draft sent', 'Slow replies', 'Wrong prices']);

    // Every reason, not only the first few, and each one's count is what its click-through lists.
    expect(p.topReasons.length).toBeGreaterThan(8);
    expect(p.topReasons.map((r) => r.sites)).toEqual([...p.topReasons.map((r) => r.sites)].sort((a, b) => b - a));
    for (const r of p.topReasons) {
      expect(await total(ws, { reason: r.reason }), r.reason).toBe(r.sites);
      expect(r.onlyReasonSites).toBeLessThanOrEqual(r.sites);
      expect(FIX_PLACES).toContain(r.fix);
    }
    // A site blocked for one reason only is counted once in "only blocker" across all reasons.
    expect(p.topReasons.reduce((n, r) => n + r.onlyReasonSites, 0)).toBeLessThanOrEqual(p.blocked);
  });

  it('counts high-risk activity paused apart from the rollout stage Paused', { timeout: 120_000 }, async () => {
    const ws = seeded();
    const before = await ws.call('dashboard.portfolio', {});
    const stagePaused = before.byStage.find((s) => s.stage === 'paused')!.count;
    const sites = (await ws.call('sites.list', { limit: 500 })).rows;
    const pilot = sites.find((s) => s.stage === 'pilot' && !s.paused)!;
    await ws.call('pauses.pause', { siteId: pilot.id, reason: 'Prices changed without review', workflows: ['product_copy'] });
    const afterPause = await ws.call('dashboard.portfolio', {});
    expect(afterPause.pausedSites).toBe(before.pausedSites + 1);
    expect(afterPause.byStage.find((s) => s.stage === 'paused')!.count).toBe(stagePaused);
    expect(afterPause.paused.map((s) => s.siteId)).toContain(pilot.id);

    // A site moved to the stage Paused has no pause record: it counts in the stage only.
    const mover = sites.find((s) => s.stage === 'setup' && !s.paused)!;
    await ws.call('sites.changeStage', { siteId: mover.id, version: mover.version, to: 'paused' });
    const afterStage = await ws.call('dashboard.portfolio', {});
    expect(afterStage.byStage.find((s) => s.stage === 'paused')!.count).toBe(stagePaused + 1);
    expect(afterStage.pausedSites).toBe(afterPause.pausedSites);
    expect(await total(ws, { stages: ['paused'] })).toBe(stagePaused + 1);
    expect(await total(ws, { pausedOnly: true })).toBe(afterStage.pausedSites);
  });

  it('the Dashboard and the Playbook count the same operators for retraining', { timeout: 120_000 }, async () => {
    const ws = seeded();
    const perSop = async () => (await ws.call('playbook.matrix', {})).cells.reduce((n, c) => n + c.operatorsNeedingRetraining, 0);
    const first = await ws.call('operators.needingRetraining', { limit: 200 });
    // The seed changes one SOP after its operators signed it: one SOP each, so the sums agree too.
    expect(first.total).toBeGreaterThan(1);
    expect(await perSop()).toBe(first.total);
    expect(new Set(first.rows.map((o) => o.id)).size).toBe(first.total);
    expect(first.rows.every((o) => o.status === 'needs_retraining')).toBe(true);

    // Operators of an archived site are nobody's to retrain, on either page.
    const gone = first.rows[0]!;
    const onThatSite = first.rows.filter((o) => o.siteId === gone.siteId).length;
    await ws.call('sites.archive', { id: gone.siteId });
    const second = await ws.call('operators.needingRetraining', { limit: 200 });
    expect(second.total).toBe(first.total - onThatSite);
    expect(await perSop()).toBe(second.total);

    // Revoked access: the operator no longer works with SophMate there, on either page.
    const granted = second.rows.find((o) => o.access === 'granted');
    expect(granted, 'the seed grants access to some operators who need retraining').toBeDefined();
    await ws.call('operators.revokeAccess', { operatorId: granted!.id, reason: 'Left the support team' });
    const third = await ws.call('operators.needingRetraining', { limit: 200 });
    expect(third.total).toBe(second.total - 1);
    expect(await perSop()).toBe(third.total);
  });

  it('says where each kind of reason is fixed', () => {
    expect(fixPlace('Enable write-capable workflows: The Backups owner is not verified.')).toBe('owners');
    expect(fixPlace('Invite the wider team: The support path is not known to work: No Support routing owner is assigned.')).toBe('owners');
    expect(fixPlace('Enable write-capable workflows: The setup record is incomplete.')).toBe('setup');
    expect(
      fixPlace('Enable write-capable workflows: No final rollback plan has been exported: complete it on the Documents tab and export the final version.'),
    ).toBe('documents');
    expect(fixPlace('Invite the wider team: The first-week review is not done yet.')).toBe('reviews');
    expect(fixPlace('Invite the wider team: “Owner of the rollback plan briefed” is not done.')).toBe('readiness');
    expect(fixPlace('Enable write-capable workflows: Some workflow has no SOP for a role that uses it.')).toBe('playbook');
  });
});
