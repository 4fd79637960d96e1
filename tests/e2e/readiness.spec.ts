import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { firstWeekAreas, type Factories } from '../factories/index';
import { expect, test, type WebApp } from './fixtures';

interface Site {
  id: string;
  version: number;
  name: string;
}

async function pilotSite(app: WebApp, factories: Factories, unverified: string[], finishFirstWeek = true) {
  const { buildClient, buildSite, buildPerson, buildOwnerAssignment, buildFinalRollbackPlan } = factories;
  const client = await buildClient({ name: 'Kestrel Cycles' });
  const site = await buildSite({
    clientId: client.id,
    name: 'Kestrel Shop',
    productionUrl: 'https://shop.kestrel.test',
    stagingUrl: 'https://staging.kestrel.test',
    sophmateVersion: '2.4.1',
    wordpressVersion: '6.6.2',
    phpVersion: '8.2',
    activeTheme: 'Storefront',
  });
  const ann = await buildPerson({ name: 'Ann Lee', email: 'ann@agency.test' });
  // Owners do not verify themselves: someone else confirms they can do the job.
  const bob = await buildPerson({ name: 'Bob Reyes', email: 'bob@agency.test' });
  for (const r of RESPONSIBILITIES) {
    await buildOwnerAssignment({ siteId: site.id, responsibility: r, ownerId: ann.id, ...(unverified.includes(r) ? {} : { verifiedById: bob.id }) });
  }
  for (const itemId of ['reach-diagnostics', 'pause-high-risk']) {
    await app.rpc('readiness.setItem', { siteId: site.id, kind: 'checklist', itemId, status: 'done', evidence: 'checked' });
  }
  // "Rollback plan current": the rollback facts recorded and the final rollback plan exported.
  await buildFinalRollbackPlan(site.id);
  const fresh = await app.rpc<Site>('sites.get', { id: site.id });
  await app.rpc('sites.changeStage', { siteId: site.id, version: fresh.version, to: 'pilot' });
  if (!finishFirstWeek) return site;
  // Adoption needs the first-week review that the pilot planned; its week has only just begun, so finishing it takes an override.
  const { reviews } = await app.rpc<{ reviews: { id: string; version: number; kind: string }[] }>('reviews.forSite', { siteId: site.id });
  const firstWeek = reviews.find((r) => r.kind === 'first_week')!;
  await app.rpc('reviews.completeFirstWeek', {
    id: firstWeek.id,
    version: firstWeek.version,
    areas: firstWeekAreas(),
    notes: 'First week reviewed with the team',
    overrideReason: EARLY_REASON,
  });
  return site;
}

const EARLY_REASON = 'The client goes live with the wider team on Monday';

