import { RESPONSIBILITIES } from '../../core/domain/responsibilities';
import { expect, test, type WebApp } from './fixtures';

interface Site { id: string; version: number; name: string }

async function pilotSite(app: WebApp, unverified: string[], finishFirstWeek = true) {
  const client = await app.rpc<{ id: string }>('clients.create', { name: 'Kestrel Cycles' });
  const site = await app.rpc<Site>('sites.create', {
    clientId: client.id, name: 'Kestrel Shop', productionUrl: 'https://shop.kestrel.test', stagingUrl: 'https://staging.kestrel.test',
    sophmateVersion: '2.4.1', wordpressVersion: '6.6.2', phpVersion: '8.2', activeTheme: 'Storefront',
  });
  const ann = await app.rpc<{ id: string }>('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  // Owners do not verify themselves: someone else confirms they can do the job.
  const bob = await app.rpc<{ id: string }>('people.create', { name: 'Bob Reyes', email: 'bob@agency.test', organisation: 'agency' });
  for (const r of RESPONSIBILITIES) {
    await app.rpc('owners.assign', { siteId: site.id, responsibility: r, ownerId: ann.id });
    if (!unverified.includes(r)) await app.rpc('owners.verify', { siteId: site.id, responsibility: r, verifiedById: bob.id });
  }
  for (const itemId of ['reach-diagnostics', 'pause-high-risk']) {
    await app.rpc('readiness.setItem', { siteId: site.id, kind: 'checklist', itemId, status: 'done', evidence: 'checked' });
  }
  // "Rollback plan current": the rollback facts recorded and the final rollback plan exported.
  await app.rpc('branding.update', { agencyName: 'Brightpath Agency', footer: '', logo: null, texts: {} });
  await app.rpc('documents.markKnownGood', { siteId: site.id });
  const { version } = await app.rpc<{ version: number }>('documents.facts', { siteId: site.id });
  await app.rpc('documents.updateFacts', {
    siteId: site.id, version, backupLocation: 'Host daily backups', lastBackupOn: '2026-02-28', lastRehearsalOn: '2026-02-20',
    diagnosticsLocation: 'SophMate → Diagnostics', vendorSupport: 'SophMate support', pauseInstructions: 'SophMate → Workflows → Pause all',
  });
  await app.rpc('documents.generate', { siteId: site.id, kind: 'rollback_plan', format: 'md', final: true });
  const fresh = await app.rpc<Site>('sites.get', { id: site.id });
  await app.rpc('sites.changeStage', { siteId: site.id, version: fresh.version, to: 'pilot' });
  if (!finishFirstWeek) return site;
  // Adoption needs the first-week review that the pilot planned; its week has only just begun, so finishing it takes an override.
  const { reviews } = await app.rpc<{ reviews: { id: string; version: number; kind: string }[] }>('reviews.forSite', { siteId: site.id });
  const firstWeek = reviews.find((r) => r.kind === 'first_week')!;
  await app.rpc('reviews.complete', { id: firstWeek.id, version: firstWeek.version, notes: 'First week reviewed with the team', overrideReason: EARLY_REASON });
  return site;
}

const EARLY_REASON = 'The client goes live with the wider team on Monday';

test('a site cannot move to adoption while an owner is unverified, and can after verification', async ({ app, page }) => {
  const site = await pilotSite(app, ['permissions']);
  await app.open(page, `/sites/${site.id}/readiness`);
  await expect(page.getByTestId('gate-invite_wider_team')).toContainText('The Permissions owner (Ann Lee) is not verified.');

  await page.getByRole('button', { name: 'Change stage' }).click();
  await page.getByRole('menuitem', { name: 'Adoption' }).click();
  // The dialog says the move is blocked before any click, and offers no plain move.
  await expect(page.getByTestId('stage-blocked')).toContainText('Invite the wider team: The Permissions owner (Ann Lee) is not verified.');
  await expect(page.getByRole('button', { name: 'Move to Adoption' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Close' }).click();
  expect((await app.rpc<{ stage: string }>('sites.get', { id: site.id })).stage).toBe('pilot');

  await page.getByRole('tab', { name: 'Owners' }).click();
  await page.getByRole('button', { name: 'Verify Permissions owner' }).click();
  const dialog = page.getByRole('dialog');
  // The owner is not offered as their own verifier.
  await dialog.getByRole('textbox', { name: 'Verified by' }).fill('Ann');
  await expect(page.getByRole('listbox')).toContainText('Nobody matches');
  await dialog.getByRole('textbox', { name: 'Verified by' }).fill('Bob');
  await page.getByRole('option', { name: /Bob Reyes/ }).click();
  await expect(dialog.getByRole('textbox', { name: 'Verified by' })).toHaveValue(/Bob Reyes/);
  await dialog.getByRole('button', { name: 'Mark verified' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Change stage' }).click();
  await page.getByRole('menuitem', { name: 'Adoption' }).click();
  await page.getByRole('button', { name: 'Move to Adoption' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Kestrel Shop', exact: true }).locator('..')).toContainText('Adoption');
  expect((await app.rpc<{ stage: string }>('sites.get', { id: site.id })).stage).toBe('adoption');
});

test('pausing high-risk activity shows the banner on the site and the marker in the list; resuming needs a note', async ({ app, page }) => {
  const site = await pilotSite(app, []);
  await app.open(page, `/sites/${site.id}`);
  await page.getByRole('button', { name: 'Pause high-risk activity' }).click();
  await page.getByRole('textbox', { name: 'Reason' }).fill('A product-copy plan published wrong sizes');
  await page.getByRole('dialog').getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('pause-banner')).toContainText('paused by e2e tester');
  await expect(page.getByTestId('pause-banner')).toContainText('A product-copy plan published wrong sizes');

  await app.open(page, '/sites');
  await expect(page.getByRole('row').filter({ hasText: 'Kestrel Shop' }).getByTestId('paused-marker')).toBeVisible();
  await app.open(page, '/sites?paused=1');
  await expect(page.getByTestId('sites-total')).toHaveText('1 site');

  await app.open(page, `/sites/${site.id}/owners`);
  await expect(page.getByTestId('pause-banner')).toBeVisible();
  await page.getByRole('button', { name: 'Resume activity' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Resume note is required.' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Resume note' }).fill('Sizes corrected; regression check passed');
  await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('pause-banner')).toHaveCount(0);
});

test('a manual checklist item is Done only with evidence, shown on the field when missing', async ({ app, page }) => {
  const site = await pilotSite(app, []);
  const before = await app.rpc<{ checklist: { id: string; computed: boolean; status: string; title: string }[] }>('readiness.get', { siteId: site.id });
  const item = before.checklist.find((e) => !e.computed && e.status === 'open')!;
  await app.open(page, `/sites/${site.id}/readiness`);
  await page.getByRole('button', { name: `Record ${item.title}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Record' }).click();
  const evidence = dialog.getByRole('textbox', { name: 'Evidence' });
  await expect(evidence).toHaveAccessibleDescription(/Say what shows it is done/);
  expect((await app.rpc<typeof before>('readiness.get', { siteId: site.id })).checklist.find((e) => e.id === item.id)!.status).toBe('open');
  await evidence.fill('Screenshot 2026-03-02 of SophMate → Settings, confirmed by Ann Lee');
  await dialog.getByRole('button', { name: 'Record' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId(`checklist-${item.id}`)).toContainText('Done');
});

test('finishing the first-week review before its week is over asks for an override reason, listed with the overrides', async ({ app, page }) => {
  const site = await pilotSite(app, [], false);
  await app.open(page, `/sites/${site.id}/reviews`);
  await page.getByTestId('site-review-first_week').getByRole('button', { name: /^Complete/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Notes' }).fill('Went through the first drafts with the support team');
  await dialog.getByRole('button', { name: 'Mark done' }).click();
  await expect(dialog.getByTestId('review-early')).toContainText('is not over until');
  const override = dialog.getByRole('textbox', { name: 'Override reason' });
  await expect(override).toHaveAccessibleDescription(/The week ends on/);
  await override.fill('Too early');
  await expect(dialog.getByRole('button', { name: 'Mark done early' })).toBeDisabled();
  await override.fill(EARLY_REASON);
  await dialog.getByRole('button', { name: 'Mark done early' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('tab', { name: 'Readiness' }).click();
  const row = page.getByTestId('override-row').filter({ hasText: 'First-week review' });
  await expect(row).toContainText(EARLY_REASON);
});

test('a skipped first-week review blocks the invite gate until a recorded override, and the override is printed in the handover runbook', async ({ app, page }) => {
  const site = await pilotSite(app, [], false);
  const { reviews } = await app.rpc<{ reviews: { id: string; version: number; kind: string }[] }>('reviews.forSite', { siteId: site.id });
  const firstWeek = reviews.find((r) => r.kind === 'first_week')!;
  await app.rpc('reviews.skip', { id: firstWeek.id, version: firstWeek.version, reason: 'The client ran its own first-week review' });

  await app.open(page, `/sites/${site.id}/readiness`);
  await expect(page.getByTestId('gate-invite_wider_team')).toContainText('The first-week review was skipped');
  await page.getByRole('button', { name: 'Change stage' }).click();
  await page.getByRole('menuitem', { name: 'Adoption' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('stage-blocked')).toContainText('Invite the wider team: The first-week review was skipped');
  const reason = 'Their own review covered prompts, drafts and approvals; notes filed';
  await dialog.getByRole('textbox', { name: 'Override reason' }).fill(reason);
  await dialog.getByRole('button', { name: 'Move anyway' }).click();
  await expect(dialog).toBeHidden();
  expect((await app.rpc<{ stage: string }>('sites.get', { id: site.id })).stage).toBe('adoption');
  await expect(page.getByTestId('override-row').filter({ hasText: 'Invite the wider team' })).toContainText(reason);

  const runbook = await app.rpc<{ html: string }>('documents.preview', { siteId: site.id, kind: 'handover_runbook' });
  expect(runbook.html).toContain('Recorded overrides');
  expect(runbook.html).toContain(reason);
});
