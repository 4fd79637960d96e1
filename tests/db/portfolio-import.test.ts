/**
 * Importing a portfolio spreadsheet through the channels (uploads, portfolio.inspect, dryRun, import)
 * on real workspaces: mapping suggestions and presets, a sites sheet adding clients, sites, people and
 * owners; re-import writes nothing; updates field by field; empty cells never clear; bad rows by line.
 */
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '@core/contract/portfolio';
import { ErrorCode } from '@core/errors';
import { dryRunPortfolioFile } from '@main/services/portfolio';
import { csvText, writeXlsx } from '../factories/spreadsheets';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';
import { dryRun, jobId, runImport, upload } from './portfolio-import-helpers';

const HEADER = ['Client', 'Site', 'Production URL', 'SophMate version', 'Host', 'Notes', 'Hosting owner', 'Primary owner', 'Backups owner'];

const SHEET = [
  HEADER,
  ['Northwind', 'Northwind Shop', 'shop.northwind.test', '2.4.1', 'Kinsta', '', 'Jane Doe <jane@agency.test>', 'ops@agency.test', 'jane.doe@agency.test'],
  ['Northwind', 'Northwind Blog', 'https://blog.northwind.test', '', 'Kinsta', 'Launch in May', 'jane@agency.test', 'ops@agency.test', ''],
  ['Contoso', 'Contoso Store', 'https://store.contoso.test/', '2.5', 'WP Engine', '', 'Ops Team <ops@agency.test>', '', ''],
];

const historyRows = (ws: TestWorkspace) => ws.count('change_log');
const problemsOf = (r: ImportReport) => r.problems.map((p) => [p.line, p.field, p.reason]);

describe('portfolio.inspect', () => {
  it('recognises a MainWP export and never maps its credential columns', async () => {
    const ws = openTestWorkspace();
    const rows = [
      ['Site Name', 'Site URL', 'Admin Name', 'Tag', 'Security ID', 'HTTP Username', 'HTTP Password', 'Verify Certificate', 'SSL Version', 'Client'],
      ['Acme', 'https://acme.test', 'admin', 'vip', 'abc', 'u', 'p', '1', 'auto', 'Acme Ltd'],
    ];
    const uploadId = await upload(ws, 'mainwp.csv', csvText(rows));
    const out = await ws.call('portfolio.inspect', { uploadId });
    expect(out.preset?.id).toBe('mainwp');
    expect(out.kind).toBe('sites');
    expect(out.mapping.columns).toMatchObject({ name: 'Site Name', productionUrl: 'Site URL', client: 'Client' });
    expect(Object.values(out.mapping.columns)).not.toContain('HTTP Password');
    expect(out.ignoredColumns).toEqual(
      expect.arrayContaining([
        { column: 'HTTP Password', why: 'credentials' },
        { column: 'Security ID', why: 'credentials' },
      ]),
    );
    expect(out.sample[0]![out.columns.indexOf('HTTP Password')]).toBe('(hidden: credentials are never imported)');
    expect(out.sample[0]![out.columns.indexOf('Site URL')]).toBe('https://acme.test');
  });

  it('suggests the kind and the columns from header names', async () => {
    const ws = openTestWorkspace();
    const uploadId = await upload(
      ws,
      'people.csv',
      csvText([
        ['Full name', 'E-mail', 'Works for', 'Mobile'],
        ['Ana Lopez', 'ana@x.test', 'Agency', '+44 20 7946 0000'],
      ]),
    );
    const out = await ws.call('portfolio.inspect', { uploadId });
    expect(out.kind).toBe('people');
    expect(out.preset).toBeNull();
    expect(out.mapping.columns).toMatchObject({ name: 'Full name', email: 'E-mail', organisation: 'Works for', phone: 'Mobile' });
  });
});

