/**
 * Placeholders filled from a site snapshot, the durations a runbook prints, and where.ts, which names
 * the place in the app for each runbook fact and list.
 */
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, placeholderFiller, PLACEHOLDERS, unknownPlaceholders } from '@core/documents/placeholders';
import { humanMinutes } from '@core/runbook/durations';
import { RUNBOOK_FIELD_KEYS, RUNBOOK_FIELDS, RUNBOOK_GROUP_LABEL, RUNBOOK_LIST_LABEL, RUNBOOK_LISTS } from '@core/runbook/registry';
import { RUNBOOK_WHERE, WHERE_BACKUP, WHERE_KNOWN_GOOD, WHERE_REHEARSAL, whereField, whereList } from '@core/runbook/where';
import { snapshot } from './document-snapshot';

const all = PLACEHOLDERS.map((p) => `{{${p}}}`).join('|');

describe('placeholders', () => {
  it('fills every placeholder from a complete snapshot, leaving no braces', () => {
    const out = placeholderFiller(snapshot())(all).split('|');
    expect(out).toHaveLength(PLACEHOLDERS.length);
    for (const v of out) {
      expect(v).not.toMatch(/[{}]/);
      expect(v).not.toContain('not recorded');
      expect(v.trim()).not.toBe('');
    }
    const by = Object.fromEntries(PLACEHOLDERS.map((p, i) => [p, out[i]]));
    expect(by).toMatchObject({
      site: 'Acme Shop',
      client: 'Acme Ltd',
      agency: 'Brightpath Agency',
      stage: 'Pilot',
      production_url: 'https://shop.acme.test',
      staging_url: 'https://staging.shop.acme.test',
      date: '2026-03-10',
      primary_owner: 'Ann Lee (+44 20 7946 0101)',
      hosting_owner: 'Owner 8 (+44 20 7946 0107)',
      known_good_sophmate: '2.4.0',
      plugin_package: 'Agency drive → Packages → SophMate',
      backup_location: 'Kinsta dashboard → Backups',
      pause_instructions: 'SophMate → Safe Mode → Pause all',
      incident_location: 'support@agency.test or +44 20 7946 0000',
      restore_time: '2 hours',
    });
  });

  it('prints an owner with their e-mail when they have no phone, and an unassigned owner by responsibility', () => {
    const s = snapshot();
    s.owners.find((o) => o.responsibility === 'rollback_restore')!.phone = null;
    s.owners = s.owners.filter((o) => o.responsibility !== 'hosting' && o.responsibility !== 'primary');
    const fill = placeholderFiller(s);
    expect(fill('{{restore_owner}}')).toBe('Owner 6 (owner6@agency.test)');
    expect(fill('{{hosting_owner}}')).toBe('the Hosting owner (not assigned)');
    expect(fill('{{primary_owner}}')).toBe('the Primary owner (not assigned)');
  });

  it('lists the write-capable workflows enabled at the site, support drafts included, or all of them without an access model', () => {
    const s = snapshot();
    expect(placeholderFiller(s)('{{write_workflows}}')).toBe('Support drafts, Product copy');
    s.accessModel.recorded = false;
    expect(placeholderFiller(s)('{{write_workflows}}')).toBe('Support drafts, Product copy, Theme Assistant review, Workflow approvals');
  });

  it('prints a fact nobody recorded as a visible gap, and fills a fact that holds placeholders itself', () => {
    const s = snapshot();
    s.runbook.values.backupLocation = null;
    s.runbook.values.restoreTimeTargetMinutes = null;
    s.runbook.knownGood = null;
    s.site.stagingUrl = null;
    s.runbook.values.pauseInstructions = '{{site}} admin → SophMate → Safe Mode.';
    const fill = placeholderFiller(s);
    expect(fill('From {{backup_location}} within {{restore_time}}')).toBe(
      'From [where the backups are: not recorded] within [restore time target: not recorded]',
    );
    expect(fill('{{known_good_sophmate}} / {{staging_url}}')).toBe('[known-good versions: not recorded] / [staging URL: not recorded]');
    expect(fill('Pause: {{ pause_instructions }}.')).toBe('Pause: Acme Shop admin → SophMate → Safe Mode.');
    s.runbook.values.restoreTimeTargetMinutes = '90';
    expect(placeholderFiller(s)('{{restore_time}}')).toBe('1 hour 30 minutes');
  });

  it('fills in one pass: a fact naming itself prints gaps, never grows and never throws', () => {
    const s = snapshot();
    s.runbook.values.pauseInstructions = '{{pause_instructions}}'.repeat(10);
    const gaps: { part: string; fix: string }[] = [];
    const fill = placeholderFiller(s, (g) => gaps.push(g));
    const out = fill('Pause: {{pause_instructions}}. {{site}}');
    expect(out).toBe(`Pause: ${'[where to pause high-risk activity: not recorded]'.repeat(10)}. Acme Shop`);
    expect(gaps[0]).toEqual({
      part: 'Where to pause high-risk activity (it uses {{pause_instructions}}, which this fact cannot hold)',
      fix: `${whereField('pauseInstructions')}: write the text itself instead of {{pause_instructions}}.`,
    });
    expect(fill.fact('pauseInstructions')).toBe('[where to pause high-risk activity: not recorded]'.repeat(10));
  });

  it('fills two facts that name each other once each, with a gap where the other fact would go and no braces', () => {
    const s = snapshot();
    s.runbook.values.backupLocation = 'The shelf named in {{incident_location}} at {{site}}';
    s.runbook.values.incidentLocation = 'The desk next to {{backup_location}}';
    const fill = placeholderFiller(s);
    expect(fill('{{backup_location}} | {{incident_location}}')).toBe(
      'The shelf named in [where to open an incident: not recorded] at Acme Shop | The desk next to [where the backups are: not recorded]',
    );
    // A message that names a fact still prints the fact's value, filled once.
    s.runbook.values.clientMessage = 'Backups: {{backup_location}}.';
    expect(placeholderFiller(s).fact('clientMessage')).toBe('Backups: The shelf named in [where to open an incident: not recorded] at Acme Shop.');
  });

  it('refuses an unknown placeholder with the valid ones named, and leaves one in older stored text as written', () => {
    expect(unknownPlaceholders('For {{site}} by {{agnecy}} and {{agnecy}}')).toEqual(['agnecy']);
    expect(() => fillPlaceholders('By {{agnecy}}', snapshot(), 'The footer')).toThrow(
      /^The footer uses \{\{agnecy\}\}, which is not a placeholder: use \{\{site\}\}, \{\{client\}\}/,
    );
    expect(placeholderFiller(snapshot())('{{client}} {{agnecy}}')).toBe('Acme Ltd {{agnecy}}');
  });
});

