import { describe, expect, it } from 'vitest';
import { openTestWorkspace, type TestWorkspace } from './helpers';

async function setup(ws: TestWorkspace) {
  const { buildSite, buildPerson, buildOwnerAssignment, buildIncident } = ws.factories;
  const site = await buildSite({ name: 'Harbour Shop', productionUrl: 'https://shop.harbour.test' });
  const lead = await buildPerson({ name: 'Lee Lead', email: 'lee@agency.test' });
  await buildOwnerAssignment({ siteId: site.id, responsibility: 'incident_escalation', ownerId: lead.id });
  const incident = await buildIncident({
    siteId: site.id,
    severity: 'high',
    title: 'Wrong prices published',
    whatHappened: 'An approved product-copy plan also changed 40 prices.',
    affectedWorkflow: 'product_copy',
    occurredAt: '2026-03-01T09:30',
    affectedUser: 'marketer@harbour.test',
    screen: 'Approvals › Plan #212',
    prompt: 'Refresh the spring collection descriptions',
    approvalState: 'Approved (medium risk) by store manager',
    affectedRecords: '40 products in Spring 2026',
  });
  return { site, lead, incident };
}

describe('incidents', () => {
  it('keeps the evidence, shows the escalation path from the owner matrix and a timeline', async () => {
    const ws = openTestWorkspace();
    const { incident } = await setup(ws);
    expect(incident).toMatchObject({
      status: 'open',
      occurredAt: new Date('2026-03-01T09:30').toISOString(),
      screen: 'Approvals › Plan #212',
      openedBy: 'tester',
    });
    expect(incident.escalationPath[0]).toMatchObject({ label: 'Incident escalation', ownerName: 'Lee Lead' });
    expect(incident.escalationPath[1]).toMatchObject({ label: 'Support routing', ownerName: null });
    const noted = await ws.call('incidents.addNote', { id: incident.id, text: 'Product copy workflow paused in SophMate' });
    expect(noted.events.map((e) => e.kind)).toEqual(['opened', 'note']);
  });

  it('cannot be resolved without its prevention owner and regression check; nothing is written', async () => {
    const ws = openTestWorkspace();
    const { incident, lead } = await setup(ws);
    const before = ws.count('incident_events');
    const err = await ws.fail('incidents.resolve', { id: incident.id, preventionOwnerId: '', regressionCheck: '' });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details?.issues).toEqual([
      { path: 'preventionOwnerId', message: 'Choose the prevention owner: the person who makes sure it cannot happen again.' },
      { path: 'regressionCheck', message: 'Regression check is required.' },
    ]);
    expect(ws.count('incident_events')).toBe(before);
    expect((await ws.call('incidents.get', { id: incident.id })).status).toBe('open');
    const done = await ws.call('incidents.resolve', {
      id: incident.id,
      preventionOwnerId: lead.id,
      regressionCheck: 'Plan diff now lists price fields; 10 sample products checked',
    });
    expect(done).toMatchObject({ status: 'resolved', preventionOwnerName: 'Lee Lead', resolvedBy: 'tester' });
    expect((await ws.fail('incidents.resolve', { id: incident.id, preventionOwnerId: lead.id, regressionCheck: 'again' })).code).toBe('REFUSED');
    expect(await ws.call('incidents.list', { status: 'open' })).toEqual([]);
  });

  it('refuses secrets in the preserved prompt, and the schema refuses a resolution without prevention', async () => {
    const ws = openTestWorkspace();
    const { site, incident } = await setup(ws);
    const err = await ws.fail('incidents.open', {
      siteId: site.id,
      severity: 'low',
      title: 't',
      whatHappened: 'w',
      affectedWorkflow: 'read_only_copilot',
      occurredAt: '2026-03-01T10:00',
      prompt: 'use key sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ123456',
    });
    expect(err.details?.issues?.[0]?.path).toBe('prompt');
    expect(() => ws.session.workspace.sqlite.prepare("UPDATE incidents SET status = 'resolved' WHERE id = ?").run(incident.id)).toThrow(
      /incidents_resolved_needs_prevention/,
    );
  });
});
