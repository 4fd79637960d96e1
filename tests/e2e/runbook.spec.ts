/**
 * The runbook on a site's Documents tab: a rollback step edited for this site, a failed and then a
 * passed restore rehearsal (the write-capable gate shows the failure, then not), and a final rollback
 * plan exported whose Markdown holds the edited step. Also the client's and the template's pages.
 */
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { RUNBOOK_EXAMPLE } from '../../scripts/seed/runbook-data';
import type { Factories } from '../factories/index';
import { expect, test, type WebApp } from './fixtures';

interface Row {
  id: string;
  version: number;
  name: string;
}
interface View {
  revision: string;
  fields: { key: string; value: string | null }[];
  lists: { list: string; items: unknown[]; own: unknown[]; revision: string }[];
}

async function seriousViolations(page: Page, ...selectors: string[]) {
  const axe = new AxeBuilder({ page });
  for (const s of selectors) axe.include(s);
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 160)} ${v.nodes[0]?.failureSummary ?? ''}`);
}

/** No element is wider than the window: nothing scrolls sideways at 1280×720. */
async function scrollsSideways(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** A site with every owner verified and the facts only the agency can know recorded (not the known-good state, a backup or a rehearsal). */
async function site(app: WebApp, { buildOwnerAssignment }: Factories) {
  const client = await app.rpc<Row>('clients.create', { name: 'Kestrel Cycles' });
  const s = await app.rpc<Row>('sites.create', {
    clientId: client.id,
    name: 'Kestrel Shop',
    productionUrl: 'https://shop.kestrel.test',
    stagingUrl: 'https://staging.kestrel.test',
    sophmateVersion: '2.4.1',
    wordpressVersion: '6.6.2',
    phpVersion: '8.2',
    activeTheme: 'Storefront',
    host: 'Kinsta',
  });
  const ann = await app.rpc<Row>('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  const bob = await app.rpc<Row>('people.create', { name: 'Bob Reyes', email: 'bob@agency.test', organisation: 'agency' });
  for (const r of RESPONSIBILITIES) await buildOwnerAssignment({ siteId: s.id, responsibility: r, ownerId: ann.id, verifiedById: bob.id });
  await app.rpc('branding.update', { agencyName: 'Brightpath Agency', footer: 'Confidential', logo: null, texts: {} });
  const scope = { siteId: s.id };
  let view = await app.rpc<View>('runbook.get', { scope });
  const unset = view.fields.filter((f) => f.value === null).map((f) => f.key as keyof typeof RUNBOOK_EXAMPLE.values);
  view = await app.rpc<View>('runbook.setValues', {
    scope,
    revision: view.revision,
    values: Object.fromEntries(unset.map((k) => [k, RUNBOOK_EXAMPLE.values[k]])),
  });
  for (const l of view.lists.filter((x) => x.items.length === 0)) {
    const items = RUNBOOK_EXAMPLE.lists[l.list as keyof typeof RUNBOOK_EXAMPLE.lists];
    if (items) view = await app.rpc<View>('runbook.setList', { scope, list: l.list, items, revision: l.revision });
  }
  return { site: s, client, bob };
}

const EDITED = 'Restore the database from the backup taken before the SophMate update, then the files (edited for Kestrel Shop).';

test('a site’s rollback step is edited, a failed then a passed rehearsal is recorded, and the final rollback plan holds the edited step', async ({
  app,
  factories,
  page,
  sitePage,
}) => {
  // Many steps, two tab round trips and a final export: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const { site: s } = await site(app, factories);
  await sitePage.open(s.id, 'documents');
  await page
    .locator('label')
    .filter({ hasText: /^Rollback plan$/ })
    .click();
  const missing = page.getByTestId('document-missing');
  await expect(missing).toContainText('Backups and rehearsals');
  await expect(page.getByRole('button', { name: 'Final MD' })).toBeDisabled();

  // Edit the first step of the full restore, for this site only.
  const restore = page.getByTestId('runbook-list-restore');
  await expect(restore).toContainText('Built-in default');
  await restore.getByRole('button', { name: 'Customise for this site' }).click();
  await restore.getByRole('textbox', { name: 'Step 1', exact: true }).fill(EDITED);
  await restore.getByRole('button', { name: 'Save list: Full restore' }).click();
  await expect(restore.getByText('Set for this site')).toBeVisible();
  await expect(restore.getByRole('textbox', { name: 'Step 1', exact: true })).toHaveValue(EDITED);

  // Known-good state and today's backup.
  await page.getByRole('button', { name: 'Record current versions as known good' }).click();
  await expect(page.getByTestId('known-good')).toContainText('SophMate 2.4.1, WordPress 6.6.2, PHP 8.2');
  await page.getByRole('button', { name: 'Record backup' }).click();
  await expect(page.getByTestId('last-backup')).toContainText(/Taken on \d{4}-\d{2}-\d{2}\./);

  // A failed rehearsal: its notes are required, and said so on the field.
  await page.getByRole('button', { name: 'Record rehearsal' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record a restore rehearsal' });
  await dialog.getByRole('radio', { name: 'Failed' }).check();
  await dialog.getByRole('textbox', { name: 'Duration (minutes)' }).fill('50');
  await dialog.getByRole('textbox', { name: 'Who rehearsed' }).fill('Bob');
  await page.getByRole('option', { name: /Bob Reyes/ }).click();
  expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
  await dialog.getByRole('button', { name: 'Record rehearsal' }).click();
  await expect(dialog.getByText('Say what failed in the rehearsal notes: the next rehearsal starts from it.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Notes' }).fill('The database import timed out after 40 minutes on staging.');
  await dialog.getByRole('button', { name: 'Record rehearsal' }).click();
  await expect(dialog).toBeHidden();
  const rehearsals = page.getByTestId('rehearsals');
  await expect(rehearsals.getByRole('row').nth(1)).toContainText('Failed');
  await expect(rehearsals).toContainText('Bob Reyes');
  await expect(page.getByTestId('rollback-currency')).toContainText('The rollback plan does not count as current');
  await expect(page.getByTestId('rollback-currency')).toContainText('failed');

  // The write-capable gate names the failed rehearsal.
  await sitePage.openTab('Readiness');
  await expect(sitePage.readiness.gate('enable_write_workflows')).toContainText(/last restore rehearsal[^.]*failed/);

  // A passed rehearsal lifts it.
  await sitePage.openTab('Documents');
  await page.getByRole('button', { name: 'Record rehearsal' }).click();
  await dialog.getByRole('radio', { name: /Passed/ }).check();
  await dialog.getByRole('textbox', { name: 'Duration (minutes)' }).fill('35');
  await dialog.getByRole('textbox', { name: 'Who rehearsed' }).fill('Bob');
  await page.getByRole('option', { name: /Bob Reyes/ }).click();
  await dialog.getByRole('button', { name: 'Record rehearsal' }).click();
  await expect(dialog).toBeHidden();
  await expect(rehearsals.getByRole('row')).toHaveCount(3);
  await expect(page.getByTestId('rollback-currency')).toContainText('The rollback plan counts as current');
  expect(await scrollsSideways(page)).toBe(false);
  // The new panels (the document preview's own HTML is checked in documents.spec.ts).
  expect(await seriousViolations(page, '[data-testid="backups-and-rehearsals"]', '[data-testid="runbook-editor"]')).toEqual([]);

  await sitePage.openTab('Readiness');
  await expect(sitePage.readiness.gate('enable_write_workflows')).not.toContainText('failed');

  // Nothing is missing any more: the final Markdown holds the edited step.
  await sitePage.openTab('Documents');
  await page
    .locator('label')
    .filter({ hasText: /^Rollback plan$/ })
    .click();
  await expect(missing).toBeHidden();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Final MD' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^kestrel-shop-rollback-plan-\d{4}-\d{2}-\d{2}\.md$/);
  const markdown = fs.readFileSync((await file.path())!, 'utf8');
  expect(markdown).toContain(EDITED);
  await expect(page.getByTestId('document-history')).toContainText('final (given to client)');
});

test('a client overrides a fact of the agency template, and the template’s own page edits severities', async ({ app, factories, page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const { client } = await site(app, factories);

  await app.open(page, '/clients');
  await page.getByRole('link', { name: 'Runbook of Kestrel Cycles' }).click();
  await expect(page.getByRole('heading', { name: 'Runbook of Kestrel Cycles' })).toBeVisible();
  const hours = page.getByTestId('runbook-field-supportHours');
  await expect(hours).toContainText('Not recorded at any level');
  await hours.getByRole('button', { name: 'Set for this client: Support hours' }).click();
  await page.getByRole('textbox', { name: 'Support hours' }).fill('Mon–Fri 08:00–18:00 Europe/London');
  await page.getByRole('button', { name: 'Save facts' }).click();
  await expect(hours.getByText('Set for this client')).toBeVisible();
  await expect
    .poll(async () => (await app.rpc<View>('runbook.get', { scope: { clientId: client.id } })).fields.find((f) => f.key === 'supportHours')?.value)
    .toBe('Mon–Fri 08:00–18:00 Europe/London');
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousViolations(page, 'main')).toEqual([]);

  await app.open(page, '/settings');
  await page.getByRole('link', { name: 'Edit the runbook template' }).click();
  await expect(page.getByRole('heading', { name: 'Runbook template' })).toBeVisible();
  const severities = page.getByTestId('runbook-list-severities');
  await severities.getByRole('button', { name: 'Customise in the template' }).click();
  await severities.getByRole('textbox', { name: 'Severity 1: Response (minutes)' }).fill('10');
  await severities.getByRole('button', { name: 'Save list: Severity levels' }).click();
  await expect(severities.getByText('Set in the template')).toBeVisible();
  await expect
    .poll(async () => (await app.rpc<View>('runbook.get', { scope: { workspace: true } })).lists.find((l) => l.list === 'severities')?.own[0])
    .toMatchObject({ responseMinutes: 10 });
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousViolations(page, 'main')).toEqual([]);
});
