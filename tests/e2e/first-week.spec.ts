/**
 * The first-week review from end to end: a pilot site's SophMate activity export is imported through
 * the wizard (mapping, dry run with a bad row, import), its findings are confirmed or dismissed, an SOP
 * update proposed from them is published (its operators are then flagged for retraining), the review
 * is completed with the five areas' notes, and the report lists the findings without the raw text.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import fs from 'node:fs';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { expect, test, type WebApp } from './fixtures';

interface Row {
  id: string;
  version: number;
  name: string;
}
interface Operator {
  id: string;
  personName: string;
  status: string;
}
interface Finding {
  id: string;
  status: string;
  who: string;
  category: string;
}

const CUSTOMER_EMAIL = 'jane.doe@example.com';
const API_KEY = 'sk_live_51HxYzAbCdEfGhIjKlMnOpQr';

/** A pilot site with a complete setup record, Ann as every owner, and three signed-off operators matched by email. */
async function pilotSite(app: WebApp) {
  const client = await app.rpc<Row>('clients.create', { name: 'Juniper Books' });
  const site = await app.rpc<Row>('sites.create', {
    clientId: client.id,
    name: 'Juniper Shop',
    productionUrl: 'https://shop.juniper.test',
    stagingUrl: 'https://staging.shop.juniper.test',
    sophmateVersion: '2.4.1',
    wordpressVersion: '6.6.2',
    phpVersion: '8.2',
    activeTheme: 'Storefront',
    host: 'Kinsta',
  });
  const ann = await app.rpc<Row>('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  for (const r of RESPONSIBILITIES) await app.rpc('owners.assign', { siteId: site.id, responsibility: r, ownerId: ann.id });
  await app.rpc('access.update', {
    siteId: site.id,
    version: 0,
    enabledWorkflows: ['read_only_copilot', 'workflow_approvals'],
    roles: [
      { role: 'support_agent', wordpressRole: 'Shop manager + SophMate Asker', maxApproveRisk: 'none' },
      { role: 'store_manager', wordpressRole: 'Shop manager + SophMate Approver', maxApproveRisk: 'medium' },
      { role: 'editor', wordpressRole: 'Editor + SophMate Proposer', maxApproveRisk: 'low' },
    ],
    providerTier: 'Business',
    bulkApprovalRisk: null,
    firstRunCompletedOn: '2026-01-15',
    firstRunCompletedById: ann.id,
  });
  const people = [
    { name: 'Sam Support', email: 'sam@juniper.test', role: 'support_agent' },
    { name: 'Mia Manager', email: 'mia@juniper.test', role: 'store_manager' },
    { name: 'Eli Editor', email: 'eli@juniper.test', role: 'editor' },
  ];
  for (const p of people) {
    const person = await app.rpc<Row>('people.create', { name: p.name, email: p.email, organisation: 'client', clientId: client.id });
    const op = await app.rpc<Row>('operators.add', { siteId: site.id, personId: person.id, role: p.role });
    await app.rpc('operators.signOff', { operatorId: op.id });
  }
  const { version } = await app.rpc<Row>('sites.get', { id: site.id });
  await app.rpc('sites.changeStage', { siteId: site.id, version, to: 'pilot', overrideReason: 'Pilot agreed with the client before the checklist' });
  return site;
}

/**
 * A realistic export: semicolon-delimited, with a byte-order mark and CRLF line ends, quoted text with
 * a semicolon inside, a bad time on line 4, a customer's email and an API key in prompts, a
 * self-approval, an approval above the approver's limit, and an escalation two hours after a failure.
 * The actor column is called "Login", which the app cannot guess: the user maps it.
 */
function activityCsv(): string {
  const day = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);
  const t = (hm: string) => `${day}T${hm}:00Z`;
  const rows = [
    'Timestamp;Login;Display name;Role;Action;Plan ID;Risk;Status;Prompt;Affected;Escalated to',
    `${t('09:00')};sam@juniper.test;Sam Support;support_agent;copilot_question;;;;"Customer ${CUSTOMER_EMAIL} asks where her order is; what is its status?";;`,
    `${t('09:10')};sam@juniper.test;Sam Support;support_agent;copilot_question;;;;"Here is the API key ${API_KEY} so you can check the payment gateway";;`,
    'next tuesday;sam@juniper.test;Sam Support;support_agent;copilot_question;;;;"Where are refunds listed?";;',
    `${t('09:30')};sam@juniper.test;Sam Support;support_agent;copilot_question;;;;"What is the admin password for the shop?";;`,
    `${t('09:40')};mia@juniper.test;Mia Manager;store_manager;plan_proposed;PL-1;medium;;"Lower the shipping price of product #101";#101;`,
    `${t('09:45')};mia@juniper.test;Mia Manager;store_manager;plan_approved;PL-1;medium;approved;;#101;`,
    `${t('10:00')};eli@juniper.test;Eli Editor;editor;plan_proposed;PL-2;high;;"Change the tax class of product #200";#200;`,
    `${t('10:05')};mia@juniper.test;Mia Manager;store_manager;plan_approved;PL-2;high;approved;;#200;`,
    `${t('11:00')};eli@juniper.test;Eli Editor;editor;plan_failed;PL-2;high;failed;;#200;`,
    `${t('13:00')};eli@juniper.test;Eli Editor;editor;escalation;PL-2;;;"Plan PL-2 failed on product #200";;Ann Lee`,
  ];
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

async function axeClean(page: Page, include?: string) {
  const builder = new AxeBuilder({ page });
  const result = await (include ? builder.include(include) : builder).analyze();
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 160)}`)).toEqual(
    [],
  );
}

/** Chooses an option of a Mantine Select by its label. */
async function choose(page: Page, scope: Locator, label: string | RegExp, option: string | RegExp) {
  await scope.getByRole('textbox', { name: label }).click();
  await page
    .getByRole('option', { name: option, exact: typeof option === 'string' })
    .first()
    .click();
}

test('first-week review: import activity, decide findings, update the SOP, complete the review and export its report', async ({ app, page, sitePage }) => {
  test.setTimeout(180_000);
  const site = await pilotSite(app);

  await sitePage.open(site.id, 'first-week');
  const tab = page.getByTestId('first-week-tab');
  await expect(tab.getByTestId('first-week-state')).toHaveText('Open');
  await expect(tab).toContainText('No activity yet');
  await axeClean(page, '[data-testid="first-week-tab"]');

  // Choose the file: it is uploaded and previewed with the detected delimiter.
  await tab.getByRole('button', { name: 'Import activity' }).click();
  const wizard = page.getByRole('dialog', { name: /Import activity into Juniper Shop/ });
  await wizard
    .getByLabel('Activity export file')
    .setInputFiles({ name: 'juniper-first-week.csv', mimeType: 'text/csv', buffer: Buffer.from(activityCsv(), 'utf8') });
  const mapping = wizard.getByTestId('mapping-step');
  await expect(mapping.getByRole('textbox', { name: 'Delimiter' })).toHaveValue('Semicolon (;)');
  await expect(mapping.getByRole('table', { name: 'First rows of the file' })).toContainText('copilot_question');
  await axeClean(page, '[role="dialog"]');

  // The actor column has a name the app does not know: checking asks for it, beside the field.
  await wizard.getByRole('button', { name: 'Check file' }).click();
  const actorField = mapping.getByRole('textbox', { name: /^Actor \(email or name\)/ });
  await expect(actorField).toHaveAttribute('aria-invalid', 'true');
  await expect(mapping.getByText('Choose a column.')).toBeVisible();
  await choose(page, mapping, /^Actor \(email or name\)/, 'Login');
  await wizard.getByRole('button', { name: 'Check file' }).click();

  // The dry run: the bad row with its line and reason, masking, actors matched by email, findings by kind.
  const report = wizard.getByTestId('import-report');
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report.getByTestId('count-rows')).toHaveText('10');
  await expect(report.getByTestId('count-bad')).toHaveText('1');
  const badRow = report.getByRole('table', { name: 'Bad rows' }).getByRole('row').nth(1);
  await expect(badRow.getByRole('cell').first()).toHaveText('4');
  await expect(badRow).toContainText(/time/i);
  await expect(report.getByTestId('masked-counts')).toContainText('1 email address');
  await expect(report.getByTestId('masked-counts')).toContainText('1 secret');
  const actors = report.getByRole('table', { name: 'Actors in the file' });
  for (const name of ['Sam Support', 'Mia Manager', 'Eli Editor']) await expect(actors).toContainText(name);
  await expect(actors).toContainText('by email');
  const byKind = report.getByTestId('report-findings');
  await expect(byKind).toContainText('Unsafe prompt: 3');
  await expect(byKind).toContainText('Approval misunderstanding: 2');
  await expect(byKind).toContainText('Late escalation: 1');
  const stored = report.getByRole('table', { name: 'First rows as they will be stored' });
  await expect(stored).toContainText('[email removed]');
  await expect(stored).not.toContainText(CUSTOMER_EMAIL);
  await expect(stored).not.toContainText(API_KEY);
  await axeClean(page, '[role="dialog"]');

  await wizard.getByRole('textbox', { name: 'Save mapping as' }).fill('SophMate audit export');
  await wizard.getByRole('button', { name: 'Import 9 rows' }).click();
  await expect(wizard).toBeHidden({ timeout: 30_000 });

  // Findings by operator: Sam's unsafe prompts repeat often enough to escalate, to Ann.
  await expect(tab.getByTestId('first-week-counts')).toContainText('1 import, 9 events');
  const byOperator = tab.getByTestId('findings-by-operator');
  await expect(byOperator).toContainText('Sam Support');
  await expect(byOperator.getByRole('row', { name: /Sam Support/ }).getByTestId('repeat-flag')).toContainText('Ann Lee');
  await expect(tab.getByTestId('first-week-flags')).toContainText('Escalate to Ann Lee');
  await axeClean(page, '[data-testid="first-week-tab"]');

  // The rows behind a finding.
  const list = tab.getByTestId('findings-list');
  const late = list.getByTestId('finding-row').filter({ hasText: 'Late escalation' });
  await late.getByRole('button', { name: /Show the rows behind the finding about Eli Editor/ }).click();
  await expect(list.getByRole('table', { name: 'Rows behind the finding' })).toContainText('line 11');

  // Confirm one, dismiss another, each with a note.
  await late.getByRole('button', { name: 'Confirm', exact: true }).click();
  let dialog = page.getByRole('dialog', { name: 'Confirm the finding' });
  await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(dialog.getByText(/Note is required/)).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Note' }).fill('Eli escalated two hours late; agreed to escalate within the hour.');
  await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(late).toContainText('Confirmed');

  const selfApproval = list.getByTestId('finding-row').filter({ hasText: /proposed themselves/ });
  await selfApproval.getByRole('button', { name: 'Dismiss', exact: true }).click();
  dialog = page.getByRole('dialog', { name: 'Dismiss the finding' });
  await dialog.getByRole('textbox', { name: 'Note' }).fill('Agreed with the client: Mia approves her own low-impact shipping changes in the pilot.');
  await dialog.getByRole('button', { name: 'Dismiss', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(selfApproval).toContainText('Dismissed');

  // Propose an SOP update from Sam's unsafe prompts: the editor opens with the draft, linked to them.
  await choose(page, tab, 'Operator', 'Sam Support');
  await choose(page, tab, 'Kind of finding', 'Unsafe prompt');
  await expect(list.getByTestId('finding-row')).toHaveCount(3);
  await list.getByRole('checkbox', { name: 'Select every finding shown' }).check();
  await tab.getByRole('button', { name: 'Propose SOP update (3)' }).click();
  await expect(page.getByTestId('sop-proposal')).toContainText('Drawn from 3 findings');
  await expect(page.getByRole('textbox', { name: 'Change summary' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Publish new version' }).click();

  // Back on the review: the findings name the new SOP version and Sam needs retraining.
  await expect(tab).toBeVisible({ timeout: 30_000 });
  await expect(list.getByTestId('sop-updated').first()).toHaveText('SOP updated (v2)');
  await expect(byOperator.getByRole('row', { name: /Sam Support/ }).getByTestId('needs-retraining')).toBeVisible();
  const sam = (await app.rpc<Operator[]>('operators.list', { siteId: site.id })).find((o) => o.personName === 'Sam Support')!;
  expect(sam.status).toBe('needs_retraining');

  // The Dashboard names Sam among the operators to escalate, linking to this tab.
  await app.open(page, '/dashboard');
  const card = page.getByTestId('escalation-card');
  await expect(card).toContainText('Sam Support');
  await expect(card).toContainText('Ann Lee');
  await card.getByRole('link', { name: 'Juniper Shop' }).first().click();
  await expect(tab).toBeVisible();

  // A finding seen during the review, recorded by hand.
  await tab.getByRole('button', { name: 'Record finding' }).click();
  dialog = page.getByRole('dialog', { name: 'Record a finding' });
  await dialog.getByRole('button', { name: 'Record finding' }).click();
  await expect(dialog.getByText('Choose the operator.')).toBeVisible();
  await choose(page, dialog, 'Operator', 'Eli Editor (Editor)');
  await choose(page, dialog, 'Kind of finding', 'Support-path confusion');
  await dialog.getByRole('textbox', { name: 'What was seen' }).fill('Eli did not know who to call when the plan failed and asked in the shop chat.');
  await dialog.getByRole('button', { name: 'Record finding' }).click();
  await expect(dialog).toBeHidden();
  await expect(list.getByTestId('finding-row').filter({ hasText: 'recorded by hand' })).toContainText('Eli did not know who to call');

  // Completing is refused while findings are open; decide the rest, then complete with the five notes.
  await tab.getByRole('button', { name: 'Complete first-week review' }).click();
  dialog = page.getByRole('dialog', { name: 'Complete the first-week review' });
  const areas = ['Prompts', 'Rejected plans', 'Support drafts', 'Approvals', 'Audit records'];
  for (const a of areas) await dialog.getByRole('textbox', { name: `${a}: what was found` }).fill(`${a}: looked at every event of the week.`);
  await dialog.getByRole('textbox', { name: 'Notes' }).fill('Walked through the first week with Ann and the three operators.');
  await dialog.getByRole('button', { name: /Complete/ }).click();
  await expect(dialog.getByTestId('complete-error')).toContainText(/open/i);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  const open = (await app.rpc<{ rows: Finding[] }>('findings.list', { siteId: site.id, statuses: ['open'] })).rows;
  expect(open.length).toBeGreaterThan(0);
  for (const f of open) {
    const row = page.getByTestId('finding-row').and(page.locator(`[data-finding-id="${f.id}"]`));
    await row.getByRole('button', { name: 'Confirm', exact: true }).click();
    const d = page.getByRole('dialog', { name: 'Confirm the finding' });
    await d.getByRole('textbox', { name: 'Note' }).fill('Seen with the operator; covered in the retraining.');
    await d.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expect(d).toBeHidden();
  }
  await expect(tab.getByTestId('first-week-counts')).toContainText('0 open findings');

  await tab.getByRole('button', { name: 'Complete first-week review' }).click();
  dialog = page.getByRole('dialog', { name: 'Complete the first-week review' });
  for (const a of areas) await dialog.getByRole('textbox', { name: `${a}: what was found` }).fill(`${a}: looked at every event of the week.`);
  await dialog.getByRole('textbox', { name: 'Notes' }).fill('Walked through the first week with Ann and the three operators.');
  await dialog.getByRole('button', { name: 'Complete review' }).click();
  // The pilot started today: finishing before the week is over needs an override reason.
  await expect(dialog.getByTestId('review-early')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Override reason' }).fill('The client asked for the review at the end of the pilot’s first working day.');
  await dialog.getByRole('button', { name: 'Complete early' }).click();
  await expect(dialog).toBeHidden();
  await expect(tab.getByTestId('first-week-state')).toHaveText('Done');
  await expect(tab.getByTestId('area-prompts')).toContainText('Prompts: looked at every event of the week.');

  // The report: listed with the other documents, it lists the findings and never the raw text.
  await sitePage.openTab('Documents');
  await page
    .locator('label')
    .filter({ hasText: /^First-week review report$/ })
    .click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Draft MD' }).click();
  const md = fs.readFileSync((await (await download).path())!, 'utf8');
  expect(md).toContain('Sam Support');
  expect(md).toContain('Eli Editor');
  expect(md).toMatch(/Unsafe prompt/i);
  expect(md).not.toContain(CUSTOMER_EMAIL);
  expect(md).not.toContain(API_KEY);
});

test('the masking switch in Settings and the finding rules on the Playbook page are saved; the Dashboard says when nobody is to escalate', async ({
  app,
  page,
}) => {
  await app.open(page, '/dashboard');
  await expect(page.getByTestId('escalation-card')).toContainText('Nobody: no operator repeated the same kind of finding');

  await app.open(page, '/settings');
  const mask = page.getByRole('switch', { name: 'Mask personal data and secrets on import' });
  await expect(mask).toBeChecked();
  await mask.click({ force: true });
  await expect.poll(async () => (await app.rpc<{ maskActivityOnImport: boolean }>('settings.get', {})).maskActivityOnImport).toBe(false);
  await expect(mask).not.toBeChecked();

  await app.open(page, '/playbook');
  const rules = page.getByTestId('finding-rule-settings');
  await rules.getByRole('textbox', { name: 'Repeats that escalate' }).fill('1');
  await rules.getByRole('button', { name: 'Save finding rules' }).click();
  await expect(rules).toContainText('Repeats must be at least 2');
  await expect(rules).toContainText('Change summary is required');
  await rules.getByRole('textbox', { name: 'Repeats that escalate' }).fill('2');
  await rules.getByRole('textbox', { name: 'Escalation limit (minutes)' }).fill('30');
  await rules.getByRole('textbox', { name: 'Change summary' }).fill('Pilot sites: escalate after the second repeat, within 30 minutes');
  await rules.getByRole('button', { name: 'Save finding rules' }).click();
  await expect(rules.getByRole('button', { name: 'Save finding rules' })).toBeDisabled();
  expect(await app.rpc('findings.settings', {})).toEqual({ repeatThreshold: 2, repeatWindowDays: 7, escalationLimitMinutes: 30 });
  await axeClean(page, '[data-testid="finding-rule-settings"]');
});
