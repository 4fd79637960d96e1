/**
 * E2E fixtures: every test gets a fresh temp workspace served by the real web harness
 * (`main/web.ts`), started as a child process; "READY <url>" on stdout is the app-ready marker.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callOver, factories as factoriesFor, type Factories } from '../factories/index';
import { ReviewsPage, SitePage, SitesPage } from './pages/index';
import { copyTemplate, tsx } from './templates';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface WebApp {
  url: string;
  origin: string;
  token: string;
  workspace: string;
  /** The folder the harness exports documents into (--export-dir). */
  exportDir: string;
  /** Calls a channel over the HTTP transport, as the renderer does; throws on an error envelope. */
  rpc<T = unknown>(channel: string, input?: unknown): Promise<T>;
  /** Opens a hash route, e.g. '/sites'. */
  open(page: Page, route?: string): Promise<void>;
}

/**
 * `actor` is ROLLOUT_WORKBENCH_ACTOR for the harness: tests act as 'e2e tester' unless they pass null, which
 * starts the app as a user would, asking who they are on first start.
 */
export async function startWebApp(
  workspace: string,
  exportDir: string,
  actor: string | null = 'e2e tester',
  updateFeed: string | null = null,
): Promise<{ app: WebApp; child: ChildProcess }> {
  // RW_WEB_STATIC serves a renderer build from another folder (a build made beside a running one).
  const staticArgs = process.env.RW_WEB_STATIC ? ['--static', process.env.RW_WEB_STATIC] : [];
  // Passed with them: the recent workspaces list stays beside the test's workspace, never in the user's config folder.
  staticArgs.push('--config-dir', path.join(path.dirname(workspace), 'config'));
  // A stand-in release feed (tests/factories/update-feed.ts) the harness checks for updates.
  if (updateFeed) staticArgs.push('--update-feed', updateFeed);
  const child = spawn(tsx, [path.join(root, 'main/web.ts'), '--workspace', workspace, '--new', '--quiet', '--export-dir', exportDir, ...staticArgs], {
    cwd: root,
    env:
      actor === null
        ? Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'ROLLOUT_WORKBENCH_ACTOR'))
        : { ...process.env, ROLLOUT_WORKBENCH_ACTOR: actor },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web harness did not start in time:\n${out}\n${stderr}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web harness exited with ${code}:\n${out}\n${stderr}`));
    });
  });
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token')!;
  const origin = parsed.origin;
  const app: WebApp = {
    url,
    origin,
    token,
    workspace,
    exportDir,
    async rpc<T>(channel: string, input: unknown = {}) {
      const res = await fetch(`${origin}/rpc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
      if (!body.ok) throw new Error(`${channel}: ${body.error?.code} ${body.error?.message}`);
      return body.value as T;
    },
    async open(page: Page, route = '/') {
      await page.goto(`${origin}/?token=${token}#${route}`);
      // The first answers of a 2,000-site workspace can take long on a busy machine: wait for the
      // marker itself, within the test's own timeout, rather than for the short expect default.
      await expect(page.getByTestId('app-ready')).toBeAttached({ timeout: 60_000 });
    },
  };
  return { app, child };
}

interface Fixtures {
  /** Number of seeded sites in the test's workspace (one of TEMPLATE_SIZES); 0 for an empty workspace. */
  seedSites: number;
  /** ROLLOUT_WORKBENCH_ACTOR for the harness; null starts it as a user would (the app asks who they are). */
  actor: string | null;
  /** The release feed the harness checks for updates (`--update-feed`); null: the harness does not update itself. */
  updateFeed: string | null;
  app: WebApp;
  /** The test factories (tests/factories) calling the test's app over HTTP: `factories.buildSite()`. */
  factories: Factories;
  /** Page models (tests/e2e/pages) of the test's page and app. */
  sitesPage: SitesPage;
  sitePage: SitePage;
  reviewsPage: ReviewsPage;
}

export const test = base.extend<Fixtures>({
  seedSites: [0, { option: true }],
  actor: ['e2e tester', { option: true }],
  updateFeed: [null, { option: true }],
  app: async ({ seedSites, actor, updateFeed }, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-e2e-'));
    const workspace = path.join(dir, 'workspace.sqlite');
    if (seedSites > 0) copyTemplate(workspace, seedSites);
    const exportDir = path.join(dir, 'exports');
    fs.mkdirSync(exportDir);
    const { app, child } = await startWebApp(workspace, exportDir, actor, updateFeed);
    await use(app);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  },
  factories: async ({ app }, use) => {
    await use(factoriesFor(callOver(app)));
  },
  sitesPage: async ({ page, app }, use) => {
    await use(new SitesPage(page, app));
  },
  sitePage: async ({ page, app }, use) => {
    await use(new SitePage(page, app));
  },
  reviewsPage: async ({ page, app }, use) => {
    await use(new ReviewsPage(page, app));
  },
});

export { expect };
