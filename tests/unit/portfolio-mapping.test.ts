import { describe, expect, it } from 'vitest';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { FIELDS_OF, IMPORT_KINDS, backupHeader, headerKey, isCredentialHeader, ownerHeader, ownerKey, parseYesNo } from '@core/portfolio/fields';
import { detectPreset, mappingProblems, presetMapping, suggestKind, suggestMapping, unmappedColumns } from '@core/portfolio/mapping';

const MAINWP = ['Site Name', 'Site URL', 'Admin Name', 'Tag', 'Security ID', 'HTTP Username', 'HTTP Password', 'Verify Certificate', 'SSL Version'];

describe('portfolio field vocabulary', () => {
  it('gives every field of every kind a unique key and a unique export header', () => {
    for (const kind of IMPORT_KINDS) {
      const fields = FIELDS_OF[kind];
      expect(new Set(fields.map((f) => f.key)).size).toBe(fields.length);
      expect(new Set(fields.map((f) => headerKey(f.label))).size).toBe(fields.length);
    }
  });

  it('has an owner and a backup-owner column for each of the ten responsibilities', () => {
    const labels = FIELDS_OF.sites.map((f) => f.label);
    for (const r of RESPONSIBILITIES) {
      expect(labels).toContain(ownerHeader(r));
      expect(labels).toContain(backupHeader(r));
    }
  });

  it('folds headers for comparison: case, accents, punctuation and spacing', () => {
    expect(headerKey('  Site-URL ')).toBe('site url');
    expect(headerKey('Organisátion')).toBe('organisation');
    expect(headerKey('E_mail')).toBe(headerKey('e mail'));
  });

  it('recognises credential headers and leaves ordinary ones alone', () => {
    for (const h of ['HTTP Password', 'Security ID', 'API key', 'api_key', 'Admin passwd', 'Secret', 'Auth token']) expect(isCredentialHeader(h), h).toBe(true);
    for (const h of ['Site Name', 'Host', 'Notes', 'Provider key & billing owner', 'Passing grade']) expect(isCredentialHeader(h), h).toBe(false);
  });

  it('reads spreadsheet yes and no words, and nothing else', () => {
    expect(parseYesNo('Yes')).toBe(true);
    expect(parseYesNo('FALSE')).toBe(false);
    expect(parseYesNo(' 1 ')).toBe(true);
    expect(parseYesNo('maybe')).toBeNull();
  });
});

describe('suggested mappings', () => {
  it('maps a plain agency sheet by label and synonym, each column once', () => {
    const columns = ['Customer', 'Website', 'URL', 'Staging', 'WP', 'PHP', 'Hosting', 'Hosting owner', 'Comments'];
    const map = suggestMapping('sites', columns);
    expect(map).toMatchObject({
      client: 'Customer',
      name: 'Website',
      productionUrl: 'URL',
      stagingUrl: 'Staging',
      wordpressVersion: 'WP',
      phpVersion: 'PHP',
      host: 'Hosting',
      notes: 'Comments',
      [ownerKey('hosting')]: 'Hosting owner',
    });
    const used = Object.values(map).filter(Boolean);
    expect(new Set(used).size).toBe(used.length);
  });

  it('never suggests a credential column, even when its name is a synonym', () => {
    const map = suggestMapping('people', ['Name', 'Email', 'Password']);
    expect(Object.values(map)).not.toContain('Password');
  });

  it('tells the kind of records from the headers', () => {
    expect(suggestKind(['Client', 'Site', 'Production URL'])).toBe('sites');
    expect(suggestKind(['Full name', 'Email address', 'Phone'])).toBe('people');
    expect(suggestKind(['Production URL', 'Responsibility', 'Owner'])).toBe('owners');
    expect(suggestKind(['Client name', 'Notes'])).toBe('clients');
  });
});

describe('presets', () => {
  it('recognises a MainWP sites file and leaves its connection credentials out', () => {
    const preset = detectPreset(MAINWP);
    expect(preset?.id).toBe('mainwp');
    const map = presetMapping(preset!, MAINWP);
    expect(map).toMatchObject({ name: 'Site Name', productionUrl: 'Site URL', client: null });
    expect(Object.values(map)).not.toContain('HTTP Password');
    const ignored = unmappedColumns('sites', map, MAINWP);
    expect(ignored.filter((c) => c.why === 'credentials').map((c) => c.column)).toEqual(['Security ID', 'HTTP Password']);
  });

  it('recognises each of the workbench’s own exports and maps every column back', () => {
    for (const kind of IMPORT_KINDS) {
      const headers = FIELDS_OF[kind].map((f) => f.label);
      const preset = detectPreset(headers);
      expect(preset?.id, kind).toBe(`workbench-${kind}`);
      const map = presetMapping(preset!, headers);
      for (const f of FIELDS_OF[kind]) expect(map[f.key], `${kind}.${f.key}`).toBe(f.label);
    }
  });

  it('finds no preset for a sheet that only shares one header with them', () => {
    expect(detectPreset(['URL', 'Favourite colour'])).toBeNull();
  });
});

describe('mapping problems', () => {
  it('names each missing required field, an unknown column, a column used twice and a credential column', () => {
    const problems = mappingProblems('sites', { client: 'Client', name: 'Client', productionUrl: 'Nope', notes: 'HTTP Password' }, ['Client', 'HTTP Password']);
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.message]));
    expect(byField.name).toMatch(/already mapped to Client/);
    expect(byField.productionUrl).toMatch(/no column “Nope”/);
    expect(byField.notes).toMatch(/credentials/);
    expect(mappingProblems('sites', { client: 'C', name: 'N' }, ['C', 'N']).map((p) => p.field)).toEqual(['productionUrl']);
  });

  it('refuses a field that the kind does not have', () => {
    expect(mappingProblems('clients', { name: 'Client', host: 'Host' }, ['Client', 'Host'])).toEqual([
      { field: 'host', message: '“host” is not a field of clients: remove it from the mapping.' },
    ]);
  });

  it('accepts a complete mapping', () => {
    expect(mappingProblems('people', { name: 'Name', email: 'Email' }, ['Name', 'Email'])).toEqual([]);
  });
});
