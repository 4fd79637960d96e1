import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

interface Items {
  checklist: { itemId: string; version: number; title: string }[];
  cadences: { kind: string; version: number; offsetDays: number | null }[];
}

test('a checklist item and a cadence are edited on the playbook page as new versions; bad input shows on the field', async ({ app, page }) => {
  await app.open(page, '/playbook');
  await page.getByRole('tab', { name: 'Checklist, acceptance and cadences' }).click();
  const row = page.getByTestId('playbook-checklist-pause-high-risk');
  await expect(row).toContainText('v1');

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await page.getByRole('button', { name: 'Edit “Team knows where to pause high-risk activity”' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Team can pause any workflow, agent or publishing path');
  await dialog.getByRole('button', { name: 'Publish new version' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Change summary' })).toHaveAccessibleDescription(/Change summary is required\./);
  await dialog.getByRole('textbox', { name: 'Change summary' }).fill('Name what can be paused');
  await dialog.getByRole('button', { name: 'Publish new version' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Team can pause any workflow, agent or publishing path');
  await expect(row).toContainText('v2');
  await expect(row).toContainText('Name what can be paused');

  await page.getByRole('button', { name: 'Edit the first-week review cadence' }).click();
  await dialog.getByRole('textbox', { name: 'Days after' }).fill('400');
  await dialog.getByRole('textbox', { name: 'Change summary' }).fill('Longer pilots');
  await dialog.getByRole('button', { name: 'Publish new version' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Days after' })).toHaveAccessibleDescription(/Days after must be a whole number from 0 to 365/);
  await dialog.getByRole('textbox', { name: 'Days after' }).fill('10');
  await dialog.getByRole('button', { name: 'Publish new version' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('playbook-cadence-first_week')).toContainText('Due 10 days after the pilot starts');

  const items = await app.rpc<Items>('playbook.items', {});
  expect(items.checklist.find((i) => i.itemId === 'pause-high-risk')).toMatchObject({
    version: 2,
    title: 'Team can pause any workflow, agent or publishing path',
  });
  expect(items.cadences.find((c) => c.kind === 'first_week')).toMatchObject({ version: 2, offsetDays: 10 });
});
