// Smoke tests of the real Electron app (built by `npm run build`). Run by run-if-available.mjs only on
// machines with an Electron binary and better-sqlite3 built for it.
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Launched {
  app: ElectronApplication;
  /** Everything the main process printed so far. */
  output: () => string;
}

/** Starts the app on `workspace` with its own user-data folder (own single-instance lock, no user settings). */
async function launch(workspace: string): Promise<Launched> {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-electron-user-'));
  const app = await electron.launch({ args: [root, `--user-data-dir=${userData}`, '--workspace', workspace], cwd: root });
  let text = '';
  app.process().stdout?.on('data', (d: Buffer) => (text += d.toString()));
  app.process().stderr?.on('data', (d: Buffer) => (text += d.toString()));
  return { app, output: () => text };
}

function tempWorkspace(content?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-electron-'));
  const file = path.join(dir, 'workspace.sqlite');
  if (content !== undefined) fs.writeFileSync(file, content);
  return file;
}

type Bridge = { workbench?: { invoke(channel: string, input: unknown): Promise<{ ok: boolean }> } };

test('the window opens on the workspace with a locked-down renderer', async () => {
  const workspace = tempWorkspace();
  const { app } = await launch(workspace);
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('app-ready')).toBeAttached({ timeout: 30_000 });
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible())).toBe(true);
    // The workspace was opened (and created) before the window showed; the title names it.
    expect(fs.existsSync(workspace)).toBe(true);
    await expect(page).toHaveTitle('workspace — Rollout Workbench');

    // Only the bridge reaches the page: no Node, no Electron.
    expect(await page.evaluate(() => typeof (window as Bridge).workbench)).toBe('object');
    expect(await page.evaluate(() => Object.keys((window as Bridge).workbench ?? {}).sort())).toEqual(['invoke', 'on']);
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');

    // The renderer reaches the workspace through the bridge.
    const info = await page.evaluate(() => (window as Bridge).workbench!.invoke('workspace.info', {}));
    expect(info).toMatchObject({ ok: true });

    // Navigating away and opening windows are refused; the app stays where it was.
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(1000);
    expect(page.url()).toBe(before);
    // http (not https): refused without handing it to the system browser.
    await page.evaluate(() => window.open('http://example.com/'));
    await page.waitForTimeout(500);
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
  }
});

test('reviews due are announced in the window, and a reminder click opens the Reviews page', async () => {
  const { app } = await launch(tempWorkspace());
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('app-ready')).toBeAttached({ timeout: 30_000 });
    await page.evaluate(async () => {
      const bridge = (window as Bridge).workbench!;
      const client = (await bridge.invoke('clients.create', { name: 'Smoke Client' })) as unknown as { value: { id: string } };
      await bridge.invoke('sites.create', { clientId: client.value.id, name: 'Smoke Shop', productionUrl: 'https://shop.smoke.test' });
    });
    await page.reload();
    await expect(page.getByText('Reviews: 1 due today')).toBeVisible();
    // What main sends when the user clicks the native notification (main/index.ts, openReviews).
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.send('workbench:event', 'navigate', { to: '/reviews' }));
    await expect(page.getByRole('heading', { name: 'Reviews', level: 2 })).toBeVisible();
    await expect(page.getByTestId('reviews-table')).toContainText('Smoke Shop');
  } finally {
    await app.close();
  }
});

test('a file that is not a workspace opens the window on the recovery screen and is left as it was', async () => {
  const content = 'not a database '.repeat(100);
  const workspace = tempWorkspace(content);
  const { app, output } = await launch(workspace);
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { level: 1, name: 'This file is not a workspace' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('recovery-problem')).toContainText('is not a Rollout Workbench workspace');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle())).toBe('workspace — Rollout Workbench — recovery');
    // The words also go to the log (support asks for them).
    expect(output()).toContain('This file is not a workspace');
    expect(fs.readFileSync(workspace, 'utf8')).toBe(content);
  } finally {
    await app.close();
  }
});