describe('portfolio import of a sites sheet', () => {
  it('adds clients, sites, people and owners, and a second import of the same file writes nothing', async () => {
    const ws = openTestWorkspace();
    const start = historyRows(ws);
    await dryRun(ws, SHEET);
    expect([ws.count('sites'), ws.count('clients'), ws.count('people'), historyRows(ws)]).toEqual([0, 0, 0, start]);
    const { dry, imported } = await runImport(ws, SHEET);
    expect(dry.bad).toBe(0);
    expect(dry.counts).toEqual({
      clients: { add: 2, update: 0, unchanged: 0 },
      sites: { add: 3, update: 0, unchanged: 0 },
      people: { add: 3, update: 0, unchanged: 0 },
      owners: { add: 6, update: 0, unchanged: 0 },
    });
    expect(dry.firstRows[0]!.values).toMatchObject({
      'Production URL': 'https://shop.northwind.test',
      'Hosting owner': 'Jane Doe <jane@agency.test>',
      Notes: null,
    });
    expect(imported.imported).toBe(3);
    expect(imported.good).toBe(3);
    const sites = await ws.call('sites.list', {});
    expect(sites.rows.map((s) => [s.name, s.clientName, s.productionUrl, s.sophmateVersion]).sort()).toEqual([
      ['Contoso Store', 'Contoso', 'https://store.contoso.test', '2.5'],
      ['Northwind Blog', 'Northwind', 'https://blog.northwind.test', null],
      ['Northwind Shop', 'Northwind', 'https://shop.northwind.test', '2.4.1'],
    ]);
    const people = await ws.call('people.list', {});
    // "jane.doe@" in a Backups column is a third address: a person named from it.
    expect(people.rows.map((p) => [p.name, p.email]).sort()).toEqual([
      ['Jane Doe', 'jane.doe@agency.test'],
      ['Jane Doe', 'jane@agency.test'],
      ['Ops', 'ops@agency.test'],
    ]);
    const shop = sites.rows.find((s) => s.name === 'Northwind Shop')!;
    const matrix = await ws.call('owners.matrix', { siteId: shop.id });
    const owner = (r: string) => matrix.rows.find((x) => x.responsibility === r)!.assignment?.ownerEmail;
    expect([owner('hosting'), owner('primary'), owner('backups')]).toEqual(['jane@agency.test', 'ops@agency.test', 'jane.doe@agency.test']);

    const before = historyRows(ws);
    const again = await runImport(ws, SHEET);
    expect(again.imported.imported).toBe(0);
    expect(again.imported.unchanged).toBe(3);
    expect(again.imported.changes).toEqual([]);
    expect(again.imported.counts.sites).toEqual({ add: 0, update: 0, unchanged: 3 });
    expect(again.imported.counts.owners).toEqual({ add: 0, update: 0, unchanged: 6 });
    expect(historyRows(ws)).toBe(before);
  });

  it('updates found sites field by field, shows before and after, and never clears a field from an empty cell', async () => {
    const ws = openTestWorkspace();
    const site = await ws.factories.buildSite({
      name: 'Northwind Shop',
      productionUrl: 'https://shop.northwind.test',
      host: 'Kinsta',
      phpVersion: '8.2',
      notes: 'Keep',
    });
    const rows = [
      ['Client', 'Site', 'Production URL', 'Host', 'PHP version', 'Notes'],
      ['', 'Northwind Shop', 'HTTPS://SHOP.NORTHWIND.TEST/', 'WP Engine', '', ''],
    ];
    const { dry } = await dryRun(ws, rows);
    expect(dry.counts.sites).toEqual({ add: 0, update: 1, unchanged: 0 });
    expect(dry.changes).toEqual([
      {
        line: 2,
        entity: 'site',
        label: 'Site “Northwind Shop”',
        action: 'update',
        fields: [{ field: 'host', label: 'Host', before: 'Kinsta', after: 'WP Engine' }],
      },
    ]);
    await runImport(ws, rows);
    const after = await ws.call('sites.get', { id: site.id });
    expect([after.host, after.phpVersion, after.notes, after.clientId]).toEqual(['WP Engine', '8.2', 'Keep', site.clientId]);
  });

  it('keeps the first of duplicate URLs and reports the others by line', async () => {
    const ws = openTestWorkspace();
    const rows = [
      ['Client', 'Site', 'Production URL'],
      ['Acme', 'Acme', 'https://acme.test'],
      ['Acme', 'Acme again', 'ACME.test'],
      ['Acme', 'Other', 'https://other.acme.test'],
    ];
    const { imported } = await runImport(ws, rows);
    expect(imported.duplicates).toBe(1);
    expect(imported.good).toBe(2);
    expect(problemsOf(imported)).toEqual([
      [3, null, 'Duplicate of line 2: an earlier row is for the same record, and only the first row for a record is read.'],
    ]);
    expect((await ws.call('sites.list', {})).rows.map((s) => s.name).sort()).toEqual(['Acme', 'Other']);
  });

  it('refuses a row with a secret in its notes, without repeating it, and writes nothing for that row', async () => {
    const ws = openTestWorkspace();
    const key = 'sk-proj-' + 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l';
    const rows = [
      ['Client', 'Site', 'Production URL', 'Notes'],
      ['Acme', 'Acme', 'https://acme.test', `Provider key: ${key}`],
      ['Beta', 'Beta', 'https://beta.test', 'Fine'],
    ];
    const { dry, imported } = await runImport(ws, rows);
    expect(dry.bad).toBe(1);
    expect(dry.problems).toHaveLength(1);
    expect(dry.problems[0]).toMatchObject({ line: 2, field: 'Notes' });
    expect(JSON.stringify(dry)).not.toContain(key.slice(8));
    expect(imported.imported).toBe(1);
    expect((await ws.call('clients.list', {})).rows.map((c) => c.name)).toEqual(['Beta']);
    expect(JSON.stringify(ws.session.workspace.sqlite.prepare('SELECT * FROM change_log').all())).not.toContain(key.slice(8));
  });

  it('reports a bad version, a bad URL, a password in a URL, an archived site and an unknown stage; imports a later stage in Planning with a note', async () => {
    const ws = openTestWorkspace();
    const old = await ws.factories.buildSite({ name: 'Old', productionUrl: 'https://old.test' });
    await ws.call('sites.archive', { id: old.id, version: old.version });
    const rows = [
      ['Client', 'Site', 'Production URL', 'SophMate version', 'Stage'],
      ['Acme', 'A', 'https://a.test', 'two point four', ''],
      ['Acme', 'B', 'http://b.test', '', ''],
      ['Acme', 'C', 'https://admin:hunter2@c.test', '', ''],
      ['Acme', 'Old', 'https://old.test', '', ''],
      ['Acme', 'D', 'https://d.test', '', 'Pilot'],
      ['Acme', 'E', 'https://e.test', '', 'Launched'],
      ['Acme', 'F', 'https://f.test', '2.4', 'setup'],
      ['Acme', 'G', 'https://g.test', '', 'Retired'],
    ];
    const { dry } = await dryRun(ws, rows);
    expect(dry.good).toBe(2);
    expect(dry.bad).toBe(6);
    expect(dry.noted).toBe(1);
    expect(dry.notes).toEqual([
      {
        line: 6,
        field: 'Stage',
        reason: expect.stringMatching(/^Imported in Planning, not Pilot: A new site starts in Planning or Setup\. Move it on with Change stage/),
      },
    ]);
    const byLine = Object.fromEntries(dry.problems.map((p) => [p.line, [p.field, p.reason]]));
    expect(byLine[2]).toEqual(['SophMate version', 'SophMate version must look like a version number, for example 2.4.1.']);
    expect(byLine[3]).toEqual(['Production URL', 'Production URL must use https://: production sites need TLS for logins and AI provider calls.']);
    expect(byLine[4]![0]).toBe('Production URL');
    expect(byLine[4]![1]).not.toContain('hunter2');
    expect(byLine[5]).toEqual(['Production URL', '“Old” (https://old.test) is archived: restore it first, then import this row again.']);
    expect(byLine[6]).toBeUndefined();
    expect(byLine[7]![1]).toMatch(/^Stage “Launched” is not a stage/);
    expect(byLine[9]).toEqual(['Stage', expect.stringMatching(/^A new site cannot start Retired: A new site starts in Planning or Setup/)]);
    const before = historyRows(ws);
    const uploadId = await upload(ws, 'p.csv', csvText(rows));
    const out = await ws.call('portfolio.import', { jobId: jobId(), uploadId, mapping: (await dryRun(ws, rows)).mapping, confirm: true });
    expect(out.imported).toBe(2);
    // The later stage never gets past the gates: the site waits in Planning for Change stage.
    expect((await ws.call('sites.list', {})).rows.map((s) => [s.name, s.stage])).toEqual([
      ['D', 'planning'],
      ['F', 'setup'],
    ]);
    expect(historyRows(ws)).toBeGreaterThan(before);
  });

  it('keeps the stage of a known site and says so in a note', async () => {
    const ws = openTestWorkspace();
    await ws.factories.buildSite({ name: 'Shop', productionUrl: 'https://shop.test' });
    const { dry } = await dryRun(ws, [
      ['Client', 'Site', 'Production URL', 'Stage'],
      ['', 'Shop', 'https://shop.test', 'Adoption'],
    ]);
    expect(dry.counts.sites).toEqual({ add: 0, update: 0, unchanged: 1 });
    expect(dry.changes).toEqual([]);
    expect(dry.noted).toBe(1);
    expect(dry.notes[0]).toMatchObject({ line: 2, field: 'Stage' });
    expect(dry.notes[0]!.reason).toMatch(/^Stage left in Planning, not Adoption: an import never moves a site; Change stage/);
  });

  it('refuses a mapping without a required column, naming the mapping field', async () => {
    const ws = openTestWorkspace();
    const { uploadId, mapping } = await dryRun(ws, [
      ['Client', 'Site', 'Production URL'],
      ['A', 'A', 'https://a.test'],
    ]);
    const err = await ws.fail('portfolio.dryRun', { jobId: jobId(), uploadId, mapping: { ...mapping, columns: { ...mapping.columns, productionUrl: null } } });
    expect(err.code).toBe(ErrorCode.INVALID_INPUT);
    expect(err.details?.issues).toEqual([{ path: 'mapping.columns.productionUrl', message: 'Production URL is required: choose the column that holds it.' }]);
  });

  it('refuses an owner name that names several people, listing their emails', async () => {
    const ws = openTestWorkspace();
    await ws.factories.buildPerson({ name: 'Sam Lee', email: 'sam1@agency.test' });
    await ws.factories.buildPerson({ name: 'Sam Lee', email: 'sam2@agency.test' });
    await ws.factories.buildPerson({ name: 'Ana Lopez', email: 'ana@agency.test' });
    const { dry } = await dryRun(ws, [
      ['Client', 'Site', 'Production URL', 'Hosting owner', 'Primary owner'],
      ['A', 'A', 'https://a.test', 'sam lee', 'ana lopez'],
      ['A', 'B', 'https://b.test', 'Nobody Known', ''],
    ]);
    expect(problemsOf(dry)).toEqual([
      [2, 'Hosting owner', '“sam lee” names 2 people (sam1@agency.test, sam2@agency.test): write the email of the one you mean.'],
      [3, 'Hosting owner', 'No active person is named “Nobody Known”: write their email instead (an email nobody has adds that person).'],
    ]);
  });
});

describe('portfolio import of an XLSX sheet', () => {
  it('refuses a row whose mapped cell is a formula without a value, and reads a row whose unmapped cell is', async () => {
    const ws = openTestWorkspace();
    const file = await writeXlsx(tempDir(), 'sites.xlsx', [
      {
        name: 'Sites',
        rows: [
          ['Client', 'Site', 'Production URL', 'Remarks'],
          ['Acme', 'A', 'https://a.test', { formula: 'NOW()' }],
          ['Acme', { formula: 'CONCAT("B","")' }, 'https://b.test', ''],
        ],
      },
    ]);
    const mapping = {
      kind: 'sites' as const,
      sheet: null,
      headerRow: null,
      delimiter: null,
      newPeople: 'agency' as const,
      columns: { client: 'Client', name: 'Site', productionUrl: 'Production URL' },
    };
    const report = await dryRunPortfolioFile(ws.session.ctx, { path: file, name: 'sites.xlsx' }, mapping);
    expect([report.rows, report.good, report.bad]).toEqual([2, 1, 1]);
    expect(report.problems.map((p) => [p.line, p.field])).toEqual([[3, 'Site']]);
  });
});
