/**
 * The first-week review report's sections and completeness rules on hand-made facts: each missing
 * part with its fix, the notes that excuse a week without an import, and finding summaries masked
 * again whatever the import did.
 */
import { describe, expect, it } from 'vitest';
import { REVIEW_AREAS } from '@core/activity/vocabulary';
import type { FirstWeekFacts, MissingPart, SiteSnapshot } from '@core/documents/model';
import { sectionLines } from '@core/documents/model';
import { firstWeekSections } from '@core/documents/sections/first-week-review';

function facts(over: Partial<FirstWeekFacts> = {}): FirstWeekFacts {
  return {
    review: { state: 'done', dueOn: '2026-03-08', doneAt: '2026-03-09T10:00:00.000Z', doneBy: 'Ann Lee', notes: 'Walked through the week' },
    imports: [{ fileName: 'week1.csv', rows: 10, imported: 10, masked: true, importedAt: '2026-03-08T10:00:00.000Z', importedBy: 'Ann Lee' }],
    areas: REVIEW_AREAS.map((area) => ({ area, events: 2, findings: 0, openFindings: 0, found: 'Nothing of note' })),
    findings: [],
    flags: [],
    sopUpdates: [],
    retraining: [],
    ...over,
  };
}

const build = (fw: FirstWeekFacts) => {
  const missing: MissingPart[] = [];
  const sections = firstWeekSections({ firstWeek: fw } as SiteSnapshot, missing);
  return { missing, sections, text: sections.flatMap(sectionLines).join('\n') };
};

describe('the first-week review report', () => {
  it('is complete for a done review with decided findings, notes in every area and an import', () => {
    const { missing, sections } = build(facts());
    expect(missing).toEqual([]);
    expect(sections.map((s) => s.title)).toEqual([
      'The review',
      'Activity imported',
      'What the review looked at',
      'Findings by operator',
      'Operators to escalate',
      'SOP updates and retraining',
    ]);
  });

  it('names each missing part with its fix', () => {
    const fw = facts({
      review: { state: 'none', dueOn: null, doneAt: null, doneBy: null, notes: null },
      imports: [],
      areas: REVIEW_AREAS.map((area) => ({ area, events: 0, findings: 0, openFindings: 0, found: area === 'prompts' ? 'Fine' : null })),
      findings: [
        {
          who: 'Bo',
          role: 'editor',
          category: 'unsafe_prompt',
          workflow: 'read_only_copilot',
          occurredAt: '2026-03-02T09:00:00.000Z',
          summary: 'Asked for a list',
          status: 'open',
          decisionNote: null,
          decidedBy: null,
          sopVersion: null,
        },
      ],
    });
    expect(build(fw).missing.map((m) => m.part)).toEqual([
      'A first-week review (none is planned)',
      'A decision on every finding (1 open)',
      'What was found in Rejected plans, Support drafts, Approvals, Audit records',
      'Activity imported for the first week, or review notes saying why none was',
    ]);
    expect(build(fw).missing.every((m) => m.fix.startsWith('Site → First week: '))).toBe(true);
  });

  it('accepts no import only when the review notes say why', () => {
    const said = facts({ imports: [], review: { ...facts().review, notes: 'No activity export: logging was off' } });
    expect(build(said).missing).toEqual([]);
    const unsaid = facts({ imports: [], review: { ...facts().review, notes: 'All good' } });
    expect(build(unsaid).missing.map((m) => m.part)).toEqual(['Activity imported for the first week, or review notes saying why none was']);
  });

  it('masks finding summaries and unmatched actors again, so an import made without masking never reaches the report', () => {
    const fw = facts({
      imports: [{ ...facts().imports[0]!, masked: false }],
      findings: [
        {
          who: 'bo@client.test',
          role: null,
          category: 'skipped_context',
          workflow: 'support_drafts',
          occurredAt: '2026-03-02T09:00:00.000Z',
          summary: 'Draft for jane@customer.test, call +44 20 7946 0958',
          status: 'dismissed',
          decisionNote: 'Agreed with the client',
          decidedBy: 'Ann Lee',
          sopVersion: 3,
        },
      ],
    });
    const { text } = build(fw);
    expect(text).not.toContain('jane@customer.test');
    expect(text).not.toContain('bo@client.test');
    expect(text).not.toContain('7946');
    expect(text).toContain('[email removed]');
    expect(text).toContain('Dismissed by Ann Lee: Agreed with the client');
    expect(text).toContain('Support drafts, updated in v3');
    expect(text).toContain('Some activity was imported without masking');
  });
});
