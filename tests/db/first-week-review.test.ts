/**
 * The first-week review screen and its completion on a real workspace: the five areas counted from
 * the imported activity and the findings, completion refused for another kind of review or while a
 * finding is open, never completed through `reviews.complete`, and once done the area notes, the review's
 * findings summary and history.
 */
import { describe, expect, it } from 'vitest';
import { REVIEW_AREAS } from '@core/activity/vocabulary';
import { buildActivityEvents, buildFinding } from '../factories/findings';
import { fullSite, openTestWorkspace, type TestWorkspace } from './helpers';

const DAY = 86_400_000;
const AREAS = REVIEW_AREAS.map((area) => ({ area, found: `Looked at the ${area.replace('_', ' ')}: one training gap` }));

async function firstWeekSite(ws: TestWorkspace) {
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const site = await ws.call('sites.create', { clientId: client.id, ...fullSite, stage: 'setup' });
  const s = await ws.call('sites.get', { id: site.id });
  await ws.call('sites.changeStage', { siteId: site.id, version: s.version, to: 'pilot', overrideReason: 'Pilot started for the first-week test' });
  const agent = await ws.factories.buildOperator({ siteId: site.id, role: 'support_agent' });
  const { reviews } = await ws.call('reviews.forSite', { siteId: site.id });
  const review = reviews.find((r) => r.kind === 'first_week')!;
  return { site, agent, review };
}

describe('the first-week review screen', () => {
  it('counts events and findings per area: by the first row’s kind, or by category for findings recorded by hand', async () => {
    const ws = openTestWorkspace();
    const { site, agent, review } = await firstWeekSite(ws);
    expect(await ws.call('findings.firstWeek', { siteId: site.id })).toMatchObject({
      reviewId: review.id,
      reviewState: 'open',
      dueOn: '2026-03-08',
      imports: 0,
      events: 0,
      openFindings: 0,
      settings: { repeatThreshold: 3, repeatWindowDays: 7 },
    });
    const ctx = ws.session.ctx;
    const ev = buildActivityEvents(ctx, site.id, [
      { occurredAt: '2026-03-02T09:00:00.000Z', actor: 'a@client.test', kind: 'prompt' },
      { occurredAt: '2026-03-02T10:00:00.000Z', actor: 'a@client.test', kind: 'plan_approved' },
      { occurredAt: '2026-03-02T11:00:00.000Z', actor: 'a@client.test', kind: 'plan_rejected' },
      { occurredAt: '2026-03-02T12:00:00.000Z', actor: 'a@client.test', kind: 'draft' },
      { occurredAt: '2026-03-02T13:00:00.000Z', actor: 'a@client.test', kind: 'incident' },
      { occurredAt: '2026-03-02T14:00:00.000Z', actor: 'a@client.test', kind: 'escalation' },
    ]);
    const base = { siteId: site.id, operatorId: agent.id, actor: 'a@client.test', role: 'support_agent' as const };
    buildFinding(ctx, {
      ...base,
      category: 'approval_misunderstanding',
      workflow: 'workflow_approvals',
      occurredAt: '2026-03-02T10:00:00.000Z',
      eventIds: [ev[1]!],
    });
    // Rows out of order: the first in time decides (the incident, an audit record).
    buildFinding(ctx, {
      ...base,
      category: 'late_escalation',
      workflow: 'incident_escalation',
      occurredAt: '2026-03-02T14:00:00.000Z',
      eventIds: [ev[5]!, ev[4]!],
    });
    await ws.call('findings.record', {
      siteId: site.id,
      operatorId: agent.id,
      category: 'unsafe_prompt',
      workflow: 'read_only_copilot',
      summary: 'Asked for a customer list',
    });
    await ws.call('findings.record', {
      siteId: site.id,
      operatorId: agent.id,
      category: 'approval_misunderstanding',
      workflow: 'read_only_copilot',
      summary: 'Took a Copilot answer for an approval',
    });
    const dismissed = await ws.call('findings.record', {
      siteId: site.id,
      operatorId: agent.id,
      category: 'support_path_confusion',
      workflow: 'incident_escalation',
      summary: 'Escalated to nobody',
    });
    await ws.call('findings.decide', {
      id: dismissed.id,
      version: dismissed.version,
      decision: 'dismissed',
      note: 'The owner was on leave and this was agreed',
    });

    const fw = await ws.call('findings.firstWeek', { siteId: site.id });
    expect(fw).toMatchObject({ imports: 1, events: 6, openFindings: 4 });
    expect(fw.areas).toEqual([
      { area: 'prompts', events: 1, findings: 1, openFindings: 1, found: null },
      { area: 'rejected_plans', events: 1, findings: 0, openFindings: 0, found: null },
      { area: 'support_drafts', events: 1, findings: 0, openFindings: 0, found: null },
      { area: 'approvals', events: 1, findings: 2, openFindings: 2, found: null },
      { area: 'audit_records', events: 2, findings: 1, openFindings: 1, found: null },
    ]);
    expect(fw.byOperator).toEqual([
      expect.objectContaining({ operatorId: agent.id, counts: expect.objectContaining({ approval_misunderstanding: 2, support_path_confusion: 0 }) }),
    ]);
  });
});

