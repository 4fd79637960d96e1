import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Portfolio {
  byStage: { stage: string; count: number }[];
  blocked: number;
  topReasons: { reason: string; sites: number }[];
  ownerGaps: number;
  incomplete: number;
  pausedSites: number;
  incidentSites: number;
}

test.use({ seedSites: 2000, viewport: { width: 1280, height: 720 } });

/** Serious or critical axe findings inside `selector` (all rules, or only `rules`). */
async function seriousViolations(page: Page, scheme: string, selector: string, rules?: string[]) {
  const axe = new AxeBuilder({ page }).include(selector);
  const results = await (rules ? axe.withRules(rules) : axe).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return bad.map((v) => `${scheme}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.html.slice(0, 120)} ${v.nodes[0]?.failureSummary ?? ''}`);
}

const n = (value: number) => value.toLocaleString('en-US');
const sitesText = (value: number) => `${n(value)} site${value === 1 ? '' : 's'}`;

/** Follows a Dashboard link and checks the Sites list shows exactly `count` sites. */
async function drillDown(page: Page, name: string, count: number) {
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page).toHaveURL(/#\/sites\?/);
  // The list of a 2,000-site portfolio can take a while on a busy machine: wait within the test's own time.
  await expect(page.getByTestId('sites-total')).toHaveText(sitesText(count), { timeout: 30_000 });
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible({ timeout: 30_000 });
}

test('a blocking reason’s count opens the Sites list of exactly those sites', async ({ app, page }) => {
  test.setTimeout(90_000);
  const p = await app.rpc<Portfolio>('dashboard.portfolio');
  expect(p.topReasons.length).toBeGreaterThan(8);
  const first = p.topReasons[0]!;
  const last = p.topReasons.at(-1)!;
  await app.open(page, '/dashboard');
  const reasons = page.getByRole('table', { name: 'Blocking reasons' });
  await expect(reasons).toContainText('Where it is fixed');
  await drillDown(page, `${sitesText(first.sites)} blocked: ${first.reason}`, first.sites);

  // The reasons past the first few are one click away, and drill down the same way.
  await page.getByRole('button', { name: `Show all ${p.topReasons.length} reasons` }).click();
  await drillDown(page, `${sitesText(last.sites)} blocked: ${last.reason}`, last.sites);
});

test('the stage Paused and high-risk activity paused are told apart, and each opens its own list', async ({ app, page }) => {
  test.setTimeout(90_000);
  const p = await app.rpc<Portfolio>('dashboard.portfolio');
  const stagePaused = p.byStage.find((s) => s.stage === 'paused')!.count;
  // The seed has sites in the stage Paused and, apart from them, sites with high-risk activity paused.
  expect(stagePaused).not.toBe(p.pausedSites);
  await app.open(page, '/dashboard');
  await expect(page.getByRole('link', { name: `High-risk activity paused: ${n(p.pausedSites)}`, exact: true })).toContainText(
    `not the Paused stage (${n(stagePaused)})`,
  );
  await drillDown(page, `Paused (stage): ${stagePaused} sites`, stagePaused);
  await drillDown(page, `High-risk activity paused: ${n(p.pausedSites)}`, p.pausedSites);
});

test('blocked and setup figures open lists of the same size', async ({ app, page }) => {
  test.setTimeout(90_000);
  const p = await app.rpc<Portfolio>('dashboard.portfolio');
  await app.open(page, '/dashboard');
  await drillDown(page, `Blocked: ${n(p.blocked)}`, p.blocked);
  await drillDown(page, `Incomplete setup: ${n(p.incomplete)}`, p.incomplete);
});

test('owner-gap and incident figures open lists of the same size', async ({ app, page }) => {
  test.setTimeout(90_000);
  const p = await app.rpc<Portfolio>('dashboard.portfolio');
  await app.open(page, '/dashboard');
  await drillDown(page, `Owner gaps: ${n(p.ownerGaps)}`, p.ownerGaps);
  await drillDown(page, `Sites with open incidents: ${n(p.incidentSites)}`, p.incidentSites);
});

test('the Dashboard and the Playbook count the same operators for retraining', async ({ app, page }) => {
  test.setTimeout(60_000);
  const { total } = await app.rpc<{ total: number }>('operators.needingRetraining', { limit: 1 });
  expect(total).toBeGreaterThan(0);
  await app.open(page, '/dashboard');
  await expect(page.getByRole('heading', { name: `Operators needing retraining (${n(total)})` })).toBeVisible();
  await page.getByRole('link', { name: `Operators to retrain: ${n(total)}`, exact: true }).click();
  await expect(page.getByTestId('retraining-total')).toContainText(`${n(total)} operators need retraining`);
  // The seed changed one SOP, so its badge holds every one of them: the same number, not a second count.
  await expect(page.getByRole('table', { name: 'SOP matrix: workflows by role' }).getByText(`${n(total)} to retrain`, { exact: true })).toBeVisible();
});

test('the Dashboard reads whole at 1280x720 and is accessible in light and dark', async ({ app, page }) => {
  test.setTimeout(90_000);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await app.open(page, '/dashboard');
    await expect(page.getByRole('table', { name: 'Blocking reasons' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    // No figure's label or hint is cut off: every text fits the box it is drawn in.
    const clipped = await page
      .locator('main a p, main table p, main th')
      .evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent));
    expect(clipped).toEqual([]);
    // The Dashboard itself, colour contrast included: the shell around it is checked by the shell's own tests.
    expect(await seriousViolations(page, scheme, 'main')).toEqual([]);
  }
});

test('dimmed text keeps WCAG AA contrast in the dark scheme on the Sites list and a site’s page', async ({ app, page }) => {
  test.setTimeout(90_000);
  await page.emulateMedia({ colorScheme: 'dark' });
  const site = (await app.rpc<{ rows: { id: string; name: string }[] }>('sites.list', { limit: 1 })).rows[0]!;
  await app.open(page, '/sites');
  await expect(page.getByTestId('sites-total')).toContainText(/1,9\d\d sites/);
  expect(await seriousViolations(page, 'dark', 'body', ['color-contrast'])).toEqual([]);
  await app.open(page, `/sites/${site.id}/setup`);
  await expect(page.getByRole('heading', { name: site.name })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(await seriousViolations(page, 'dark', 'body', ['color-contrast'])).toEqual([]);
});
