/**
 * Findings of the first-week review on a real workspace: recorded by hand, decided (and decided
 * again), listed with their rows and per operator, repeat flags with the escalation owner, SOP
 * proposals from one SOP cell, and publishing one, which links the findings and sends the role's
 * operators back to training.
 */
import { describe, expect, it } from 'vitest';
import { buildActivityEvents, buildFinding } from '../factories/findings';
import { fullSite, openTestWorkspace, type TestWorkspace } from './helpers';

const DAY = 86_400_000;

async function pilotSite(ws: TestWorkspace, name = 'Northwind Shop') {
  const { buildOperator, buildPerson } = ws.factories;
  const client = await ws.call('clients.create', { name: `${name} client` });
  const site = await ws.call('sites.create', {
    clientId: client.id,
    ...fullSite,
    name,
    productionUrl: `https://${name.toLowerCase().replace(/\W+/g, '-')}.test`,
    stage: 'setup',
  });
  const lead = await buildPerson({ name: `Escalation lead of ${name}`, email: `lead-${site.id.slice(-6).toLowerCase()}@agency.test` });
  await ws.call('owners.assign', { siteId: site.id, responsibility: 'incident_escalation', ownerId: lead.id });
  const s = await ws.call('sites.get', { id: site.id });
  await ws.call('sites.changeStage', { siteId: site.id, version: s.version, to: 'pilot', overrideReason: 'Pilot started for the findings test' });
  const agent = await buildOperator({ siteId: site.id, role: 'support_agent', trained: true });
  const editor = await buildOperator({ siteId: site.id, role: 'editor' });
  return { site, lead, agent, editor };
}

function manual(ws: TestWorkspace, siteId: string, operatorId: string, over: Record<string, unknown> = {}) {
  return ws.call('findings.record', {
    siteId,
    operatorId,
    category: 'skipped_context',
    workflow: 'support_drafts',
    summary: 'Asked for a refund reply without the order number',
    ...over,
  });
}

describe('findings recorded by hand', () => {
  it('belong to the operator and their role, happen now unless said, and are in history', async () => {
    const ws = openTestWorkspace();
    const { site, agent } = await pilotSite(ws);
    const f = await manual(ws, site.id, agent.id);
    expect(f).toMatchObject({
      siteId: site.id,
      operatorId: agent.id,
      who: agent.personName,
      role: 'support_agent',
      category: 'skipped_context',
      rule: 'manual',
      source: 'manual',
      status: 'open',
      occurredAt: '2026-03-01T10:00:00.000Z',
      eventIds: [],
      sopUpdate: null,
    });
    const history = await ws.call('history.list', { siteId: site.id, entity: 'finding' });
    expect(history.rows[0]).toMatchObject({ action: 'finding-record', entityId: f.id });
    expect(history.rows[0]!.summary).toContain('Skipped context by');
  });

  it('are refused for another site’s operator or one no longer on the site, naming them, and nothing is written', async () => {
    const ws = openTestWorkspace();
    const { site, agent, editor } = await pilotSite(ws);
    const other = await pilotSite(ws, 'Contoso Store');
    const before = ws.count('change_log');
    const wrongSite = await ws.fail('findings.record', {
      siteId: site.id,
      operatorId: other.agent.id,
      category: 'unsafe_prompt',
      workflow: 'read_only_copilot',
      summary: 'x',
    });
    expect(wrongSite.code).toBe('REFUSED');
    expect(wrongSite.message).toBe(`${other.agent.personName} is not an operator of “Northwind Shop”: choose one of its operators.`);
    const noSop = await ws.fail('findings.record', {
      siteId: site.id,
      operatorId: editor.id,
      category: 'skipped_context',
      workflow: 'support_drafts',
      summary: 'x',
    });
    expect(noSop.code).toBe('REFUSED');
    expect(noSop.message).toBe(
      `Editors have no Support drafts SOP, so ${editor.personName}'s finding cannot concern it: choose one of their workflows (Read-only Copilot questions, Product copy, Workflow approvals, Incident escalation).`,
    );
    ws.session.workspace.sqlite.prepare(`UPDATE operators SET archived_at = '2026-03-01T09:00:00.000Z' WHERE id = ?`).run(agent.id);
    const archived = await ws.fail('findings.record', {
      siteId: site.id,
      operatorId: agent.id,
      category: 'unsafe_prompt',
      workflow: 'read_only_copilot',
      summary: 'x',
    });
    expect(archived.code).toBe('REFUSED');
    expect(archived.message).toContain(`${agent.personName} is no longer an operator of “Northwind Shop”`);
    expect(ws.count('findings')).toBe(0);
    expect(ws.count('change_log')).toBe(before);
  });
});

