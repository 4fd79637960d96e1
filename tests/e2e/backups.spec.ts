/**
 * Settings → Backups: back up now, damage a record, restore the backup from its preview, and the app
 * shows the record as it was. The restore goes through the harness's workspace host (main/web.ts),
 * which keeps a backup of the current file and swaps the restored one in.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

interface Site {
  id: string;
  version: number;
  name: string;
  host: string | null;
}

test('backs up, restores the backup after a record was damaged, and the app shows the record as it was', async ({ app, page, factories }) => {
  const site = (await factories.buildSite({ name: 'Elm Street Store', host: 'Kinsta' })) as unknown as Site;

  // The harness takes the automatic daily backup when the workspace opens.
  await expect
    .poll(async () => (await app.rpc<{ entries: { reason: string }[] }>('backups.list')).entries.map((e) => e.reason), { timeout: 20_000 })
    .toEqual(['daily']);
  await app.open(page, '/settings');
  await page.getByRole('link', { name: 'Backups and restore' }).click();
  await expect(page.getByRole('heading', { name: 'Backups', level: 2 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Backups' })).toContainText('Daily (automatic)');

  await page.getByRole('button', { name: 'Back up now' }).click();
  const backUp = page.getByRole('dialog', { name: 'Back up now' });
  await expect(backUp.getByRole('radio', { name: 'The workspace’s backups folder' })).toBeChecked();
  await backUp.getByRole('button', { name: 'Back up', exact: true }).click();
  await expect(backUp).toBeHidden();
  const manual = page.getByRole('table', { name: 'Backups' }).getByRole('row').filter({ hasText: 'Backed up by hand' });
  await expect(manual).toHaveCount(1);
  const axe = await new AxeBuilder({ page }).include('main').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // The damage: the site renamed and moved to another host after the backup.
  await app.rpc('sites.update', { ...site, name: 'Elm Street Store (broken)', host: 'Nowhere Hosting' });

  await manual.getByRole('button', { name: /^Restore the backup / }).click();
  const restore = page.getByRole('dialog', { name: /^Restore the backup of / });
  const preview = restore.getByRole('group', { name: 'What the backup holds' });
  await expect(preview).toBeVisible();
  await expect(preview.getByText('Sites', { exact: true }).locator('..')).toContainText('1');
  await expect(preview).toContainText(/Made by\s*app \d+\.\d+\.\d+, schema \d+/);
  await restore.getByRole('button', { name: 'Restore this backup…' }).click();
  await expect(restore).toContainText('A backup of the current workspace is kept first');
  // Once the workspace is replaced the page loads itself again (at the dashboard): wait for that load,
  // or a navigation of the test's own would be cut short by it.
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await restore.getByRole('button', { name: 'Replace the workspace' }).click();
  await reloaded;
  await expect(page.getByTestId('app-ready')).toBeAttached({ timeout: 60_000 });

  // The workspace now holds the record as it was: the host says so, and so does the app, opened afresh.
  // While the workspace is being replaced every call answers BUSY: that is "not yet".
  await expect
    .poll(
      async () =>
        app.rpc<Site>('sites.get', { id: site.id }).then(
          (s) => s.name,
          (e: Error) => e.message,
        ),
      { timeout: 20_000 },
    )
    .toBe('Elm Street Store');
  await app.open(page, `/sites/${site.id}`);
  await expect(page.getByRole('heading', { name: 'Elm Street Store', exact: true })).toBeVisible();
  await expect(page.getByLabel('Host')).toHaveValue('Kinsta');

  // The workspace as it was before the restore was backed up first, and is listed.
  await app.open(page, '/settings/backups');
  await expect(page.getByRole('table', { name: 'Backups' })).toContainText('Before a restore');
});

test('an encrypted backup asks for its passphrase and names a wrong one beside the field', async ({ app, page }) => {
  await app.open(page, '/settings/backups');
  await page.getByRole('button', { name: 'Back up now' }).click();
  const backUp = page.getByRole('dialog', { name: 'Back up now' });
  await backUp.getByRole('checkbox', { name: 'Encrypt with a passphrase' }).check();
  await expect(backUp).toContainText('a backup whose passphrase is lost can never be restored');
  await backUp.getByLabel('Passphrase', { exact: true }).fill('maple syrup pancakes');
  await backUp.getByLabel('Passphrase again').fill('maple syrup pancake');
  await backUp.getByRole('button', { name: 'Back up', exact: true }).click();
  await expect(backUp.getByText('The two passphrases differ')).toBeVisible();
  await backUp.getByLabel('Passphrase again').fill('maple syrup pancakes');
  await backUp.getByRole('button', { name: 'Back up', exact: true }).click();
  await expect(backUp).toBeHidden();

  const row = page.getByRole('table', { name: 'Backups' }).getByRole('row').filter({ hasText: 'Encrypted' });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: /^Restore the backup / }).click();
  const restore = page.getByRole('dialog', { name: /^Restore the backup of / });
  await restore.getByLabel('Passphrase').fill('waffles and cream');
  await restore.getByRole('button', { name: 'Open the backup' }).click();
  await expect(restore.getByText('Wrong passphrase: the backup could not be decrypted.')).toBeVisible();
  await restore.getByLabel('Passphrase').fill('maple syrup pancakes');
  await restore.getByRole('button', { name: 'Open the backup' }).click();
  await expect(restore.getByRole('group', { name: 'What the backup holds' })).toContainText('It was encrypted');
  await restore.getByRole('button', { name: 'Cancel' }).click();
  await expect(restore).toBeHidden();
});
