/**
 * The Sites list exported as it is shown: the file holds exactly the filtered sites, in the list's
 * sort order, in the folder main's dialog gives (the harness's --export-dir).
 */
import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { sitesLabel } from './pages/index';

interface ListedSite {
  name: string;
  productionUrl: string;
}

test.describe('list exports on 2,000 sites', () => {
  test.use({ seedSites: 2000 });

  test('the filtered and sorted Sites list exported as CSV holds exactly those sites in order', async ({ app, page, sitesPage }) => {
    const input = { search: 'harbour', ownerGapsOnly: true, sort: 'phpVersion', direction: 'desc' } as const;
    const expected: ListedSite[] = [];
    for (let offset = 0; ; offset += 200) {
      const { rows, total } = await app.rpc<{ rows: ListedSite[]; total: number }>('sites.list', { ...input, offset, limit: 200 });
      expected.push(...rows);
      if (expected.length >= total || rows.length === 0) break;
    }
    expect(expected.length).toBeGreaterThan(1);

    await sitesPage.open('q=harbour&gaps=1&sort=phpVersion&dir=desc');
    await sitesPage.expectTotal(expected.length);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('menuitem', { name: 'CSV' }).click();
    const note = page.getByText(/^Saved \d+ sites to /);
    await expect(note).toHaveText(new RegExp(`^Saved ${expected.length} sites to .+\\.csv$`));
    const file = (await note.textContent())!.replace(/^Saved \d+ sites to /, '');
    expect(fs.realpathSync(path.dirname(file))).toBe(fs.realpathSync(app.exportDir));

    const records = parse(fs.readFileSync(file), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(records.map((r) => r['Production URL'])).toEqual(expected.map((s) => s.productionUrl));
    expect(records.map((r) => r['Site'])).toEqual(expected.map((s) => s.name));
    await expect(sitesPage.total).toHaveText(sitesLabel(expected.length));
  });
});
