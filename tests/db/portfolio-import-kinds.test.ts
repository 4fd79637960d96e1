/**
 * Portfolio import of owners, people and clients sheets; cancel between batches; a row a service
 * refuses at write time rolled back alone; saved mappings found again by columns and by name.
 */
import { describe, expect, it } from 'vitest';
import type { PortfolioMapping } from '@core/contract/portfolio';
import { deriveContext, writerOf } from '@main/rpc/context';
import { openSpreadsheet } from '@main/portfolio/read';
import { importPortfolioFile } from '@main/services/portfolio';
import { applyPlan, BATCH_ROWS } from '@main/services/portfolio-apply';
import { findMappingByName } from '@main/services/portfolio-mappings';
import { planImport } from '@main/services/portfolio-plan';
import { rowPlanner } from '@main/services/portfolio-plan-records';
import { csvText, writeCsv } from '../factories/spreadsheets';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';
import { dryRun, runImport, upload } from './portfolio-import-helpers';

const sitesMapping = (columns: Record<string, string>): PortfolioMapping => ({
  kind: 'sites',
  sheet: null,
  headerRow: null,
  delimiter: null,
  newPeople: 'agency',
  columns,
});

const siteRows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => [`Client ${(from + i) % 7}`, `Site ${from + i}`, `https://site-${from + i}.example.test`]);

describe('portfolio import of owners, people and clients sheets', () => {
  it('assigns owners row by row, adds a person for a new email, and writes nothing the second time', async () => {
    const ws = openTestWorkspace();
    const site = await ws.factories.buildSite({ name: 'Shop', productionUrl: 'https://shop.test' });
    await ws.factories.buildPerson({ name: 'Ana Lopez', email: 'ana@agency.test' });
    const rows = [
      ['Production URL', 'Responsibility', 'Owner', 'Backup owner', 'Note'],
      ['shop.test', 'Hosting', 'ana@agency.test', '', 'Host panel access'],
      ['https://shop.test', 'provider key & billing', 'Ben Cho <ben@agency.test>', 'Ana Lopez', ''],
      ['https://shop.test', 'Astrology', 'ana@agency.test', '', ''],
      ['https://nowhere.test', 'Hosting', 'ana@agency.test', '', ''],
      ['https://SHOP.test', 'hosting', 'ben@agency.test', '', ''],
    ];
    const { dry, imported } = await runImport(ws, rows, { kind: 'owners' });
    expect(dry.counts.owners).toEqual({ add: 2, update: 0, unchanged: 0 });
    expect(dry.counts.people).toEqual({ add: 1, update: 0, unchanged: 0 });
    expect(dry.problems.map((p) => [p.line, p.field])).toEqual([
      [4, 'Responsibility'],
      [5, 'Production URL'],
      [6, null],
    ]);
    expect(dry.duplicates).toBe(1);
    expect(imported.imported).toBe(2);
    const matrix = await ws.call('owners.matrix', { siteId: site.id });
    const row = (r: string) => matrix.rows.find((x) => x.responsibility === r)!.assignment!;
    expect([row('hosting').ownerEmail, row('hosting').note]).toEqual(['ana@agency.test', 'Host panel access']);
    expect([row('provider_key_billing').ownerName, row('provider_key_billing').backupOwnerName]).toEqual(['Ben Cho', 'Ana Lopez']);
    const before = ws.count('change_log');
    const again = await runImport(ws, rows.slice(0, 3), { kind: 'owners' });
    expect([again.imported.imported, again.imported.counts.owners.unchanged]).toEqual([0, 2]);
    expect(ws.count('change_log')).toBe(before);
  });

  it('adds and updates people field by field, and refuses a client that does not exist', async () => {
    const ws = openTestWorkspace();
    const client = await ws.factories.buildClient({ name: 'Northwind' });
    const ana = await ws.factories.buildPerson({ name: 'Ana Lopez', email: 'ana@agency.test', phone: '+44 20 7946 0000' });
    const rows = [
      ['Name', 'Email', 'Organisation', 'Client', 'Phone', 'Active'],
      ['', 'ANA@agency.test', '', '', '+44 20 7946 1111', ''],
      ['Bo Chen', 'bo@northwind.test', '', 'northwind', '', 'no'],
      ['Cy Day', 'cy@nowhere.test', '', 'Nowhere Ltd', '', ''],
      ['Di Eve', 'di@northwind.test', 'Client', '', '', ''],
      ['Ed Fox', 'ed@agency.test', 'Agency', '', '', 'maybe'],
    ];
    const { dry, imported } = await runImport(ws, rows, { kind: 'people' });
    expect(dry.changes.find((c) => c.line === 2)!.fields).toEqual([{ field: 'phone', label: 'Phone', before: '+44 20 7946 0000', after: '+44 20 7946 1111' }]);
    expect(dry.problems.map((p) => [p.line, p.field, p.reason])).toEqual([
      [4, 'Client', 'No client is named “Nowhere Ltd”: add the client first (a clients sheet, or the Clients page), then import this row again.'],
      [5, 'Client', 'Choose the client this person works for.'],
      [6, 'Active', 'Active “maybe” is not Yes or No: write Yes or No (empty: Yes).'],
    ]);
    expect(imported.imported).toBe(2);
    const bo = (await ws.call('people.list', { search: 'bo@' })).rows[0]!;
    expect([bo.organisation, bo.clientId, bo.active]).toEqual(['client', client.id, false]);
    const anaAfter = await ws.call('people.get', { id: ana.id });
    expect([anaAfter.name, anaAfter.phone]).toEqual(['Ana Lopez', '+44 20 7946 1111']);
  });

  it('adds people named only in owner cells to the site’s client when the mapping says so', async () => {
    const ws = openTestWorkspace();
    const { imported } = await runImport(
      ws,
      [
        ['Client', 'Site', 'Production URL', 'Hosting owner', 'Hosting backup owner'],
        ['Fresh Co', 'Fresh', 'fresh.test', 'mary-jane.watson@fresh.test', 'mary-jane.watson@fresh.test'],
        ['Fresh Co', 'Fresh 2', 'fresh2.test', 'Mary Jane <mary-jane.watson@fresh.test>', 'it@fresh.test'],
      ],
      { newPeople: 'client' },
    );
    // The same person as owner and backup is refused by owners.assign's own rule; the next row is fine.
    expect(imported.problems.map((p) => [p.line, p.field])).toEqual([[2, 'Hosting backup owner']]);
    expect(imported.imported).toBe(1);
    const client = (await ws.call('clients.list', {})).rows[0]!;
    const people = (await ws.call('people.list', {})).rows.map((p) => [p.name, p.email, p.organisation, p.clientId]);
    expect(people).toEqual([
      ['It', 'it@fresh.test', 'client', client.id],
      ['Mary Jane', 'mary-jane.watson@fresh.test', 'client', client.id],
    ]);
  });

  it('adds clients and updates their notes', async () => {
    const ws = openTestWorkspace();
    await ws.factories.buildClient({ name: 'Northwind', notes: 'Old' });
    const { imported } = await runImport(
      ws,
      [
        ['Client', 'Notes'],
        ['NORTHWIND', 'Renewal in June'],
        ['Contoso', ''],
      ],
      { kind: 'clients' },
    );
    expect(imported.counts.clients).toEqual({ add: 1, update: 1, unchanged: 0 });
    const list = await ws.call('clients.list', {});
    expect(list.rows.map((c) => [c.name, c.notes])).toEqual([
      ['Contoso', null],
      ['Northwind', 'Renewal in June'],
    ]);
  });
});

