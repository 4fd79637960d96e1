/**
 * What every document carries: document control (owner, version, last and next review), the cover,
 * the client's sign-off, placeholders filled in the footer and the agency's texts, the missing parts
 * the handover runbook inherits, and no instruction that assumes the client uses this app.
 */
import { describe, expect, it } from 'vitest';
import { brandingContract } from '@core/contract/branding';
import { buildDocument } from '@core/documents/build';
import { DOCUMENT_KINDS, type DocumentKind, type DocumentModel, type SiteSnapshot } from '@core/documents/model';
import { whereField } from '@core/runbook/where';
import { snapshot } from './document-snapshot';

const HANDED: DocumentKind[] = ['rollback_plan', 'support_path', 'handover_runbook', 'sop_pack'];

/** Every string of a model a reader sees: titles, footer, control, sign-off and every block. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (k === 'missing' || k === 'logo' ? [] : strings(v)));
  return [];
}

/** A snapshot with nothing recorded: every gap and fallback text is printed. */
function bare(): SiteSnapshot {
  const s = snapshot();
  s.owners = [];
  for (const k of Object.keys(s.runbook.values) as (keyof typeof s.runbook.values)[]) s.runbook.values[k] = null;
  for (const l of Object.keys(s.runbook.lists) as (keyof typeof s.runbook.lists)[]) s.runbook.lists[l] = [];
  s.runbook.knownGood = null;
  s.runbook.lastBackupOn = null;
  s.runbook.rehearsals = [];
  s.accessModel.recorded = false;
  s.branding.agencyName = '';
  return s;
}

describe('document control', () => {
  it('numbers a final one more than the finals before it, and says which final a draft would become', () => {
    const s = snapshot();
    s.documentVersions = { rollback_plan: { finals: 2, lastFinalAt: '2026-03-01T10:00:00.000Z' } };
    expect(buildDocument('rollback_plan', s, { draft: false }).control).toEqual({
      owner: 'Ann Lee',
      version: 3,
      versionLabel: 'Version 3',
      lastReviewed: '2026-02-16',
      nextReview: '2026-04-15',
    });
    expect(buildDocument('rollback_plan', s, { draft: true }).control).toMatchObject({ version: null, versionLabel: 'Draft of version 3' });
    expect(buildDocument('support_path', s, { draft: false }).control).toMatchObject({ version: 1, versionLabel: 'Version 1' });
  });

  it('prints a dash for a missing owner and nothing for reviews that never happened', () => {
    const s = snapshot();
    s.owners = s.owners.filter((o) => o.responsibility !== 'primary');
    s.reviews.open = [];
    s.reviews.lastDone = [];
    expect(buildDocument('sop_pack', s, { draft: true }).control).toEqual({
      owner: '—',
      version: null,
      versionLabel: 'Draft of version 1',
      lastReviewed: null,
      nextReview: null,
    });
  });
});

describe('cover and sign-off', () => {
  it('gives the four documents handed to the client a cover and a sign-off block, and the first-week report neither', () => {
    for (const kind of DOCUMENT_KINDS) {
      const doc = buildDocument(kind, snapshot(), { draft: true });
      expect(doc.cover, kind).toBe(HANDED.includes(kind));
      if (!HANDED.includes(kind)) {
        expect(doc.signOff, kind).toBeNull();
        continue;
      }
      expect(doc.signOff!.statement, kind).toMatch(
        /^Acme Ltd has received this .* for Acme Shop, and confirms that its team .*, without help from Brightpath Agency\.$/,
      );
      expect(doc.signOff!.statement).toContain(kind === 'sop_pack' ? 'this SOP pack' : `this ${kind.replace('_', ' ')}`);
      expect(doc.signOff!.parties, kind).toEqual([
        { role: 'For Acme Ltd', name: null },
        { role: 'For Brightpath Agency', name: 'Ann Lee' },
      ]);
    }
  });

  it('leaves the handover runbook without a sign-off section of its own', () => {
    const doc = buildDocument('handover_runbook', snapshot(), { draft: true });
    expect(doc.sections.map((x) => x.id)).not.toContain('sign-off');
  });
});

describe('placeholders in every text a document prints', () => {
  it('fills the footer, the introduction, the steps and the messages', () => {
    const s = snapshot();
    s.branding.footer = '{{client}} · {{site}} · prepared by {{agency}} on {{date}}';
    s.branding.texts.rollback_plan = 'For {{client}}: call {{incident_owner}}.\n\nRestore within {{restore_time}}.';
    const doc = buildDocument('rollback_plan', s, { draft: true });
    expect(doc.footer).toBe('Acme Ltd · Acme Shop · prepared by Brightpath Agency on 2026-03-10');
    expect(doc.sections[0]).toEqual({
      id: 'introduction',
      title: 'Introduction',
      blocks: [
        { type: 'paragraph', text: 'For Acme Ltd: call Owner 10 (+44 20 7946 0109).' },
        { type: 'paragraph', text: 'Restore within 2 hours.' },
      ],
    });
    for (const kind of DOCUMENT_KINDS) {
      const all = strings(buildDocument(kind, s, { draft: true })).join('\n');
      expect(all, kind).not.toMatch(/\{\{/);
    }
  });
});

describe('the footer as saved', () => {
  it('refuses an unknown placeholder, naming the footer and the valid ones', () => {
    const input = brandingContract['branding.update'].input;
    const bad = input.safeParse({ agencyName: 'Brightpath', footer: '{{cleint}} · Confidential', logo: null, texts: {} });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues).toEqual([
      expect.objectContaining({
        path: ['footer'],
        message: expect.stringMatching(/^The footer uses \{\{cleint\}\}, which is not a placeholder: use \{\{site\}\}/),
      }),
    ]);
    expect(input.safeParse({ agencyName: 'Brightpath', footer: '{{client}} · Confidential', logo: null, texts: {} }).success).toBe(true);
  });
});

describe('text for the client', () => {
  it('never mentions this app or its screens, in any document, complete or bare', () => {
    for (const s of [snapshot(), bare()]) {
      for (const kind of DOCUMENT_KINDS) {
        const doc: DocumentModel = buildDocument(kind, s, { draft: true });
        for (const str of strings(doc)) {
          expect(str, kind).not.toMatch(/Rollout Workbench/i);
          expect(str, kind).not.toMatch(/\b(Owners|Documents|Setup|Readiness) tab\b|Settings →/);
        }
      }
    }
  });
});

describe('the handover runbook', () => {
  it('inherits the rollback plan’s and the support path’s missing parts once each, and keeps its own', () => {
    const s = snapshot();
    s.runbook.values.backupLocation = null;
    s.runbook.values.supportHours = null;
    s.runbook.rehearsals = [];
    s.accessModel.firstRunCompletedOn = null;
    s.site.missingSetup = ['PHP version'];
    const missing = buildDocument('handover_runbook', s, { draft: false }).missing;
    expect(missing).toEqual([
      { part: 'Setup record: PHP version', fix: 'Setup record tab (the setup owner on the Owners tab).' },
      { part: 'Where the backups are', fix: whereField('backupLocation') },
      { part: 'A restore rehearsal', fix: 'Documents tab → Backups and rehearsals: Record rehearsal' },
      { part: 'Support hours', fix: whereField('supportHours') },
      { part: 'SophMate First-Run Checklist completion', fix: 'Setup tab → Access model: who completed it and when.' },
    ]);
    const titles = buildDocument('handover_runbook', s, { draft: true }).sections.map((x) => x.title);
    expect(titles).toContain('Rollback: Full restore');
    expect(titles).toContain('Support: Vendor contacts');
  });
});
