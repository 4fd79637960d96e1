import { expect, test } from './fixtures';

interface Row {
  id: string;
  name: string;
}
interface Sop {
  sop: { version: number; purpose: string };
}

test('an owner being assigned is not lost to Back: Keep editing keeps the dialog and its note, Discard leaves', async ({ app, page }) => {
  const client = await app.rpc<Row>('clients.create', { name: 'Larkspur Tea' });
  const site = await app.rpc<Row>('sites.create', { clientId: client.id, name: 'Larkspur Shop', productionUrl: 'https://shop.larkspur.test' });
  // The list first, then the site: Back from the site returns to the page the app opened on.
  await app.open(page, '/sites');
  await page.getByRole('row').filter({ hasText: 'Larkspur Shop' }).click();
  await page.getByRole('tab', { name: /Owners/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/sites/${site.id}/owners$`));

  await page
    .getByRole('button', { name: /^Assign / })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: /^Assign / });
  const note = dialog.getByRole('textbox', { name: 'Note' });
  await note.fill('Agreed on the call with the shop manager');

  const guard = page.getByRole('dialog', { name: 'Discard changes?' });
  await page.goBack();
  await expect(guard).toBeVisible();
  await expect(guard).toContainText(/being assigned has changes that are not saved/);
  await guard.getByRole('button', { name: 'Keep editing' }).click();
  await expect(guard).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`#/sites/${site.id}/owners$`));
  await expect(note).toHaveValue('Agreed on the call with the shop manager');

  await page.goBack();
  await guard.getByRole('button', { name: 'Discard' }).click();
  await expect(page).toHaveURL(/#\/sites$/);
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('sites-total')).toHaveText('1 site');
});

test('an SOP being edited is not lost to a link: Save publishes only a complete version, Discard leaves it unpublished', async ({ app, page }) => {
  await app.open(page, '/playbook');
  await page.getByRole('link', { name: 'Support drafts SOP for Support agent, version 1' }).click();
  await page.getByRole('button', { name: 'Edit SOP' }).click();
  const purpose = page.getByRole('textbox', { name: 'Purpose' });
  await purpose.fill('Draft replies to customer e-mails for a person to check and send.');

  const guard = page.getByRole('dialog', { name: 'Discard changes?' });
  await page.getByRole('link', { name: 'Sites', exact: true }).first().click();
  await expect(guard).toBeVisible();
  await expect(guard).toContainText('The Support agent SOP for Support drafts has changes that are not saved.');

  // Save with no change summary: nothing is published, and the editor says what is missing.
  await guard.getByRole('button', { name: 'Save' }).click();
  await expect(guard).toBeHidden();
  await expect(page).toHaveURL(/#\/playbook\/support_drafts\/support_agent/);
  await expect(page.getByRole('textbox', { name: 'Change summary' })).toHaveAttribute('aria-invalid', 'true');
  await expect(purpose).toHaveValue('Draft replies to customer e-mails for a person to check and send.');

  await page.getByRole('link', { name: 'Sites', exact: true }).first().click();
  await guard.getByRole('button', { name: 'Discard' }).click();
  await expect(page).toHaveURL(/#\/sites$/);
  const sop = await app.rpc<Sop>('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
  expect(sop.sop.version).toBe(1);
  expect(sop.sop.purpose).not.toBe('Draft replies to customer e-mails for a person to check and send.');
});
