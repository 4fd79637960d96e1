/** A site's Operators tab: one row per operator and role, with its grant and scenario-check actions. */
import type { Page } from '@playwright/test';

export class OperatorsTab {
  constructor(readonly page: Page) {}

  /** An operator's row, by the person's email and the role ('support_agent'). */
  row(email: string, role: string) {
    return this.page.getByTestId(`operator-${email}-${role}`);
  }

  /** Opens the grant dialog for a person and returns it. */
  async startGrant(personName: string) {
    await this.page.getByRole('button', { name: `Grant access to ${personName}` }).click();
    return this.grantDialog(personName);
  }

  grantDialog(personName: string) {
    return this.page.getByRole('dialog', { name: new RegExp(`Grant access to ${personName}`) });
  }

  /** Opens a person's scenario check and returns its dialog. */
  async startScenarioCheck(personName: string) {
    await this.page.getByRole('button', { name: `Scenario check for ${personName}` }).click();
    return this.page.getByRole('dialog');
  }
}
