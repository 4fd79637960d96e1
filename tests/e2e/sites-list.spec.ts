import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { RESPONSIBILITY_INFO } from '../../core/domain/responsibilities';
import { expect, test, type WebApp } from './fixtures';

const ROLE_LABEL: Record<string, string> = Object.fromEntries(Object.entries(RESPONSIBILITY_INFO).map(([k, v]) => [k, v.label]));

interface List {
  total: number;
  rows: { id: string; name: string }[];
}

const sites = (n: number) => `${n.toLocaleString('en-US')} site${n === 1 ? '' : 's'}`;
const total = (page: Page) => page.getByTestId('sites-total');
const search = (page: Page) => page.getByRole('textbox', { name: 'Search sites' });
/** The list's query as the URL carries it (hash route). */
const urlParams = (page: Page) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

async function typeSearch(app: WebApp, page: Page, text: string, within: Record<string, unknown> = {}) {
  const expected = (await app.rpc<List>('sites.list', { ...within, search: text, limit: 1 })).total;
  await search(page).fill(text);
  await expect(total(page)).toHaveText(sites(expected));
  expect(urlParams(page).get('q')).toBe(text);
}

/** Follows a link inside the running page, as the Dashboard's links do. */
async function follow(page: Page, route: string) {
  await page.evaluate((hash) => (window.location.hash = hash), `#${route}`);
}

