/** The Reviews page (`/reviews`): every site's reviews, its filters and a review's actions. */
import type { Page } from '@playwright/test';
import type { WebApp } from '../fixtures';

export class ReviewsPage {
  constructor(
    readonly page: Page,
    readonly app: WebApp,
  ) {}

  get table() {
    return this.page.getByTestId('reviews-table');
  }
  get counts() {
    return this.page.getByTestId('review-counts');
  }
  get empty() {
    return this.page.getByTestId('reviews-empty');
  }
  /** The count of due reviews beside Reviews in the navigation. */
  get badge() {
    return this.page.getByTestId('reviews-badge');
  }
  get mineSwitch() {
    return this.page.getByRole('switch', { name: 'Mine' });
  }

  async open() {
    await this.app.open(this.page, '/reviews');
  }

  /** Turns a labelled filter or grouping on, e.g. 'Upcoming', 'By owner', 'Mine'. */
  async filterBy(label: string) {
    await this.page
      .locator('label')
      .filter({ hasText: new RegExp(`^${label}$`) })
      .click();
  }

  /** Opens a review's More actions menu, by the review's title ('Hosting change review of “Kestrel Shop”') and picks an item. */
  async act(reviewTitle: string, menuItem: string) {
    await this.table.getByRole('button', { name: `More actions for ${reviewTitle}` }).click();
    await this.page.getByRole('menuitem', { name: menuItem }).click();
  }
}