describe('deciding a finding', () => {
  it('confirms or dismisses with a note, refuses a stale version, and records deciding again', async () => {
    const ws = openTestWorkspace();
    const { site, agent } = await pilotSite(ws);
    const f = await manual(ws, site.id, agent.id);
    const dismissed = await ws.call('findings.decide', { id: f.id, version: f.version, decision: 'dismissed', note: 'The order number was in the ticket' });
    expect(dismissed).toMatchObject({
      status: 'dismissed',
      decisionNote: 'The order number was in the ticket',
      decidedAt: '2026-03-01T10:00:00.000Z',
      decidedBy: 'tester',
    });

    const stale = await ws.fail('findings.decide', { id: f.id, version: f.version, decision: 'confirmed', note: 'Again' });
    expect(stale.code).toBe('STALE_VERSION');
    expect(stale.message).toContain('was changed since you opened it');
    expect((await ws.call('findings.list', { siteId: site.id })).rows[0]!.status).toBe('dismissed');

    const confirmed = await ws.call('findings.decide', {
      id: f.id,
      version: dismissed.version,
      decision: 'confirmed',
      note: 'It was not: confirmed with the team',
    });
    expect(confirmed.status).toBe('confirmed');
    const history = await ws.call('history.list', { siteId: site.id, entity: 'finding' });
    expect(history.rows.map((r) => r.action)).toEqual(['finding-confirm', 'finding-dismiss', 'finding-record']);
    expect(history.rows[0]!.summary).toContain('confirmed (was dismissed): It was not: confirmed with the team');
  });
});

describe('listing findings and repeat flags', () => {
  it('lists rows with their events, filters, counts per operator without dismissed ones, and flags repeats with the escalation owner', async () => {
    const ws = openTestWorkspace();
    const { site, lead, agent, editor } = await pilotSite(ws);
    const ctx = ws.session.ctx;
    const events = buildActivityEvents(ctx, site.id, [
      { occurredAt: '2026-03-02T09:00:00.000Z', actor: 'agent@client.test', kind: 'prompt', operatorId: agent.id, role: 'support_agent' },
      { occurredAt: '2026-03-03T09:00:00.000Z', actor: 'agent@client.test', kind: 'prompt', operatorId: agent.id, role: 'support_agent' },
      { occurredAt: '2026-03-04T09:00:00.000Z', actor: 'agent@client.test', kind: 'prompt', operatorId: agent.id, role: 'support_agent' },
    ]);
    const base = {
      siteId: site.id,
      operatorId: agent.id,
      actor: 'agent@client.test',
      role: 'support_agent' as const,
      category: 'unsafe_prompt' as const,
      workflow: 'read_only_copilot' as const,
    };
    buildFinding(ctx, { ...base, rule: 'unsafe_prompt.credentials', occurredAt: '2026-03-02T09:00:00.000Z', eventIds: [events[0]!] });
    buildFinding(ctx, { ...base, rule: 'unsafe_prompt.credentials', occurredAt: '2026-03-03T09:00:00.000Z', eventIds: [events[1]!] });
    buildFinding(ctx, { ...base, rule: 'unsafe_prompt.credentials', occurredAt: '2026-03-04T09:00:00.000Z', eventIds: [events[2]!] });
    await manual(ws, site.id, editor.id, { category: 'unsafe_prompt', workflow: 'read_only_copilot' });

    const all = await ws.call('findings.list', { siteId: site.id });
    expect(all.rows).toHaveLength(4);
    expect(all.rows.find((r) => r.occurredAt === '2026-03-02T09:00:00.000Z')).toMatchObject({ who: agent.personName, eventIds: [events[0]] });
    expect((await ws.call('findings.list', { siteId: site.id, operatorId: editor.id })).rows).toHaveLength(1);
    expect((await ws.call('findings.list', { siteId: site.id, category: 'late_escalation' })).rows).toHaveLength(0);
    const mine = all.byOperator.find((o) => o.operatorId === agent.id)!;
    expect(mine).toMatchObject({ who: agent.personName, role: 'support_agent', flags: ['unsafe_prompt'] });
    expect(mine.counts.unsafe_prompt).toBe(3);

    const flags = await ws.call('findings.flags', { siteId: site.id });
    expect(flags).toEqual([
      expect.objectContaining({
        siteId: site.id,
        siteName: 'Northwind Shop',
        operatorId: agent.id,
        operatorName: agent.personName,
        role: 'support_agent',
        category: 'unsafe_prompt',
        count: 3,
        threshold: 3,
        windowDays: 7,
        lastAt: '2026-03-04T09:00:00.000Z',
        escalationOwner: { responsibility: 'incident_escalation', name: lead.name, email: lead.email },
      }),
    ]);
    const dash = await ws.call('dashboard.portfolio', {});
    expect(dash.repeatFlagCount).toBe(1);
    expect(dash.repeatFlags[0]).toMatchObject({ operatorId: agent.id, category: 'unsafe_prompt' });

    // A dismissed finding no longer counts: two are not a repeat.
    const one = all.rows.find((r) => r.operatorId === agent.id)!;
    await ws.call('findings.decide', { id: one.id, version: one.version, decision: 'dismissed', note: 'A test key from the docs, not a real one' });
    expect(await ws.call('findings.flags', { siteId: site.id })).toEqual([]);
    const after = await ws.call('findings.list', { siteId: site.id });
    expect(after.byOperator.find((o) => o.operatorId === agent.id)).toMatchObject({ flags: [] });
    expect((await ws.call('dashboard.portfolio', {})).repeatFlagCount).toBe(0);
  });

  it('across the portfolio counts only operators still on active sites', async () => {
    const ws = openTestWorkspace();
    const a = await pilotSite(ws);
    const b = await pilotSite(ws, 'Contoso Store');
    for (const p of [a, b])
      for (const day of [2, 3, 4])
        await manual(ws, p.site.id, p.agent.id, { occurredAt: new Date(Date.parse('2026-03-01T08:00:00.000Z') + day * DAY).toISOString() });
    expect((await ws.call('findings.flags', {})).map((f) => f.siteName).sort()).toEqual(['Contoso Store', 'Northwind Shop']);
    ws.session.workspace.sqlite.prepare(`UPDATE operators SET archived_at = '2026-03-05T09:00:00.000Z' WHERE id = ?`).run(b.agent.id);
    expect((await ws.call('findings.flags', {})).map((f) => f.siteName)).toEqual(['Northwind Shop']);
    const s = await ws.call('sites.get', { id: a.site.id });
    await ws.call('sites.archive', { id: a.site.id, version: s.version });
    expect(await ws.call('findings.flags', {})).toEqual([]);
  });
});

