/**
 * A site's page (`/sites/:id/:tab`): the header (name, stage, pause) and its tabs. Each tab that specs
 * use a lot has its own model (readiness-tab.ts, operators-tab.ts, site-reviews-tab.ts), reachable
 * from here: `sitePage.readiness.gate('invite_wider_team')`.
 */
import { expect, type Page } from '@playwright/test';
import type { WebApp } from '../fixtures';
import { OperatorsTab } from './operators-tab';
import { ReadinessTab } from './readiness-tab';
import { SiteReviewsTab } from './site-reviews-tab';

export type SiteTab = 'Setup' | 'Owners' | 'Readiness' | 'Operators' | 'Reviews' | 'First week' | 'Incidents' | 'Documents' | 'History';

export class SitePage {
  readonly readiness: ReadinessTab;
  readonly operators: OperatorsTab;
  readonly reviews: SiteReviewsTab;

  constructor(
    readonly page: Page,
    readonly app: WebApp,
  ) {
    this.readiness = new ReadinessTab(page);
    this.operators = new OperatorsTab(page);
    this.reviews = new SiteReviewsTab(page);
  }

  get dialog() {
    return this.page.getByRole('dialog');
  }
  get pauseBanner() {
    return this.page.getByTestId('pause-banner');
  }
  get stageBlocked() {
    return this.page.getByTestId('stage-blocked');
  }

  /** Opens the site on a tab by its route segment ('readiness', 'owners'…), or on its first tab. */
  async open(siteId: string, tab?: string) {
    await this.app.open(this.page, tab ? `/sites/${siteId}/${tab}` : `/sites/${siteId}`);
  }

  /** A tab by its label; a label with a count ('Reviews 1') matches by its start. */
  tab(name: SiteTab) {
    return this.page.getByRole('tab', { name: name === 'Reviews' ? /Reviews/ : name });
  }

  async openTab(name: SiteTab) {
    await this.tab(name).click();
  }

  /** The header around the site's name, which shows its stage. */
  header(siteName: string) {
    return this.page.getByRole('heading', { name: siteName, exact: true }).locator('..');
  }

  /** Opens the Change stage menu and chooses a stage; the stage dialog opens. */
  async chooseStage(stage: string) {
    await this.page.getByRole('button', { name: 'Change stage' }).click();
    await this.page.getByRole('menuitem', { name: stage }).click();
  }

  /** Pauses high-risk activity with a reason, from the header. */
  async pause(reason: string) {
    await this.page.getByRole('button', { name: 'Pause high-risk activity' }).click();
    await this.page.getByRole('textbox', { name: 'Reason' }).fill(reason);
    await this.dialog.getByRole('button', { name: 'Pause' }).click();
  }

  async startResume() {
    await this.page.getByRole('button', { name: 'Resume activity' }).click();
  }

  /** Submits the resume dialog, with a note when given. */
  async submitResume(note?: string) {
    if (note !== undefined) await this.page.getByRole('textbox', { name: 'Resume note' }).fill(note);
    await this.dialog.getByRole('button', { name: 'Resume' }).click();
  }

  /** The stage the app holds for the site, over the harness. */
  async stageOnServer(siteId: string): Promise<string> {
    return (await this.app.rpc<{ stage: string }>('sites.get', { id: siteId })).stage;
  }

  /** Picks a person in the open dialog's person box: types, waits for the option, picks it. */
  async pickPerson(box: string, typed: string, option: RegExp) {
    await this.dialog.getByRole('textbox', { name: box }).fill(typed);
    await this.page.getByRole('option', { name: option }).click();
    await expect(this.dialog.getByRole('textbox', { name: box })).toHaveValue(option);
  }
}
