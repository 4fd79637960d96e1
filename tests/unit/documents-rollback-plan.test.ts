/**
 * The rollback plan's sections from given facts: their order, the runbook's steps filled and filtered
 * for WooCommerce, the currency warnings, and every missing part with where to record it.
 */
import { describe, expect, it } from 'vitest';
import { buildDocument } from '@core/documents/build';
import { sectionLines, type DocSection, type SiteSnapshot } from '@core/documents/model';
import { RUNBOOK_FIELD_KEYS, RUNBOOK_FIELDS, type RunbookFieldKey } from '@core/runbook/registry';
import { WHERE_BACKUP, WHERE_KNOWN_GOOD, WHERE_REHEARSAL, whereField, whereList } from '@core/runbook/where';
import { snapshot } from './document-snapshot';

const build = (s: SiteSnapshot) => buildDocument('rollback_plan', s, { draft: true });
const section = (s: SiteSnapshot, id: string): DocSection => {
  const found = build(s).sections.find((x) => x.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
};
const text = (s: SiteSnapshot, id?: string) => (id ? sectionLines(section(s, id)) : build(s).sections.flatMap(sectionLines)).join('\n');
const notes = (s: SiteSnapshot, id: string) => section(s, id).blocks.flatMap((b) => (b.type === 'note' ? [b.text] : []));

describe('the rollback plan', () => {
  it('is complete from complete facts, in the order an administrator follows it', () => {
    const doc = build(snapshot());
    expect(doc.missing).toEqual([]);
    expect(doc.sections.map((x) => x.title)).toEqual([
      'When to roll back',
      'Targets',
      'Before you start',
      'Smaller reversals first',
      'Full restore',
      'Checks that confirm the rollback worked',
      'Communication',
      'Afterwards',
      'Known-good state',
      'Contacts',
    ]);
  });

  it('says when to roll back, who decides, and the targets', () => {
    const s = snapshot();
    const when = text(s, 'when');
    expect(when).toContain('Customer or order data may have been changed, lost or exposed.');
    expect(when).toContain('Who decides: Decided by Owner 10 (+44 20 7946 0109); when unreachable, by Ann Lee (+44 20 7946 0101).');
    expect(when).toContain('Roll back or fix forward: Fix forward when the cause is known');
    expect(text(s, 'targets')).toBe(
      [
        'Restore time: at most 2 hours from the decision to a working site',
        'Data loss: at most 1 day of changes',
        'Backup schedule: Nightly at 02:00 by the host, kept 30 days',
      ].join('\n'),
    );
  });

  it('lists access, the package, the backups with their age and the rehearsals before anything starts', () => {
    const s = snapshot();
    s.runbook.rehearsals.unshift({ rehearsedOn: '2026-03-02', outcome: 'passed', durationMinutes: 90, performedBy: 'Bo Chen', notes: 'Staging only' });
    const before = section(s, 'before-you-start');
    const lines = sectionLines(before);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Hosting panel access: Ann Lee; vault entry "Shop hosting"',
        'SFTP or SSH access: Bo Chen; vault entry "Shop SFTP"',
        'Known-good SophMate package: Agency drive → Packages → SophMate',
        'SophMate licence: Vault entry "SophMate licence", held by Ann Lee',
        'Where to pause high-risk activity: SophMate → Safe Mode → Pause all',
        'Where the backups are: Kinsta dashboard → Backups',
        'What a backup holds: Database and files (uploads, plugins, themes); each can be restored alone.',
        'Last backup: 2026-03-08 (2 days ago; this plan allows at most 7 days)',
      ]),
    );
    const table = before.blocks.find((b) => b.type === 'table');
    expect(table).toEqual({
      type: 'table',
      columns: ['Rehearsed on', 'Outcome', 'Duration', 'By'],
      rows: [
        ['2026-03-02', 'Passed: Staging only', '1 hour 30 minutes', 'Bo Chen'],
        ['2026-02-20', 'Passed', '45 minutes', 'Dee Park'],
      ],
    });
    expect(notes(s, 'before-you-start')).toEqual([]);
  });

  it('warns when the backup is too old, the last rehearsal failed or has no outcome, or the last passed one is too old', () => {
    const old = snapshot();
    old.runbook.lastBackupOn = '2026-03-01';
    expect(notes(old, 'before-you-start')).toEqual([
      'The last recorded backup, on 2026-03-01, is 9 days old, more than the 7 days this plan allows: check that a newer backup exists before you start, or take one.',
    ]);
    const exact = snapshot();
    exact.runbook.lastBackupOn = '2026-03-03';
    expect(notes(exact, 'before-you-start')).toEqual([]);

    const failed = snapshot();
    failed.runbook.rehearsals.unshift({
      rehearsedOn: '2026-03-05',
      outcome: 'failed',
      durationMinutes: 200,
      performedBy: 'Bo Chen',
      notes: 'Backup archive was incomplete',
    });
    expect(notes(failed, 'before-you-start')).toEqual([
      'The last restore rehearsal, on 2026-03-05, failed (Backup archive was incomplete). A restore has not been shown to work since: involve Owner 6 from the start and allow extra time.',
    ]);

    const unknown = snapshot();
    unknown.runbook.rehearsals = [{ rehearsedOn: '2026-01-05', outcome: 'unknown', durationMinutes: null, performedBy: null, notes: null }];
    expect(notes(unknown, 'before-you-start')).toEqual([
      'The last restore rehearsal, on 2026-01-05, has no recorded outcome: nobody has confirmed that a restore of this site works. Allow extra time.',
    ]);
    expect(text(unknown, 'before-you-start')).toContain('Rehearsed on: 2026-01-05 | Outcome: Outcome not recorded | Duration: — | By: —');

    const stale = snapshot();
    stale.runbook.rehearsals[0]!.rehearsedOn = '2025-09-01';
    expect(notes(stale, 'before-you-start')[0]).toMatch(/^The last passed restore rehearsal was on 2025-09-01, 190 days ago, more than the 180 days/);
  });

  it('prints the WooCommerce warning and steps only for a site with WooCommerce', () => {
    const woo = snapshot();
    woo.site.woocommerceVersion = '8.9.1';
    woo.runbook.knownGood!.woocommerceVersion = '8.9.0';
    expect(notes(woo, 'before-you-start')).toEqual([
      expect.stringMatching(
        /^This site runs WooCommerce 8\.9\.1\. A full restore of the database loses every order, customer and comment made since the backup: export them first/,
      ),
    ]);
    expect(text(woo, 'restore')).toMatch(/WooCommerce: put the shop in maintenance mode .* export the orders, customers and product reviews/);
    expect(text(woo, 'checks')).toContain('WooCommerce: a test order goes through checkout');
    expect(text(woo, 'known-good')).toContain('WooCommerce: 8.9.0');
    woo.runbook.knownGood!.woocommerceVersion = null;
    expect(text(woo, 'known-good')).toContain('WooCommerce: [known-good WooCommerce version: not recorded]');
    expect(build(woo).missing).toEqual([
      { part: 'Known-good WooCommerce version', fix: `${WHERE_KNOWN_GOOD}: record the current versions as known good again, WooCommerce included.` },
    ]);
    woo.site.woocommerceVersion = null;
    expect(build(woo).missing).toEqual([]);

    // Near miss: WooCommerce only in the known-good state, not on the site today.
    const plain = snapshot();
    plain.runbook.knownGood!.woocommerceVersion = '8.9.0';
    expect(notes(plain, 'before-you-start')).toEqual([]);
    expect(text(plain)).not.toMatch(/^WooCommerce: (put|enter|a test order)/m);
    expect(text(plain, 'restore')).not.toContain('WooCommerce');
    expect(text(snapshot(), 'known-good')).toContain('WooCommerce: not used');
  });

  it('prints a step that applies only without WooCommerce only there', () => {
    const s = snapshot();
    s.runbook.lists.checks.push({ text: 'Contact forms reach the shared inbox.', applies: 'no_woocommerce' });
    expect(text(s, 'checks')).toContain('Contact forms reach the shared inbox.');
    s.site.woocommerceVersion = '8.9.1';
    expect(text(s, 'checks')).not.toContain('Contact forms reach the shared inbox.');
  });

  it('turns off the write-capable workflows by name, support drafts included', () => {
    const s = snapshot();
    s.accessModel.recorded = false;
    expect(text(s, 'reversals')).toContain(
      'Turn off the write-capable workflows (Support drafts, Product copy, Theme Assistant review, Workflow approvals) until the site is confirmed healthy.',
    );
  });

  it('fills the message templates and names who tells whom', () => {
    const s = snapshot();
    const c = text(s, 'communication');
    expect(c).toContain('Who tells the client: Ann Lee (+44 20 7946 0101), when the rollback is decided');
    expect(c).toContain('Message to the client: We are restoring Acme Shop (https://shop.acme.test) to its last working state');
    expect(c).toContain('We expect to be back within 2 hours.');
    expect(c).toContain('Message to customers: Acme Shop is briefly unavailable');
    expect(c).not.toContain('{{');
    s.runbook.values.customerMessage = null;
    expect(text(s, 'communication')).not.toContain('Message to customers');
  });

  it('gives contact details, stand-ins and hours for the backups', () => {
    const c = text(snapshot(), 'contacts');
    expect(c).toContain(
      'Backups: Owner 7, owner7@agency.test, +44 20 7946 0106 (stand-in: Stand-in 7, standin7@agency.test, +44 20 7946 0206)\nReachable: Mon–Fri 08:00–18:00 Europe/London',
    );
    expect(
      c
        .split('\n')
        .filter((l) => /^[A-Z]/.test(l))
        .map((l) => l.split(':')[0]),
    ).toEqual(['Rollback & restore', 'Backups', 'Reachable', 'Hosting', 'Incident escalation', 'Primary owner']);
  });

  it('lists each missing fact, list, backup, rehearsal and known-good state with where to record it', () => {
    const s = snapshot();
    const required = RUNBOOK_FIELD_KEYS.filter((k) => (RUNBOOK_FIELDS[k].requiredBy as readonly string[]).includes('rollback_plan'));
    for (const k of RUNBOOK_FIELD_KEYS) s.runbook.values[k] = null;
    s.runbook.lists.triggers = [];
    s.runbook.lists.checks = [{ text: 'A test order goes through.', applies: 'woocommerce' }];
    s.runbook.lastBackupOn = null;
    s.runbook.rehearsals = [];
    s.runbook.knownGood = null;
    const missing = build(s).missing;
    expect(missing).toEqual(
      expect.arrayContaining([
        { part: 'Known-good versions', fix: WHERE_KNOWN_GOOD },
        { part: 'The last backup', fix: WHERE_BACKUP },
        { part: 'A restore rehearsal', fix: WHERE_REHEARSAL },
        { part: 'When to roll back (no step that applies to this site)', fix: whereList('triggers') },
        { part: 'Checks that confirm the rollback worked (no step that applies to this site)', fix: whereList('checks') },
        ...required.map((k: RunbookFieldKey) => ({ part: RUNBOOK_FIELDS[k].label, fix: whereField(k) })),
        // Not required by the plan on its own, but steps print them: "Afterwards" and the reversals.
        { part: 'Where to open an incident', fix: whereField('incidentLocation') },
      ]),
    );
    // With no known-good state at all, the step that reinstalls it adds nothing beyond "Known-good versions".
    expect(missing.map((m) => m.part)).not.toContain('Known-good SophMate version');
    expect(missing).toHaveLength(required.length + 6);
    expect(missing.map((m) => m.part)).not.toContain('Message to customers');
    expect(text(s, 'before-you-start')).toContain('Where the backups are: [where the backups are: not recorded]');
  });

  it('needs the restore and backups owners', () => {
    const s = snapshot();
    s.owners = s.owners.filter((o) => o.responsibility !== 'backups');
    s.owners.find((o) => o.responsibility === 'rollback_restore')!.active = false;
    expect(build(s).missing).toEqual([
      { part: 'An active Rollback & restore owner (Owner 6 is inactive)', fix: 'Owners tab: assign an active person.' },
      { part: 'Backups owner (who keeps the backups)', fix: 'Owners tab: assign an owner.' },
    ]);
  });
});