test('a site cannot move to adoption while an owner is unverified, and can after verification', async ({ app, factories, sitePage, page }) => {
  const site = await pilotSite(app, factories, ['permissions']);
  await sitePage.open(site.id, 'readiness');
  await expect(sitePage.readiness.gate('invite_wider_team')).toContainText('The Permissions owner (Ann Lee) is not verified.');

  await sitePage.chooseStage('Adoption');
  // The dialog says the move is blocked before any click, and offers no plain move.
  await expect(sitePage.stageBlocked).toContainText('Invite the wider team: The Permissions owner (Ann Lee) is not verified.');
  await expect(page.getByRole('button', { name: 'Move to Adoption' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Close' }).click();
  expect(await sitePage.stageOnServer(site.id)).toBe('pilot');

  await sitePage.openTab('Owners');
  await page.getByRole('button', { name: 'Verify Permissions owner' }).click();
  const dialog = sitePage.dialog;
  // The owner is not offered as their own verifier.
  await dialog.getByRole('textbox', { name: 'Verified by' }).fill('Ann');
  await expect(page.getByRole('listbox')).toContainText('Nobody matches');
  await dialog.getByRole('textbox', { name: 'Verified by' }).fill('Bob');
  await page.getByRole('option', { name: /Bob Reyes/ }).click();
  await expect(dialog.getByRole('textbox', { name: 'Verified by' })).toHaveValue(/Bob Reyes/);
  await dialog.getByRole('button', { name: 'Mark verified' }).click();
  await expect(dialog).toBeHidden();

  await sitePage.chooseStage('Adoption');
  await page.getByRole('button', { name: 'Move to Adoption' }).click();
  await expect(sitePage.dialog).toBeHidden();
  await expect(sitePage.header('Kestrel Shop')).toContainText('Adoption');
  expect(await sitePage.stageOnServer(site.id)).toBe('adoption');
});

test('pausing high-risk activity shows the banner on the site and the marker in the list; resuming needs a note', async ({
  app,
  factories,
  sitePage,
  sitesPage,
  page,
}) => {
  const site = await pilotSite(app, factories, []);
  await sitePage.open(site.id);
  await sitePage.pause('A product-copy plan published wrong sizes');
  await expect(sitePage.pauseBanner).toContainText('paused by e2e tester');
  await expect(sitePage.pauseBanner).toContainText('A product-copy plan published wrong sizes');

  await sitesPage.open();
  await expect(sitesPage.row('Kestrel Shop').getByTestId('paused-marker')).toBeVisible();
  await sitesPage.open('paused=1');
  await expect(sitesPage.total).toHaveText('1 site');

  await sitePage.open(site.id, 'owners');
  await expect(sitePage.pauseBanner).toBeVisible();
  await sitePage.startResume();
  await sitePage.submitResume();
  await expect(page.getByRole('alert').filter({ hasText: 'Resume note is required.' })).toBeVisible();
  await sitePage.submitResume('Sizes corrected; regression check passed');
  await expect(sitePage.pauseBanner).toHaveCount(0);
});

test('a manual checklist item is Done only with evidence, shown on the field when missing', async ({ app, factories, sitePage }) => {
  const site = await pilotSite(app, factories, []);
  const before = await app.rpc<{ checklist: { id: string; computed: boolean; status: string; title: string }[] }>('readiness.get', { siteId: site.id });
  const item = before.checklist.find((e) => !e.computed && e.status === 'open')!;
  await sitePage.open(site.id, 'readiness');
  await sitePage.readiness.startRecording(item.title);
  const dialog = sitePage.dialog;
  await dialog.getByRole('button', { name: 'Record' }).click();
  const evidence = dialog.getByRole('textbox', { name: 'Evidence' });
  await expect(evidence).toHaveAccessibleDescription(/Say what shows it is done/);
  expect((await app.rpc<typeof before>('readiness.get', { siteId: site.id })).checklist.find((e) => e.id === item.id)!.status).toBe('open');
  await evidence.fill('Screenshot 2026-03-02 of SophMate → Settings, confirmed by Ann Lee');
  await dialog.getByRole('button', { name: 'Record' }).click();
  await expect(dialog).toBeHidden();
  await expect(sitePage.readiness.checklistItem(item.id)).toContainText('Done');
});

test('finishing the first-week review before its week is over asks for an override reason, listed with the overrides', async ({ app, factories, sitePage }) => {
  const site = await pilotSite(app, factories, [], false);
  await sitePage.open(site.id, 'reviews');
  // The Reviews tab offers no plain completion: the review is completed on the First week tab, area by area.
  await expect(sitePage.reviews.review('first_week').getByRole('button', { name: /^Complete/ })).toHaveCount(0);
  const dialog = await sitePage.reviews.completeFirstWeek('Went through the first drafts with the support team');
  await expect(sitePage.page).toHaveURL(new RegExp(`/sites/${site.id}/first-week$`));
  await expect(dialog.getByTestId('review-early')).toContainText('is not over until');
  const override = dialog.getByRole('textbox', { name: 'Override reason' });
  await expect(override).toHaveAccessibleDescription(/The week ends on/);
  await override.fill('Too early');
  await expect(dialog.getByRole('button', { name: 'Complete early' })).toBeDisabled();
  await override.fill(EARLY_REASON);
  await dialog.getByRole('button', { name: 'Complete early' }).click();
  await expect(dialog).toBeHidden();
  await sitePage.openTab('Readiness');
  const row = sitePage.readiness.overrideRow('First-week review');
  await expect(row).toContainText(EARLY_REASON);
});

test('a skipped first-week review blocks the invite gate until a recorded override, and the override is printed in the handover runbook', async ({
  app,
  factories,
  sitePage,
}) => {
  const site = await pilotSite(app, factories, [], false);
  const { reviews } = await app.rpc<{ reviews: { id: string; version: number; kind: string }[] }>('reviews.forSite', { siteId: site.id });
  const firstWeek = reviews.find((r) => r.kind === 'first_week')!;
  await app.rpc('reviews.skip', { id: firstWeek.id, version: firstWeek.version, reason: 'The client ran its own first-week review' });

  await sitePage.open(site.id, 'readiness');
  await expect(sitePage.readiness.gate('invite_wider_team')).toContainText('The first-week review was skipped');
  await sitePage.chooseStage('Adoption');
  const dialog = sitePage.dialog;
  await expect(dialog.getByTestId('stage-blocked')).toContainText('Invite the wider team: The first-week review was skipped');
  const reason = 'Their own review covered prompts, drafts and approvals; notes filed';
  await dialog.getByRole('textbox', { name: 'Override reason' }).fill(reason);
  await dialog.getByRole('button', { name: 'Move anyway' }).click();
  await expect(dialog).toBeHidden();
  expect(await sitePage.stageOnServer(site.id)).toBe('adoption');
  await expect(sitePage.readiness.overrideRow('Invite the wider team')).toContainText(reason);

  const runbook = await app.rpc<{ html: string }>('documents.preview', { siteId: site.id, kind: 'handover_runbook' });
  expect(runbook.html).toContain('Recorded overrides');
  expect(runbook.html).toContain(reason);
});
