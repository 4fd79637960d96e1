import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { WORKFLOW_ROLES, WORKFLOWS } from '@core/playbook/vocabulary';
import { expect, test, type WebApp } from './fixtures';

interface Row {
  id: string;
  name: string;
}
interface Operator {
  id: string;
}
interface Attempt {
  attemptId: string;
  questions: { id: string; situation: string }[];
}
interface PlaybookFile {
  scenarios: { role: string; situation: string; answer: string }[];
}
interface SopDetail {
  sop: { purpose: string; refusalRules: string[]; escalation: { responsibility: string } };
}

async function seriousViolations(page: Page, selector: string) {
  const axe = await new AxeBuilder({ page }).include(selector).analyze();
  return axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 160)}`);
}

/** Records of every kind the palette finds, with names no seeded record has. */
async function findable(app: WebApp) {
  const client = await app.rpc<Row>('clients.create', { name: 'Quillon Partners' });
  const site = await app.rpc<Row>('sites.create', { clientId: client.id, name: 'Zephyr Quayside Bakery', productionUrl: 'https://zephyr-quay.example.org' });
  await app.rpc('people.create', { name: 'Odalys Fenwick', email: 'odalys.fenwick@quillon.test', organisation: 'client', clientId: client.id });
  await app.rpc('incidents.open', {
    siteId: site.id,
    severity: 'medium',
    title: 'Checkout copy invented a discount',
    whatHappened: 'A product description promised 20% off.',
    affectedWorkflow: 'product_copy',
    occurredAt: '2026-11-20T09:00:00.000Z',
  });
  return { client, site };
}

const palette = (page: Page) => page.getByRole('combobox', { name: 'Command palette search' });

async function openPalette(page: Page) {
  await page.keyboard.press('Control+K');
  await expect(palette(page)).toBeFocused();
}

test.describe('on the 2,000-site portfolio', () => {
  test.use({ seedSites: 2000 });

  test('the palette opens the first result on Enter, never a stale one', async ({ app, page }) => {
    test.setTimeout(120_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const { site } = await findable(app);
    await app.open(page, '/dashboard');

    // Typed at full speed and Enter at once, before any result is shown: the site of what was typed opens.
    await openPalette(page);
    await palette(page).pressSequentially('Zephyr Quayside Bakery');
    await palette(page).press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/sites/${site.id}`));
    await expect(page.getByRole('heading', { name: 'Zephyr Quayside Bakery' })).toBeVisible();

    // Typed fast, then Arrow Down and Enter: no error, and the result belongs to what was typed.
    await openPalette(page);
    await palette(page).pressSequentially('ashgrove');
    await palette(page).press('ArrowDown');
    await palette(page).press('Enter');
    await expect(palette(page)).toBeHidden();
    await expect(page).toHaveURL(/#\/sites\/[0-9A-Z]+/);
    await expect(page.getByRole('heading', { level: 2 })).toContainText(/ashgrove/i);
    expect(errors).toEqual([]);
  });

  test('the palette finds sites by URL, clients, people by e-mail, incidents and SOP text', async ({ app, page }) => {
    test.setTimeout(120_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const { site, client } = await findable(app);
    await app.open(page, '/dashboard');

    // By URL, client, person e-mail, incident title and SOP text, each with the route it opens.
    const sop = await app.rpc<SopDetail>('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
    const sopPhrase = sop.sop.refusalRules[0]!.split(/\s+/).slice(0, 6).join(' ');
    const cases: { query: string; option: RegExp; url: RegExp; then?: () => Promise<void> }[] = [
      { query: 'zephyr-quay.example', option: /Zephyr Quayside Bakery/, url: new RegExp(`#/sites/${site.id}$`) },
      { query: 'quillon partners', option: /Quillon Partners.*Client · 1 site/, url: new RegExp(`#/sites\\?client=${client.id}`) },
      {
        query: 'ODALYS.FENWICK@',
        option: /Odalys Fenwick/,
        url: /#\/people\?q=odalys\.fenwick%40quillon\.test/,
        then: async () => {
          await expect(page.getByRole('textbox', { name: 'Search people' })).toHaveValue('odalys.fenwick@quillon.test');
          await expect(page.getByRole('table', { name: 'People' }).getByRole('row')).toHaveCount(2);
        },
      },
      { query: 'invented a discount', option: /Checkout copy invented a discount/, url: new RegExp(`#/sites/${site.id}/incidents`) },
      { query: sopPhrase, option: /SOP: Support drafts · Support agent/, url: /#\/playbook\/support_drafts\/support_agent/ },
    ];
    for (const c of cases) {
      await openPalette(page);
      await palette(page).fill(c.query);
      // The record sought is the first result, active at once (Enter opens it); a shared SOP phrase
      // also finds other roles' SOPs, and the arrow keys reach this one.
      const option = page.getByRole('option', { name: c.option });
      await expect(option).toBeVisible();
      for (let i = 0; i < 12 && (await option.getAttribute('aria-selected')) !== 'true'; i += 1) {
        expect(c.query).toBe(sopPhrase);
        await palette(page).press('ArrowDown');
      }
      await expect(option).toHaveAttribute('aria-selected', 'true');
      if (c === cases[1]) expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
      await palette(page).press('Enter');
      await expect(page).toHaveURL(c.url);
      await c.then?.();
    }
    expect(errors).toEqual([]);
  });

  test('the People page fits 1280x720 without sideways scrolling and every row can be archived', async ({ app, page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.open(page, '/people');
    const table = page.getByRole('table', { name: 'People' });
    await expect(table.getByRole('row').nth(5)).toBeVisible();
    const overflow = await page.evaluate(() => {
      const main = document.querySelector('main')!;
      return { page: document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth, main: main.scrollWidth - main.clientWidth };
    });
    expect(overflow.page).toBeLessThanOrEqual(0);
    expect(overflow.main).toBeLessThanOrEqual(0);
    const archive = table.getByRole('button', { name: /^Archive / }).first();
    await expect(archive).toBeInViewport({ ratio: 1 });
    // The button's text is whole, not cut by its column.
    expect(await archive.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    expect(
      await table
        .getByRole('button', { name: /^Edit / })
        .first()
        .evaluate((b) => b.scrollWidth <= b.clientWidth),
    ).toBe(true);
    // A long e-mail that is cut shows whole on hover.
    const email = table.getByRole('row').nth(1).getByRole('cell').nth(1).locator('p');
    expect(await email.getAttribute('title')).toMatch(/@/);
    await archive.click();
    await expect(page.getByRole('dialog', { name: /^Archive / })).toBeVisible();
  });

  test('the review reminder shows once a day per workspace, not at every page load', async ({ app, page }) => {
    await app.open(page, '/dashboard');
    const reminder = page.getByTestId('reviews-reminder');
    await expect(reminder).toContainText(/Reviews: \d+ overdue/);
    // It sits in the sidebar, over no control of the page.
    const box = (await reminder.boundingBox())!;
    const nav = (await page.locator('nav[aria-label="Main"]').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(nav.x + nav.width + 1);

    await page.reload();
    await expect(page.getByTestId('app-ready')).toBeAttached({ timeout: 60_000 });
    const badge = page.getByTestId('reviews-badge');
    await expect(badge).toBeVisible();
    await expect(badge).toHaveAttribute('aria-label', /Reviews: \d+ overdue/);
    await expect(reminder).toHaveCount(0);
    await expect(page.getByText(/^Reviews: \d+ overdue/)).toHaveCount(0);

    // The next day it comes back once.
    await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith('rollout-workbench.reminder-shown:')) localStorage.setItem(k, '2000-01-01');
    });
    await page.reload();
    await expect(reminder).toBeVisible({ timeout: 60_000 });
    await reminder.getByRole('button', { name: 'Dismiss reminder' }).click();
    await expect(reminder).toHaveCount(0);
  });
});

test('Esc, the close button and Cancel give focus back to the button that opened the dialog', async ({ app, page }) => {
  await app.rpc('people.create', { name: 'Nadia Holm', email: 'nadia@agency.test', organisation: 'agency' });
  const client = await app.rpc<Row>('clients.create', { name: 'Holm & Co' });
  const site = await app.rpc<Row>('sites.create', { clientId: client.id, name: 'Holm Shop', productionUrl: 'https://shop.holm.test' });
  await app.open(page, '/people');
  const focused = () =>
    page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? document.activeElement?.tagName);

  // 1. A form dialog, closed with Esc, then with its named close button, then with Cancel.
  const newPerson = page.getByRole('button', { name: 'New person' });
  for (const close of ['Escape', 'close button', 'Cancel'] as const) {
    await newPerson.click();
    const dialog = page.getByRole('dialog', { name: 'New person' });
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toBeFocused();
    if (close === 'Escape') await page.keyboard.press('Escape');
    else if (close === 'close button') await dialog.getByRole('button', { name: 'Dismiss dialog' }).click();
    else await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(newPerson).toBeFocused();
  }

  // 2. A confirmation dialog.
  const archive = page.getByRole('button', { name: 'Archive Nadia Holm' });
  await archive.click();
  await expect(page.getByRole('dialog', { name: 'Archive Nadia Holm?' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(archive).toBeFocused();

  // 3. The shortcuts sheet from the header.
  const keyboard = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await keyboard.click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(keyboard).toBeFocused();

  // 4. A dialog of a site tab.
  await app.open(page, `/sites/${site.id}/owners`);
  const assign = page.getByRole('button', { name: 'Assign Setup owner' });
  await assign.click();
  await expect(page.getByRole('dialog', { name: 'Assign Setup owner' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(assign).toBeFocused();
  expect(await focused()).toBe('Assign Setup owner');
});

test('keyboard shortcuts: g-sequences, Alt+number, / and ?, never while typing in a field', async ({ app, page }) => {
  await app.open(page, '/dashboard');
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page).toHaveURL(/#\/sites/);
  // The next sequence starts on a Sites page that has rendered, as a user would see it.
  await expect(page.getByRole('heading', { name: 'Sites', level: 2 })).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await expect(page).toHaveURL(/#\/people/);
  // Each page is waited for as a user sees it, not only its URL: the router renders a navigation in a
  // transition, so a page still on its way could replace the next one after the URL has moved on.
  const heading = (name: string) => page.getByRole('heading', { name, level: 2 });
  await expect(heading('People')).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page).toHaveURL(/#\/sites/);
  await expect(heading('Sites')).toBeVisible();
  await page.keyboard.press('Alt+4');
  await expect(page).toHaveURL(/#\/people$/);
  await expect(heading('People')).toBeVisible();

  // `/` focuses the page's search; letters typed there stay there.
  const search = page.getByRole('textbox', { name: 'Search people' });
  await expect(search).toBeVisible();
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type('gs?');
  await expect(search).toHaveValue('gs?');
  await expect(page).toHaveURL(/#\/people$/);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // Esc leaves the field; then the sequence works.
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  await expect(page).toHaveURL(/#\/dashboard/);

  // `?` opens the sheet, which lists every shortcut from the same list that binds them.
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  for (const text of [
    'Dashboard',
    'Sites',
    'Clients',
    'People',
    'Reviews',
    'Playbook',
    'Settings',
    'Search everything and run a command',
    'New site',
    'Show keyboard shortcuts',
  ]) {
    await expect(sheet.getByRole('cell', { name: text, exact: true })).toBeVisible();
  }
  await expect(sheet.locator('[data-shortcut="go-s"]')).toContainText('G');
  await expect(sheet.locator('[data-shortcut="go-s"]')).toContainText('Alt');
  expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
  // No shortcut runs under a dialog.
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page).toHaveURL(/#\/dashboard/);
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  // The palette offers the sheet too, and names each page's shortcut.
  await page.keyboard.press('Control+K');
  await expect(page.getByRole('option', { name: /Go to Sites/ })).toContainText('G');
  await palette(page).fill('shortcuts');
  await palette(page).press('Enter');
  await expect(sheet).toBeVisible();
});

async function trainedOperator(app: WebApp, siteId: string, clientId: string, name: string, email: string) {
  const person = await app.rpc<Row>('people.create', { name, email, organisation: 'client', clientId });
  const op = await app.rpc<Operator>('operators.add', { siteId, personId: person.id, role: 'support_agent' });
  await app.rpc('operators.signOff', { operatorId: op.id });
  const attempt = await app.rpc<Attempt>('operators.startScenarioCheck', { operatorId: op.id });
  const pb = await app.rpc<PlaybookFile>('playbook.export', {});
  const answers = Object.fromEntries(
    attempt.questions.map((q) => [q.id, pb.scenarios.find((s) => s.role === 'support_agent' && s.situation === q.situation)!.answer]),
  );
  await app.rpc('operators.submitScenarioCheck', { operatorId: op.id, attemptId: attempt.attemptId, answers });
  return op;
}

test('wording: the SOP names the Primary owner once, and a refusal lists each reason once', async ({ app, page }) => {
  let cell: { workflow: string; role: string } | null = null;
  for (const workflow of WORKFLOWS) {
    for (const role of WORKFLOW_ROLES[workflow]) {
      const sop = await app.rpc<SopDetail>('sops.get', { workflow, role });
      if (sop.sop.escalation.responsibility === 'primary') cell = { workflow, role };
      if (cell) break;
    }
    if (cell) break;
  }
  await app.open(page, `/playbook/${cell!.workflow}/${cell!.role}`);
  await expect(page.getByText('Escalate to the Primary owner when')).toBeVisible();
  await expect(page.getByText(/owner owner/)).toHaveCount(0);

  const client = await app.rpc<Row>('clients.create', { name: 'Wren Tea' });
  const site = await app.rpc<Row>('sites.create', { clientId: client.id, name: 'Wren Shop', productionUrl: 'https://shop.wren.test', aiProvider: 'OpenAI' });
  const ann = await app.rpc<Row>('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  await app.rpc('access.update', {
    siteId: site.id,
    version: 0,
    enabledWorkflows: ['read_only_copilot', 'support_drafts'],
    roles: [{ role: 'support_agent', wordpressRole: 'Shop manager', maxApproveRisk: 'none' }],
    providerTier: 'Team plan',
    bulkApprovalRisk: null,
    firstRunCompletedOn: '2026-01-15',
    firstRunCompletedById: ann.id,
  });
  await trainedOperator(app, site.id, client.id, 'Lee Park', 'lee@wren.test');
  await app.rpc('pauses.pause', { siteId: site.id, reason: 'Copilot quoted another order', workflows: ['read_only_copilot'] });

  await app.open(page, `/sites/${site.id}/operators`);
  await page.getByRole('button', { name: 'Grant access to Lee Park' }).click();
  const dialog = page.getByRole('dialog', { name: /Grant access to Lee Park/ });
  await dialog.getByRole('button', { name: 'Grant access' }).click();
  const refused = dialog.getByTestId('access-refused');
  await expect(refused).toContainText('is paused on this site (Copilot quoted another order)');
  await expect(dialog.getByTestId('no-override')).toContainText('No override can give this');
  const text = (await dialog.textContent()) ?? '';
  expect(text.split('is paused on this site').length - 1).toBe(1);
  expect(text.split('is write-capable and needs').length - 1).toBeLessThanOrEqual(1);
  const items = await refused.getByRole('listitem').allTextContents();
  expect(new Set(items).size).toBe(items.length);
});
