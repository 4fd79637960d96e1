/**
 * A final document never prints a visible gap: whatever a document prints as "[…: not recorded]" is
 * one of its missing parts, with where to record it. And the client's copies never print the app's
 * own wording (its screens, "record the…"): readiness reasons come from the real readiness rules.
 */
import { describe, expect, it } from 'vitest';
import { buildDocument, modelStrings } from '@core/documents/build';
import { DOCUMENT_KINDS, type DocumentKind, type SiteSnapshot } from '@core/documents/model';
import { gap } from '@core/documents/placeholders';
import { noRollbackDoc, rollbackProblems } from '@core/domain/readiness';
import { backupProblem, rehearsalProblem } from '@core/domain/rollback-currency';
import { RUNBOOK_FIELD_KEYS, RUNBOOK_FIELDS } from '@core/runbook/registry';
import { WHERE_KNOWN_GOOD, whereField } from '@core/runbook/where';
import { snapshot } from './document-snapshot';

const GAP = /\[[^[\]]+: not recorded\]/;
const printed = (kind: DocumentKind, s: SiteSnapshot) => modelStrings(buildDocument(kind, s, { draft: false }));

describe('gaps in a document', () => {
  it('refuses a final rollback plan whose steps print where to open an incident when nobody recorded it', () => {
    const s = snapshot();
    s.runbook.values.incidentLocation = null;
    const doc = buildDocument('rollback_plan', s, { draft: false });
    expect(doc.missing).toEqual([{ part: 'Where to open an incident', fix: whereField('incidentLocation') }]);
    expect(modelStrings(doc).join('\n')).toContain('Open an incident ([where to open an incident: not recorded]');
  });

  it('makes a fact a step uses required by the document printing the step', () => {
    const s = snapshot();
    s.runbook.values.pluginPackageLocation = null;
    s.runbook.lists.triage = [
      ...(s.runbook.lists.triage ?? []),
      { symptom: 'Plugin broken', firstCheck: 'Reinstall from {{plugin_package}}', responsibility: 'diagnostics' },
    ];
    const doc = buildDocument('support_path', s, { draft: false });
    expect(doc.missing).toEqual([{ part: 'Known-good SophMate package', fix: whereField('pluginPackageLocation') }]);
  });

  it('lists every fact printed as a gap, for every kind and every fact left empty', () => {
    for (const kind of DOCUMENT_KINDS)
      for (const key of RUNBOOK_FIELD_KEYS) {
        const s = snapshot();
        s.runbook.values[key] = null;
        const doc = buildDocument(kind, s, { draft: false });
        const strings = modelStrings(doc);
        if (strings.some((t) => GAP.test(t))) expect(doc.missing, `${kind} without ${key}`).not.toEqual([]);
        if (strings.some((t) => t.includes(gap(RUNBOOK_FIELDS[key].label))))
          expect(doc.missing, `${kind} without ${key}`).toContainEqual({ part: RUNBOOK_FIELDS[key].label, fix: whereField(key) });
      }
  });

  it('needs the known-good WooCommerce version of a site that runs WooCommerce today', () => {
    const s = snapshot();
    s.site.woocommerceVersion = '8.9.1';
    s.runbook.knownGood!.woocommerceVersion = null;
    const doc = buildDocument('rollback_plan', s, { draft: false });
    expect(doc.missing).toEqual([
      { part: 'Known-good WooCommerce version', fix: `${WHERE_KNOWN_GOOD}: record the current versions as known good again, WooCommerce included.` },
    ]);
    expect(modelStrings(doc).join('\n')).not.toContain('[WooCommerce version: not recorded]');
  });

  it("lists a gap printed by the agency's own texts", () => {
    const s = snapshot();
    s.branding.texts.rollback_plan = 'Staging: {{staging_url}}.';
    s.site.stagingUrl = null;
    const doc = buildDocument('rollback_plan', s, { draft: false });
    expect(doc.missing.map((m) => m.part)).toEqual(['Setup record: Staging URL']);
  });

  it('lists a gap no section explained, so a new section cannot slip one into a final document', () => {
    const s = snapshot();
    s.site.notes = 'Hosting contract: [hosting contract number: not recorded]';
    const doc = buildDocument('handover_runbook', s, { draft: false });
    expect(doc.missing).toEqual([
      { part: 'Hosting contract number (the document shows it as not recorded)', fix: 'Record it for this site, then build the document again.' },
    ]);
  });
});

describe("the client's copies", () => {
  const now = '2026-03-10T09:00:00.000Z';
  const limits = { maxBackupAgeDays: 7, maxRehearsalAgeDays: 180 };
  const currency = { now, lastBackupOn: '2026-01-01', latestRehearsal: null, lastPassedRehearsalOn: null, ...limits };
  // The reasons as the readiness rules write them, for the agency that uses this app.
  const reasons = [
    ...rollbackProblems({ now, rollbackDoc: noRollbackDoc(limits) }),
    backupProblem(currency)!,
    rehearsalProblem(currency)!,
    backupProblem({ ...currency, lastBackupOn: null })!,
  ];
  const FORBIDDEN = [/Documents tab/, /Owners tab/, /Settings/, /record the/, /Rollout Workbench/, /workbench/i];

  const withReadiness = () => {
    const s = snapshot();
    s.checklist = [
      { title: 'Rollback plan current', status: 'open', why: reasons.join(' ') },
      { title: 'Backups owner verified', status: 'blocked', why: reasons[1]! },
      { title: 'Role SOPs exist', status: 'done', why: 'All six workflows' },
    ];
    s.acceptance = [{ title: 'Restore rehearsed', status: 'open', why: reasons[2]! }];
    s.gates = [{ label: 'Enable write-capable workflows', ok: false, reasons }];
    s.gateOverrides = [
      {
        gate: 'Enable write-capable workflows',
        action: 'Pilot → Rollout',
        reasons: reasons.join(' '),
        overrideReason: 'Client accepted the risk in writing',
        actor: 'Ann Lee',
        at: now,
      },
    ];
    return s;
  };

  it('the readiness reasons used here really are the app wording the copies must not print', () => {
    expect(reasons.join(' ')).toMatch(/Documents tab/);
    expect(reasons.join(' ')).toMatch(/record the day/);
  });

  it('prints each checklist item and gate with its state in the client’s words', () => {
    const doc = buildDocument('handover_runbook', withReadiness(), { draft: false });
    const readiness = doc.sections.find((x) => x.id === 'readiness')!;
    const rows = readiness.blocks.flatMap((b) => (b.type === 'table' ? b.rows : []));
    expect(rows).toEqual([
      ['Rollback plan current', 'Not yet: the agency is completing this.'],
      ['Backups owner verified', 'Blocked: the agency is resolving what holds it up.'],
      ['Role SOPs exist', 'Done.'],
      ['Restore rehearsed', 'Not yet: the agency is completing this.'],
      ['Enable write-capable workflows', 'Not yet: the agency is completing what this needs.'],
    ]);
  });

  it('never prints an app screen or an instruction to the app’s user, in any kind of document', () => {
    for (const kind of DOCUMENT_KINDS) {
      for (const text of printed(kind, withReadiness())) for (const bad of FORBIDDEN) expect(text, `${kind}: ${text}`).not.toMatch(bad);
    }
  });
});