test.describe('the Sites list on 2,000 sites', () => {
  test.use({ seedSites: 2000 });

  test('a saved view chosen after a typed search shows exactly the view, names it, and says when it is modified', async ({ app, page }) => {
    await app.rpc('views.save', { name: 'Pilot incomplete', query: 'stage=pilot&incomplete=1' });
    const expected = (await app.rpc<List>('sites.list', { stages: ['pilot'], incompleteOnly: true, limit: 1 })).total;
    await app.open(page, '/sites');
    await typeSearch(app, page, 'harbour');

    const picker = page.getByRole('textbox', { name: 'Saved views' });
    await picker.click();
    await page.getByRole('option', { name: 'Pilot incomplete' }).click();
    await expect(total(page)).toHaveText(sites(expected));
    await expect(picker).toHaveValue('Pilot incomplete');
    await expect(search(page)).toHaveValue('');
    const params = urlParams(page);
    expect(params.get('q')).toBeNull();
    expect(params.get('stage')).toBe('pilot');
    expect(params.get('incomplete')).toBe('1');
    await expect(page.getByTestId('view-modified')).toHaveCount(0);

    // A changed filter keeps the name, says "Modified" and offers to update the view.
    await page.locator('label').filter({ hasText: /^Owner gaps$/ }).click();
    const narrowed = (await app.rpc<List>('sites.list', { stages: ['pilot'], incompleteOnly: true, ownerGapsOnly: true, limit: 1 })).total;
    await expect(total(page)).toHaveText(sites(narrowed));
    await expect(picker).toHaveValue('Pilot incomplete');
    await expect(page.getByTestId('view-modified')).toHaveText('Modified');
    await page.getByRole('button', { name: 'View', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Update view “Pilot incomplete”' }).click();
    await expect(page.getByTestId('view-modified')).toHaveCount(0);
    const [view] = await app.rpc<{ query: string }[]>('views.list');
    expect(new URLSearchParams(view!.query).get('gaps')).toBe('1');
  });

  test('a link opened after a typed search replaces it: stage and every Dashboard number', async ({ app, page }) => {
    await app.open(page, '/sites');
    await typeSearch(app, page, 'harbour');
    const links: [string, Record<string, unknown>][] = [
      ['/sites?stage=pilot', { stages: ['pilot'] }],
      ['/sites?paused=1', { pausedOnly: true }],
      ['/sites?gaps=1', { ownerGapsOnly: true }],
      ['/sites?incidents=1', { openIncidentsOnly: true }],
    ];
    for (const [route, input] of links) {
      const expected = (await app.rpc<List>('sites.list', { ...input, limit: 1 })).total;
      await follow(page, route);
      await expect(total(page), route).toHaveText(sites(expected));
      await expect(search(page)).toHaveValue('');
      expect(urlParams(page).get('q'), route).toBeNull();
      // A search typed on top of a link narrows it and keeps the link's filter.
      if (route === '/sites?stage=pilot') {
        await typeSearch(app, page, 'ashgrove', input);
        expect(urlParams(page).get('stage')).toBe('pilot');
      }
    }
  });

  test('a blocking reason link shows exactly the sites the Dashboard counts for it', async ({ app, page }) => {
    const portfolio = await app.rpc<{ topReasons: { reason: string; sites: number }[] }>('dashboard.portfolio');
    const { reason, sites: count } = portfolio.topReasons[1]!;
    const ids = await app.rpc<string[]>('sites.ids', { reason });
    expect(ids).toHaveLength(count);
    await app.open(page, '/sites');
    await typeSearch(app, page, 'harbour');
    await follow(page, `/sites?reason=${encodeURIComponent(reason)}`);
    await expect(total(page)).toHaveText(sites(count));
    await expect(page.getByRole('button', { name: `Remove filter Blocked: ${reason}` })).toBeVisible();
    const first = (await app.rpc<List>('sites.list', { reason, limit: 1 })).rows[0]!;
    expect(ids).toContain(first.id);
    await expect(page.getByRole('row').nth(1)).toContainText(first.name);
    // Removing the chip removes the filter.
    await page.getByRole('button', { name: `Remove filter Blocked: ${reason}` }).click();
    await expect(total(page)).toHaveText(/1,9\d\d sites/);
  });

  test('owner, host and provider filters list what the server lists for them', async ({ app, page }) => {
    const hosts = (await app.rpc<{ hosts: { value: string; sites: number }[] }>('sites.facets')).hosts;
    const host = hosts[0]!;
    expect((await app.rpc<List>('sites.list', { host: host.value, limit: 1 })).total).toBe(host.sites);
    await app.open(page, '/sites');
    await page.getByRole('button', { name: 'More filters' }).click();
    await page.getByRole('textbox', { name: 'Host', exact: true }).click();
    await page.getByRole('option', { name: `${host.value} (${host.sites.toLocaleString('en-US')})` }).click();
    await expect(total(page)).toHaveText(sites(host.sites));
    expect(urlParams(page).get('host')).toBe(host.value);

    // A provider link in another case matches the same sites.
    const provider = (await app.rpc<{ providers: { value: string; sites: number }[] }>('sites.facets')).providers[0]!;
    const both = (await app.rpc<List>('sites.list', { host: host.value, provider: provider.value, limit: 1 })).total;
    await follow(page, `/sites?host=${encodeURIComponent(host.value.toUpperCase())}&provider=${encodeURIComponent(provider.value.toLowerCase())}`);
    await expect(total(page)).toHaveText(sites(both));

    // Owner: any responsibility, then only one.
    const first = (await app.rpc<List>('sites.list', { limit: 1 })).rows[0]!;
    const matrix = await app.rpc<{ rows: { responsibility: string; assignment: { ownerId: string; ownerName: string } | null }[] }>('owners.matrix', { siteId: first.id });
    const held = matrix.rows.find((r) => r.assignment)!;
    const person = { id: held.assignment!.ownerId, name: held.assignment!.ownerName };
    const anyRole = (await app.rpc<List>('sites.list', { ownerId: person.id, limit: 1 })).total;
    const oneRole = (await app.rpc<List>('sites.list', { ownerId: person.id, ownerRole: held.responsibility, limit: 1 })).total;
    expect(oneRole).toBeLessThanOrEqual(anyRole);
    await follow(page, '/sites');
    await expect(total(page)).toHaveText(/1,9\d\d sites/);
    const owner = page.getByRole('textbox', { name: 'Owner', exact: true });
    await owner.click();
    await owner.fill(person.name);
    await page.getByRole('option', { name: new RegExp(`^${person.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) }).first().click();
    await expect(total(page)).toHaveText(sites(anyRole));
    expect(urlParams(page).get('owner')).toBe(person.id);
    await expect(page.getByRole('button', { name: `Remove filter Owner: ${person.name}` })).toBeVisible();
    const role = page.getByRole('textbox', { name: 'Owner of', exact: true });
    await role.click();
    await page.getByRole('option', { name: ROLE_LABEL[held.responsibility]!, exact: true }).click();
    await expect(total(page)).toHaveText(sites(oneRole));
    expect(urlParams(page).get('ownerRole')).toBe(held.responsibility);
  });

  test('a name too long for its column is readable on hover', async ({ app, page }) => {
    const client = await app.rpc<{ id: string }>('clients.create', { name: 'Ashgrove Bakery International Wholesale Trading' });
    const long = 'Ashgrove Bakery International Wholesale Trading — Northern Europe Trade Customer Portal';
    await app.rpc('sites.create', { clientId: client.id, name: long, productionUrl: 'https://trade-portal.ashgrove-bakery.test' });
    await app.open(page, '/sites?q=Northern%20Europe%20Trade');
    await expect(total(page)).toHaveText('1 site');
    const cell = page.getByRole('row').nth(1).getByText(long, { exact: true });
    await expect(cell).toHaveAttribute('title', long);
    // It is cut on screen at this width...
    expect(await cell.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    // ...and whole in the tooltip.
    await cell.hover();
    await expect(page.getByRole('tooltip')).toHaveText(long);
  });

  test('column widths and the columns shown persist across a reload, and the page has no serious accessibility violations', async ({ app, page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.open(page, '/sites?stage=pilot');
    await expect(total(page)).toHaveText(/sites?$/);
    // Nothing is cut at 1280 px: the table fits its box.
    const scroll = page.getByTestId('sites-table-scroll');
    expect(await scroll.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    const grip = page.getByRole('separator', { name: 'Resize the Site column' });
    const before = Number(await grip.getAttribute('aria-valuenow'));
    await grip.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect(grip).toHaveAttribute('aria-valuenow', String(before + 80));
    const header = page.getByRole('columnheader', { name: /^Site/ });
    expect(Math.round((await header.boundingBox())!.width)).toBe(before + 80);

    // Drag the Client column's grip 60 px to the right.
    const clientGrip = page.getByRole('separator', { name: 'Resize the Client column' });
    const clientBefore = Number(await clientGrip.getAttribute('aria-valuenow'));
    const box = (await clientGrip.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2);
    await page.mouse.up();
    await expect(clientGrip).toHaveAttribute('aria-valuenow', String(clientBefore + 60));

    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Production URL' }).uncheck();
    await page.getByRole('checkbox', { name: 'PHP' }).check();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('columnheader', { name: /^URL/ })).toHaveCount(0);
    await expect(page.getByRole('columnheader', { name: /^PHP/ })).toBeVisible();

    await page.reload();
    await expect(page.getByTestId('app-ready')).toBeAttached({ timeout: 60_000 });
    await expect(page.getByRole('columnheader', { name: /^PHP/ })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: /^URL/ })).toHaveCount(0);
    await expect(page.getByRole('separator', { name: 'Resize the Site column' })).toHaveAttribute('aria-valuenow', String(before + 80));
    await expect(page.getByRole('separator', { name: 'Resize the Client column' })).toHaveAttribute('aria-valuenow', String(clientBefore + 60));

    // Home gives a column its default width back.
    await page.getByRole('separator', { name: 'Resize the Site column' }).focus();
    await page.keyboard.press('Home');
    await expect(page.getByRole('separator', { name: 'Resize the Site column' })).not.toHaveAttribute('aria-valuenow', String(before + 80));

    await follow(page, '/sites?stage=pilot&incomplete=1&host=Kinsta');
    await page.getByRole('button', { name: 'More filters' }).click();
    await expect(page.getByTestId('filter-chips')).toBeVisible();
    await page.waitForLoadState('networkidle');
    // The Sites screen itself (the shell around it is checked on every page by inventory.spec.ts).
    const results = await new AxeBuilder({ page }).include('main').analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.html.slice(0, 160)} ${v.nodes[0]?.failureSummary ?? ''}`)).toEqual([]);
  });
});
