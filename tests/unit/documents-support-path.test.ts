/**
 * The support path's sections from given facts: severities, triage, escalation by elapsed time, the
 * vendors as structured records with their expiry, what a vendor asks for, and the missing parts.
 */
import { describe, expect, it } from 'vitest';
import { buildDocument } from '@core/documents/build';
import { sectionLines, type Block, type DocSection, type SiteSnapshot } from '@core/documents/model';
import { RUNBOOK_FIELD_KEYS, RUNBOOK_FIELDS } from '@core/runbook/registry';
import { whereField, whereList, whereListWith } from '@core/runbook/where';
import { SOPHMATE_VENDOR, snapshot } from './document-snapshot';

const build = (s: SiteSnapshot) => buildDocument('support_path', s, { draft: true });
const section = (s: SiteSnapshot, id: string): DocSection => {
  const found = build(s).sections.find((x) => x.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
};
const table = (s: SiteSnapshot, id: string) => section(s, id).blocks.find((b): b is Extract<Block, { type: 'table' }> => b.type === 'table');
const text = (s: SiteSnapshot, id: string) => sectionLines(section(s, id)).join('\n');
const VENDOR_PART = 'The SophMate vendor’s support contact (an e-mail, phone or portal)';

describe('the support path', () => {
  it('is complete from complete facts, with its sections in order', () => {
    const doc = build(snapshot());
    expect(doc.missing).toEqual([]);
    expect(doc.sections.map((x) => x.title)).toEqual([
      'Severity levels',
      'Triage',
      'Who to contact',
      'Escalation by elapsed time',
      'Support hours',
      'Vendor contacts',
      'What a vendor will ask for',
      'Support bundle',
      'Where to open an incident',
      "If you don't know the route",
      'Diagnostics',
      'Evidence to collect',
    ]);
  });

  it('prints severities with response and update times in words', () => {
    const t = table(snapshot(), 'severities')!;
    expect(t.columns).toEqual(['Level', 'Meaning', 'First response', 'Updates every']);
    expect(t.rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['S1 Critical', '15 minutes', '1 hour'],
      ['S2 High', '1 hour', '4 hours'],
      ['S3 Normal', '8 hours', '1 day'],
      ['S4 Question', '1 day', '2 days'],
    ]);
  });

  it('leads from symptom to first check to the owner with how to reach them', () => {
    const s = snapshot();
    s.owners = s.owners.filter((o) => o.responsibility !== 'permissions');
    const t = table(s, 'triage')!;
    expect(t.columns).toEqual(['Symptom', 'First check', 'Owner']);
    expect(t.rows[0]).toEqual([
      'The site or wp-admin does not load',
      'Host status page and error log; recent plugin or theme update',
      'Owner 8 (Hosting owner): +44 20 7946 0107, owner8@agency.test',
    ]);
    expect(t.rows.find((r) => r[0]!.startsWith('An operator can do'))![2]).toBe('Permissions owner: not assigned');
  });

  it('escalates by elapsed time, earliest first, naming who with their contact', () => {
    const s = snapshot();
    s.runbook.lists.escalations.reverse();
    const t = table(s, 'escalation')!;
    expect(t.columns).toEqual(['After', 'What to do', 'Who']);
    expect(t.rows.map((r) => r[0])).toEqual(['15 minutes', '30 minutes', '1 hour', '2 hours']);
    expect(t.rows[0]![2]).toBe('—');
    expect(t.rows[1]![2]).toBe('Owner 10 (Incident escalation owner): +44 20 7946 0109, owner10@agency.test');
  });

  it('keeps the problem labels short enough not to break a word', () => {
    const t = table(snapshot(), 'who-to-contact')!;
    expect(t.rows.map((r) => r[0])).toEqual(['Host', 'AI provider', 'Plugin', 'Configuration', 'Data', 'User flow']);
  });

  it('prints each vendor as a record, warning of support that ended or ends within 30 days', () => {
    const s = snapshot();
    const v = text(s, 'vendors');
    expect(v).toContain('SophMate vendor: SophMate');
    expect(v).toContain('E-mail: help@sophmate.test');
    expect(v).toContain('Support portal: https://support.sophmate.test');
    expect(v).toContain('Status page: https://status.sophmate.test');
    expect(v).toContain('Licence or account kept: Vault entry "SophMate licence"');
    expect(v).toContain('Support until: 2027-01-31');
    expect(v).toContain('Account or contract number: SM-4411');
    expect(v).toContain('Host support: Kinsta');
    expect(v).not.toContain('Phone:');
    const warnings = (x: SiteSnapshot) => section(x, 'vendors').blocks.flatMap((b) => (b.type === 'note' ? [b.text] : []));
    expect(warnings(s)).toEqual([]);
    s.runbook.lists.vendors[0]!.supportExpiresOn = '2026-03-09';
    expect(warnings(s)).toEqual(['The support contract with SophMate ended on 2026-03-09: it may refuse to help until it is renewed.']);
    s.runbook.lists.vendors[0]!.supportExpiresOn = '2026-04-09';
    expect(warnings(s)).toEqual(['The support contract with SophMate ends on 2026-04-09, in 30 days: renew it in time.']);
    s.runbook.lists.vendors[0]!.supportExpiresOn = '2026-04-10';
    expect(warnings(s)).toEqual([]);
  });

  it('lists the versions and URLs a vendor will ask for', () => {
    const s = snapshot();
    s.site.woocommerceVersion = '8.9.1';
    expect(text(s, 'vendor-asks').split('\n').slice(1)).toEqual([
      'SophMate: 2.4.1',
      'WordPress: 6.5.2',
      'PHP: 8.2',
      'WooCommerce: 8.9.1',
      'Theme: Storefront',
      'Host: Kinsta',
      'AI provider: OpenAI',
      'Production URL: https://shop.acme.test',
      'Staging URL: https://staging.shop.acme.test',
    ]);
  });

  it('prints the support bundle steps, where to open an incident and what to do without a route, filled', () => {
    const s = snapshot();
    expect(text(s, 'support-bundle')).toContain('remove customer names');
    expect(text(s, 'incident')).toBe('support@agency.test or +44 20 7946 0000');
    expect(text(s, 'unknown-route')).toContain('Pause the workflow you were using (SophMate → Safe Mode → Pause all)');
    expect(text(s, 'unknown-route')).toContain('contact Owner 9 (+44 20 7946 0108), who decides the route.');
    expect(text(s, 'hours')).toBe('Mon–Fri 09:00–17:30 Europe/London');
  });

  it('needs a SophMate vendor that can be reached, not only named', () => {
    const s = snapshot();
    s.runbook.lists.vendors = [{ ...SOPHMATE_VENDOR, email: null, phone: null, url: null }];
    const fix = whereListWith('vendors', 'add the SophMate vendor with an e-mail, phone or support portal');
    expect(build(s).missing).toEqual([{ part: VENDOR_PART, fix }]);
    s.runbook.lists.vendors = [{ ...SOPHMATE_VENDOR, email: null, url: null, phone: '+1 555 0100' }];
    expect(build(s).missing).toEqual([]);
    s.runbook.lists.vendors = [{ ...SOPHMATE_VENDOR, kind: 'other' }];
    expect(build(s).missing).toEqual([{ part: VENDOR_PART, fix }]);
  });

  it('lists each missing fact and list with where to record it', () => {
    const s = snapshot();
    for (const k of RUNBOOK_FIELD_KEYS) s.runbook.values[k] = null;
    s.runbook.lists.severities = [];
    s.runbook.lists.triage = [];
    s.runbook.lists.escalations = [];
    s.runbook.lists.vendors = [];
    const required = RUNBOOK_FIELD_KEYS.filter((k) => (RUNBOOK_FIELDS[k].requiredBy as readonly string[]).includes('support_path'));
    expect(build(s).missing).toEqual([
      ...required.map((k) => ({ part: RUNBOOK_FIELDS[k].label, fix: whereField(k) })),
      { part: 'Severity levels', fix: whereList('severities') },
      { part: 'Triage: symptom, first check, owner', fix: whereList('triage') },
      { part: 'Escalation by elapsed time', fix: whereList('escalations') },
      { part: VENDOR_PART, fix: whereListWith('vendors', 'add the SophMate vendor with an e-mail, phone or support portal') },
    ]);
    expect(text(s, 'incident')).toBe('[where to open an incident: not recorded]');
  });
});