describe('portfolio import in batches', () => {
  it('stops between batches on a cancel: the batches written stay whole', async () => {
    const ws = openTestWorkspace();
    const file = writeCsv(tempDir(), 'many.csv', [['Client', 'Site', 'Production URL'], ...siteRows(BATCH_ROWS * 2 + 50)]);
    const controller = new AbortController();
    const ctx = deriveContext(writerOf(ws.session.ctx), {
      emit: (event, payload) => {
        if (event === 'import.progress' && (payload as { phase: string }).phase === 'writing') controller.abort();
      },
    });
    const mapping = sitesMapping({ client: 'Client', name: 'Site', productionUrl: 'Production URL' });
    const out = await importPortfolioFile(ctx, { path: file, name: 'many.csv' }, mapping, { signal: controller.signal });
    expect(out.cancelled).toBe(true);
    expect(out.imported).toBe(BATCH_ROWS);
    expect(ws.count('sites')).toBe(BATCH_ROWS);
    // The rest comes in when the file is imported again; nothing written twice.
    const rest = await importPortfolioFile(writerOf(ws.session.ctx), { path: file, name: 'many.csv' }, mapping);
    expect([rest.cancelled, rest.imported, rest.counts.sites.unchanged]).toEqual([false, BATCH_ROWS + 50, BATCH_ROWS]);
    expect(ws.count('sites')).toBe(BATCH_ROWS * 2 + 50);
  });

  it('rolls back only the row a service refuses when the workspace changed after the plan', async () => {
    const ws = openTestWorkspace();
    const file = writeCsv(tempDir(), 'p.csv', [
      ['Client', 'Site', 'Production URL'],
      ['Acme', 'A', 'https://a.test'],
      ['New Co', 'Fresh', 'https://fresh.test'],
      ['Acme', 'B', 'https://b.test'],
    ]);
    const mapping = sitesMapping({ client: 'Client', name: 'Site', productionUrl: 'Production URL' });
    const plan = await planImport(ws.session.ctx, await openSpreadsheet(file, 'p.csv'), mapping, rowPlanner('sites'));
    expect(plan.report.good).toBe(3);
    // Another window adds a site with that address meanwhile.
    await ws.factories.buildSite({ name: 'Taken', productionUrl: 'https://fresh.test' });
    const result = await applyPlan(writerOf(ws.session.ctx), plan);
    expect(result.imported).toBe(2);
    expect(result.failed.map((f) => [f.problem.line, f.problem.reason])).toEqual([
      [3, expect.stringContaining('https://fresh.test is already the production URL of “Taken”')],
    ]);
    const clients = (await ws.call('clients.list', {})).rows.map((c) => c.name);
    expect(clients).toContain('Acme');
    expect(clients).not.toContain('New Co');
    expect((await ws.call('sites.list', {})).rows.map((s) => s.name).sort()).toEqual(['A', 'B', 'Taken']);
  });
});

