/** A site's Readiness tab: gates, the checklist and the recorded overrides. */
import type { Page } from '@playwright/test';

export class ReadinessTab {
  constructor(readonly page: Page) {}

  /** A gate's panel by its id, e.g. 'invite_wider_team'. */
  gate(id: string) {
    return this.page.getByTestId(`gate-${id}`);
  }

  /** A checklist item's row by its id, e.g. 'reach-diagnostics'. */
  checklistItem(id: string) {
    return this.page.getByTestId(`checklist-${id}`);
  }

  /** Opens the record dialog of a manual checklist item, by its title. */
  async startRecording(title: string) {
    await this.page.getByRole('button', { name: `Record ${title}` }).click();
  }

  /** The rows of recorded overrides, narrowed to one by a text it shows. */
  overrideRow(text?: string) {
    const rows = this.page.getByTestId('override-row');
    return text === undefined ? rows : rows.filter({ hasText: text });
  }
}
