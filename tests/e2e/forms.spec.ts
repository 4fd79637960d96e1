import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, type WebApp } from './fixtures';

interface Row {
  id: string;
  version: number;
  name: string;
}
interface Review {
  id: string;
  kind: string;
  state: string;
  dueOn: string;
  snoozedUntil: string | null;
  version: number;
}

async function newSite(app: WebApp, extra: Record<string, string> = {}) {
  const client = await app.rpc<Row>('clients.create', { name: 'Kestrel Cycles' });
  return app.rpc<Row>('sites.create', { clientId: client.id, name: 'Kestrel Shop', productionUrl: 'https://shop.kestrel.test', stage: 'setup', ...extra });
}

async function seriousViolations(page: Page, selector: string) {
  const axe = await new AxeBuilder({ page }).include(selector).analyze();
  return axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 120)}`);
}

test('an edited setup record is not lost on a tab switch: Keep editing keeps it, Discard drops it', async ({ app, page }) => {
  const s = await newSite(app);
  await app.open(page, `/sites/${s.id}/setup`);
  const form = page.getByRole('form', { name: 'Setup record' });
  const host = form.getByRole('textbox', { name: 'Host' });
  // An empty field shows an example that reads as one, not as a recorded value.
  await expect(host).toHaveAttribute('placeholder', 'e.g. Kinsta');
  await expect(form.getByRole('textbox', { name: 'WordPress version' })).toHaveAttribute('placeholder', 'e.g. 6.6.2');

  await host.fill('Kinsta Cloud');
  await expect(page.getByRole('tab', { name: /Setup record/ }).getByTestId('unsaved-mark')).toBeVisible();
  await page.getByRole('tab', { name: /Owners/ }).click();
  const guard = page.getByRole('dialog', { name: 'Discard changes?' });
  await expect(guard).toBeVisible();
  await expect(guard).toContainText('The setup record has changes that are not saved.');
  expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);

  await guard.getByRole('button', { name: 'Keep editing' }).click();
  await expect(guard).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/sites/${s.id}/setup$`));
  await expect(host).toHaveValue('Kinsta Cloud');

  await page.getByRole('tab', { name: /Owners/ }).click();
  await guard.getByRole('button', { name: 'Discard' }).click();
  await expect(page).toHaveURL(new RegExp(`/sites/${s.id}/owners$`));
  await page.getByRole('tab', { name: /Setup record/ }).click();
  await expect(host).toHaveValue('');
  expect((await app.rpc<{ host: string | null }>('sites.get', { id: s.id })).host).toBeNull();
});

test('the unsaved-changes question saves the setup record before the tab opens, and holds back a link out of the page', async ({ app, page }) => {
  const s = await newSite(app);
  await app.open(page, `/sites/${s.id}/setup`);
  const host = page.getByRole('form', { name: 'Setup record' }).getByRole('textbox', { name: 'Host' });
  const guard = page.getByRole('dialog', { name: 'Discard changes?' });

  await host.fill('WP Engine');
  await page.getByRole('tab', { name: /Reviews/ }).click();
  await guard.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/sites/${s.id}/reviews$`));
  expect((await app.rpc<{ host: string | null }>('sites.get', { id: s.id })).host).toBe('WP Engine');

  // Leaving the page by a link is held back the same way.
  await page.getByRole('tab', { name: /Setup record/ }).click();
  await host.fill('Pressable');
  await page.getByRole('link', { name: 'Sites', exact: true }).first().click();
  await expect(guard).toBeVisible();
  await guard.getByRole('button', { name: 'Keep editing' }).click();
  await expect(host).toHaveValue('Pressable');
});

test('snoozing an upcoming review counts from its due day: "until tomorrow" is not offered, refused by the server, and never logged', async ({ app, page }) => {
  const s = await newSite(app);
  const [initial] = (await app.rpc<{ reviews: Review[] }>('reviews.forSite', { siteId: s.id })).reviews;
  const done = await app.rpc<{ next: Review }>('reviews.complete', { id: initial!.id, version: initial!.version, notes: 'Setup record checked' });
  const periodic = done.next;
  expect(periodic.state).toBe('upcoming');

  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await expect(app.rpc('reviews.snooze', { id: periodic.id, version: periodic.version, until: tomorrow })).rejects.toThrow(
    `INVALID_INPUT This review is already due on ${periodic.dueOn}, so snoozing it until ${tomorrow} would change nothing`,
  );

  await app.open(page, `/sites/${s.id}/reviews`);
  await page.getByRole('button', { name: 'More actions for Periodic review of “Kestrel Shop”' }).click();
  await expect(page.getByRole('menuitem', { name: /Until tomorrow/ })).toHaveCount(0);
  await page.getByRole('menuitem', { name: /A day later/ }).click();
  await expect(page.getByText(/Snoozed until/)).toBeVisible();

  const after = (await app.rpc<{ reviews: Review[] }>('reviews.forSite', { siteId: s.id })).reviews.find((r) => r.id === periodic.id)!;
  const dayAfterDue = new Date(Date.parse(`${periodic.dueOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  expect(after.snoozedUntil).toBe(dayAfterDue);
  const history = await app.rpc<{ rows: { action: string; summary: string }[] }>('history.list', { siteId: s.id, entity: 'review' });
  const snoozes = history.rows.filter((r) => r.action === 'review-snooze');
  expect(snoozes.map((r) => r.summary)).toEqual([`Periodic review of “Kestrel Shop” (due ${periodic.dueOn}) snoozed until ${dayAfterDue}`]);
});

test('a logo the server refuses is not shown as set: the field tells what is stored', async ({ app, page }) => {
  await app.open(page, '/settings');
  await expect(page.getByText('No logo is set. PNG or JPEG, at most 512 KB.')).toBeVisible();
  await page.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('this is not an image at all') });
  await expect(page.getByText('New logo chosen: not saved yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Save document branding' }).click();
  await expect(page.getByText('The logo must be a PNG or JPEG image (this file is neither, whatever its name says).')).toBeVisible();
  await expect(page.getByText('No logo is set. PNG or JPEG, at most 512 KB.')).toBeVisible();
  await expect(page.getByText(/A logo is set/)).toHaveCount(0);
  await expect(page.getByRole('img', { name: 'Current logo' })).toHaveCount(0);
  expect((await app.rpc<{ logo: unknown }>('branding.get', {})).logo).toBeNull();
});

