import { expect, test } from './fixtures';

test('dashboard numbers click through to the filtered Sites list, and a saved view comes back', async ({ app, page }) => {
  const client = await app.rpc<{ id: string }>('clients.create', { name: 'Meadowlark Tea' });
  const a = await app.rpc<{ id: string }>('sites.create', {
    clientId: client.id,
    name: 'Meadowlark Shop',
    productionUrl: 'https://shop.meadowlark.test',
    stage: 'setup',
  });
  await app.rpc('sites.create', { clientId: client.id, name: 'Meadowlark Blog', productionUrl: 'https://blog.meadowlark.test' });
  await app.rpc('pauses.pause', { siteId: a.id, reason: 'Drafts sent without review', workflows: ['support_drafts'] });

  await app.open(page, '/dashboard');
  await expect(page.getByRole('link', { name: 'High-risk activity paused: 1', exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Sites with high-risk activity paused' })).toContainText('Drafts sent without review');
  await expect(page.getByRole('link', { name: 'Blocked: 1', exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Blocked: 1', exact: true }).click();
  await expect(page.getByTestId('sites-total')).toHaveText('1 site');
  await expect(page.getByRole('row').filter({ hasText: 'Meadowlark Shop' })).toBeVisible();

  await page.getByRole('button', { name: 'Save view' }).click();
  await page.getByRole('textbox', { name: 'View name' }).fill('Blocked sites');
  await page.getByRole('dialog').getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  await app.open(page, '/dashboard');
  await page.getByRole('link', { name: 'Blocked sites', exact: true }).click();
  await expect(page.getByTestId('sites-total')).toHaveText('1 site');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('link', { name: /^Setup: 1 sites/ }).click();
  await expect(page.getByTestId('sites-total')).toHaveText('1 site');
});
