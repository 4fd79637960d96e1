/**
 * Workspaces and recovery in the browser, through the harness's workspace host (main/workspace-host.ts):
 * a workspace that fails its checks opens the recovery screen, where the file is copied aside and a
 * backup restored, after which the app shows the workspace again; and a second workspace created from
 * the switcher in the header, named by the title and the badge, then left for the first through the
 * recent list, while one that cannot be opened is refused and the current one stays.
 */
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, startWebApp, test } from './fixtures';

test('a damaged workspace opens the recovery screen; the file is copied aside and a backup brings the workspace back', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-e2e-recovery-'));
  const workspace = path.join(dir, 'workspace.sqlite');
  const exportDir = path.join(dir, 'exports');
  fs.mkdirSync(exportDir);
  try {
    // A workspace with a client and a backup holding it (taken once the automatic backup made at open
    // is written), closed, then damaged: its header overwritten.
    const first = await startWebApp(workspace, exportDir);
    await first.app.rpc('clients.create', { name: 'Northwind Traders' });
    await expect.poll(async () => (await first.app.rpc<{ entries: unknown[] }>('backups.list', {})).entries.length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect(first.app.rpc('backups.create', { destination: 'automatic' })).resolves.toBeTruthy();
    first.child.kill('SIGTERM');
    await new Promise((r) => first.child.once('exit', r));
    const fd = fs.openSync(workspace, 'r+');
    fs.writeSync(fd, Buffer.from('this is no longer a database file'), 0, undefined, 0);
    fs.closeSync(fd);
    const damaged = fs.readFileSync(workspace);

    const { app, child } = await startWebApp(workspace, exportDir);
    try {
      await page.goto(`${app.origin}/?token=${app.token}#/`);
      await expect(page.getByRole('heading', { level: 1, name: 'This file is not a workspace' })).toBeVisible();
      await expect(page).toHaveTitle('workspace — Rollout Workbench — recovery');
      await expect(page.getByTestId('recovery-problem')).toContainText('is not a Rollout Workbench workspace');
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 120)}`)).toEqual(
        [],
      );
      // Nothing else answers without a workspace.
      await expect(app.rpc('clients.list', {})).rejects.toThrow(/REFUSED No workspace is open: /);

      await page.getByRole('button', { name: 'Copy the file aside' }).click();
      const copied = page.getByRole('status').filter({ hasText: 'Copied to ' });
      await expect(copied).toBeVisible();
      const copy = ((await copied.textContent()) ?? '').replace(/^Copied to /, '').trim();
      expect(path.dirname(copy)).toBe(dir);
      expect(fs.readFileSync(copy).equals(damaged)).toBe(true);
      expect(fs.readFileSync(workspace).equals(damaged)).toBe(true);

      // Restore the backup from the recovery screen: check, preview, confirm.
      await page
        .getByRole('button', { name: /^Restore the backup / })
        .first()
        .click();
      const restore = page.getByRole('dialog', { name: /^Restore the backup of / });
      await expect(restore.getByRole('group', { name: 'What the backup holds' })).toBeVisible();
      await restore.getByRole('button', { name: 'Restore this backup…' }).click();
      const reloaded = page.waitForEvent('load', { timeout: 60_000 });
      await restore.getByRole('button', { name: 'Replace the workspace' }).click();
      await reloaded;

      // The app is back on the restored workspace; the damaged file was kept as a plain copy.
      await expect(page.getByTestId('app-ready')).toBeAttached({ timeout: 60_000 });
      await expect(page).toHaveTitle('workspace — Rollout Workbench');
      await expect(page.getByTestId('workspace-name')).toContainText('workspace');
      await page.goto(`${app.origin}/#/clients`);
      await expect(page.getByRole('link', { name: 'Northwind Traders' })).toBeVisible();
      const kept = fs.readdirSync(dir).filter((f) => f.startsWith('workspace.sqlite.damaged-'));
      expect(kept).toHaveLength(1);
      expect(fs.readFileSync(path.join(dir, kept[0]!)).equals(damaged)).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('creates a second workspace from the switcher, names it in the title and badge, and switches back through the recent list', async ({ app, page }) => {
  await app.rpc('clients.create', { name: 'First Workspace Client' });
  await app.open(page, '/clients');
  const badge = page.getByTestId('workspace-name');
  await expect(badge).toContainText('workspace');
  await expect(page).toHaveTitle('workspace — Rollout Workbench');

  await badge.click();
  await page.getByRole('menuitem', { name: 'New workspace…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New workspace' });
  await dialog.getByLabel('Name').fill('a/b');
  await dialog.getByRole('button', { name: 'Create and open' }).click();
  await expect(dialog.getByText('The workspace name is a file name: leave out "/" and "\\".')).toBeVisible();
  await dialog.getByLabel('Name').fill('Globex rollouts');
  // Opening another workspace makes the page load itself again: wait for that load before navigating.
  const created = page.waitForEvent('load', { timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Create and open' }).click();
  await created;
  await expect(dialog).toBeHidden();

  // The new workspace is open: title and badge say so, and nothing of the first one shows.
  await expect(page).toHaveTitle('Globex rollouts — Rollout Workbench');
  await expect(badge).toContainText('Globex rollouts');
  await expect(page).toHaveURL(/#\/dashboard$/);
  expect(fs.existsSync(path.join(path.dirname(app.workspace), 'Globex rollouts.sqlite'))).toBe(true);
  await page.goto(`${app.origin}/#/clients`);
  await expect(page.getByTestId('app-ready')).toBeAttached();
  await expect(page.getByRole('link', { name: 'First Workspace Client' })).toHaveCount(0);

  // Back to the first one through the recent list.
  await badge.click();
  await expect(page.getByRole('menuitem', { name: 'Open workspace' })).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('[role="menu"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 120)}`)).toEqual([]);
  const switched = page.waitForEvent('load', { timeout: 60_000 });
  await page.getByRole('menuitem', { name: 'Open workspace' }).click();
  await switched;
  await expect(page).toHaveTitle('workspace — Rollout Workbench');
  await expect(badge).toContainText('workspace');
  await page.goto(`${app.origin}/#/clients`);
  await expect(page.getByRole('link', { name: 'First Workspace Client' })).toBeVisible();

  // One that cannot be opened any more is refused with its problem; the current one stays open.
  fs.writeFileSync(path.join(path.dirname(app.workspace), 'Globex rollouts.sqlite'), 'not a database '.repeat(300));
  await badge.click();
  await page.getByRole('menuitem', { name: 'Open Globex rollouts' }).click();
  await expect(page.getByText('Globex rollouts could not be opened')).toBeVisible();
  await expect(page.getByText(/This file is not a workspace: .* workspace stays open\./)).toBeVisible();
  await expect(page).toHaveTitle('workspace — Rollout Workbench');
  await expect(page.getByRole('link', { name: 'First Workspace Client' })).toBeVisible();
});
