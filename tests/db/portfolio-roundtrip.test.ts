/**
 * Export -> import into an empty workspace -> export gives the same file: the export's columns are
 * the import's fields, and the import reads back every value the export writes (the CSV's ' before
 * formula-looking text included).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { PortfolioExportInput } from '@core/contract/portfolio';
import { writerOf } from '@main/rpc/context';
import { importPortfolioFile, inspectPortfolioFile } from '@main/services/portfolio';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

/** Clients, people, sites in planning and setup with owners and backups; text a spreadsheet would run; Unicode. */
async function portfolio(ws: TestWorkspace) {
  const { buildClient, buildSite, buildPerson } = ws.factories;
  const acme = await buildClient({ name: 'Acme Retail', notes: '=1+1 is not a formula here' });
  const zurich = await buildClient({ name: 'Zürich Bäckerei 東京' });
  const ann = await buildPerson({ name: 'Ann Åström', email: 'ann@agency.test', phone: '+44 20 7946 0000' });
  const bob = await buildPerson({ name: 'Bob Client', email: 'bob@acme.test', organisation: 'client', clientId: acme.id });
  await buildPerson({ name: 'Carol Gone', email: 'carol@agency.test', active: false });
  const shop = await buildSite({
    clientId: acme.id,
    name: '=HYPERLINK("http://evil.test","Shop")',
    productionUrl: 'https://shop.acme.test',
    stagingUrl: 'https://staging.shop.acme.test',
    notes: '@SUM(1+1) and a line\nbreak, "quoted"; semi',
    host: 'Kinsta',
    aiProvider: 'OpenAI',
    sophmateVersion: '2.4.1',
    wordpressVersion: '6.6.2',
    phpVersion: '8.2',
    woocommerceVersion: '9.3.3',
    activeTheme: 'Storefront',
  });
  await buildSite({ clientId: acme.id, name: 'Acme Blog', productionUrl: 'https://blog.acme.test', stage: 'setup', phpVersion: '8.3' });
  const cafe = await buildSite({ clientId: zurich.id, name: 'Café Zürich — 東京', productionUrl: 'https://cafe.zurich.test', notes: '-minus first' });
  await ws.call('owners.assign', { siteId: shop.id, responsibility: 'hosting', ownerId: ann.id, backupOwnerId: bob.id, note: '+call first' });
  await ws.call('owners.assign', { siteId: shop.id, responsibility: 'primary', ownerId: bob.id });
  await ws.call('owners.assign', { siteId: cafe.id, responsibility: 'setup', ownerId: ann.id, backupOwnerId: bob.id });
}

async function exportFile(ws: TestWorkspace, input: PortfolioExportInput): Promise<string> {
  const out = tempDir();
  ws.session.ctx.chooseFolder = async () => out;
  const r = await ws.call('portfolio.export', input);
  return r.file!;
}

/** Imports a file the way the CLI does without --mapping: the mapping inspect offers (here the workbench preset). */
async function importFile(ws: TestWorkspace, file: string) {
  const source = { path: file, name: path.basename(file) };
  const inspected = await inspectPortfolioFile(ws.session.ctx, source, {});
  expect(inspected.preset?.id).toMatch(/^workbench-/);
  return importPortfolioFile(writerOf(ws.session.ctx), source, inspected.mapping);
}

async function xlsxValues(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const KINDS = ['clients', 'people', 'sites', 'owners'] as const;

describe('portfolio export -> import -> export', () => {
  it('gives byte-identical CSV files for clients, people, sites and owners, and a second import changes nothing', async () => {
    const a = openTestWorkspace();
    await portfolio(a);
    const first: Record<string, string> = {};
    for (const what of KINDS) first[what] = await exportFile(a, { what, format: 'csv' });

    const b = openTestWorkspace(path.join(tempDir(), 'empty.sqlite'));
    for (const what of KINDS) {
      const report = await importFile(b, first[what]!);
      expect(report.bad, JSON.stringify(report.problems)).toBe(0);
      expect(report.cancelled).toBe(false);
    }
    for (const what of KINDS) {
      const again = await exportFile(b, { what, format: 'csv' });
      expect(fs.readFileSync(again).toString('utf8'), what).toBe(fs.readFileSync(first[what]!).toString('utf8'));
      expect(fs.readFileSync(again).equals(fs.readFileSync(first[what]!)), what).toBe(true);
    }

    // Re-importing the same files changes nothing: every good row is unchanged and no history is added.
    const history = b.count('change_log');
    for (const what of KINDS) {
      const report = await importFile(b, first[what]!);
      expect(report.bad).toBe(0);
      expect(report.unchanged, what).toBe(report.good);
      expect(report.changes, what).toEqual([]);
    }
    expect(b.count('change_log')).toBe(history);
  });

  it('gives the same XLSX cell values, and the same CSV, through an XLSX sites export alone', async () => {
    const a = openTestWorkspace();
    await portfolio(a);
    const xlsx = await exportFile(a, { what: 'sites', format: 'xlsx' });
    const csv = await exportFile(a, { what: 'sites', format: 'csv' });

    const c = openTestWorkspace(path.join(tempDir(), 'empty.sqlite'));
    const report = await importFile(c, xlsx);
    expect(report.bad, JSON.stringify(report.problems)).toBe(0);
    expect(report.counts.sites.add).toBe(3);
    expect(report.counts.clients.add).toBe(2);

    expect(await xlsxValues(await exportFile(c, { what: 'sites', format: 'xlsx' }))).toEqual(await xlsxValues(xlsx));
    expect(fs.readFileSync(await exportFile(c, { what: 'sites', format: 'csv' })).equals(fs.readFileSync(csv))).toBe(true);
  });
});
