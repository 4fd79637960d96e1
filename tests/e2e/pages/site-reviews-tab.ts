/** A site's Reviews tab: its open reviews, finished ones, and completing one. */
import type { Page } from '@playwright/test';

export class SiteReviewsTab {
  constructor(readonly page: Page) {}

  get open() {
    return this.page.getByTestId('open-reviews');
  }
  get finished() {
    return this.page.getByTestId('finished-reviews');
  }

  /** A review's row by its kind ('initial_setup', 'first_week', 'periodic'…). */
  review(kind: string) {
    return this.page.getByTestId(`site-review-${kind}`);
  }

  /** Opens the complete dialog of a review by its kind and returns the dialog. */
  async startCompleting(kind: string) {
    await this.review(kind)
      .getByRole('button', { name: /^Complete/ })
      .click();
    return this.page.getByRole('dialog');
  }
}
