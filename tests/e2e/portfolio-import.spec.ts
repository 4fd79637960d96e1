/**
 * An agency's 300-site workbook imported through the import page: upload, the detected header row
 * (a title row sits above it) and the suggested mapping, one column mapped by hand, a dry run that
 * lists the bad rows by line (a plain-http URL, a repeated URL, an API key in the notes), the import
 * of the good rows, and the same file again, which changes nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expect, test, type WebApp } from './fixtures';

const ROWS = 300;
/** Data rows sit below the title row (1) and the header row (2): row i (0-based) is spreadsheet row i + 3. */
const rowOf = (i: number) => i + 3;
const BAD_URL = 40;
const DUPLICATE = 120;
const DUPLICATE_OF = 7;
const SECRET = 200;
const GOOD_SITES = ROWS - 3;

const shop = (i: number) => `Shop ${String(i + 1).padStart(3, '0')}`;
const url = (i: number) => `https://shop-${String(i + 1).padStart(3, '0')}.example.test`;

async function agencyWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sites');
  const headers = [
    'Client',
    'Website name',
    'Site URL',
    'Staging URL',
    'WP version',
    'Host',
    'Theme used',
    'Notes',
    'Primary owner',
    'Hosting owner email',
    'Admin password',
  ];
  ws.addRow(['Agency site list: exported 2026-11-01']);
  ws.mergeCells(1, 1, 1, headers.length);
  ws.addRow(headers);
  for (let i = 0; i < ROWS; i++) {
    const n = String(i + 1).padStart(3, '0');
    ws.addRow([
      `Client ${String((i % 20) + 1).padStart(2, '0')}`,
      shop(i),
      i === BAD_URL ? `http://shop-${n}.example.test` : i === DUPLICATE ? url(DUPLICATE_OF) : url(i),
      `https://staging.shop-${n}.example.test`,
      '6.5.2',
      ['Kinsta', 'WP Engine', 'SiteGround'][i % 3],
      'Astra',
      i === SECRET ? 'Provider key sk-proj-4fXq9Lr2Tz8Wm1Kp7Vn3Yb6Hc0Jd5GsQ' : `Care plan ${i % 4}`,
      'Pia Primary <pia.primary@agency.test>',
      i % 2 ? 'Hana Host <hana.host@agency.test>' : 'Hugo Host <hugo.host@agency.test>',
      `hunter2-${n}`,
    ]);
  }
  const readMe = wb.addWorksheet('Read me');
  readMe.addRow(['Kept by the agency ops team.']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function axeClean(page: Page) {
  const result = await new AxeBuilder({ page }).include('main').analyze();
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 160)}`)).toEqual(
    [],
  );
}

/** A mapping field's select, by the field's label. */
const field = (page: Page, label: string) => page.getByTestId('mapping-step').getByRole('textbox', { name: label, exact: true });

async function choose(page: Page, select: Locator, option: string) {
  await select.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function upload(page: Page, buffer: Buffer) {
  await page
    .getByLabel('Spreadsheet file')
    .setInputFiles({ name: 'agency-sites.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
  await expect(page.getByTestId('mapping-step')).toBeVisible();
}

async function siteId(app: WebApp, name: string): Promise<string> {
  const { rows } = await app.rpc<{ rows: { id: string; name: string }[] }>('sites.list', { search: name, limit: 5 });
  return rows.find((r) => r.name === name)!.id;
}

test('a 300-site workbook is imported through mapping, dry run and confirmation; importing it again changes nothing', async ({
  app,
  page,
  sitesPage,
  sitePage,
}) => {
  // 300 rows checked twice and written once on a shared machine: the waits below are for the jobs to end.
  test.setTimeout(300_000);
  const job = { timeout: 120_000 };
  const workbook = await agencyWorkbook();
  await sitesPage.open();
  await page.getByRole('button', { name: 'Import…' }).click();
  await expect(page.getByRole('heading', { name: 'Import sites, clients or people' })).toBeVisible();
  await axeClean(page);

  await upload(page, workbook);
  await expect(page.getByRole('textbox', { name: 'Header row' })).toHaveValue('2');
  await expect(page.getByRole('textbox', { name: 'Sheet' })).toHaveValue(/^Sites \(/);
  await expect(page.getByRole('textbox', { name: 'The file holds' })).toHaveValue('Sites (with their client and owners)');
  await expect(field(page, 'Client')).toHaveValue('Client');
  await expect(field(page, 'Site')).toHaveValue('Website name');
  await expect(field(page, 'Production URL')).toHaveValue('Site URL');
  await expect(field(page, 'Staging URL')).toHaveValue('Staging URL');
  await expect(field(page, 'WordPress version')).toHaveValue('WP version');
  await expect(field(page, 'Host')).toHaveValue('Host');
  await expect(field(page, 'Hosting owner')).toHaveValue('Hosting owner email');
  await expect(field(page, 'Active theme')).toHaveValue('Not imported');
  await expect(page.getByTestId('ignored-columns')).toContainText('“Admin password”: holds credentials: never imported');
  await expect(page.getByRole('table', { name: 'First rows of the file' })).toContainText(shop(0));
  await choose(page, field(page, 'Active theme'), 'Theme used');
  await expect(field(page, 'Active theme')).toHaveValue('Theme used');
  await expect(page.getByTestId('mapping-problems')).toHaveText('Ready for a dry run');
  await axeClean(page);

  await page.getByRole('button', { name: 'Dry run', exact: true }).click();
  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('count-rows')).toHaveText(String(ROWS), job);
  await expect(report.getByTestId('counts-sites').getByRole('cell').first()).toHaveText(String(GOOD_SITES));
  await expect(report.getByTestId('counts-clients').getByRole('cell').first()).toHaveText('20');
  const bad = report.getByRole('table', { name: 'Bad rows' });
  await expect(bad.getByRole('row').filter({ hasText: 'Production URL' }).first().getByRole('cell').first()).toHaveText(String(rowOf(BAD_URL)));
  await expect(bad.getByRole('row').filter({ hasText: 'Notes' }).first().getByRole('cell').first()).toHaveText(String(rowOf(SECRET)));
  await expect(bad).not.toContainText('sk-proj-4fXq9Lr2');
  await expect(report.getByRole('table', { name: 'First rows as they will be stored' })).toContainText('Astra');
  await axeClean(page);

  const good = Number(await report.getByTestId('count-good').textContent());
  const importButton = page.getByRole('button', { name: `Import ${good} rows` });
  await expect(importButton).toBeDisabled();
  await page.getByRole('checkbox', { name: /^Bad rows are left out/ }).check();
  await page.getByRole('textbox', { name: 'Save this mapping as' }).fill('Agency site list');
  await importButton.click();
  await expect(page.getByTestId('import-result-text')).toContainText(`${good} rows imported`, job);
  await page.getByRole('link', { name: 'Open the Sites list' }).click();
  await sitesPage.expectTotal(GOOD_SITES);

  const id = await siteId(app, shop(41));
  await sitePage.open(id, 'owners');
  await expect(page.getByTestId('owner-row-hosting')).toContainText('Hana Host');
  await expect(page.getByTestId('owner-row-primary')).toContainText('Pia Primary');
  await page.getByRole('button', { name: 'Export owner matrix' }).click();
  await page.getByRole('menuitem', { name: 'CSV' }).click();
  await expect(page.getByText(/^Saved 2 owner assignments to /)).toBeVisible();
  expect((await app.rpc<{ activeTheme: string | null; host: string | null }>('sites.get', { id })).activeTheme).toBe('Astra');

  // The same file again: its saved mapping is found, and the dry run finds nothing to change.
  await app.open(page, '/import');
  await expect(page.getByTestId('saved-mappings')).toContainText('Agency site list');
  await upload(page, workbook);
  await expect(page.getByTestId('mapping-source')).toContainText('Saved mapping: Agency site list');
  await expect(field(page, 'Active theme')).toHaveValue('Theme used');
  await page.getByRole('button', { name: 'Dry run', exact: true }).click();
  await expect(report.getByTestId('report-unchanged')).toBeVisible(job);
  await expect(report.getByTestId('count-unchanged')).toHaveText(String(good));
  for (const entity of ['sites', 'clients', 'people', 'owners']) {
    const cells = report.getByTestId(`counts-${entity}`).getByRole('cell');
    await expect(cells.nth(0), `${entity} added`).toHaveText('0');
    await expect(cells.nth(1), `${entity} updated`).toHaveText('0');
  }
});
