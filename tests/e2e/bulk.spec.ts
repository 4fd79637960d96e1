/**
 * Bulk edit of the filtered Sites list, in the browser: a hosting owner assigned to the sites a
 * search finds (preview, apply, per-site results, the Owners tab of a site), and a stage change that
 * the readiness gates block on some sites and not on others.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Row {
  id: string;
  version: number;
}

async function choose(page: Page, dialog: ReturnType<Page['getByRole']>, box: string, option: string | RegExp) {
  await dialog.getByRole('textbox', { name: box, exact: true }).click();
  await page.getByRole('option', { name: option }).click();
}

test('a hosting owner assigned to the sites a search finds: preview, apply, results, and the Owners tab', async ({ app, page, sitesPage, factories }) => {
  const kestrel = await factories.buildClient({ name: 'Kestrel Cycles' });
  const names = ['Kestrel Shop', 'Kestrel Rentals', 'Kestrel Blog'];
  const sites: Row[] = [];
  for (const name of names) sites.push(await factories.buildSite({ clientId: kestrel.id, name, host: 'Kinsta' }));
  const outside = await factories.buildSite({ name: 'Heron Bakery' });
  const hana = await factories.buildPerson({ name: 'Hana Host' });
  // One site already has her: it is counted as already so, not changed again.
  await app.rpc('owners.assign', { siteId: sites[2]!.id, responsibility: 'hosting', ownerId: hana.id });

  await sitesPage.open();
  await sitesPage.typeSearch('Kestrel');
  await page.getByRole('button', { name: 'Bulk edit…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Bulk edit 3 sites (filtered)' });
  await expect(dialog.getByRole('textbox', { name: 'Change', exact: true })).toHaveValue('Assign an owner');
  await expect(dialog.getByRole('textbox', { name: 'Responsibility', exact: true })).toHaveValue('Hosting');

  // Without an owner the preview is refused beside the field.
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByText('Choose the person.')).toBeVisible();

  const owner = dialog.getByRole('textbox', { name: 'Owner', exact: true });
  await owner.click();
  await owner.fill('Hana');
  await page.getByRole('option', { name: /^Hana Host \(/ }).click();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('bulk-counts')).toContainText('Would change: 2');
  await expect(dialog.getByTestId('bulk-counts')).toContainText('Already so: 1');
  const previewTable = dialog.getByRole('table', { name: 'What the change would do, per site' });
  await expect(previewTable.getByRole('row', { name: /Kestrel Shop/ })).toContainText('Hosting owner: (none) → Hana Host');
  await expect(previewTable.getByRole('row', { name: /Kestrel Blog/ })).toContainText('Hosting owner is already Hana Host.');
  await expect(previewTable.getByRole('row', { name: /Heron Bakery/ })).toHaveCount(0);

  await dialog.getByRole('button', { name: 'Apply to 2 sites' }).click();
  await expect(dialog.getByText('Done: 2 sites changed.')).toBeVisible();
  const results = dialog.getByRole('table', { name: 'What the change did, per site' });
  await expect(results.getByRole('row', { name: /Kestrel Rentals/ })).toContainText('Changed');
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('bulk-results.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  await app.open(page, `/sites/${sites[0]!.id}/owners`);
  await expect(page.getByRole('row', { name: /Hosting/ }).first()).toContainText('Hana Host');
  const heron = await app.rpc<{ rows: { responsibility: string; assignment: unknown }[] }>('owners.matrix', { siteId: outside.id });
  expect(heron.rows.every((r) => r.assignment === null)).toBe(true);
});

test('a stage change the gates block on some sites: blocked with why, the others moved, an override offered', async ({ app, page, sitesPage, factories }) => {
  const wren = await factories.buildClient({ name: 'Wren Outdoor' });
  const ahead = await factories.buildSite({ clientId: wren.id, name: 'Wren Ahead' });
  await factories.buildSite({ clientId: wren.id, name: 'Wren Planning A' });
  await factories.buildSite({ clientId: wren.id, name: 'Wren Planning B' });
  await factories.buildSite({ name: 'Heron Bakery' });
  // One site is already past the pilot: moving back to Pilot passes no gate.
  await app.rpc('sites.changeStage', {
    siteId: ahead.id,
    version: ahead.version,
    to: 'adoption',
    overrideReason: 'Adopted before the workbench tracked this site.',
  });

  await sitesPage.open();
  await sitesPage.typeSearch('Wren');
  await page.getByRole('button', { name: 'Bulk edit…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Bulk edit 3 sites (filtered)' });
  await choose(page, dialog, 'Change', 'Change stage');
  await expect(dialog.getByRole('textbox', { name: /Override reason/ })).toHaveCount(0);
  await choose(page, dialog, 'New stage', 'Pilot');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('bulk-counts')).toContainText('Would change: 1');
  await expect(dialog.getByTestId('bulk-counts')).toContainText('Blocked: 2');
  const preview = dialog.getByRole('table', { name: 'What the change would do, per site' });
  await expect(preview.getByRole('row', { name: /Wren Planning A/ })).toContainText('Planning → Pilot is blocked:');
  await expect(preview.getByRole('row', { name: /Wren Ahead/ })).toContainText('Adoption → Pilot');
  // Blocked sites: the override reason is offered (and not needed to move the others).
  await expect(dialog.getByRole('textbox', { name: /Override reason/ })).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('bulk-stage-preview.png') });

  await dialog.getByRole('button', { name: 'Apply to 1 site' }).click();
  await expect(dialog.getByText('Done: 1 site changed.')).toBeVisible();
  const results = dialog.getByRole('table', { name: 'What the change did, per site' });
  await expect(results.getByRole('row', { name: /Wren Ahead/ })).toContainText('Changed');
  expect((await app.rpc<{ stage: string }>('sites.get', { id: ahead.id })).stage).toBe('pilot');
  const planning = await app.rpc<{ rows: { stage: string }[] }>('sites.list', { search: 'Wren Planning' });
  expect(planning.rows.map((r) => r.stage)).toEqual(['planning', 'planning']);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
