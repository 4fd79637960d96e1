import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

interface Row {
  id: string;
  version: number;
  host: string | null;
}

test('a host edited by mistake is put back from the History tab, and the history shows the edit and its undo', async ({ app, page }) => {
  const client = await app.rpc<Row>('clients.create', { name: 'Kestrel Cycles' });
  const site = await app.rpc<Row>('sites.create', { clientId: client.id, name: 'Kestrel Shop', productionUrl: 'https://shop.kestrel.test', host: 'Kinsta' });

  await app.open(page, `/sites/${site.id}/setup`);
  const form = page.getByRole('form', { name: 'Setup record' });
  await form.getByRole('textbox', { name: 'Host' }).fill('WP Engine');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(async () => (await app.rpc<Row>('sites.get', { id: site.id })).host).toBe('WP Engine');

  await page.getByRole('tab', { name: 'History' }).click();
  const edit = page.getByText('Edited “Kestrel Shop”: host Kinsta → WP Engine', { exact: true });
  await expect(edit).toBeVisible();
  // A creation is not a field edit: only the edit offers an undo.
  await expect(page.getByRole('button', { name: /^Undo… / })).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo… Edited “Kestrel Shop”: host Kinsta → WP Engine' }).click();

  const dialog = page.getByRole('dialog', { name: 'Undo this change?' });
  await expect(dialog.getByTestId('undo-fields')).toBeVisible();
  const row = dialog.getByRole('row', { name: /Host/ });
  await expect(row.getByRole('cell').nth(0)).toHaveText('WP Engine');
  await expect(row.getByRole('cell').nth(1)).toHaveText('Kinsta');
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('undo-dialog.png') });

  // Keyboard: the dialog holds the focus; Tab reaches "Undo change" and Enter confirms.
  const undo = dialog.getByRole('button', { name: 'Undo change' });
  for (let i = 0; i < 5 && !(await undo.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(undo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  await expect(page.getByText(/^Undid “Edited “Kestrel Shop”: host Kinsta → WP Engine” \(e2e tester, .* UTC\)$/).first()).toBeVisible();
  await expect(edit).toBeVisible();
  expect((await app.rpc<Row>('sites.get', { id: site.id })).host).toBe('Kinsta');
  await page.getByRole('tab', { name: /Setup record/ }).click();
  await expect(form.getByRole('textbox', { name: 'Host' })).toHaveValue('Kinsta');

  // The same change again: the dialog says it was already undone, and offers nothing to confirm.
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Undo… Edited “Kestrel Shop”: host Kinsta → WP Engine' }).click();
  await expect(dialog.getByTestId('undo-refused')).toContainText('This change was already undone');
  await expect(dialog.getByRole('button', { name: 'Undo change' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('undo-refused.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
