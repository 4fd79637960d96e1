import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { RUNBOOK_EXAMPLE } from '../../scripts/seed/runbook-data';
import { expect, test, type WebApp } from './fixtures';

interface Row {
  id: string;
  version: number;
  name: string;
}
interface View {
  revision: string;
  fields: { key: string; value: string | null }[];
  lists: { list: string; items: unknown[]; revision: string }[];
}

async function site(app: WebApp, name = 'Kestrel Shop', host = 'shop.kestrel.test') {
  const client = await app
    .rpc<Row>('clients.create', { name: 'Kestrel Cycles' })
    .catch(async () => (await app.rpc<{ rows: Row[] }>('clients.list', {})).rows[0]!);
  return app.rpc<Row>('sites.create', {
    clientId: client.id,
    name,
    productionUrl: `https://${host}`,
    stagingUrl: `https://staging.${host}`,
    sophmateVersion: '2.4.1',
    wordpressVersion: '6.6.2',
    phpVersion: '8.2',
    activeTheme: 'Storefront',
    host: 'Kinsta',
  });
}

test('the Documents tab lists what is missing, refuses a final export until it is recorded, then exports the final PDF and remembers it', async ({
  app,
  page,
}) => {
  const s = await site(app);
  const ann = await app.rpc<Row>('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  for (const r of RESPONSIBILITIES) await app.rpc('owners.assign', { siteId: s.id, responsibility: r, ownerId: ann.id });
  await app.rpc('branding.update', { agencyName: 'Brightpath Agency', footer: 'Confidential', logo: null, texts: {} });

  await app.open(page, `/sites/${s.id}/documents`);
  await page
    .locator('label')
    .filter({ hasText: /^Rollback plan$/ })
    .click();
  const missing = page.getByTestId('document-missing');
  await expect(missing).toContainText('Known-good versions');
  await expect(missing).toContainText('A restore rehearsal');
  await expect(missing).toContainText('Documents tab → Backups and rehearsals: Record rehearsal');
  await expect(page.getByRole('button', { name: 'Final PDF' })).toBeDisabled();

  // A draft downloads and is marked as such.
  const draftDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Draft PDF' }).click();
  const draft = await draftDownload;
  expect(draft.suggestedFilename()).toBe(`kestrel-shop-rollback-plan-${new Date().toISOString().slice(0, 10)}-draft.pdf`);
  expect(
    fs
      .readFileSync((await draft.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');

  // Record what is missing; a backup day that does not exist is refused on its field.
  await page.getByRole('button', { name: 'Record current versions as known good' }).click();
  await expect(page.getByTestId('known-good')).toContainText('SophMate 2.4.1, WordPress 6.6.2, PHP 8.2');
  const backupDay = page.getByRole('textbox', { name: 'Backup taken on' });
  await backupDay.fill('2026-02-30');
  await page.getByRole('button', { name: 'Record backup' }).click();
  await expect(page.getByText(/that date does not exist/i)).toBeVisible();
  await backupDay.fill('2026-02-28');
  await page.getByRole('button', { name: 'Record backup' }).click();
  await expect(page.getByTestId('last-backup')).toHaveText('Taken on 2026-02-28.');

  // One fact through the form; the rest of the runbook and a passed rehearsal through the channels.
  const location = page.getByTestId('runbook-field-backupLocation');
  await location.getByRole('button', { name: 'Set for this site: Where the backups are' }).click();
  await page.getByRole('textbox', { name: 'Where the backups are' }).fill('Kinsta daily backups, 14 days kept');
  await page.getByRole('button', { name: 'Save facts' }).click();
  await expect(location.getByText('Set for this site')).toBeVisible();
  await expect(missing).not.toContainText('Where the backups are');
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
  await app.rpc('runbook.recordRehearsal', {
    siteId: s.id,
    rehearsedOn: '2026-02-20',
    outcome: 'passed',
    durationMinutes: 40,
    performedById: ann.id,
    notes: null,
  });
  await expect(missing).toBeHidden();

  const finalDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Final PDF' }).click();
  expect((await finalDownload).suggestedFilename()).toMatch(/^kestrel-shop-rollback-plan-\d{4}-\d{2}-\d{2}\.pdf$/);
  await expect(page.getByTestId('document-history')).toContainText('final (given to client)');
  await expect(page.getByTestId('document-changes')).toContainText('Nothing changed since the final PDF');

  // A later change shows up as "changed since the client's version".
  await app.rpc('owners.assign', {
    siteId: s.id,
    responsibility: 'backups',
    ownerId: (await app.rpc<Row>('people.create', { name: 'Bob Ray', email: 'bob@agency.test', organisation: 'agency' })).id,
  });
  await page.reload();
  await page
    .locator('label')
    .filter({ hasText: /^Rollback plan$/ })
    .click();
  await expect(page.getByTestId('document-changes')).toContainText('Contacts (changed)');
  await expect(page.getByTestId('document-changes')).toContainText('Bob Ray');
});

test('documents of the filtered Sites list export into a folder per site, with progress', async ({ app, page }) => {
  await site(app, 'Alpha Shop', 'shop.alpha.test');
  await site(app, 'Beta Shop', 'shop.beta.test');
  await site(app, 'Gamma Blog', 'blog.gamma.test');
  await app.open(page, '/sites?q=shop');
  await expect(page.getByTestId('sites-total')).toHaveText('2 sites');
  await page.getByRole('button', { name: 'Export documents…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('checkbox', { name: 'HTML' }).check();
  await dialog.getByRole('button', { name: 'Choose folder and export' }).click();
  // Twenty files (five documents in two formats for two sites), ten of them PDFs with embedded fonts:
  // on a busy machine this takes more than the default wait.
  await expect(dialog.getByTestId('export-progress')).toContainText('Done: 2 of 2 sites, 20 files (20 drafts with missing parts).', { timeout: 90_000 });
  const folders = fs.readdirSync(app.exportDir).sort();
  expect(folders.map((f) => f.replace(/-[0-9a-z]{8}$/, ''))).toEqual(['alpha-shop', 'beta-shop']);
  expect(fs.readdirSync(path.join(app.exportDir, folders[0]!)).filter((f) => f.endsWith('.pdf'))).toHaveLength(5);
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('branding: an unknown placeholder is refused on its field', async ({ app, page }) => {
  await app.open(page, '/settings');
  await page.getByRole('textbox', { name: 'Agency name' }).fill('Brightpath Agency');
  await page.getByRole('textbox', { name: 'Rollback plan opening text' }).fill('Prepared for {{client}} by {{agnecy}}.');
  await page.getByRole('button', { name: 'Save document branding' }).click();
  await expect(page.getByText('The Rollback plan text uses {{agnecy}}, which is not a placeholder')).toBeVisible();
  expect((await app.rpc<{ agencyName: string }>('branding.get', {})).agencyName).toBe('');
  await page.getByRole('textbox', { name: 'Rollback plan opening text' }).fill('Prepared for {{client}} by {{agency}}.');
  await page.getByRole('button', { name: 'Save document branding' }).click();
  await expect.poll(async () => (await app.rpc<{ agencyName: string }>('branding.get', {})).agencyName).toBe('Brightpath Agency');
});

test('the HTML of a handover runbook has no serious accessibility violations', async ({ app, page }) => {
  const s = await site(app);
  const doc = await app.rpc<{ content: string }>('documents.generate', { siteId: s.id, kind: 'handover_runbook', format: 'html', final: false });
  await page.setContent(doc.content);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 120)} ${v.nodes[0]?.failureSummary ?? ''}`)).toEqual([]);
});
