import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Factories } from '../factories/index';
import { expect, test, type WebApp } from './fixtures';

interface Operator {
  id: string;
  access: string;
  accessWorkflows: string[];
  accessOverrideReason: string | null;
  lastCheck: { passed: boolean } | null;
}
interface Attempt {
  attemptId: string;
  questions: { id: string; workflow: string; situation: string }[];
}
interface PlaybookFile {
  scenarios: { id: string; role: string; situation: string; answer: string; explanation: string }[];
}

const ANSWERS = ['ask', 'approve', 'reject', 'escalate', 'stop'];
const label = (answer: string) => answer.replace(/^./, (c) => c.toUpperCase());

async function planningSite({ buildClient, buildSite, buildPerson, buildOwnerAssignment }: Factories) {
  const client = await buildClient({ name: 'Wren Tea' });
  const site = await buildSite({ clientId: client.id, name: 'Wren Shop', productionUrl: 'https://shop.wren.test', aiProvider: 'OpenAI' });
  const ann = await buildPerson({ name: 'Ann Lee', email: 'ann@agency.test' });
  await buildOwnerAssignment({ siteId: site.id, responsibility: 'provider_key_billing', ownerId: ann.id });
  return { client, site, ann };
}

/** The access model the tests need: Read-only Copilot and Support drafts, support agents mapped, First-Run done. */
async function recordAccessModel(app: WebApp, siteId: string, completedById: string) {
  await app.rpc('access.update', {
    siteId,
    version: 0,
    enabledWorkflows: ['read_only_copilot', 'support_drafts'],
    roles: [{ role: 'support_agent', wordpressRole: 'Shop manager + SophMate Drafter', maxApproveRisk: 'none' }],
    providerTier: 'Team plan',
    bulkApprovalRisk: null,
    firstRunCompletedOn: '2026-01-15',
    firstRunCompletedById: completedById,
  });
}

/**
 * The right answers of an attempt. The attempt's question ids are database ids, the playbook's are
 * slugs: both carry the situation, which is unique within a role.
 */
async function answerKey(app: WebApp, attempt: Attempt, role: string) {
  const pb = await app.rpc<PlaybookFile>('playbook.export', {});
  return Object.fromEntries(attempt.questions.map((q) => [q.id, pb.scenarios.find((s) => s.role === role && s.situation === q.situation)!]));
}

/** A client person trained as a support agent: signed off, and the scenario check passed with the playbook's answers. */
async function trainedOperator(factories: Factories, siteId: string, clientId: string, name: string, email: string) {
  const person = await factories.buildPerson({ name, email, organisation: 'client', clientId });
  const op = await factories.buildOperator({ siteId, personId: person.id, role: 'support_agent', trained: true });
  expect(op.lastCheck?.passed).toBe(true);
  return op;
}

async function pickPerson(page: Page, field: string, name: string) {
  const box = page.getByRole('textbox', { name: field });
  await box.fill(name.split(' ')[0]!);
  await page.getByRole('option', { name: new RegExp(name) }).click();
  await expect(box).toHaveValue(new RegExp(name));
}

