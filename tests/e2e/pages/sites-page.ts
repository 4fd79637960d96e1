/**
 * The Sites list (`/sites`): its locators and what a user does there. Specs state what they expect;
 * this model knows where things are. Every wait a spec relied on stays in the spec or in an action
 * here that waits the same way.
 */
import { expect, type Page } from '@playwright/test';
import type { WebApp } from '../fixtures';

export interface SiteList {
  total: number;
  rows: { id: string; name: string }[];
}

/** How the list states a total: "1 site", "1,980 sites". */
export const sitesLabel = (n: number) => `${n.toLocaleString('en-US')} site${n === 1 ? '' : 's'}`;

export class SitesPage {
  constructor(
    readonly page: Page,
    readonly app: WebApp,
  ) {}

  get total() {
    return this.page.getByTestId('sites-total');
  }
  get search() {
    return this.page.getByRole('textbox', { name: 'Search sites' });
  }
  get savedViews() {
    return this.page.getByRole('textbox', { name: 'Saved views' });
  }
  get viewModified() {
    return this.page.getByTestId('view-modified');
  }
  get filterChips() {
    return this.page.getByTestId('filter-chips');
  }
  get tableScroll() {
    return this.page.getByTestId('sites-table-scroll');
  }
  /** Table rows, the header row first. */
  get rows() {
    return this.page.getByRole('row');
  }
  get ownerFilter() {
    return this.page.getByRole('textbox', { name: 'Owner', exact: true });
  }
  get ownerRoleFilter() {
    return this.page.getByRole('textbox', { name: 'Owner of', exact: true });
  }
  get hostFilter() {
    return this.page.getByRole('textbox', { name: 'Host', exact: true });
  }

  /** Opens the list, with a query string (without "?") when given. */
  async open(query = '') {
    await this.app.open(this.page, query ? `/sites?${query}` : '/sites');
  }

  /** Follows a link inside the running page, as the Dashboard's links do. */
  async follow(route: string) {
    await this.page.evaluate((hash) => (window.location.hash = hash), `#${route}`);
  }

  /** The list's query as the URL carries it (hash route). */
  urlParams(): URLSearchParams {
    return new URLSearchParams(new URL(this.page.url()).hash.split('?')[1] ?? '');
  }

  /** What the server lists for a `sites.list` input (its total, first row). */
  async serverList(input: Record<string, unknown> = {}): Promise<SiteList> {
    return this.app.rpc<SiteList>('sites.list', { ...input, limit: 1 });
  }

  async expectTotal(n: number) {
    await expect(this.total).toHaveText(sitesLabel(n));
  }

  /** Types a search and waits until the total is the server's for it (within the given filters); the URL carries it. */
  async typeSearch(text: string, within: Record<string, unknown> = {}) {
    const expected = (await this.serverList({ ...within, search: text })).total;
    await this.search.fill(text);
    await this.expectTotal(expected);
    expect(this.urlParams().get('q')).toBe(text);
  }

  /** Turns a labelled switch filter on or off, e.g. 'Owner gaps'. */
  async filterBy(label: string) {
    await this.page
      .locator('label')
      .filter({ hasText: new RegExp(`^${label}$`) })
      .click();
  }

  async chooseView(name: string) {
    await this.savedViews.click();
    await this.page.getByRole('option', { name }).click();
  }

  /** The View menu's "Update view “name”". */
  async updateView(name: string) {
    await this.page.getByRole('button', { name: 'View', exact: true }).click();
    await this.page.getByRole('menuitem', { name: `Update view “${name}”` }).click();
  }

  async openMoreFilters() {
    await this.page.getByRole('button', { name: 'More filters' }).click();
  }

  /** Picks an option of a filter box (Host, Owner of…) by its shown name. */
  async pick(box: 'Host' | 'Owner of', option: string) {
    await (box === 'Host' ? this.hostFilter : this.ownerRoleFilter).click();
    await this.page.getByRole('option', { name: option, exact: box === 'Owner of' }).click();
  }

  /** Types a name into the Owner filter and picks the first person of that name. */
  async pickOwner(name: string) {
    await this.ownerFilter.click();
    await this.ownerFilter.fill(name);
    await this.page
      .getByRole('option', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) })
      .first()
      .click();
  }

  /** The chip that removes a filter, e.g. 'Owner: Ann Lee'. */
  removeFilter(label: string) {
    return this.page.getByRole('button', { name: `Remove filter ${label}` });
  }

  /** The row of a site, found by a text it shows. */
  row(text: string) {
    return this.rows.filter({ hasText: text });
  }

  columnHeader(name: RegExp) {
    return this.page.getByRole('columnheader', { name });
  }

  /** The resize grip of a column ('Site', 'Client'…). */
  grip(column: string) {
    return this.page.getByRole('separator', { name: `Resize the ${column} column` });
  }

  /** Hides and shows columns from the Columns menu, then closes it. */
  async setColumns({ hide = [], show = [] }: { hide?: string[]; show?: string[] }) {
    await this.page.getByRole('button', { name: 'Columns' }).click();
    for (const name of hide) await this.page.getByRole('checkbox', { name }).uncheck();
    for (const name of show) await this.page.getByRole('checkbox', { name }).check();
    await this.page.keyboard.press('Escape');
  }
}
