import { expect, test } from './fixtures';

test('an incident records its evidence and cannot be resolved without its prevention owner', async ({ app, factories, sitePage, page }) => {
  const site = await factories.buildSite({ name: 'Larkspur Shop', productionUrl: 'https://shop.larkspur.test' });
  const lee = await factories.buildPerson({ name: 'Lee Lead', email: 'lee@agency.test' });
  await factories.buildOwnerAssignment({ siteId: site.id, responsibility: 'incident_escalation', ownerId: lee.id });

  await sitePage.open(site.id, 'incidents');
  await page.getByRole('button', { name: 'Open incident' }).click();
  const form = page.getByRole('dialog');
  await form.getByRole('textbox', { name: 'Affected workflow' }).click();
  await page.getByRole('option', { name: 'Product copy' }).click();
  await form.getByRole('textbox', { name: 'Title' }).fill('Wrong sizes published');
  await form.getByRole('textbox', { name: 'What happened' }).fill('A product-copy plan changed size charts on 12 products.');
  await form.getByRole('textbox', { name: 'Screen' }).fill('Approvals › Plan #88');
  await form.getByRole('textbox', { name: 'Prompt' }).fill('Refresh the kids range descriptions');
  await form.getByRole('button', { name: 'Open incident' }).click();

  const detail = page.getByRole('dialog', { name: 'Wrong sizes published' });
  await expect(detail.getByTestId('escalation-path')).toContainText('1. Incident escalation: Lee Lead (lee@agency.test)');
  await expect(detail.getByTestId('escalation-path')).toContainText('2. Support routing: no owner assigned');
  await expect(detail).toContainText('Approvals › Plan #88');

  await detail.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(detail.getByText('Choose the prevention owner: the person who makes sure it cannot happen again.')).toBeVisible();
  await expect(detail.getByText('Regression check is required.')).toBeVisible();
  const open = await app.rpc<{ status: string }[]>('incidents.list', { siteId: site.id });
  expect(open.map((i) => i.status)).toEqual(['open']);

  await detail.getByRole('textbox', { name: 'Prevention owner' }).fill('Lee');
  await page.getByRole('option', { name: /Lee Lead/ }).click();
  await detail.getByRole('textbox', { name: 'Regression check' }).fill('Plan diffs now list size fields; 12 products rechecked');
  await detail.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(detail).toContainText('Prevention owner: Lee Lead');
  const done = await app.rpc<{ status: string; preventionOwnerName: string }[]>('incidents.list', { siteId: site.id });
  expect(done[0]).toMatchObject({ status: 'resolved', preventionOwnerName: 'Lee Lead' });
});
