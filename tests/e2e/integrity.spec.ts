import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { expect, startWebApp, test } from './fixtures';

test('Verify workspace in Settings: every check passes on a clean workspace, and the section passes axe', async ({ app, page }) => {
  await app.rpc('clients.create', { name: 'Northwind' });
  await app.open(page, '/settings');
  await page.getByRole('button', { name: 'Verify workspace' }).click();
  const results = page.getByRole('list', { name: 'Verification results' });
  await expect(results.getByRole('listitem')).toHaveCount(4);
  await expect(results.getByText('Pass', { exact: true })).toHaveCount(4);
  await expect(page.getByRole('status')).toContainText('All checks passed.');
  await expect(results).toContainText('history guards are in place');
  const axe = await new AxeBuilder({ page }).include('[aria-labelledby="verify-workspace-title"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 120)}`)).toEqual([]);
});

test('history changed by an outside tool: Verify shows which checks fail, and reopening restores the guard and says so once', async ({ app, page }) => {
  await app.rpc('clients.create', { name: 'Northwind' });
  await app.rpc('clients.create', { name: 'Kestrel Cycles' });
  // An outside tool drops a guard and rewrites the first history row while the app has the file open.
  const outside = new Database(app.workspace);
  outside.exec('DROP TRIGGER change_log_no_update');
  outside.prepare('UPDATE change_log SET summary = ? WHERE seq = 1').run('Nothing to see');
  outside.close();

  await app.open(page, '/settings');
  await page.getByRole('button', { name: 'Verify workspace' }).click();
  const results = page.getByRole('list', { name: 'Verification results' });
  await expect(page.getByRole('status')).toContainText('Some checks failed.');
  await expect(results.getByText('Fail', { exact: true })).toHaveCount(2);
  await expect(results).toContainText('missing: change_log_no_update');
  await expect(results).toContainText('History was changed at row 1');
  await expect(results).toContainText('“Nothing to see”');

  // The same file opened again (another window of the harness): the guard is back and the app says so.
  const copyDir = fs.mkdtempSync(path.join(path.dirname(app.workspace), 'again-'));
  const { app: again, child } = await startWebApp(app.workspace, copyDir);
  try {
    await again.open(page, '/dashboard');
    const notice = page.getByRole('alert').filter({ hasText: 'This workspace was checked on opening' });
    await expect(notice).toContainText('The history guard “change_log_no_update” was missing (removed outside Rollout Workbench); it has been restored.');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toBeHidden();
    const check = new Database(app.workspace, { readonly: true });
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name = 'change_log_no_update'").get()).toEqual({ n: 1 });
    check.close();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});
