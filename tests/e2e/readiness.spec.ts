import { RESPONSIBILITIES } from '../../core/domain/responsibilities';
import { expect, test, type WebApp } from './fixtures';

interface Site { id: string; version: number; name: string }

async function pilotSite(app: WebApp, unverified: string[]) {
  const client = await app.rpc<{ id: string }>('clients.create', { name: 'Kestrel Cycles' });
  const site = await app.rpc<Site>('sites.create', {
    clientId: client.id, name: 'Kestrel Shop', productionUrl: 'https://shop.kestrel.test', stagingUrl: 'https://staging.kestrel.test',
    sophmateVersion: '2.4.1', wordpressVersion: '6.6.2', phpVersion: '8.2', activeTheme: 'Storefront',
  });
  const ann = await app.rpc<{ id: string }>('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  for (const r of RESPONSIBILITIES) {
    await app.rpc('owners.assign', { siteId: site.id, responsibility: r, ownerId: ann.id });
    if (!unverified.includes(r)) await app.rpc('owners.verify', { siteId: site.id, responsibility: r, verifiedById: ann.id });
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
  // Adoption needs the first-week review that the pilot planned.
  const { reviews } = await app.rpc<{ reviews: { id: string; version: number; kind: string }[] }>('reviews.forSite', { siteId: site.id });
  const firstWeek = reviews.find((r) => r.kind === 'first_week')!;
  await app.rpc('reviews.complete', { id: firstWeek.id, version: firstWeek.version, notes: 'First week reviewed with the team' });
  return site;
}

test('a site cannot move to adoption while an owner is unverified, and can after verification', async ({ app, page }) => {
  const site = await pilotSite(app, ['permissions']);
  await app.open(page, `/sites/${site.id}/readiness`);
  await expect(page.getByTestId('gate-invite_wider_team')).toContainText('The Permissions owner (Ann Lee) is not verified.');

  await page.getByRole('button', { name: 'Change stage' }).click();
  await page.getByRole('menuitem', { name: 'Adoption' }).click();
  await page.getByRole('button', { name: 'Move to Adoption' }).click();
  await expect(page.getByTestId('stage-blocked')).toContainText('Invite the wider team: The Permissions owner (Ann Lee) is not verified.');
  await page.getByRole('button', { name: 'Close' }).click();
  expect((await app.rpc<{ stage: string }>('sites.get', { id: site.id })).stage).toBe('pilot');

  await page.getByRole('tab', { name: 'Owners' }).click();
  await page.getByRole('button', { name: 'Verify Permissions owner' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Verified by' }).fill('Ann');
  await page.getByRole('option', { name: /Ann Lee/ }).click();
  await expect(dialog.getByRole('textbox', { name: 'Verified by' })).toHaveValue(/Ann Lee/);
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
