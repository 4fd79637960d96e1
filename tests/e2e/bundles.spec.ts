/**
 * Handover bundles across two workspaces, each served by its own web harness: a client's bundle is
 * exported from the first (into its --export-dir), imported into the second, where the same site was
 * edited differently meanwhile. The conflict shows side by side, the user takes the bundle's value,
 * and the record in the second workspace then holds it.
 */
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { callOver, factories as factoriesFor } from '../factories/index';
import { expect, startWebApp, test, type WebApp } from './fixtures';

interface Site {
  id: string;
  version: number;
  clientId: string;
  name: string;
  productionUrl: string;
  stage: string;
  notes: string | null;
}

/** A screenshot of each step, kept with the test's output. */
async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

async function setNotes(app: WebApp, id: string, notes: string) {
  const s = await app.rpc<Site>('sites.get', { id });
  return app.rpc<Site>('sites.update', {
    id: s.id,
    version: s.version,
    clientId: s.clientId,
    name: s.name,
    productionUrl: s.productionUrl,
    stage: s.stage,
    notes,
  });
}

/** Sends a file to `app` as the page does (base64 chunks) and previews it as a bundle. */
async function importOverRpc(app: WebApp, file: string) {
  const bytes = fs.readFileSync(file);
  const { uploadId } = await app.rpc<{ uploadId: string }>('uploads.begin', { fileName: path.basename(file), size: bytes.length, encoding: 'base64' });
  await app.rpc('uploads.append', { uploadId, seq: 0, text: bytes.toString('base64') });
  await app.rpc('uploads.finish', { uploadId });
  const preview = await app.rpc<{ token: string; problems: unknown[] }>('bundles.preview', { uploadId });
  expect(preview.problems).toEqual([]);
  await app.rpc('bundles.import', { token: preview.token, choices: {}, confirm: true });
}

const newest = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.rwbundle.zip'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]!;

test('exports a client bundle, imports it into a second workspace, and a conflict is resolved side by side', async ({ app, page, factories }) => {
  test.setTimeout(180_000);
  const client = await factories.buildClient({ name: 'Acme Retail' });
  const site = (await factories.buildSite({ clientId: client.id, name: 'Acme Shop' })) as unknown as Site;
  await factories.buildOwnerAssignment({ siteId: site.id });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-e2e-second-'));
  const second = await startWebApp(path.join(dir, 'second.sqlite'), path.join(dir, 'exports'));
  fs.mkdirSync(path.join(dir, 'exports'), { recursive: true });
  try {
    const other = second.app;
    await factoriesFor(callOver(other)).buildClient({ name: 'Other Client' });

    // 1. Export the client's bundle from its row on the Clients page.
    await app.open(page, '/clients');
    await page.getByRole('button', { name: 'Export bundle of Acme Retail' }).click();
    await expect(page.getByText('Handover bundle exported')).toBeVisible();
    await shot(page, '1-exported');
    const firstBundle = newest(app.exportDir);
    expect(path.basename(firstBundle)).toMatch(/^Acme Retail handover \d{4}-\d{2}-\d{2}\.rwbundle\.zip$/);

    // The second workspace takes the client once, then both sides edit the same site differently.
    await importOverRpc(other, firstBundle);
    await setNotes(app, site.id, 'Go-live moved to April');
    await setNotes(other, site.id, 'Waiting on the host');

    await app.open(page, `/sites/${site.id}`);
    await page.getByRole('button', { name: 'Export handover bundle of Acme Shop' }).click();
    await expect(page.getByText('Handover bundle exported')).toBeVisible();
    await app.open(page, '/clients');
    await page.getByRole('button', { name: 'Export bundle of Acme Retail' }).click();
    await expect(page.getByText('Handover bundle exported').first()).toBeVisible();
    const bundle = newest(app.exportDir);
    expect(bundle).toMatch(/Acme Retail handover/);

    // 2. Import it into the second workspace from Settings → Handover bundles.
    await other.open(page, '/settings');
    await page.getByRole('link', { name: 'Handover bundles' }).click();
    await expect(page.getByRole('heading', { name: 'Handover bundles', level: 2 })).toBeVisible();
    await shot(page, '2-page');
    await page.locator('input[type=file]').setInputFiles(bundle);
    const dialog = page.getByRole('dialog', { name: /^Import “Acme Retail handover/ });
    await expect(dialog.getByRole('table', { name: 'What the bundle holds' })).toBeVisible({ timeout: 30_000 });
    const conflict = dialog.getByRole('group', { name: 'Conflict: Site “Acme Shop”' });
    await expect(conflict).toBeVisible();
    const differences = conflict.getByRole('table', { name: 'Differences of Site “Acme Shop”' });
    await expect(differences.getByRole('row', { name: /Notes/ })).toContainText('Waiting on the host');
    await expect(differences.getByRole('row', { name: /Notes/ })).toContainText('Go-live moved to April');
    const importButton = dialog.getByRole('button', { name: 'Import', exact: true });
    await expect(importButton).toBeDisabled();
    await shot(page, '3-preview');
    const axe = await new AxeBuilder({ page }).include('[role=dialog]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // 3. Take the bundle's value, then import.
    await conflict.getByRole('radio', { name: 'Take bundle’s' }).check();
    await expect(importButton).toBeEnabled();
    await shot(page, '4-chosen');
    await importButton.click();
    await expect(dialog.getByText('Bundle imported')).toBeVisible({ timeout: 30_000 });
    await expect(dialog).toContainText('1 updated');
    await shot(page, '5-imported');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // 4. The data is there: the site in the second workspace holds the bundle's notes.
    expect((await other.rpc<Site>('sites.get', { id: site.id })).notes).toBe('Go-live moved to April');
    await other.open(page, `/sites/${site.id}`);
    await expect(page.getByRole('heading', { name: 'Acme Shop', level: 2 })).toBeVisible();
  } finally {
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged bundle is refused in the preview with the path of each problem', async ({ app, page }) => {
  const file = path.join(app.exportDir, 'not-a-bundle.rwbundle.zip');
  fs.writeFileSync(file, 'this is not a zip file');
  await app.open(page, '/settings/bundles');
  await page.locator('input[type=file]').setInputFiles(file);
  const dialog = page.getByRole('dialog', { name: 'Import “not-a-bundle.rwbundle.zip”' });
  await expect(dialog.getByRole('list', { name: 'Problems' })).toContainText('(the file)');
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toHaveCount(0);
  await shot(page, '6-refused');
});
