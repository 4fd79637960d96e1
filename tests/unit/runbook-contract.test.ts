/**
 * What the runbook's contract refuses before anything reaches a workspace: every list text a document
 * prints is checked for placeholder typos, vendor addresses are web addresses without a login, and
 * numbers are whole minutes in range. Each refusal names its field.
 */
import { describe, expect, it } from 'vitest';
import { contract } from '@core/contract/index';

const setList = contract['runbook.setList'].input;
const issues = (list: string, items: unknown[]) => {
  const r = setList.safeParse({ scope: { siteId: 's1' }, list, items, revision: 'r' });
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

const vendor = { kind: 'sophmate', name: 'SophMate support' };

describe('runbook lists', () => {
  it('refuses a placeholder typo in every printed list text, naming the field', () => {
    expect(issues('triage', [{ symptom: 'Site {{sitename}} down', firstCheck: 'See {{prodution_url}}', responsibility: 'hosting' }])).toEqual([
      { path: 'items.0.symptom', message: expect.stringMatching(/^Symptom uses \{\{sitename\}\}, which is not a placeholder/) },
      { path: 'items.0.firstCheck', message: expect.stringMatching(/^First check uses \{\{prodution_url\}\}/) },
    ]);
    expect(issues('severities', [{ name: 'S1', meaning: 'Down {{sitename}}', responseMinutes: 15, updateMinutes: 60 }])[0]).toMatchObject({
      path: 'items.0.meaning',
    });
    expect(issues('escalations', [{ afterMinutes: 30, action: 'Call {{incident}}', responsibility: null }])[0]).toMatchObject({ path: 'items.0.action' });
    expect(issues('restore', [{ text: 'Ask {{restore_owner}} to restore from {{backup_location}}.', applies: 'always' }])).toEqual([]);
  });

  it('takes a vendor’s portal and status page only as http(s) addresses without a login, and its e-mail and phone in their forms', () => {
    expect(issues('vendors', [{ ...vendor, url: 'javascript:alert(1)' }])).toEqual([
      { path: 'items.0.url', message: 'Support portal must start with https:// or http://: other kinds of address are not accepted.' },
    ]);
    expect(issues('vendors', [{ ...vendor, statusUrl: 'https://admin:pw@status.example.com' }])[0]).toMatchObject({ path: 'items.0.statusUrl' });
    expect(issues('vendors', [{ ...vendor, email: 'support at sophmate' }])[0]).toMatchObject({ path: 'items.0.email' });
    expect(issues('vendors', [{ ...vendor, phone: 'call us' }])[0]).toMatchObject({ path: 'items.0.phone' });
    expect(
      issues('vendors', [{ ...vendor, url: 'https://support.sophmate.example/?product=wp', email: 'Help@SophMate.example', phone: '+44 20 7946 0000' }]),
    ).toEqual([]);
  });

  it('takes minutes as whole numbers from 1', () => {
    expect(issues('severities', [{ name: 'S1', meaning: 'Down', responseMinutes: 0, updateMinutes: 1.5 }]).map((i) => i.path)).toEqual([
      'items.0.responseMinutes',
      'items.0.updateMinutes',
    ]);
  });
});

describe('runbook facts', () => {
  const setValues = contract['runbook.setValues'].input;
  const issues = (values: Record<string, unknown>) => {
    const r = setValues.safeParse({ scope: { workspace: true }, revision: 'r', values });
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  it('refuses a fact that other texts print when it would print a fact itself, and names it', () => {
    expect(issues({ pauseInstructions: '{{pause_instructions}} then {{backup_location}}' })).toEqual([
      {
        path: 'values.pauseInstructions',
        message:
          'Where to pause high-risk activity cannot use {{pause_instructions}}, {{backup_location}}: a fact cannot print another fact. Write the text itself, or use it in a step or message instead.',
      },
    ]);
    // A message may print facts: it is filled once, where it is printed.
    expect(
      issues({ unknownRoute: 'Pause ({{pause_instructions}}) and call {{support_owner}}.', pauseInstructions: '{{site}} → SophMate → Pause all' }),
    ).toEqual([]);
  });

  it('takes minutes and hours as whole numbers in range, and refuses a placeholder typo', () => {
    expect(issues({ restoreTimeTargetMinutes: 'ten', dataLossTargetHours: '0', rollbackDecider: '{{incident_ownr}}' }).map((i) => i.path)).toEqual([
      'values.rollbackDecider',
      'values.restoreTimeTargetMinutes',
      'values.dataLossTargetHours',
    ]);
  });
});