test('the access model is recorded in Setup, and a trained operator is refused write-capable access but given Read-only Copilot', async ({
  app,
  factories,
  sitePage,
  page,
}) => {
  const { client, site, ann } = await planningSite(factories);
  await app.open(page, `/sites/${site.id}/setup`);
  const model = page.getByTestId('access-model');
  await expect(model).toContainText('Not recorded: nobody can be given access yet');
  await expect(model.getByRole('textbox', { name: 'AI provider' })).toHaveValue('OpenAI');
  await expect(model.getByRole('textbox', { name: 'Key & billing owner' })).toHaveValue('Ann Lee');

  await model.getByRole('checkbox', { name: 'Read-only Copilot questions' }).check();
  await model.getByRole('checkbox', { name: 'Support drafts' }).check();
  await expect(model.getByTestId('write-enable-warning')).toContainText('Support drafts');
  // Marketers do not use Workflow approvals: their approval limit cannot be raised.
  await model.getByRole('checkbox', { name: 'Marketer used at this site' }).check();
  await expect(model.getByRole('combobox', { name: 'Approval limit for Marketer' })).toBeDisabled();
  await model.getByRole('checkbox', { name: 'Marketer used at this site' }).uncheck();
  await model.getByRole('checkbox', { name: 'Support agent used at this site' }).check();
  await model.getByRole('textbox', { name: 'First-Run Checklist completed on' }).fill('2026-01-15');
  await model.getByRole('button', { name: 'Save access model' }).click();
  // Errors are shown on their fields, and nothing is saved.
  await expect(model.getByRole('textbox', { name: 'WordPress/SophMate role for Support agent' })).toHaveAccessibleDescription(
    /WordPress\/SophMate role is required/,
  );
  await expect(model).toContainText('Choose who completed the First-Run Checklist.');
  expect((await app.rpc<{ recorded: boolean }>('access.get', { siteId: site.id })).recorded).toBe(false);

  await model.getByRole('textbox', { name: 'WordPress/SophMate role for Support agent' }).fill('Shop manager + SophMate Drafter');
  await pickPerson(page, 'First-Run Checklist completed by', 'Ann Lee');
  await model.getByRole('button', { name: 'Save access model' }).click();
  await expect(model).toContainText('Last saved');
  expect(await app.rpc('access.get', { siteId: site.id })).toMatchObject({
    recorded: true,
    enabledWorkflows: ['read_only_copilot', 'support_drafts'],
    roles: [{ role: 'support_agent', wordpressRole: 'Shop manager + SophMate Drafter', maxApproveRisk: 'none' }],
    firstRunCompletedOn: '2026-01-15',
    firstRunCompletedById: ann.id,
  });

  await trainedOperator(factories, site.id, client.id, 'Sam Support', 'sam@wren.test');
  await sitePage.openTab('Operators');
  const row = sitePage.operators.row('sam@wren.test', 'support_agent');
  await expect(row).toContainText('→ Shop manager + SophMate Drafter');
  await expect(row).toContainText('Trained');

  // Everything the role can get here is offered; Support drafts is write-capable and the site is in planning.
  const dialog = await sitePage.operators.startGrant('Sam Support');
  await expect(dialog.getByRole('checkbox', { name: 'Read-only Copilot questions' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Support drafts' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Grant access' }).click();
  const refused = dialog.getByTestId('access-refused');
  await expect(refused).toContainText('Support drafts is write-capable and needs the “Enable write-capable workflows” gate, which is not met');
  await expect(refused).toContainText('Read-only Copilot can be given now.');
  await expect(dialog.getByRole('textbox', { name: 'Override reason' })).toBeVisible();
  await expect(dialog.getByTestId('override-hint')).toHaveText('20 more characters needed (at least 20).');
  await dialog.getByRole('textbox', { name: 'Override reason' }).fill('Too short');
  // The same live count as every other override: how many characters are still needed (spaces not counted).
  await expect(dialog.getByTestId('override-hint')).toHaveText('12 more characters needed (at least 20).');
  await expect(dialog.getByRole('button', { name: 'Grant anyway' })).toBeDisabled();
  // The refusal, its reasons and the override field are readable by everyone.
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 120)}`)).toEqual([]);
  expect((await app.rpc<Operator[]>('operators.list', { siteId: site.id }))[0]!.access).toBe('none');

  await dialog.getByRole('button', { name: 'Read-only Copilot only' }).click();
  await expect(dialog.getByRole('checkbox', { name: 'Support drafts' })).not.toBeChecked();
  await expect(refused).toBeHidden();
  await dialog.getByRole('button', { name: 'Grant access' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Access granted');
  await expect(row.getByTestId('access-workflows')).toHaveText('Covers: Read-only Copilot questions');
  expect((await app.rpc<Operator[]>('operators.list', { siteId: site.id }))[0]).toMatchObject({
    access: 'granted',
    accessWorkflows: ['read_only_copilot'],
    accessOverrideReason: null,
  });

  // Adding Support drafts takes a logged override, which readiness lists under the access gate.
  await sitePage.operators.startGrant('Sam Support');
  await expect(dialog.getByRole('checkbox')).toHaveCount(1);
  await dialog.getByRole('button', { name: 'Grant access' }).click();
  await expect(refused).toContainText('write-capable');
  await dialog.getByRole('textbox', { name: 'Override reason' }).fill('The client’s support backlog cannot wait for the pilot');
  await dialog.getByRole('button', { name: 'Grant anyway' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('access-workflows')).toHaveText('Covers: Read-only Copilot questions, Support drafts');
  await expect(row).toContainText('Granted by override: The client’s support backlog cannot wait for the pilot');
  await sitePage.openTab('Readiness');
  const override = sitePage.readiness.overrideRow();
  await expect(override).toContainText('Grant operator access');
  await expect(override).toContainText('Support drafts');
  await expect(override).toContainText('The client’s support backlog cannot wait for the pilot');
});

test('a pause lists the operators it affects and blocks a new grant of the paused workflow', async ({ app, factories, sitePage, page }) => {
  const { client, site, ann } = await planningSite(factories);
  await recordAccessModel(app, site.id, ann.id);
  const sam = await trainedOperator(factories, site.id, client.id, 'Sam Support', 'sam@wren.test');
  await app.rpc('operators.grantAccess', { operatorId: sam.id, workflows: ['read_only_copilot'] });
  await trainedOperator(factories, site.id, client.id, 'Lee Park', 'lee@wren.test');

  await sitePage.open(site.id, 'operators');
  await page.getByRole('button', { name: 'Pause high-risk activity' }).click();
  const pause = page.getByRole('dialog');
  const preview = pause.getByTestId('pause-affected-preview');
  // The default (write-capable workflows) affects nobody: Sam only has Read-only Copilot.
  await expect(preview).toContainText('No operator with access is affected');
  await pause.getByRole('checkbox', { name: 'Read-only Copilot questions' }).check();
  await expect(preview).toContainText('This pause affects 1 operator with access');
  await expect(preview).toContainText('Sam Support (Support agent): Read-only Copilot questions');
  await pause.getByRole('textbox', { name: 'Reason' }).fill('Copilot answered with another customer’s order');
  await pause.getByRole('button', { name: 'Pause' }).click();
  await expect(pause).toBeHidden();
  await expect(page.getByTestId('pause-affected')).toContainText('Sam Support (Support agent: Read-only Copilot questions)');

  const dialog = await sitePage.operators.startGrant('Lee Park');
  await dialog.getByRole('button', { name: 'Read-only Copilot only' }).click();
  await dialog.getByRole('button', { name: 'Grant access' }).click();
  await expect(dialog.getByTestId('access-refused')).toContainText(
    'Read-only Copilot questions is paused on this site (Copilot answered with another customer’s order)',
  );
  // What is paused cannot be given by override either: no reason field, no "Grant anyway".
  await expect(dialog.getByTestId('no-override')).toContainText('No override can give this');
  await expect(dialog.getByRole('textbox', { name: 'Override reason' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Grant anyway' })).toHaveCount(0);
  const lee = (await app.rpc<(Operator & { personName: string })[]>('operators.list', { siteId: site.id })).find((o) => o.personName === 'Lee Park')!;
  expect(lee.access).toBe('none');
});

test('a failed scenario check marks the wrong answers without revealing the right ones, and the retake asks other situations', async ({
  app,
  factories,
  sitePage,
}) => {
  const { client, site } = await planningSite(factories);
  const person = await factories.buildPerson({ name: 'Sam Support', email: 'sam@wren.test', organisation: 'client', clientId: client.id });
  const op = await factories.buildOperator({ siteId: site.id, personId: person.id, role: 'support_agent' });
  await app.rpc('operators.signOff', { operatorId: op.id });
  const pb = await app.rpc<PlaybookFile>('playbook.export', {});

  await sitePage.open(site.id, 'operators');
  const dialog = await sitePage.operators.startScenarioCheck('Sam Support');
  await expect(dialog.getByRole('radiogroup')).toHaveCount(5);
  // The dialog's attempt is the open one: starting again returns it.
  const first = await app.rpc<Attempt>('operators.startScenarioCheck', { operatorId: op.id });
  const key = await answerKey(app, first, 'support_agent');
  for (const [i, q] of first.questions.entries()) {
    const wrong = ANSWERS.find((a) => a !== key[q.id]!.answer)!;
    await dialog
      .getByRole('radiogroup', { name: `${i + 1}. ${q.situation}` })
      .getByRole('radio', { name: label(wrong), exact: true })
      .check();
  }
  await dialog.getByRole('button', { name: 'Submit answers' }).click();
  const result = dialog.getByTestId('scenario-result');
  await expect(result).toContainText('Not passed');
  await expect(result).toContainText('0 of 5 right.');
  await expect(result.getByTestId('scenario-answer').filter({ hasText: '✗ Wrong' })).toHaveCount(5);
  await expect(result).not.toContainText('right answer is');
  for (const q of first.questions) await expect(result).not.toContainText(key[q.id]!.explanation);

  await dialog.getByRole('button', { name: 'Try again with new situations' }).click();
  await expect(dialog.getByRole('radiogroup')).toHaveCount(5);
  const retake = await app.rpc<Attempt>('operators.startScenarioCheck', { operatorId: op.id });
  expect(retake.attemptId).not.toBe(first.attemptId);
  const before = new Set(first.questions.map((q) => q.situation));
  expect(retake.questions.filter((q) => before.has(q.situation))).toEqual([]);
  for (const [i, q] of retake.questions.entries()) {
    await expect(dialog.getByRole('radiogroup', { name: `${i + 1}. ${q.situation}` })).toBeVisible();
  }

  // Passing shows the right answers with their explanations.
  const retakeKey = Object.fromEntries(
    retake.questions.map((q) => [q.id, pb.scenarios.find((s) => s.role === 'support_agent' && s.situation === q.situation)!]),
  );
  for (const [i, q] of retake.questions.entries()) {
    await dialog
      .getByRole('radiogroup', { name: `${i + 1}. ${q.situation}` })
      .getByRole('radio', { name: label(retakeKey[q.id]!.answer), exact: true })
      .check();
  }
  await dialog.getByRole('button', { name: 'Submit answers' }).click();
  await expect(result).toContainText('Passed');
  await expect(result).toContainText(retakeKey[retake.questions[0]!.id]!.explanation);
  const after = (await app.rpc<Operator[]>('operators.list', { siteId: site.id }))[0]!;
  expect(after.lastCheck?.passed).toBe(true);
});

test('a stale access model is not overwritten: the form says it changed elsewhere', async ({ app, factories, page }) => {
  const { site, ann } = await planningSite(factories);
  await app.open(page, `/sites/${site.id}/setup`);
  const model = page.getByTestId('access-model');
  await model.getByRole('checkbox', { name: 'Read-only Copilot questions' }).check();
  await recordAccessModel(app, site.id, ann.id);
  await model.getByRole('button', { name: 'Save access model' }).click();
  await expect(model.getByTestId('access-model-error')).toContainText('was changed since you opened it');
  await model.getByRole('button', { name: 'Reload the access model' }).click();
  await expect(model.getByRole('textbox', { name: 'WordPress/SophMate role for Support agent' })).toHaveValue('Shop manager + SophMate Drafter');
  await expect(model.getByRole('checkbox', { name: 'Support drafts' })).toBeChecked();
});