describe('durations', () => {
  it('prints minutes as people say them', () => {
    expect([15, 1, 60, 240, 480, 90, 1440, 2880, 2000].map(humanMinutes)).toEqual([
      '15 minutes',
      '1 minute',
      '1 hour',
      '4 hours',
      '8 hours',
      '1 hour 30 minutes',
      '1 day',
      '2 days',
      '33 hours 20 minutes',
    ]);
  });
});

describe('where each runbook part is recorded', () => {
  it('names the tab, the group and the field, and the template for every site', () => {
    expect(whereField('backupLocation')).toBe('Documents tab → Runbook → Backups: Where the backups are (or for every site: Settings → Runbook template)');
    for (const key of RUNBOOK_FIELD_KEYS) {
      expect(whereField(key)).toContain(`${RUNBOOK_GROUP_LABEL[RUNBOOK_FIELDS[key].group]}: ${RUNBOOK_FIELDS[key].label}`);
    }
    expect(whereList('severities')).toBe('Documents tab → Runbook → Severity levels (or for every site: Settings → Runbook template)');
    for (const list of RUNBOOK_LISTS) expect(whereList(list)).toContain(RUNBOOK_LIST_LABEL[list]);
  });

  it('sends backups, rehearsals and the known-good state to their panel', () => {
    expect(WHERE_BACKUP).toBe('Documents tab → Backups and rehearsals: Record backup');
    expect(WHERE_REHEARSAL).toBe('Documents tab → Backups and rehearsals: Record rehearsal');
    expect(WHERE_KNOWN_GOOD).toContain(RUNBOOK_WHERE.recordKnownGood);
  });
});
