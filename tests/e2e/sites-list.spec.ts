import AxeBuilder from '@axe-core/playwright';
import { RESPONSIBILITY_INFO } from '@core/domain/responsibilities';
import { expect, test } from './fixtures';
import { sitesLabel as sites } from './pages/index';

const ROLE_LABEL: Record<string, string> = Object.fromEntries(Object.entries(RESPONSIBILITY_INFO).map(([k, v]) => [k, v.label]));

test.describe('the Sites list on 2,000 sites', () => {
  test.use({ seedSites: 2000 });

  test('a saved view chosen after a typed search shows exactly the view, names it, and says when it is modified', async ({ app, sitesPage }) => {
    await app.rpc('views.save', { name: 'Pilot incomplete', query: 'stage=pilot&incomplete=1' });
    const expected = (await sitesPage.serverList({ stages: ['pilot'], incompleteOnly: true })).total;
    await sitesPage.open();
    await sitesPage.typeSearch('harbour');

    await sitesPage.chooseView('Pilot incomplete');
    await expect(sitesPage.total).toHaveText(sites(expected));
    await expect(sitesPage.savedViews).toHaveValue('Pilot incomplete');
    await expect(sitesPage.search).toHaveValue('');
    const params = sitesPage.urlParams();
    expect(params.get('q')).toBeNull();
    expect(params.get('stage')).toBe('pilot');
    expect(params.get('incomplete')).toBe('1');
    await expect(sitesPage.viewModified).toHaveCount(0);

    // A changed filter keeps the name, says "Modified" and offers to update the view.
    await sitesPage.filterBy('Owner gaps');
    const narrowed = (await sitesPage.serverList({ stages: ['pilot'], incompleteOnly: true, ownerGapsOnly: true })).total;
    await expect(sitesPage.total).toHaveText(sites(narrowed));
    await expect(sitesPage.savedViews).toHaveValue('Pilot incomplete');
    await expect(sitesPage.viewModified).toHaveText('Modified');
    await sitesPage.updateView('Pilot incomplete');
    await expect(sitesPage.viewModified).toHaveCount(0);
    const [view] = await app.rpc<{ query: string }[]>('views.list');
    expect(new URLSearchParams(view!.query).get('gaps')).toBe('1');
  });

  test('a link opened after a typed search replaces it: stage and every Dashboard number', async ({ sitesPage }) => {
    await sitesPage.open();
    await sitesPage.typeSearch('harbour');
    const links: [string, Record<string, unknown>][] = [
      ['/sites?stage=pilot', { stages: ['pilot'] }],
      ['/sites?paused=1', { pausedOnly: true }],
      ['/sites?gaps=1', { ownerGapsOnly: true }],
      ['/sites?incidents=1', { openIncidentsOnly: true }],
    ];
    for (const [route, input] of links) {
      const expected = (await sitesPage.serverList(input)).total;
      await sitesPage.follow(route);
      await expect(sitesPage.total, route).toHaveText(sites(expected));
      await expect(sitesPage.search).toHaveValue('');
      expect(sitesPage.urlParams().get('q'), route).toBeNull();
      // A search typed on top of a link narrows it and keeps the link's filter.
      if (route === '/sites?stage=pilot') {
        await sitesPage.typeSearch('ashgrove', input);
        expect(sitesPage.urlParams().get('stage')).toBe('pilot');
      }
    }
  });

  test('a blocking reason link shows exactly the sites the Dashboard counts for it', async ({ app, sitesPage }) => {
    const portfolio = await app.rpc<{ topReasons: { reason: string; sites: number }[] }>('dashboard.portfolio');
    const { reason, sites: count } = portfolio.topReasons[1]!;
    const ids = await app.rpc<string[]>('sites.ids', { reason });
    expect(ids).toHaveLength(count);
    await sitesPage.open();
    await sitesPage.typeSearch('harbour');
    await sitesPage.follow(`/sites?reason=${encodeURIComponent(reason)}`);
    await expect(sitesPage.total).toHaveText(sites(count));
    await expect(sitesPage.removeFilter(`Blocked: ${reason}`)).toBeVisible();
    const first = (await sitesPage.serverList({ reason })).rows[0]!;
    expect(ids).toContain(first.id);
    await expect(sitesPage.rows.nth(1)).toContainText(first.name);
    // Removing the chip removes the filter.
    await sitesPage.removeFilter(`Blocked: ${reason}`).click();
    await expect(sitesPage.total).toHaveText(/1,9\d\d sites/);
  });

  test('owner, host and provider filters list what the server lists for them', async ({ app, sitesPage }) => {
    const hosts = (await app.rpc<{ hosts: { value: string; sites: number }[] }>('sites.facets')).hosts;
    const host = hosts[0]!;
    expect((await sitesPage.serverList({ host: host.value })).total).toBe(host.sites);
    await sitesPage.open();
    await sitesPage.openMoreFilters();
    await sitesPage.pick('Host', `${host.value} (${host.sites.toLocaleString('en-US')})`);
    await expect(sitesPage.total).toHaveText(sites(host.sites));
    expect(sitesPage.urlParams().get('host')).toBe(host.value);

    // A provider link in another case matches the same sites.
    const provider = (await app.rpc<{ providers: { value: string; sites: number }[] }>('sites.facets')).providers[0]!;
    const both = (await sitesPage.serverList({ host: host.value, provider: provider.value })).total;
    await sitesPage.follow(`/sites?host=${encodeURIComponent(host.value.toUpperCase())}&provider=${encodeURIComponent(provider.value.toLowerCase())}`);
    await expect(sitesPage.total).toHaveText(sites(both));

    // Owner: any responsibility, then only one.
    const first = (await sitesPage.serverList()).rows[0]!;
    const matrix = await app.rpc<{ rows: { responsibility: string; assignment: { ownerId: string; ownerName: string } | null }[] }>('owners.matrix', {
      siteId: first.id,
    });
    const held = matrix.rows.find((r) => r.assignment)!;
    const person = { id: held.assignment!.ownerId, name: held.assignment!.ownerName };
    const anyRole = (await sitesPage.serverList({ ownerId: person.id })).total;
    const oneRole = (await sitesPage.serverList({ ownerId: person.id, ownerRole: held.responsibility })).total;
    expect(oneRole).toBeLessThanOrEqual(anyRole);
    await sitesPage.follow('/sites');
    await expect(sitesPage.total).toHaveText(/1,9\d\d sites/);
    await sitesPage.pickOwner(person.name);
    await expect(sitesPage.total).toHaveText(sites(anyRole));
    expect(sitesPage.urlParams().get('owner')).toBe(person.id);
    await expect(sitesPage.removeFilter(`Owner: ${person.name}`)).toBeVisible();
    await sitesPage.pick('Owner of', ROLE_LABEL[held.responsibility]!);
    await expect(sitesPage.total).toHaveText(sites(oneRole));
    expect(sitesPage.urlParams().get('ownerRole')).toBe(held.responsibility);
  });

  test('a name too long for its column is readable on hover', async ({ factories, sitesPage, page }) => {
    const client = await factories.buildClient({ name: 'Ashgrove Bakery International Wholesale Trading' });
    const long = 'Ashgrove Bakery International Wholesale Trading — Northern Europe Trade Customer Portal';
    await factories.buildSite({ clientId: client.id, name: long, productionUrl: 'https://trade-portal.ashgrove-bakery.test' });
    await sitesPage.open('q=Northern%20Europe%20Trade');
    await expect(sitesPage.total).toHaveText('1 site');
    const cell = sitesPage.rows.nth(1).getByText(long, { exact: true });
    await expect(cell).toHaveAttribute('title', long);
    // It is cut on screen at this width...
    expect(await cell.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    // ...and whole in the tooltip.
    await cell.hover();
    await expect(page.getByRole('tooltip')).toHaveText(long);
  });

  test('column widths and the columns shown persist across a reload, and the page has no serious accessibility violations', async ({ sitesPage, page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await sitesPage.open('stage=pilot');
    await expect(sitesPage.total).toHaveText(/sites?$/);
    // Nothing is cut at 1280 px: the table fits its box.
    expect(await sitesPage.tableScroll.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    const grip = sitesPage.grip('Site');
    const before = Number(await grip.getAttribute('aria-valuenow'));
    await grip.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect(grip).toHaveAttribute('aria-valuenow', String(before + 80));
    const header = sitesPage.columnHeader(/^Site/);
    expect(Math.round((await header.boundingBox())!.width)).toBe(before + 80);

    // Drag the Client column's grip 60 px to the right.
    const clientGrip = sitesPage.grip('Client');
    const clientBefore = Number(await clientGrip.getAttribute('aria-valuenow'));
    const box = (await clientGrip.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2);
    await page.mouse.up();
    await expect(clientGrip).toHaveAttribute('aria-valuenow', String(clientBefore + 60));

    await sitesPage.setColumns({ hide: ['Production URL'], show: ['PHP'] });
    await expect(sitesPage.columnHeader(/^URL/)).toHaveCount(0);
    await expect(sitesPage.columnHeader(/^PHP/)).toBeVisible();

    await page.reload();
    await expect(page.getByTestId('app-ready')).toBeAttached({ timeout: 60_000 });
    await expect(sitesPage.columnHeader(/^PHP/)).toBeVisible();
    await expect(sitesPage.columnHeader(/^URL/)).toHaveCount(0);
    await expect(sitesPage.grip('Site')).toHaveAttribute('aria-valuenow', String(before + 80));
    await expect(sitesPage.grip('Client')).toHaveAttribute('aria-valuenow', String(clientBefore + 60));

    // Home gives a column its default width back.
    await sitesPage.grip('Site').focus();
    await page.keyboard.press('Home');
    await expect(sitesPage.grip('Site')).not.toHaveAttribute('aria-valuenow', String(before + 80));

    await sitesPage.follow('/sites?stage=pilot&incomplete=1&host=Kinsta');
    await sitesPage.openMoreFilters();
    await expect(sitesPage.filterChips).toBeVisible();
    await page.waitForLoadState('networkidle');
    // The Sites screen itself (the shell around it is checked on every page by inventory.spec.ts).
    const results = await new AxeBuilder({ page }).include('main').analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.html.slice(0, 160)} ${v.nodes[0]?.failureSummary ?? ''}`)).toEqual([]);
  });
});
