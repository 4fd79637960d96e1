import { expect, test, type WebApp } from './fixtures';

interface Row {
  id: string;
  name: string;
}
interface PlaybookFile {
  sops: { workflow: string; role: string; version: number }[];
  scenarios: { id: string; role: string; answer: string; situation: string }[];
}

interface Attempt {
  attemptId: string;
  questions: { id: string; situation: string }[];
}

/**
 * A support agent on a site whose access model enables Support drafts, trained and checked. The site
 * is moved to pilot (by override) so the write-capable gate does not stand between training and access.
 */
async function trainedSupportAgent(app: WebApp) {
  const client = await app.rpc<Row>('clients.create', { name: 'Juniper Books' });
  const site = await app.rpc<Row>('sites.create', { clientId: client.id, name: 'Juniper Shop', productionUrl: 'https://shop.juniper.test' });
  const person = await app.rpc<Row>('people.create', { name: 'Sam Support', email: 'sam@juniper.test', organisation: 'client', clientId: client.id });
  const ann = await app.rpc<Row>('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  await app.rpc('access.update', {
    siteId: site.id,
    version: 0,
    enabledWorkflows: ['read_only_copilot', 'support_drafts'],
    roles: [{ role: 'support_agent', wordpressRole: 'Shop manager + SophMate Drafter', maxApproveRisk: 'none' }],
    providerTier: null,
    bulkApprovalRisk: null,
    firstRunCompletedOn: '2026-01-15',
    firstRunCompletedById: ann.id,
  });
  const op = await app.rpc<Row>('operators.add', { siteId: site.id, personId: person.id, role: 'support_agent' });
  const { version } = await app.rpc<{ version: number }>('sites.get', { id: site.id });
  await app.rpc('sites.changeStage', { siteId: site.id, version, to: 'pilot', overrideReason: 'Pilot agreed with the client before the checklist' });
  await app.rpc('operators.signOff', { operatorId: op.id });
  const { attempt, key } = await scenarioKey(app, op.id);
  await app.rpc('operators.submitScenarioCheck', { operatorId: op.id, attemptId: attempt.attemptId, answers: key });
  return { site, op };
}

/**
 * The operator's open attempt (the one the UI shows too) and its right answers, from the exported
 * playbook (the file format carries them; attempts carry database ids, so match on the situation).
 */
async function scenarioKey(app: WebApp, operatorId: string) {
  const attempt = await app.rpc<Attempt>('operators.startScenarioCheck', { operatorId });
  const pb = await app.rpc<PlaybookFile>('playbook.export', {});
  return {
    attempt,
    key: Object.fromEntries(attempt.questions.map((q) => [q.id, pb.scenarios.find((s) => s.role === 'support_agent' && s.situation === q.situation)!.answer])),
  };
}

test('an SOP edit flags its operators for retraining; access is refused until they retrain and pass, then granted', async ({ app, page }) => {
  const { site } = await trainedSupportAgent(app);

  // Edit the Support drafts SOP for support agents.
  await app.open(page, '/playbook');
  await page.getByRole('link', { name: 'Support drafts SOP for Support agent, version 1' }).click();
  await page.getByRole('button', { name: 'Edit SOP' }).click();
  const rules = page.getByRole('textbox', { name: 'Refusal rules' });
  await rules.fill(`${await rules.inputValue()}\nNever attach an invoice that belongs to another customer.`);
  await page.getByRole('textbox', { name: 'Change summary' }).fill('First-week review: a draft attached another customer’s invoice');
  await page.getByRole('button', { name: 'Publish new version' }).click();
  await expect(page.getByText('version 2 (current)')).toBeVisible();
  await expect(page.getByTestId('sop-diff')).toContainText('+ Never attach an invoice that belongs to another customer.');
  await page.getByRole('link', { name: 'Playbook' }).first().click();
  await expect(page.getByText('1 to retrain')).toBeVisible();

  // The operator is flagged, and granting access is refused with the reasons.
  await app.open(page, `/sites/${site.id}/operators`);
  const row = page.getByTestId('operator-sam@juniper.test-support_agent');
  await expect(row).toContainText('Needs retraining');
  await page.getByRole('button', { name: 'Grant access to Sam Support' }).click();
  const grant = page.getByRole('dialog', { name: /Grant access to Sam Support/ });
  await grant.getByRole('button', { name: 'Grant access' }).click();
  const refused = grant.getByTestId('access-refused');
  await expect(refused).toContainText('Sign the current Support agent SOP for: Support drafts (changed since the last sign-off).');
  await expect(refused).toContainText('Pass the Support agent scenario check again');
  await grant.getByRole('button', { name: 'Close' }).click();

  // Retrain: sign the new version, pass the check.
  await page.getByRole('button', { name: 'Sign-off for Sam Support' }).click();
  await page.getByRole('checkbox', { name: /has read these SOPs/ }).check();
  await page.getByRole('button', { name: 'Record sign-off' }).click();
  await expect(row).not.toContainText('Sign the current');
  const { attempt, key } = await scenarioKey(app, (await app.rpc<{ id: string }[]>('operators.list', { siteId: site.id }))[0]!.id);
  await page.getByRole('button', { name: 'Scenario check for Sam Support' }).click();
  for (const [i, q] of attempt.questions.entries()) {
    const group = page.getByRole('radiogroup', { name: `${i + 1}. ${q.situation}` });
    await group.getByRole('radio', { name: key[q.id]!.replace(/^./, (c) => c.toUpperCase()), exact: true }).check();
  }
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByText('Passed', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(row).toContainText('Trained');

  await page.getByRole('button', { name: 'Grant access to Sam Support' }).click();
  await grant.getByRole('button', { name: 'Grant access' }).click();
  await expect(grant).toBeHidden();
  await expect(row).toContainText('Access granted');
  const ops = await app.rpc<{ access: string; accessOverrideReason: string | null }[]>('operators.list', { siteId: site.id });
  expect(ops[0]).toMatchObject({ access: 'granted', accessOverrideReason: null });
});

test('a malformed playbook file is rejected with the path of each problem and nothing changes', async ({ app, page }) => {
  const before = await app.rpc<PlaybookFile>('playbook.export', {});
  const broken = structuredClone(before) as unknown as { sops: Record<string, unknown>[] };
  delete broken.sops[4]!.purpose;
  (broken.sops[9]!.approvalBoundaries as { mayApprove: string[] }).mayApprove = ['everything'];
  await app.open(page, '/playbook');
  await page.locator('input[type=file]').setInputFiles({ name: 'playbook.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('The playbook file has 2 problems; nothing was imported.');
  await expect(problems).toContainText('sops[4].purpose');
  await expect(problems).toContainText('Purpose is required.');
  await expect(problems).toContainText('sops[9].approvalBoundaries.mayApprove[0]');
  const after = await app.rpc<PlaybookFile>('playbook.export', {});
  expect(after).toEqual(before);
});