describe('completing the first-week review', () => {
  it('is refused for another kind of review and while a finding is open, writing nothing', async () => {
    const ws = openTestWorkspace();
    const { site, agent, review } = await firstWeekSite(ws);
    ws.clock.advance(8 * DAY);
    const initial = (await ws.call('reviews.forSite', { siteId: site.id })).reviews.find((r) => r.kind === 'initial_setup')!;
    const notFirstWeek = await ws.fail('reviews.completeFirstWeek', { id: initial.id, version: initial.version, areas: AREAS, notes: 'Reviewed' });
    expect(notFirstWeek.code).toBe('REFUSED');
    expect(notFirstWeek.message).toBe('This review is the initial setup review of “Northwind Shop”, not its first-week review: complete it from Reviews.');

    await ws.call('findings.record', {
      siteId: site.id,
      operatorId: agent.id,
      category: 'unsafe_prompt',
      workflow: 'read_only_copilot',
      summary: 'Asked for a customer list',
    });
    await ws.call('findings.record', {
      siteId: site.id,
      operatorId: agent.id,
      category: 'skipped_context',
      workflow: 'support_drafts',
      summary: 'No order number',
    });
    const history = ws.count('change_log');
    const open = await ws.fail('reviews.completeFirstWeek', { id: review.id, version: review.version, areas: AREAS, notes: 'Reviewed with the team' });
    expect(open.code).toBe('REFUSED');
    expect(open.message).toBe('2 findings are still open on “Northwind Shop”: confirm or dismiss each first (site > First week), then complete the review.');
    expect(ws.count('change_log')).toBe(history);
    expect(ws.count('review_area_notes')).toBe(0);
    expect((await ws.call('findings.firstWeek', { siteId: site.id })).reviewState).toBe('open');
  });

  it('is never completed through reviews.complete, which would leave it without its area notes: refused, nothing written', async () => {
    const ws = openTestWorkspace();
    const { site, review } = await firstWeekSite(ws);
    ws.clock.advance(8 * DAY);
    const message =
      'The first-week review of “Northwind Shop” is completed from its own screen (site > First week), which asks what was found in prompts, rejected plans, support drafts, approvals and audit records.';
    const history = ws.count('change_log');
    const overrides = ws.count('gate_overrides');
    for (const extra of [{}, { findings: 'None' }, { overrideReason: 'The client asked for the review a day early' }]) {
      const err = await ws.fail('reviews.complete', { id: review.id, version: review.version, notes: 'Reviewed with the team', ...extra });
      expect(err).toMatchObject({ code: 'REFUSED', message });
    }
    expect(ws.count('change_log')).toBe(history);
    expect(ws.count('gate_overrides')).toBe(overrides);
    expect(ws.count('review_area_notes')).toBe(0);
    const after = (await ws.call('reviews.forSite', { siteId: site.id })).reviews.find((r) => r.id === review.id)!;
    expect(after).toMatchObject({ version: review.version, doneAt: null, notes: null });
    expect(after.state).not.toBe('done');
    expect((await ws.call('readiness.get', { siteId: site.id })).checklist.find((c) => c.id === 'first-week-review')!.status).toBe('open');
    // Its own screen completes it, with the five notes.
    const done = await ws.call('reviews.completeFirstWeek', { id: review.id, version: review.version, areas: AREAS, notes: 'Reviewed with the team' });
    expect(done.review.state).toBe('done');
    expect(ws.count('review_area_notes')).toBe(REVIEW_AREAS.length);
  });

  it('writes what was found per area and completes the review with a summary of its findings', async () => {
    const ws = openTestWorkspace();
    const { site, agent, review } = await firstWeekSite(ws);
    const a = await ws.call('findings.record', {
      siteId: site.id,
      operatorId: agent.id,
      category: 'unsafe_prompt',
      workflow: 'read_only_copilot',
      summary: 'Asked for a customer list',
    });
    const b = await ws.call('findings.record', {
      siteId: site.id,
      operatorId: agent.id,
      category: 'skipped_context',
      workflow: 'support_drafts',
      summary: 'No order number',
    });
    await ws.call('findings.decide', { id: a.id, version: a.version, decision: 'confirmed', note: 'Shown the refusal rule' });
    await ws.call('findings.decide', { id: b.id, version: b.version, decision: 'dismissed', note: 'The ticket had it' });
    ws.clock.advance(8 * DAY);
    const done = await ws.call('reviews.completeFirstWeek', { id: review.id, version: review.version, areas: AREAS, notes: 'Reviewed with the team' });
    expect(done.review).toMatchObject({
      state: 'done',
      notes: 'Reviewed with the team',
      findings: 'Unsafe prompt: 1 confirmed; Skipped context: 1 dismissed.',
    });
    const fw = await ws.call('findings.firstWeek', { siteId: site.id });
    expect(fw).toMatchObject({
      reviewId: review.id,
      reviewState: 'done',
      doneAt: '2026-03-09T10:00:00.000Z',
      doneBy: 'tester',
      notes: 'Reviewed with the team',
    });
    expect(fw.areas.map((x) => x.found)).toEqual(AREAS.map((x) => x.found));
    const actions = (await ws.call('history.list', { siteId: site.id, entity: 'review' })).rows.map((r) => r.action);
    expect(actions.slice(0, 2)).toEqual(['review-done', 'review-areas']);
    const again = await ws.fail('reviews.completeFirstWeek', { id: review.id, version: done.review.version, areas: AREAS, notes: 'Again' });
    expect(again.code).toBe('REFUSED');
    expect(again.message).toContain('is already done');
  });

  it('before the week is over takes an override reason, as every first-week completion does', async () => {
    const ws = openTestWorkspace();
    const { review } = await firstWeekSite(ws);
    const early = await ws.fail('reviews.completeFirstWeek', { id: review.id, version: review.version, areas: AREAS, notes: 'Reviewed' });
    expect(early.code).toBe('REFUSED');
    expect(early.message).toContain('is not over until 2026-03-08');
    const done = await ws.call('reviews.completeFirstWeek', {
      id: review.id,
      version: review.version,
      areas: AREAS,
      notes: 'Reviewed',
      overrideReason: 'The client goes live early and asked for the review now',
    });
    expect(done.review.state).toBe('done');
    expect(done.review.findings).toBe('No findings.');
  });
});
