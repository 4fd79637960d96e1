import { _electron as electron, expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function tempWorkspace(content?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-electron-'));
  const file = path.join(dir, 'workspace.sqlite');
  if (content !== undefined) fs.writeFileSync(file, content);
  return file;
}

test('the window opens on a workspace with a locked-down renderer', async () => {
  const app = await electron.launch({ args: [root, '--workspace', tempWorkspace()], cwd: root });
  const page = await app.firstWindow();
  await expect(page.getByTestId('app-ready')).toBeAttached({ timeout: 30_000 });
  expect(await page.evaluate(() => typeof (window as unknown as { workbench?: unknown }).workbench)).toBe('object');
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  // Navigation away from the app is refused.
  const before = page.url();
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  // The renderer reaches the workspace through the bridge.
  const info = await page.evaluate(() => (window as unknown as { workbench: { invoke(c: string, i: unknown): Promise<unknown> } }).workbench.invoke('workspace.info', {}));
  expect(info).toMatchObject({ ok: true });
  await app.close();
});

test('a damaged workspace shows the plain-words error before any window', async () => {
  const app = await electron.launch({ args: [root, '--workspace', tempWorkspace('not a database '.repeat(100))], cwd: root });
  // The error dialog is native; the app must not open its main window on a bad file.
  await new Promise((r) => setTimeout(r, 3000));
  const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
  expect(windows).toBe(0);
  await app.close();
});
