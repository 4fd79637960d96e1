import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// Started as a user starts it: no ROLLOUT_WORKBENCH_ACTOR, so the app asks who the user is.
test.use({ actor: null });

async function seed(app: { rpc<T>(channel: string, input?: unknown): Promise<T> }) {
  const ann = await app.rpc<{ id: string }>('people.create', { name: 'Ann Archer', email: 'ann@agency.test', organisation: 'agency' });
  const ben = await app.rpc<{ id: string }>('people.create', { name: 'Ben Brook', email: 'ben@agency.test', organisation: 'agency' });
  const client = await app.rpc<{ id: string }>('clients.create', { name: 'Meadowlark Tea' });
  const site = await app.rpc<{ id: string }>('sites.create', { clientId: client.id, name: 'Meadowlark Shop', productionUrl: 'https://shop.meadowlark.test' });
  return { ann, ben, site };
}

async function pickPerson(page: Page, name: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'You are' }).fill(name.split(' ')[0]!);
  await page.getByRole('option', { name: new RegExp(name) }).click();
  await dialog.getByRole('button', { name: 'Continue as this person' }).click();
  await expect(dialog).toBeHidden();
}

/** The "Who" column of the handover runbook's Recent changes, newest first, as the client reads it. */
async function runbookWho(page: Page, app: { rpc<T>(channel: string, input?: unknown): Promise<T> }, siteId: string): Promise<string[]> {
  const doc = await app.rpc<{ content: string }>('documents.generate', { siteId, kind: 'handover_runbook', format: 'html', final: false });
  await page.setContent(doc.content);
  const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Recent changes', exact: true }) });
  const table = section.locator('table').filter({ has: page.locator('th', { hasText: /^Who$/ }) });
  return table.locator('tbody tr td:nth-child(2)').allInnerTexts();
}

test('first start asks who you are; the name is in the title bar, on the site’s history and in the handover runbook; a switch applies to the next change', async ({
  app,
  page,
}) => {
  const { site } = await seed(app);
  const info = await app.rpc<{ actor: string }>('workspace.info');
  const deviceLogin = info.actor;
  expect(deviceLogin).toMatch(/ \(device login\)$/);

  await app.open(page, `/sites/${site.id}/history`);
  const dialog = page.getByRole('dialog', { name: 'Who are you?' });
  await expect(dialog).toBeVisible();
  // It cannot be skipped silently: Escape leaves it open; "Later" is the explicit way out.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Later' })).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 120)}`)).toEqual([]);

  await pickPerson(page, 'Ann Archer');
  const badge = page.getByTestId('identity-badge');
  await expect(badge).toHaveAccessibleName('Ann Archer');

  await app.rpc('pauses.pause', { siteId: site.id, reason: 'Drafts sent without review', workflows: ['support_drafts'] });
  const newest = page.locator('.mantine-Timeline-item').first();
  await expect(newest).toContainText('Ann Archer on ');
  // What was done before anyone was chosen reads as the device login, not as a person.
  await expect(page.locator('.mantine-Timeline-item').last()).toContainText(`${deviceLogin} on `);

  // Switching person: the next change is recorded under the new name, the earlier one keeps its own.
  await badge.click();
  await page.getByRole('menuitem', { name: 'Switch person…' }).click();
  await expect(page.getByRole('dialog', { name: 'Switch person' })).toBeVisible();
  await pickPerson(page, 'Ben Brook');
  await expect(badge).toHaveAccessibleName('Ben Brook');
  await app.rpc('pauses.resume', { siteId: site.id, note: 'Drafts are reviewed again before sending' });
  await expect(page.locator('.mantine-Timeline-item').first()).toContainText('Ben Brook on ');
  await expect(page.locator('.mantine-Timeline-item').nth(1)).toContainText('Ann Archer on ');

  const who = await runbookWho(page, app, site.id);
  expect(who.slice(0, 2)).toEqual(['Ben Brook', 'Ann Archer']);
  expect(who.slice(2).every((w) => w === deviceLogin)).toBe(true);
  expect(who).not.toContain(deviceLogin.replace(/ \(device login\)$/, ''));
});

test('"Later" acts as the device login until you choose; adding yourself names every change after it', async ({ app, page }) => {
  await app.rpc('people.create', { name: 'Ann Archer', email: 'ann@agency.test', organisation: 'agency' });
  await app.open(page, '/dashboard');
  const dialog = page.getByRole('dialog', { name: 'Who are you?' });
  await dialog.getByRole('button', { name: 'Later' }).click();
  await expect(dialog).toBeHidden();
  const badge = page.getByTestId('identity-badge');
  await expect(badge).toHaveAccessibleName(/ \(device login\)$/);
  // Asked once per start: a reload in the same run does not ask again.
  await app.open(page, '/dashboard');
  await expect(badge).toHaveAccessibleName(/ \(device login\)$/);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await badge.click();
  await page.getByRole('menuitem', { name: 'Choose who you are…' }).click();
  const choose = page.getByRole('dialog', { name: 'Who are you?' });
  await choose.getByText('Add me').click();
  await choose.getByRole('button', { name: 'Add me and continue' }).click();
  await expect(choose.getByText('Name is required.')).toBeVisible();
  await choose.getByRole('textbox', { name: 'Your name' }).fill('Priya Shah');
  await choose.getByRole('textbox', { name: 'Your email' }).fill('ANN@agency.test');
  await choose.getByRole('button', { name: 'Add me and continue' }).click();
  await expect(choose.getByText(/already belongs to Ann Archer/)).toBeVisible();
  await choose.getByRole('textbox', { name: 'Your email' }).fill('priya@agency.test');
  await choose.getByRole('button', { name: 'Add me and continue' }).click();
  await expect(choose).toBeHidden();
  await expect(badge).toHaveAccessibleName('Priya Shah');

  const client = await app.rpc<{ id: string }>('clients.create', { name: 'Northwind' });
  const history = await app.rpc<{ rows: { actor: string; summary: string }[] }>('history.list', { entity: 'client', entityId: client.id });
  expect(history.rows[0]!.actor).toBe('Priya Shah');
});
