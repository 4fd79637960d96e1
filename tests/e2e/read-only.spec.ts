import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, startWebApp, test } from './fixtures';

test('a read-only workspace opens with a banner on every page, and a save is refused as READ_ONLY', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-e2e-read-only-'));
  const workspace = path.join(dir, 'workspace.sqlite');
  const exportDir = path.join(dir, 'exports');
  fs.mkdirSync(exportDir);
  // First start creates the workspace (with one client); then the file is marked read-only.
  const first = await startWebApp(workspace, exportDir);
  await first.app.rpc('clients.create', { name: 'Kestrel Cycles' });
  first.child.kill('SIGTERM');
  await new Promise((r) => first.child.once('exit', r));
  fs.chmodSync(workspace, 0o444);
  const before = fs.readFileSync(workspace);

  const { app, child } = await startWebApp(workspace, exportDir);
  try {
    const banner = 'This workspace is read-only: the file is marked read-only. Changes cannot be saved.';
    for (const route of ['/dashboard', '/sites', '/clients', '/reviews', '/playbook', '/settings']) {
      await app.open(page, route);
      await expect(page.getByTestId('read-only-banner')).toHaveText(banner);
    }
    await app.open(page, '/clients');
    await expect(page.getByText('Kestrel Cycles')).toBeVisible();
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    const res = await fetch(`${app.origin}/rpc/clients.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` },
      body: JSON.stringify({ name: 'Contoso' }),
    });
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  expect(fs.readFileSync(workspace).equals(before)).toBe(true);
  fs.chmodSync(workspace, 0o644);
  fs.rmSync(dir, { recursive: true, force: true });
});
