/** A site's Reviews tab: its open reviews, finished ones, and completing one (the first-week review on its own tab). */
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

  /** Opens the complete dialog of a review by its kind and returns the dialog (a first-week review: completeFirstWeek). */
  async startCompleting(kind: string) {
    await this.review(kind)
      .getByRole('button', { name: /^Complete/ })
      .click();
    return this.page.getByRole('dialog');
  }

  /**
   * Completes the first-week review as its row offers: the link to the First week tab, then that tab's
   * completion dialog with a note on each of the five areas. Returns the dialog, after its first submit.
   */
  async completeFirstWeek(notes: string) {
    await this.review('first_week')
      .getByRole('link', { name: /on the First week tab$/ })
      .click();
    const tab = this.page.getByTestId('first-week-tab');
    await tab.getByRole('button', { name: 'Complete first-week review' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Complete the first-week review' });
    for (const a of ['Prompts', 'Rejected plans', 'Support drafts', 'Approvals', 'Audit records']) {
      await dialog.getByRole('textbox', { name: `${a}: what was found` }).fill(`${a}: looked at every event of the week.`);
    }
    await dialog.getByRole('textbox', { name: 'Notes' }).fill(notes);
    await dialog.getByRole('button', { name: 'Complete review' }).click();
    return dialog;
  }
}
