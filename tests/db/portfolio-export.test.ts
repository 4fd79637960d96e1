import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@core/errors';
import { RESPONSIBILITIES, RESPONSIBILITY_INFO } from '@core/domain/responsibilities';
import { COMPUTED_COLUMNS, FIELDS_OF, ownerHeader } from '@core/portfolio/fields';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

const SITE_HEADERS = [...FIELDS_OF.sites.map((f) => f.label), ...COMPUTED_COLUMNS.sites];

function readCsv(file: string): { bytes: Buffer; rows: string[][] } {
  const bytes = fs.readFileSync(file);
  return { bytes, rows: parse(bytes, { bom: true, relax_column_count: false }) as string[][] };
}

async function readXlsx(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets[0]!;
  const rows: (string | number | null)[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: (string | number | null)[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = row.getCell(c);
      // Never a formula: every cell is a plain value.
      expect(cell.formula).toBeFalsy();
      expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number, ExcelJS.ValueType.Null]).toContain(cell.type);
      cells.push(cell.value === null || cell.value === undefined ? null : (cell.value as string | number));
    }
    rows.push(cells);
  });
  return { sheet, rows };
}

/** Clients, sites in two stages, people and owners, with a name and notes a spreadsheet would run, and Unicode. */
async function portfolio(ws: TestWorkspace) {
  const { buildClient, buildSite, buildPerson } = ws.factories;
  const acme = await buildClient({ name: 'Acme Retail', notes: '+44 20 7946 0000 switchboard' });
  const zurich = await buildClient({ name: 'Zürich Bäckerei 東京' });
  const ann = await buildPerson({ name: 'Ann Åström', email: 'ann@agency.test' });
  const bob = await buildPerson({ name: 'Bob Client', email: 'bob@acme.test', organisation: 'client', clientId: acme.id, phone: '-555 0100' });
  const shop = await buildSite({
    clientId: acme.id,
    name: '=HYPERLINK("http://evil.test","Shop")',
    productionUrl: 'https://shop.acme.test',
    notes: '@SUM(1+1) and a line\nbreak',
    host: 'Kinsta',
    sophmateVersion: '2.4.1',
  });
  const blog = await buildSite({ clientId: acme.id, name: 'Acme Blog', productionUrl: 'https://blog.acme.test', stage: 'setup', phpVersion: '8.2' });
  const cafe = await buildSite({ clientId: zurich.id, name: 'Café Zürich — 東京', productionUrl: 'https://cafe.zurich.test' });
  await ws.call('owners.assign', { siteId: shop.id, responsibility: 'hosting', ownerId: ann.id, backupOwnerId: bob.id, note: '-call first' });
  await ws.call('owners.assign', { siteId: shop.id, responsibility: 'primary', ownerId: bob.id });
  await ws.call('owners.verify', { siteId: shop.id, responsibility: 'hosting', verifiedById: bob.id });
  await ws.call('owners.assign', { siteId: cafe.id, responsibility: 'hosting', ownerId: ann.id });
  const archived = await buildSite({ clientId: zurich.id, name: 'Old Site', productionUrl: 'https://old.zurich.test' });
  await ws.call('sites.archive', { id: archived.id });
  return { acme, zurich, ann, bob, shop, blog, cafe, archived };
}

function exportTo(ws: TestWorkspace): string {
  const out = tempDir();
  ws.session.ctx.chooseFolder = async () => out;
  return out;
}