describe('saved portfolio mappings', () => {
  const rows = [
    ['Customer', 'Website', 'Domain', 'Hosting contact'],
    ['Acme', 'Acme', 'acme.test', 'ops@agency.test'],
  ];

  async function saved(ws: TestWorkspace) {
    return ws.call('portfolio.mappings', {});
  }

  it('saves a mapping on import, offers it for a file with the same columns, finds it by name, and removes it', async () => {
    const ws = openTestWorkspace();
    const first = await runImport(ws, rows, { saveMappingAs: 'Agency sheet', columns: { stagingUrl: null } });
    expect(first.imported.imported).toBe(1);
    const list = await saved(ws);
    expect(list.map((m) => [m.name, m.kind, m.fileColumns])).toEqual([['Agency sheet', 'sites', rows[0]]]);
    expect(list[0]!.mapping.columns).toEqual(Object.fromEntries(Object.entries(first.mapping.columns).filter(([, v]) => v)));
    // Same columns in another order and case: the saved mapping is offered.
    const uploadId = await upload(
      ws,
      'next.csv',
      csvText([
        ['domain', 'CUSTOMER', 'Hosting contact', 'Website'],
        ['b.test', 'Beta', '', 'Beta'],
      ]),
    );
    const inspected = await ws.call('portfolio.inspect', { uploadId });
    expect(inspected.saved).toEqual({ id: list[0]!.id, name: 'Agency sheet' });
    expect(findMappingByName(ws.session.ctx, 'agency SHEET')?.id).toBe(list[0]!.id);
    // Saving under the same name replaces it.
    await runImport(
      ws,
      [
        ['Client', 'Site', 'Production URL'],
        ['C', 'C', 'c.test'],
      ],
      { saveMappingAs: 'Agency sheet' },
    );
    const replaced = await saved(ws);
    expect(replaced.map((m) => [m.id, m.fileColumns])).toEqual([[list[0]!.id, ['Client', 'Site', 'Production URL']]]);
    await ws.call('portfolio.deleteMapping', { id: list[0]!.id });
    expect(await saved(ws)).toEqual([]);
    const history = ws.session.workspace.sqlite.prepare(`SELECT action FROM change_log WHERE entity = 'import_mapping' ORDER BY rowid`).all() as {
      action: string;
    }[];
    expect(history.map((h) => h.action)).toEqual(['create', 'update', 'archive']);
    const err = await ws.fail('portfolio.deleteMapping', { id: list[0]!.id });
    expect(err.code).toBe('NOT_FOUND');
  });

  it('refuses a dry run of an upload that is gone', async () => {
    const ws = openTestWorkspace();
    const { uploadId, mapping } = await dryRun(ws, rows);
    await ws.call('uploads.discard', { uploadId });
    const err = await ws.fail('portfolio.dryRun', { jobId: 'job-gone', uploadId, mapping });
    expect(err.code).toBe('NOT_FOUND');
  });
});
