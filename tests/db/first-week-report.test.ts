/**
 * The first-week review report through the documents pipeline: refused as final while the review is
 * not done, a finding is open, an area has no note or no activity was imported (with a fix for each);
 * once complete it renders as Markdown, HTML and PDF with the imports, areas, findings and decisions,
 * flags with their escalation owner, SOP updates and retraining, and never the imported text itself.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REVIEW_AREAS } from '@core/activity/vocabulary';
import { buildActivityEvents, buildFinding } from '../factories/findings';
import { fullSite, openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

const DAY = 86_400_000;

async function gen(ws: TestWorkspace, siteId: string, format: 'md' | 'html' | 'pdf', final = false) {
  const r = await ws.call('documents.generate', { siteId, kind: 'first_week_review', format, final });
  return { ...r, bytes: Buffer.from(r.content, r.encoding) };
}

async function reviewedSite(ws: TestWorkspace) {
  await ws.call('branding.update', { agencyName: 'Brightpath Agency', footer: 'Brightpath Agency', logo: null, texts: {} });
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const site = await ws.call('sites.create', { clientId: client.id, ...fullSite, stage: 'setup' });
  const lead = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  await ws.call('owners.assign', { siteId: site.id, responsibility: 'incident_escalation', ownerId: lead.id });
  const s = await ws.call('sites.get', { id: site.id });
  await ws.call('sites.changeStage', { siteId: site.id, version: s.version, to: 'pilot', overrideReason: 'Pilot started for the report test' });
  const agent = await ws.factories.buildOperator({ siteId: site.id, role: 'support_agent', trained: true });
  const review = (await ws.call('reviews.forSite', { siteId: site.id })).reviews.find((r) => r.kind === 'first_week')!;
  return { site, agent, review };
}

describe('the first-week review report', () => {
  it('is refused as final while incomplete, naming each missing part and its fix', async () => {
    const ws = openTestWorkspace();
    const { site, agent } = await reviewedSite(ws);
    await ws.call('findings.record', {
      siteId: site.id,
      operatorId: agent.id,
      category: 'unsafe_prompt',
      workflow: 'read_only_copilot',
      summary: 'Asked for a customer list',
    });
    const preview = await ws.call('documents.preview', { siteId: site.id, kind: 'first_week_review' });
    expect(preview.missing).toEqual([
      { part: 'The first-week review done (it is open)', fix: 'Site → First week: complete the review.' },
      { part: 'A decision on every finding (1 open)', fix: 'Site → First week: confirm or dismiss each finding with a note.' },
      {
        part: 'What was found in Prompts, Rejected plans, Support drafts, Approvals, Audit records',
        fix: 'Site → First week: say what was found in each area when completing the review.',
      },
      {
        part: 'Activity imported for the first week, or review notes saying why none was',
        fix: 'Site → First week: import the SophMate activity export, or say in the review notes why there is none.',
      },
    ]);
    const before = ws.count('generated_documents');
    const refused = await ws.fail('documents.generate', { siteId: site.id, kind: 'first_week_review', format: 'md', final: true });
    expect(refused.code).toBe('REFUSED');
    expect(refused.message).toContain('The first-week review done (it is open)');
    expect(ws.count('generated_documents')).toBe(before);
    // A draft renders in every format.
    for (const format of ['md', 'html', 'pdf'] as const) expect((await gen(ws, site.id, format)).bytes.length).toBeGreaterThan(500);
  });

  it('once complete, says what the review found, who to escalate, the SOP updates and who retrains, never the imported text', async () => {
    const ws = openTestWorkspace();
    const { site, agent, review } = await reviewedSite(ws);
    const ctx = ws.session.ctx;
    const ev = buildActivityEvents(
      ctx,
      site.id,
      [2, 3, 4].map((d) => ({
        occurredAt: new Date(Date.parse('2026-03-01T09:00:00.000Z') + d * DAY).toISOString(),
        actor: 'agent@client.test',
        kind: 'draft' as const,
        operatorId: agent.id,
        role: 'support_agent' as const,
        text: 'Reply to jane.doe@customer.test about order 1234',
      })),
      { fileName: 'sophmate-week1.csv', masked: false },
    );
    const ids = ev.map((eventId, i) =>
      buildFinding(ctx, {
        siteId: site.id,
        operatorId: agent.id,
        actor: 'agent@client.test',
        role: 'support_agent',
        category: 'skipped_context',
        rule: 'skipped_context.missing_context',
        workflow: 'support_drafts',
        occurredAt: new Date(Date.parse('2026-03-01T09:00:00.000Z') + (i + 2) * DAY).toISOString(),
        summary: `Draft for jane.doe@customer.test without the order number (${i + 1})`,
        eventIds: [eventId],
      }),
    );
    const proposal = await ws.call('findings.proposeSopUpdate', { findingIds: ids });
    await ws.call('sops.publish', {
      workflow: proposal.workflow,
      role: proposal.role,
      baseVersion: proposal.baseVersion,
      sop: proposal.sop,
      changeSummary: 'Ask for the order number before drafting',
      findingIds: proposal.findingIds,
    });
    for (const f of (await ws.call('findings.list', { siteId: site.id })).rows)
      await ws.call('findings.decide', { id: f.id, version: f.version, decision: 'confirmed', note: 'Seen in the drafts' });
    ws.clock.advance(8 * DAY);
    await ws.call('reviews.completeFirstWeek', {
      id: review.id,
      version: review.version,
      areas: REVIEW_AREAS.map((area) => ({ area, found: area === 'support_drafts' ? 'Drafts without the order number' : 'Nothing of note' })),
      notes: 'Walked through the week with the support team',
    });

    const md = (await gen(ws, site.id, 'md', true)).bytes.toString('utf8');
    for (const text of [
      'First-week review report: Northwind Shop',
      'sophmate-week1.csv',
      'Drafts without the order number',
      'Skipped context',
      'Confirmed by tester: Seen in the drafts',
      'Ann Lee, ann@agency.test',
      '3 within 7 days',
      'Ask for the order number before drafting',
      'Support drafts for Support agent',
      'sign off Support drafts again',
      // Markdown escapes the brackets of the mask.
      'Draft for \\[email removed\\] without the order number',
    ])
      expect(md, text).toContain(text);
    expect(md).not.toContain('jane.doe@customer.test');
    expect(md).not.toContain('order 1234');

    const html = (await gen(ws, site.id, 'html', true)).bytes.toString('utf8');
    expect(html).toContain('Operators to escalate');
    expect(html).not.toContain('jane.doe@customer.test');
    const pdf = await gen(ws, site.id, 'pdf', true);
    const file = path.join(tempDir(), 'first-week.pdf');
    fs.writeFileSync(file, pdf.bytes);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('What the review looked at');
    expect(text).not.toContain('jane.doe@customer.test');
    if (process.env.RW_KEEP_FIRST_WEEK_PDF) fs.copyFileSync(file, process.env.RW_KEEP_FIRST_WEEK_PDF);
  });

  it('keeps two unmatched actors apart without naming them, and masks what reviewers wrote', async () => {
    const ws = openTestWorkspace();
    const { site, review } = await reviewedSite(ws);
    const ctx = ws.session.ctx;
    const ids = ['alice@outside.test', 'bob@outside.test'].map((actor, i) =>
      buildFinding(ctx, {
        siteId: site.id,
        operatorId: null,
        actor,
        role: null,
        category: 'unsafe_prompt',
        rule: 'unsafe_prompt.personal_data',
        workflow: 'read_only_copilot',
        occurredAt: new Date(Date.parse('2026-03-02T09:00:00.000Z') + i * DAY).toISOString(),
        summary: 'Asked about a customer by email',
      }),
    );
    for (const id of ids) {
      const f = (await ws.call('findings.list', { siteId: site.id })).rows.find((r) => r.id === id)!;
      await ws.call('findings.decide', { id, version: f.version, decision: 'confirmed', note: 'Customer ann@example.org complained about it' });
    }
    ws.clock.advance(8 * DAY);
    await ws.call('reviews.completeFirstWeek', {
      id: review.id,
      version: review.version,
      areas: REVIEW_AREAS.map((area) => ({ area, found: 'Two prompts quoted ann@example.org' })),
      notes: 'Reviewed with the client; call 07700 900123 for the pilot lead',
    });
    const md = (await gen(ws, site.id, 'md')).bytes.toString('utf8');
    expect(md).toContain('Unmatched actor 1');
    expect(md).toContain('Unmatched actor 2');
    for (const leak of ['alice@outside.test', 'bob@outside.test', 'ann@example.org', '07700 900123']) expect(md).not.toContain(leak);
  });

  it('a note that only mentions logs in passing does not explain a missing import', async () => {
    const ws = openTestWorkspace();
    const { site, review } = await reviewedSite(ws);
    ws.clock.advance(8 * DAY);
    await ws.call('reviews.completeFirstWeek', {
      id: review.id,
      version: review.version,
      areas: REVIEW_AREAS.map((area) => ({ area, found: 'Nothing of note' })),
      notes: 'The team logged in fine and asked good questions',
    });
    const preview = await ws.call('documents.preview', { siteId: site.id, kind: 'first_week_review' });
    expect(preview.missing.map((m) => m.part)).toContain('Activity imported for the first week, or review notes saying why none was');
  });

  it('without an import, review notes that say why are enough', async () => {
    const ws = openTestWorkspace();
    const { site, review } = await reviewedSite(ws);
    ws.clock.advance(8 * DAY);
    await ws.call('reviews.completeFirstWeek', {
      id: review.id,
      version: review.version,
      areas: REVIEW_AREAS.map((area) => ({ area, found: 'Nothing of note' })),
      notes: 'No activity export: the audit log was off during the pilot week',
    });
    const preview = await ws.call('documents.preview', { siteId: site.id, kind: 'first_week_review' });
    expect(preview.missing).toEqual([]);
    const md = (await gen(ws, site.id, 'md', true)).bytes.toString('utf8');
    expect(md).toContain('No activity was imported for this site.');
  });
});