describe('portfolio.export', () => {
  it('writes the filtered, sorted Sites list as CSV: BOM, CRLF, the import labels, formulas neutralised, Unicode intact', async () => {
    const ws = openTestWorkspace();
    const p = await portfolio(ws);
    exportTo(ws);
    const r = await ws.call('portfolio.export', { what: 'sites', format: 'csv', filter: { sort: 'name', direction: 'desc' } });
    expect(path.basename(r.file!)).toBe('Sites 2026-03-01.csv');
    expect(r.rows).toBe(3);
    const { bytes, rows } = readCsv(r.file!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/"[^"]*"/g, '').match(/(?<!\r)\n/g)).toBeNull();
    expect(rows[0]).toEqual(SITE_HEADERS);
    const col = (h: string) => SITE_HEADERS.indexOf(h);
    // Name descending, as the Sites list sorts it; the archived site is not in the active list.
    const listed = await ws.call('sites.list', { sort: 'name', direction: 'desc', limit: 500 });
    expect(rows.slice(1).map((r) => r[col('Production URL')])).toEqual(listed.rows.map((s) => s.productionUrl));
    const shop = rows.find((r) => r[col('Production URL')] === 'https://shop.acme.test')!;
    expect(shop[col('Site')]).toBe(`'${p.shop.name}`);
    expect(shop[col('Notes')]).toBe("'@SUM(1+1) and a line\nbreak");
    expect(shop[col('Stage')]).toBe('Planning');
    expect(shop[col('Hosting owner')]).toBe('ann@agency.test');
    expect(shop[col('Hosting backup owner')]).toBe('bob@acme.test');
    expect(shop[col(ownerHeader('primary'))]).toBe('bob@acme.test');
    expect(shop[col('Owner gaps')]).toBe(String(RESPONSIBILITIES.length - 2));
    expect(shop[col('Unverified owners')]).toBe('1');
    expect(shop[col('Paused')]).toBe('No');
    const cafe = rows.find((r) => r[col('Production URL')] === 'https://cafe.zurich.test')!;
    expect(cafe[col('Site')]).toBe('Café Zürich — 東京');
    expect(cafe[col('Client')]).toBe('Zürich Bäckerei 東京');
    expect(rows.find((r) => r[col('Site')] === 'Acme Blog')![col('Stage')]).toBe('Setup');
  });

  it('applies the filters through the Sites list: stages, archived, client', async () => {
    const ws = openTestWorkspace();
    const p = await portfolio(ws);
    exportTo(ws);
    const setup = await ws.call('portfolio.export', { what: 'sites', format: 'csv', filter: { stages: ['setup'] } });
    expect(
      readCsv(setup.file!)
        .rows.slice(1)
        .map((r) => r[1]),
    ).toEqual(['Acme Blog']);
    const archived = await ws.call('portfolio.export', { what: 'sites', format: 'csv', filter: { archived: 'archived' } });
    const rows = readCsv(archived.file!).rows;
    expect(rows.slice(1).map((r) => r[1])).toEqual(['Old Site']);
    expect(rows[1]![SITE_HEADERS.indexOf('Archived')]).toBe('2026-03-01');
    const byClient = await ws.call('portfolio.export', {
      what: 'sites',
      format: 'csv',
      filter: { clientId: p.zurich.id, archived: 'all', sort: 'productionUrl' },
    });
    expect(
      readCsv(byClient.file!)
        .rows.slice(1)
        .map((r) => r[2]),
    ).toEqual(['https://cafe.zurich.test', 'https://old.zurich.test']);
    // The second export of a day does not replace the first.
    expect(path.basename(archived.file!)).toBe('Sites 2026-03-01 (2).csv');
    expect(fs.existsSync(setup.file!)).toBe(true);
  });

  it("names the file by today's date in the workspace's time zone, not the UTC date", async () => {
    const ws = openTestWorkspace();
    await ws.factories.buildClient({ name: 'Acme' });
    exportTo(ws);
    // 10:00 UTC on 1 March is already 2 March in Kiritimati (UTC+14), and still 1 March in Honolulu (UTC-10).
    await ws.call('settings.update', { timeZone: 'Pacific/Kiritimati' });
    expect(path.basename((await ws.call('portfolio.export', { what: 'clients', format: 'csv' })).file!)).toBe('Clients 2026-03-02.csv');
    ws.clock.advance(14 * 3_600_000);
    await ws.call('settings.update', { timeZone: 'Pacific/Honolulu' });
    expect(path.basename((await ws.call('portfolio.export', { what: 'clients', format: 'csv' })).file!)).toBe('Clients 2026-03-01.csv');
  });

  it('writes the same cells as XLSX, each a string or a number, never a formula, with a bold frozen filtered header', async () => {
    const ws = openTestWorkspace();
    const p = await portfolio(ws);
    exportTo(ws);
    const csv = await ws.call('portfolio.export', { what: 'sites', format: 'csv' });
    const xlsx = await ws.call('portfolio.export', { what: 'sites', format: 'xlsx' });
    expect(path.basename(xlsx.file!)).toBe('Sites 2026-03-01.xlsx');
    const { sheet, rows } = await readXlsx(xlsx.file!);
    expect(sheet.name).toBe('Sites');
    expect(rows[0]).toEqual(SITE_HEADERS);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const shopRow = rows.find((r) => r[SITE_HEADERS.indexOf('Production URL')] === 'https://shop.acme.test')!;
    // XLSX keeps the text as it is: a string cell is never run, and the import reads it back unchanged.
    expect(shopRow[SITE_HEADERS.indexOf('Site')]).toBe(p.shop.name);
    expect(shopRow[SITE_HEADERS.indexOf('Owner gaps')]).toBe(RESPONSIBILITIES.length - 2);
    const csvRows = readCsv(csv.file!).rows;
    const unneutralised = (c: string) => (/^'[=+\-@\t\r]/.test(c) ? c.slice(1) : c);
    expect(rows.map((r) => r.map((c) => (c === null ? '' : String(c))))).toEqual(csvRows.map((r) => r.map(unneutralised)));
  });

  it('writes the site list as JSON: format, version, filter, each site with its owners', async () => {
    const ws = openTestWorkspace();
    const p = await portfolio(ws);
    exportTo(ws);
    const r = await ws.call('portfolio.export', { what: 'sites', format: 'json', filter: { search: 'acme' } });
    const doc = JSON.parse(fs.readFileSync(r.file!, 'utf8'));
    expect(doc).toMatchObject({
      format: 'rollout-workbench-sites',
      version: 1,
      exportedAt: '2026-03-01T10:00:00.000Z',
      filter: { search: 'acme', archived: 'active' },
    });
    expect(doc.filter.limit).toBeUndefined();
    expect(doc.sites.map((s: { name: string }) => s.name)).toEqual(['=HYPERLINK("http://evil.test","Shop")', 'Acme Blog'].sort((a, b) => a.localeCompare(b)));
    const shop = doc.sites.find((s: { id: string }) => s.id === p.shop.id);
    expect(shop.owners).toEqual([
      expect.objectContaining({ responsibility: 'primary', owner: 'bob@acme.test', backupOwner: null }),
      expect.objectContaining({
        responsibility: 'hosting',
        owner: 'ann@agency.test',
        backupOwner: 'bob@acme.test',
        note: '-call first',
        verifiedBy: 'bob@acme.test',
      }),
    ]);
  });

  it('exports clients and people (active ones, by name) as CSV and XLSX', async () => {
    const ws = openTestWorkspace();
    await portfolio(ws);
    const gone = await ws.factories.buildClient({ name: 'Gone Client' });
    await ws.call('clients.archive', { id: gone.id });
    exportTo(ws);
    const clients = readCsv((await ws.call('portfolio.export', { what: 'clients', format: 'csv' })).file!).rows;
    expect(clients[0]).toEqual(['Client', 'Notes', 'Sites', 'Archived']);
    expect(clients.slice(1)).toEqual([
      ['Acme Retail', "'+44 20 7946 0000 switchboard", '2', ''],
      ['Zürich Bäckerei 東京', '', '1', ''],
    ]);
    const people = readCsv((await ws.call('portfolio.export', { what: 'people', format: 'csv' })).file!).rows;
    expect(people[0]).toEqual(['Name', 'Email', 'Organisation', 'Client', 'Phone', 'Active', 'Owner assignments', 'Archived']);
    expect(people.slice(1)).toEqual([
      ['Ann Åström', 'ann@agency.test', 'Agency', '', '', 'Yes', '2', ''],
      ['Bob Client', 'bob@acme.test', 'Client', 'Acme Retail', "'-555 0100", 'Yes', '2', ''],
    ]);
    const px = await readXlsx((await ws.call('portfolio.export', { what: 'people', format: 'xlsx' })).file!);
    expect(px.sheet.name).toBe('People');
    expect(px.rows[2]).toEqual(['Bob Client', 'bob@acme.test', 'Client', 'Acme Retail', '-555 0100', 'Yes', 2, null]);
    const cx = await readXlsx((await ws.call('portfolio.export', { what: 'clients', format: 'xlsx' })).file!);
    expect(cx.rows.slice(1).map((r) => r[0])).toEqual(['Acme Retail', 'Zürich Bäckerei 東京']);
  });

  it('exports owner assignments: one row per assigned responsibility, of the filtered sites or of one site', async () => {
    const ws = openTestWorkspace();
    const p = await portfolio(ws);
    const out = exportTo(ws);
    const all = readCsv((await ws.call('portfolio.export', { what: 'owners', format: 'csv' })).file!).rows;
    expect(all[0]).toEqual(['Production URL', 'Site', 'Responsibility', 'Owner', 'Backup owner', 'Note', 'Verified', 'Verified by', 'Owner active']);
    expect(all.slice(1)).toEqual([
      // Sites in the list's order ("=" sorts before letters), responsibilities in theirs.
      ['https://shop.acme.test', `'${p.shop.name}`, RESPONSIBILITY_INFO.primary.label, 'bob@acme.test', '', '', '', '', 'Yes'],
      ['https://shop.acme.test', `'${p.shop.name}`, 'Hosting', 'ann@agency.test', 'bob@acme.test', "'-call first", '2026-03-01', 'bob@acme.test', 'Yes'],
      ['https://cafe.zurich.test', 'Café Zürich — 東京', 'Hosting', 'ann@agency.test', '', '', '', '', 'Yes'],
    ]);
    const one = await ws.call('portfolio.export', { what: 'owners', format: 'xlsx', siteId: p.cafe.id });
    expect(one.file).toBe(path.join(out, 'Café Zürich — 東京 owners 2026-03-01.xlsx'));
    expect(one.rows).toBe(1);
    expect((await readXlsx(one.file!)).rows[1]).toEqual([
      'https://cafe.zurich.test',
      'Café Zürich — 東京',
      'Hosting',
      'ann@agency.test',
      null,
      null,
      null,
      null,
      'Yes',
    ]);
  });

  it('refuses plainly without a folder chooser, writes nothing when the dialog is cancelled, and checks its input', async () => {
    const ws = openTestWorkspace();
    await portfolio(ws);
    const refused = await ws.fail('portfolio.export', { what: 'sites', format: 'csv' });
    expect(refused.code).toBe(ErrorCode.REFUSED);
    expect(refused.message).toMatch(/desktop app.*rollout-workbench export/);
    ws.session.ctx.chooseFolder = async () => null;
    expect(await ws.call('portfolio.export', { what: 'sites', format: 'csv' })).toEqual({ file: null, rows: 0 });
    const out = exportTo(ws);
    const json = await ws.fail('portfolio.export', { what: 'people', format: 'json' });
    expect(json.code).toBe(ErrorCode.INVALID_INPUT);
    expect(json.message).toMatch(/JSON is for the site list/);
    const missing = await ws.fail('portfolio.export', { what: 'owners', format: 'csv', siteId: '01J0000000000000000000NONE' });
    expect(missing.code).toBe(ErrorCode.NOT_FOUND);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
