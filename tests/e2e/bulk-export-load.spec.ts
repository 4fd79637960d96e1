/**
 * A long bulk export on the 2,000-site portfolio: the page stays within a few requests however many
 * files are written (no refetch per file), Cancel reaches the job and stops it with only whole,
 * recorded files, and closing the page that started an export ends it.
 */
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type WebApp } from './fixtures';

test.use({ seedSites: 2000 });
// Copying the 2,000-site workspace, starting the harness and the first load of its Sites list take
// most of a minute on a busy machine; the export itself is cancelled early.
test.describe.configure({ timeout: 90_000 });

/** The sites in the Planning stage of the seeded portfolio (about 340 of 2,000; the seed follows today's date). */
async function planningSites(app: WebApp): Promise<number> {
  return (await app.rpc<{ total: number }>('sites.list', { stages: ['planning'], limit: 1 })).total;
}

/** Files under their final names in the export folder (never the hidden temporary ones). */
function filesOnDisk(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.startsWith('.'))
    .map((d) => path.join(d.parentPath, d.name));
}

function recordedDocuments(app: WebApp): number {
  const db = new Database(app.workspace, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM generated_documents').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

interface JobDone {
  jobId: string;
  sites: number;
  files: number;
  cancelled: boolean;
  error: string | null;
}

/** The harness's event stream, as another window would see it (it belongs to no page, so nothing of it is cancelled). */
function listenToEvents(app: WebApp) {
  const events: { event: string; data: unknown }[] = [];
  const controller = new AbortController();
  void (async () => {
    const res = await fetch(`${app.origin}/events?token=${app.token}`, { signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const chunk = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(chunk)?.[1];
        const data = /^data: (.*)$/m.exec(chunk)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  })().catch(() => undefined);
  return {
    done: () => events.find((e) => e.event === 'job.done')?.data as JobDone | undefined,
    close: () => controller.abort(),
  };
}

/**
 * Every document of every site: an export long enough that a cancel or a closed page always lands
 * while it runs, however fast exports get (a test must not depend on the export being slow per site).
 */
const ALL_DOCUMENTS = ['Rollback plan', 'Support path', 'SOP pack', 'Handover runbook'];

/** Opens the Planning sites and the export dialog, with Markdown only and the given documents. */
async function openExport(app: WebApp, page: Page, documents: string[]) {
  const total = await planningSites(app);
  await app.open(page, `/sites?stage=planning`);
  await expect(page.getByTestId('sites-total')).toHaveText(`${total.toLocaleString('en-US')} sites`);
  await page.getByRole('button', { name: 'Export documents…' }).click();
  const dialog = page.getByRole('dialog', { name: `Export documents of ${total} sites (filtered)` });
  await dialog.getByRole('checkbox', { name: 'PDF' }).uncheck();
  await dialog.getByRole('checkbox', { name: 'Markdown' }).check();
  for (const name of ['Rollback plan', 'Support path', 'SOP pack', 'Handover runbook']) {
    const box = dialog.getByRole('checkbox', { name, exact: true });
    if (documents.includes(name)) await box.check();
    else await box.uncheck();
  }
  return { dialog, total };
}

/** Sites complete so far, read from the progress line ("37 of 342 sites, …"). */
async function sitesDone(page: Page): Promise<number> {
  const text = (await page.getByTestId('export-progress').textContent()) ?? '';
  return Number(/^(?:Cancelling… )?([\d,]+) of/.exec(text)?.[1]?.replace(/,/g, '') ?? -1);
}

test('exporting the ~340 Planning sites keeps the page to a few requests, and Cancel stops the job with only whole, recorded files', async ({ app, page }) => {
  const requests: string[] = [];
  const failed: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  const recordedBefore = recordedDocuments(app);

  const { dialog, total } = await openExport(app, page, ALL_DOCUMENTS);
  const beforeExport = requests.length;
  await dialog.getByRole('button', { name: 'Choose folder and export' }).click();
  const progress = page.getByRole('dialog', { name: `Export documents of ${total} sites (filtered)` });
  // Answered once the ids of the listed sites are read and the job has started.
  await expect(progress.getByRole('progressbar', { name: 'Export progress' })).toBeVisible({ timeout: 30_000 });

  // Closing the dialog lets the export run on, shown in the corner of the window with a way back.
  await progress.getByRole('button', { name: 'Run in background' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  const corner = page.getByRole('region', { name: 'Document export' });
  await expect(corner.getByTestId('export-progress-corner')).toHaveText(new RegExp(`^\\d+ of ${total} sites, \\d+ files? written\\. Now: `));
  await corner.getByRole('button', { name: 'Show' }).click();
  // Far enough for a refetch per file to show (it used to cost six requests per file, and the page ran
  // out of connections after about 30 sites), short enough for a busy machine.
  await expect.poll(() => sitesDone(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
  expect(failed).toEqual([]);

  const refreshed = page.waitForResponse((r) => r.url().includes('/rpc/sites.list'));
  await progress.getByRole('button', { name: 'Cancel export' }).click();
  await expect(progress.getByTestId('export-progress')).toHaveText(
    new RegExp(`^Cancelled: \\d+ of ${total} sites complete, \\d+ files written \\(\\d+ drafts with missing parts\\)\\. Each file written is whole`),
  );
  const text = (await progress.getByTestId('export-progress').textContent())!;
  const [, sites, files] = /^Cancelled: (\d+) of \d+ sites complete, (\d+) files/.exec(text)!.map(Number);
  expect(sites).toBeGreaterThanOrEqual(20);
  expect(sites).toBeLessThan(total);

  // The job has stopped: what is on disk is exactly what history records and what the dialog says.
  expect(filesOnDisk(app.exportDir)).toHaveLength(files!);
  expect(recordedDocuments(app) - recordedBefore).toBe(files);
  // One refresh of what is on screen when the job ends, then the page is quiet.
  await refreshed;
  expect(filesOnDisk(app.exportDir)).toHaveLength(files!);
  expect(recordedDocuments(app) - recordedBefore).toBe(files);

  const duringExport = requests.slice(beforeExport);
  expect(duringExport.length, duringExport.join('\n')).toBeLessThan(30);
  expect(requests.length, requests.join('\n')).toBeLessThan(60);
  expect(failed).toEqual([]);

  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html.slice(0, 120)}`)).toEqual([]);
  await progress.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
});

test('closing the page that started an export ends the export', async ({ app, page }) => {
  const events = listenToEvents(app);
  try {
    const recordedBefore = recordedDocuments(app);
    const { dialog, total } = await openExport(app, page, ALL_DOCUMENTS);
    await dialog.getByRole('button', { name: 'Choose folder and export' }).click();
    await expect(page.getByRole('dialog', { name: `Export documents of ${total} sites (filtered)` }).getByTestId('export-progress')).toHaveText(
      new RegExp(`^\\d+ of ${total} sites`),
      { timeout: 30_000 },
    );
    await page.close();
    // The page is gone: its job ends without anyone pressing Cancel.
    await expect.poll(() => events.done(), { timeout: 30_000 }).toBeTruthy();
    const done = events.done()!;
    expect(done).toMatchObject({ cancelled: true, error: null });
    expect(done.sites).toBeLessThan(total);
    expect(filesOnDisk(app.exportDir)).toHaveLength(done.files);
    expect(recordedDocuments(app) - recordedBefore).toBe(done.files);
  } finally {
    events.close();
  }
});
