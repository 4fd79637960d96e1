/**
 * Auto-update in the web harness against a stand-in release feed (tests/factories/update-feed.ts):
 * "Check now" in Settings finds a newer version and downloads it, the banner offers "Restart to
 * update", "What's new" shows the release's HTML notes as text, "Later" hides the banner, the restart is
 * answered, and turning automatic updates off is kept across a reload. With axe scans in the light and
 * the dark scheme.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startUpdateFeed, type UpdateFeed } from '../factories/update-feed';
import { expect, test as base } from './fixtures';

const test = base.extend<{ feed: UpdateFeed; feedDown: boolean }>({
  /** The feed answers 503 until the test brings it up (`feed.update({ failWith: null })`). */
  feedDown: [false, { option: true }],
  feed: async ({ feedDown }, use) => {
    const feed = await startUpdateFeed({
      version: '9.0.0',
      releaseName: 'Autumn release',
      releaseNotes:
        '<h2>Faster exports</h2><p>Bulk exports now run in the background.</p>' +
        '<ul><li>PDF packs for every site</li><li>See <a href="https://example.test/notes">the full notes</a></li></ul>' +
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; stays text.</p>',
      failWith: feedDown ? 503 : null,
    });
    await use(feed);
    await feed.close();
  },
  updateFeed: async ({ feed }, use) => use(feed.url),
});

/** Switches the page to the dark scheme (Mantine follows the system's choice until one is picked). */
async function darkScheme(page: Page) {
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
}

async function seriousViolations(page: Page, ...selectors: string[]) {
  const axe = new AxeBuilder({ page });
  for (const s of selectors) axe.include(s);
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 160)} ${v.nodes[0]?.failureSummary ?? ''}`);
}

test('the check at start finds a newer version; the banner shows its notes as text and restarts into it', async ({ page, app, feed }) => {
  await app.open(page, '/settings');
  const section = page.getByRole('region', { name: 'Updates' });
  const status = section.getByTestId('update-status');
  const banner = page.getByRole('region', { name: 'Update ready' });
  // The harness checks a second after it starts, then downloads in the background.
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await expect(banner).toContainText('Version 9.0.0 is downloaded. Restarting takes a few seconds; your workspaces are kept.');
  await expect(status).toHaveText('Version 9.0.0 is ready: restart to update.');
  await expect(section).toContainText(/Last checked .+\./);
  // Main skips checks while a version waits: no next check is promised.
  await expect(section).not.toContainText('Next check');
  expect(feed.requests).toContain('/rollout-workbench-9.0.0.AppImage');
  expect(await seriousViolations(page, '[data-testid="update-banner"]', '[data-testid="updates-section"]')).toEqual([]);
  await darkScheme(page);
  expect(await seriousViolations(page, '[data-testid="update-banner"]', '[data-testid="updates-section"]')).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });

  const whatsNew = banner.getByRole('button', { name: 'What’s new' });
  await whatsNew.click();
  const dialog = page.getByRole('dialog', { name: 'What’s new in version 9.0.0' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Autumn release');
  const notes = dialog.getByRole('region', { name: 'Release notes' });
  await expect(notes).toContainText('Bulk exports now run in the background.');
  await expect(notes.getByRole('listitem')).toHaveText(['PDF packs for every site', 'See the full notes']);
  await expect(notes).toContainText('<script>alert(1)</script> stays text.');
  await expect(dialog.getByRole('link')).toHaveCount(0);
  expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(whatsNew).toBeFocused();

  await banner.getByRole('button', { name: 'Later' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Settings' })).toBeFocused();
  await section.getByRole('button', { name: 'Restart to update' }).click();
  await expect(section.getByRole('status').filter({ hasText: 'Restarting into the new version…' })).toBeVisible();
});

test.describe('with the feed down at start', () => {
  test.use({ feedDown: true });

  test('says the check failed; automatic updates turned off stay off after a reload, and Check now still finds the update', async ({ page, app, feed }) => {
    await app.open(page, '/settings');
    const section = page.getByRole('region', { name: 'Updates' });
    const status = section.getByTestId('update-status');
    // main's words once, under the page's own prefix, and when it is tried again.
    await expect(status).toHaveText(/^Update problem: The update server answered with an error \(HTTP 503\)\. .*The next check is at .+\.$/, {
      timeout: 30_000,
    });
    expect((await status.textContent())?.split('HTTP 503')).toHaveLength(2);
    expect(await seriousViolations(page, '[data-testid="updates-section"]')).toEqual([]);
    await darkScheme(page);
    expect(await seriousViolations(page, '[data-testid="updates-section"]')).toEqual([]);

    const automatic = section.getByRole('switch', { name: 'Automatic updates' });
    await expect(automatic).toBeChecked();
    await automatic.uncheck();
    await expect(automatic).not.toBeChecked();
    await expect(automatic).toHaveAccessibleDescription('Rollout Workbench will not look for updates; use Check now.');
    await expect(status).toHaveText(/^Update problem: The update server answered with an error \(HTTP 503\)\. .*Use Check now to try again\.$/);
    await expect(section).not.toContainText('The next check is at');

    await page.reload();
    await expect(page.getByTestId('app-ready')).toBeAttached({ timeout: 60_000 });
    await expect(automatic).not.toBeChecked();
    await expect(automatic).toHaveAccessibleDescription('Rollout Workbench will not look for updates; use Check now.');

    feed.update({ failWith: null });
    await section.getByRole('button', { name: 'Check now' }).click();
    await expect(page.getByRole('region', { name: 'Update ready' })).toContainText('Version 9.0.0 is downloaded.', { timeout: 30_000 });
    await expect(automatic).not.toBeChecked();
  });
});