describe('a person archived', () => {
  it('no longer raises flags and gets no new finding recorded by hand', async () => {
    const ws = openTestWorkspace();
    const { site, agent } = await pilotSite(ws);
    for (const day of [2, 3, 4])
      await manual(ws, site.id, agent.id, { occurredAt: new Date(Date.parse('2026-03-01T08:00:00.000Z') + day * DAY).toISOString() });
    expect(await ws.call('findings.flags', { siteId: site.id })).toHaveLength(1);
    const person = await ws.call('people.get', { id: agent.personId });
    await ws.call('people.archive', { id: person.id, version: person.version });
    expect(await ws.call('findings.flags', { siteId: site.id })).toEqual([]);
    expect((await ws.call('dashboard.portfolio', {})).repeatFlagCount).toBe(0);
    const before = ws.count('findings');
    const refused = await ws.fail('findings.record', {
      siteId: site.id,
      operatorId: agent.id,
      category: 'skipped_context',
      workflow: 'support_drafts',
      summary: 'Another one',
    });
    expect(refused.code).toBe('REFUSED');
    expect(refused.message).toContain('is no longer an operator of');
    expect(ws.count('findings')).toBe(before);
  });
});

describe('an SOP update from findings', () => {
  it('is refused for findings of different SOPs or of an actor not matched to an operator', async () => {
    const ws = openTestWorkspace();
    const { site, agent, editor } = await pilotSite(ws);
    const a = await manual(ws, site.id, agent.id);
    const b = await manual(ws, site.id, editor.id, { category: 'unsafe_prompt', workflow: 'read_only_copilot' });
    const mixed = await ws.fail('findings.proposeSopUpdate', { findingIds: [a.id, b.id] });
    expect(mixed.code).toBe('REFUSED');
    expect(mixed.message).toBe(
      'These findings concern different SOPs (Support drafts for Support agent; Read-only Copilot questions for Editor): choose findings of one workflow and one role.',
    );
    const unmatched = buildFinding(ws.session.ctx, {
      siteId: site.id,
      operatorId: null,
      actor: 'someone@client.test',
      role: null,
      category: 'skipped_context',
      workflow: 'support_drafts',
      occurredAt: '2026-03-02T09:00:00.000Z',
    });
    const who = await ws.fail('findings.proposeSopUpdate', { findingIds: [unmatched] });
    expect(who.code).toBe('REFUSED');
    expect(who.message).toContain('someone@client.test is not matched to an operator of the site');
    expect(who.message).toContain('match the actor to an operator first');
  });

  it('is refused for a dismissed finding or one already answered by a published version, and nothing is moved', async () => {
    const ws = openTestWorkspace();
    const { site, agent } = await pilotSite(ws);
    const a = await manual(ws, site.id, agent.id);
    const b = await manual(ws, site.id, agent.id, { summary: 'Drafted a reply without the ticket number' });
    const dismissed = await ws.call('findings.decide', { id: b.id, version: b.version, decision: 'dismissed', note: 'The ticket was linked in the thread' });
    const refusedDismissed = await ws.fail('findings.proposeSopUpdate', { findingIds: [a.id, dismissed.id] });
    expect(refusedDismissed.code).toBe('REFUSED');
    expect(refusedDismissed.message).toContain('A finding was dismissed');
    expect(refusedDismissed.message).toContain('a dismissed finding asks for no SOP change');

    const proposal = await ws.call('findings.proposeSopUpdate', { findingIds: [a.id] });
    const publish = {
      workflow: proposal.workflow,
      role: proposal.role,
      baseVersion: proposal.baseVersion,
      sop: proposal.sop,
      changeSummary: proposal.changeSummary,
    };
    const refusedPublish = await ws.fail('sops.publish', { ...publish, findingIds: [a.id, dismissed.id] });
    expect(refusedPublish.message).toContain('A finding was dismissed');
    const v2 = await ws.call('sops.publish', { ...publish, findingIds: [a.id] });

    const again = await ws.fail('findings.proposeSopUpdate', { findingIds: [a.id] });
    expect(again.message).toContain(`already answered by a published SOP version (${agent.personName}: v${v2.sop.version})`);
    const next = await ws.call('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
    const versions = ws.count('sop_versions');
    const moved = await ws.fail('sops.publish', { ...publish, baseVersion: next.sop.version, changeSummary: 'Tighter wording', findingIds: [a.id] });
    expect(moved.code).toBe('REFUSED');
    expect(ws.count('sop_versions')).toBe(versions);
    expect((await ws.call('findings.list', { siteId: site.id })).rows.find((r) => r.id === a.id)!.sopUpdate?.version).toBe(v2.sop.version);
  });

  it('proposes from the current SOP; publishing links the findings and the role’s trained operators need retraining', async () => {
    const ws = openTestWorkspace();
    const { site, agent, editor } = await pilotSite(ws);
    const a = await manual(ws, site.id, agent.id);
    const b = await manual(ws, site.id, agent.id, { summary: 'Drafted a reply without the customer’s last message' });
    const other = await manual(ws, site.id, editor.id, { category: 'unsafe_prompt', workflow: 'read_only_copilot' });
    const current = await ws.call('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
    expect((await ws.call('operators.needingRetraining', { limit: 50 })).total).toBe(0);

    const proposal = await ws.call('findings.proposeSopUpdate', { findingIds: [a.id, b.id] });
    expect(proposal).toMatchObject({ workflow: 'support_drafts', role: 'support_agent', baseVersion: current.sop.version, findingIds: [a.id, b.id] });
    expect(proposal.changeSummary.length).toBeGreaterThan(0);

    const publish = {
      workflow: proposal.workflow,
      role: proposal.role,
      baseVersion: proposal.baseVersion,
      sop: proposal.sop,
      changeSummary: proposal.changeSummary,
    };
    const versions = ws.count('sop_versions');
    const refused = await ws.fail('sops.publish', { ...publish, findingIds: [a.id, other.id] });
    expect(refused.code).toBe('REFUSED');
    expect(refused.message).toContain('Read-only Copilot questions for Editor');
    expect(ws.count('sop_versions')).toBe(versions);

    const published = await ws.call('sops.publish', { ...publish, findingIds: proposal.findingIds });
    expect(published.sop.version).toBe(current.sop.version + 1);
    const rows = (await ws.call('findings.list', { siteId: site.id })).rows;
    for (const id of [a.id, b.id])
      expect(rows.find((r) => r.id === id)!.sopUpdate).toEqual({ workflow: 'support_drafts', role: 'support_agent', version: published.sop.version });
    expect(rows.find((r) => r.id === other.id)!.sopUpdate).toBeNull();
    const history = await ws.call('history.list', { siteId: site.id, entity: 'finding' });
    expect(history.rows.filter((r) => r.action === 'finding-sop-update')).toHaveLength(2);

    const retraining = await ws.call('operators.needingRetraining', { limit: 50 });
    expect(retraining.rows.map((r) => r.id)).toEqual([agent.id]);
  });
});
