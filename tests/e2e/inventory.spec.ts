import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, type WebApp } from './fixtures';

interface Row {
  id: string;
  name: string;
  version: number;
}
interface List {
  total: number;
  rows: Row[];
}

async function pickOption(page: Page, label: string, optionText: string | RegExp) {
  const input = page.getByRole('textbox', { name: label, exact: true });
  await input.click();
  if (typeof optionText === 'string') await input.fill(optionText.slice(0, 6));
  await page.getByRole('option', { name: optionText }).first().click();
}

async function seedPeople(app: WebApp) {
  const ann = await app.rpc<Row>('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  const bo = await app.rpc<Row>('people.create', { name: 'Bo Chen', email: 'bo@agency.test', organisation: 'agency' });
  return { ann, bo };
}

test('create a client and a site with a full setup record, assign owners, reload: all persisted', async ({ app, page }) => {
  await seedPeople(app);
  await app.open(page, '/clients');
  await page.getByRole('button', { name: 'New client' }).click();
  await page.getByRole('textbox', { name: 'Client name' }).fill('Northwind Outfitters');
  await page.getByRole('button', { name: 'Create client' }).click();
  await expect(page.getByRole('cell', { name: 'Northwind Outfitters', exact: true })).toBeVisible();

  await page.getByRole('link', { name: 'Sites', exact: true }).click();
  await page.getByRole('button', { name: 'New site' }).first().click();
  await pickOption(page, 'Client', 'Northwind Outfitters');
  await page.getByRole('textbox', { name: 'Site name' }).fill('Northwind Shop');
  await page.getByRole('textbox', { name: 'Production URL' }).fill('https://Shop.Northwind.test/');
  await page.getByRole('textbox', { name: 'Staging URL' }).fill('https://staging.shop.northwind.test');
  await page.getByRole('textbox', { name: 'SophMate version' }).fill('2.4.1');
  await page.getByRole('textbox', { name: 'WordPress version' }).fill('6.6.2');
  await page.getByRole('textbox', { name: 'PHP version' }).fill('8.2');
  await page.getByRole('textbox', { name: 'WooCommerce version' }).fill('9.3.3');
  await page.getByRole('textbox', { name: 'Active theme' }).fill('Storefront');
  await page.getByRole('textbox', { name: 'Host' }).fill('Kinsta');
  await page.getByRole('textbox', { name: 'AI provider' }).fill('OpenAI');
  await page.getByRole('button', { name: 'Create site' }).click();

  // Created: the app opens the Owners tab, where every responsibility is a gap.
  await expect(page.getByRole('heading', { name: 'Northwind Shop' })).toBeVisible();
  await expect(page.getByText('10 responsibilities without an owner')).toBeVisible();
  for (const [responsibility, person] of [
    ['Setup', 'Ann Lee'],
    ['Rollback & restore', 'Bo Chen'],
    ['Provider key & billing', 'Ann Lee'],
  ] as const) {
    await page.getByRole('button', { name: `Assign ${responsibility} owner` }).click();
    await pickOption(page, 'Owner', new RegExp(person));
    await page.getByRole('button', { name: 'Save owner' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();
  }
  await page.getByRole('button', { name: 'Verify Rollback & restore owner' }).click();
  await pickOption(page, 'Verified by', /Ann Lee/);
  await page.getByRole('textbox', { name: 'Note' }).fill('Restored staging from last night’s backup');
  await page.getByRole('button', { name: 'Mark verified' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  await page.reload();
  await expect(page.getByTestId('app-ready')).toBeAttached();
  await expect(page.getByText('7 responsibilities without an owner')).toBeVisible();
  await expect(page.getByText('2 not verified')).toBeVisible();
  await expect(page.getByTestId('owner-row-rollback_restore')).toContainText('Bo Chen');
  await expect(page.getByTestId('owner-row-rollback_restore')).toContainText('by Ann Lee');
  await expect(page.getByTestId('setup-incomplete')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Setup record' }).click();
  await expect(page.getByRole('textbox', { name: 'Production URL' })).toHaveValue('https://shop.northwind.test');
  await expect(page.getByRole('textbox', { name: 'PHP version' })).toHaveValue('8.2');
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByText('Ann Lee assigned as Setup owner of “Northwind Shop”')).toBeVisible();

  const list = await app.rpc<List & { rows: (Row & { missingSetup: string[]; ownerGaps: number; woocommerceVersion: string })[] }>('sites.list', {});
  expect(list.total).toBe(1);
  expect(list.rows[0]).toMatchObject({ name: 'Northwind Shop', missingSetup: [], ownerGaps: 7, woocommerceVersion: '9.3.3' });
});

test('a bad URL shows the field error and writes nothing', async ({ app, page }) => {
  await app.rpc('clients.create', { name: 'Bluebell Bakery' });
  await app.open(page, '/sites/new');
  await pickOption(page, 'Client', 'Bluebell Bakery');
  await page.getByRole('textbox', { name: 'Site name' }).fill('Bakery shop');
  await page.getByRole('textbox', { name: 'Production URL' }).fill('http://shop.bluebell.test');
  await page.getByRole('textbox', { name: 'PHP version' }).fill('eight');
  await page.getByRole('button', { name: 'Create site' }).click();
  await expect(page.getByText('Production URL must use https://: production sites need TLS for logins and AI provider calls.')).toBeVisible();
  await expect(page.getByText('PHP version must look like a version number, for example 8.2.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Production URL' })).toHaveAttribute('aria-invalid', 'true');
  expect((await app.rpc<List>('sites.list', { archived: 'all' })).total).toBe(0);
  expect((await app.rpc<List>('history.list', { entity: 'site' })).total).toBe(0);
});

test('a duplicate production URL is refused on the field, naming the existing site', async ({ app, page }) => {
  const client = await app.rpc<Row>('clients.create', { name: 'Copperleaf Books' });
  await app.rpc('sites.create', { clientId: client.id, name: 'Copperleaf Store', productionUrl: 'https://store.copperleaf.test' });
  await app.open(page, '/sites/new');
  await pickOption(page, 'Client', 'Copperleaf Books');
  await page.getByRole('textbox', { name: 'Site name' }).fill('Another store');
  await page.getByRole('textbox', { name: 'Production URL' }).fill('https://STORE.copperleaf.test');
  await page.getByRole('button', { name: 'Create site' }).click();
  await expect(
    page.getByText('https://store.copperleaf.test is already the production URL of “Copperleaf Store” (Copperleaf Books).', { exact: false }),
  ).toBeVisible();
  expect((await app.rpc<List>('sites.list', {})).total).toBe(1);
});

test.describe('a portfolio of 2,000 sites', () => {
  test.use({ seedSites: 2000 });

  test('search finds one site among 2,000', async ({ app, page }) => {
    const target = (await app.rpc<List>('sites.list', { offset: 1234, limit: 1 })).rows[0]!;
    await app.open(page, '/sites');
    await expect(page.getByTestId('sites-total')).toContainText(/1,9\d\d sites/);
    await page.getByRole('textbox', { name: 'Search sites' }).fill(target.name);
    await expect(page.getByTestId('sites-total')).toHaveText(/^[1-9] sites?$/);
    const row = page.getByRole('row').filter({ hasText: target.name }).first();
    await expect(row).toBeVisible();
    await row.click();
    await expect(page.getByRole('heading', { name: target.name })).toBeVisible();
  });

  test('filters narrow the list and live in the URL', async ({ app, page }) => {
    const expected = (await app.rpc<List>('sites.list', { stages: ['pilot'], incompleteOnly: true, limit: 1 })).total;
    await app.open(page, '/sites?stage=pilot&incomplete=1');
    await expect(page.getByTestId('sites-total')).toHaveText(`${expected.toLocaleString('en-US')} site${expected === 1 ? '' : 's'}`);
    await page.getByRole('button', { name: 'Clear all' }).click();
    await expect(page.getByTestId('sites-total')).toContainText(/1,9\d\d sites/);
  });

  // Seventeen pages, each loaded and scanned, in four tests so each stays short on a busy machine.
  const pages = (siteId: string) => [
    ['/dashboard', '/sites', `/sites/${siteId}/setup`, `/sites/${siteId}/owners`],
    [`/sites/${siteId}/history`, `/sites/${siteId}/operators`, `/sites/${siteId}/readiness`, `/sites/${siteId}/incidents`],
    [`/sites/${siteId}/reviews`, `/sites/${siteId}/documents`, '/reviews', '/reviews?state=upcoming&group=owner'],
    ['/clients', '/people', '/playbook', '/playbook/support_drafts/support_agent', '/settings'],
  ];
  for (const part of [0, 1, 2, 3]) {
    test(`every page has no serious accessibility violations (part ${part + 1} of 4)`, async ({ app, page }) => {
      test.setTimeout(180_000);
      const site = (await app.rpc<List>('sites.list', { limit: 1 })).rows[0]!;
      for (const route of pages(site.id)[part]!) {
        await app.open(page, route);
        await page.waitForLoadState('networkidle');
        // The Documents tab's preview is a sandboxed frame axe cannot enter; documents.spec.ts checks that HTML on its own.
        const results = await new AxeBuilder({ page }).exclude('iframe').analyze();
        const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(bad.map((v) => `${route}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.html.slice(0, 120)} ${v.nodes[0]?.failureSummary ?? ''}`)).toEqual([]);
      }
    });
  }
});

test('archive and restore: a client with active sites is refused with the reason, then archived once its site is', async ({ app, page }) => {
  const client = await app.rpc<Row>('clients.create', { name: 'Fernhill Ceramics' });
  const site = await app.rpc<Row>('sites.create', { clientId: client.id, name: 'Fernhill Shop', productionUrl: 'https://shop.fernhill.test' });
  await app.open(page, '/clients');
  await page.getByRole('button', { name: 'Archive “Fernhill Ceramics”' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByText('“Fernhill Ceramics” still has 1 active site. Archive those sites first')).toBeVisible();

  await app.open(page, `/sites/${site.id}`);
  await page.getByRole('button', { name: 'Archive site' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByRole('button', { name: 'Restore site' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Site name' })).toBeDisabled();

  await app.open(page, '/clients');
  await page.getByRole('button', { name: 'Archive “Fernhill Ceramics”' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByRole('cell', { name: 'Fernhill Ceramics', exact: true })).toBeHidden();
  await page
    .locator('label')
    .filter({ hasText: /^Archived$/ })
    .click();
  await page.getByRole('button', { name: 'Restore “Fernhill Ceramics”' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await expect.poll(async () => (await app.rpc<List>('clients.list', {})).total).toBe(1);
  const history = await app.rpc<{ rows: { action: string }[] }>('history.list', { entity: 'client', entityId: client.id });
  expect(history.rows.map((r) => r.action)).toEqual(['restore', 'archive', 'create']);
});