test.describe('in a DD/MM/YYYY locale', () => {
  test.use({ locale: 'en-GB' });

  test('a date field takes 25/11/2026 as shown, offers a calendar, and names the field and the format for a wrong date', async ({ app, page }) => {
    const s = await newSite(app);
    await app.open(page, `/sites/${s.id}/documents`);
    const backup = page.getByRole('textbox', { name: 'Backup taken on' });
    // Clicking the panel's heading leaves the field, as a person moving on would.
    const elsewhere = page.getByRole('heading', { name: 'Backups and rehearsals' });
    await expect(backup).toHaveAttribute('placeholder', 'DD/MM/YYYY');
    await backup.click();
    await expect(page.getByRole('button', { name: /\d{4}$/ }).first()).toBeVisible();

    await backup.fill('31/11/2026');
    await elsewhere.click();
    await expect(
      page.getByText('Backup taken on: “31/11/2026”: that date does not exist. Write a day of the calendar as DD/MM/YYYY (e.g. 25/11/2026)'),
    ).toBeVisible();
    await backup.fill('next tuesday');
    await elsewhere.click();
    await expect(page.getByText('Backup taken on: “next tuesday” is not a date. Write it as DD/MM/YYYY (e.g. 25/11/2026) or as YYYY-MM-DD')).toBeVisible();

    await backup.fill('2026-11-20');
    await elsewhere.click();
    await expect(backup).toHaveValue('20/11/2026');
    await backup.fill('25/11/2026');
    await elsewhere.click();
    await expect(backup).toHaveValue('25/11/2026');
    await expect(page.getByText(/is not a date|does not exist/)).toHaveCount(0);
    await page.getByRole('button', { name: 'Record backup' }).click();
    await expect
      .poll(async () => (await app.rpc<{ currency: { lastBackupOn: string | null } }>('runbook.get', { scope: { siteId: s.id } })).currency.lastBackupOn)
      .toBe('2026-11-25');
  });
});

test("the stage dialog shows a blocked move before any click and counts the override characters down to the contract's minimum", async ({ app, page }) => {
  const s = await newSite(app, { sophmateVersion: '2.4.1' });
  await app.open(page, `/sites/${s.id}/setup`);
  await page.getByRole('button', { name: 'Change stage' }).click();
  await expect(page.getByRole('menuitem', { name: /Pilot/ })).toContainText('Blocked');
  await page.getByRole('menuitem', { name: /Pilot/ }).click();

  const dialog = page.getByRole('dialog', { name: /Move “Kestrel Shop” from Setup to Pilot/ });
  const blocked = dialog.getByTestId('stage-blocked');
  await expect(blocked).toContainText('Setup → Pilot is blocked');
  await expect(blocked).toContainText('The setup record is incomplete');
  await expect(dialog.getByRole('button', { name: 'Move to Pilot' })).toHaveCount(0);
  expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);

  // The override: a live count down to the one minimum the contract checks.
  const reason = dialog.getByRole('textbox', { name: 'Override reason' });
  const move = dialog.getByRole('button', { name: 'Move anyway' });
  await expect(dialog.getByTestId('override-hint')).toHaveText('20 more characters needed (at least 20).');
  // Spaces do not count, as in the contract: 13 characters are seen here.
  await reason.fill('Client go-live');
  await expect(dialog.getByTestId('override-hint')).toHaveText('7 more characters needed (at least 20).');
  await expect(move).toBeDisabled();
  await reason.fill('Client go-live is today');
  await expect(dialog.getByTestId('override-hint')).toHaveText('Long enough.');
  await expect(move).toBeEnabled();
});

test('each blocking reason links to where it is fixed: the setup record on its first missing field, the Owners tab', async ({ app, page }) => {
  const s = await newSite(app, { sophmateVersion: '2.4.1' });
  await app.open(page, `/sites/${s.id}/history`);
  await page.getByRole('button', { name: 'Change stage' }).click();
  await page.getByRole('menuitem', { name: /Pilot/ }).click();
  const dialog = page.getByRole('dialog', { name: /Move “Kestrel Shop” from Setup to Pilot/ });
  const blocked = dialog.getByTestId('stage-blocked');

  await blocked.getByRole('link', { name: 'Fix on the Setup record tab →' }).first().click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/sites/${s.id}/setup\\?focus=missing$`));
  await expect(page.getByRole('textbox', { name: 'Staging URL' })).toBeFocused();

  await page.getByRole('button', { name: 'Change stage' }).click();
  await page.getByRole('menuitem', { name: /Pilot/ }).click();
  await page.getByTestId('stage-blocked').getByRole('link', { name: 'Fix on the Owners tab →' }).first().click();
  await expect(page).toHaveURL(new RegExp(`/sites/${s.id}/owners$`));
  await expect(page.getByRole('tab', { name: /Owners/ })).toHaveAttribute('aria-selected', 'true');
});
