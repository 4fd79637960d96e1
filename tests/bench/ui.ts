/**
 * `npm run bench:ui [-- --workspace FILE] [--sites N] [--runs N] [--json FILE]`: how fast the UI shows
 * the Sites, Dashboard and Reviews pages on a large workspace, measured in Debian's Chromium against
 * the web harness (main/web.ts). Seeds the scale profile (10,000 sites unless told) or copies the
 * workspace given, builds the renderer into a temporary folder (or serves RW_WEB_STATIC), starts the
 * harness on the copy, and drives the browser with Playwright. Each page leaves a User Timing mark
 * `<page>:rendered` after the paint that first shows its data (renderer/src/lib/rendered-mark.ts);
 * the figures run from the start of an action (a navigation, a click on the sidebar, a key press in
 * the search) to that mark. For each figure it also prints how much of that time an RPC call was in
 * flight, and the same calls replayed over HTTP from here, so a slow figure says whether the time is
 * spent in the server or in the renderer. Prints median and p95 over the runs and writes them as JSON
 * (reports/bench-ui.json unless --json says where). Prints figures; asserts nothing.
 */
import Database from 'better-sqlite3';
import { chromium, type Page, type Request } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Report, time } from './lib';

const root = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const SECTION = 'ui';
/** Typed into the Sites search one key at a time; each key is one sample. */
const SEARCH = 'garden';

interface Harness {
  origin: string;
  token: string;
  url: string;
  child: ChildProcess;
}

function buildRenderer(dir: string): string {
  if (process.env.RW_WEB_STATIC) return path.resolve(process.env.RW_WEB_STATIC);
  const out = path.join(dir, 'web');
  const r = spawnSync(bin('vite'), ['build', '--config', 'vite.web.config.ts', '--logLevel', 'error', '--outDir', out, '--emptyOutDir'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`The renderer build failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

async function startHarness(workspace: string, staticDir: string): Promise<Harness> {
  const child = spawn(bin('tsx'), [path.join(root, 'main/web.ts'), '--workspace', workspace, '--quiet', '--static', staticDir], {
    cwd: root,
    // Acting as someone, so the page does not ask who you are first.
    env: { ...process.env, ROLLOUT_WORKBENCH_ACTOR: 'bench' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The web harness did not start within 120 s:\n${out}\n${err}`)), 120_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The web harness exited with ${code}:\n${out}\n${err}`));
    });
  });
  const parsed = new URL(url);
  return { origin: parsed.origin, token: parsed.searchParams.get('token')!, url, child };
}

/** One RPC call the page made: its channel and its body as sent. */
interface Call {
  channel: string;
  body: string;
}

/** What one measured action took, read from the page's timeline. */
interface Measured {
  /** From the action's start to the mark, in ms. */
  ms: number;
  /** Of which some RPC call was in flight, in ms. */
  rpcMs: number;
  /** From the action's start to the DOM holding the data (before its paint), in ms. */
  commitMs: number;
  /** CPU time the browser's page processes used meanwhile, in ms (a shared machine stretches wall time, not this). */
  cpuMs: number;
  calls: Call[];
}

/**
 * In the page: resolves when a `<page>:rendered` mark whose input matches `search` (when given)
 * appears after `since`, with the time from `since` and the time RPC calls were in flight in between.
 */
async function waitForRendered(page: Page, name: string, since: number | 'navigation' | 'key', search?: string): Promise<Omit<Measured, 'calls' | 'cpuMs'>> {
  return page.evaluate(
    async ({ name, since, search }) => {
      const start = since === 'navigation' ? 0 : since === 'key' ? (performance.getEntriesByName('bench:key', 'mark').at(-1)?.startTime ?? Number.NaN) : since;
      const found = () =>
        performance.getEntriesByName(`${name}:rendered`, 'mark').find((m) => {
          const detail = (m as PerformanceMark).detail as { input: { search?: string } | null; committedAt: number } | null;
          return m.startTime >= start && (search === undefined || (detail?.input?.search ?? '') === search);
        }) as PerformanceMark | undefined;
      const mark = await new Promise<PerformanceMark>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}:rendered did not appear within 60 s`)), 60_000);
        const check = () => {
          const m = found();
          if (!m) return;
          clearTimeout(timer);
          observer.disconnect();
          resolve(m);
        };
        const observer = new PerformanceObserver(check);
        observer.observe({ type: 'mark' });
        check();
      });
      // The union of the intervals in which an RPC call was in flight, clipped to the action.
      const spans = performance
        .getEntriesByType('resource')
        .map((r) => r as PerformanceResourceTiming)
        .filter((r) => r.name.includes('/rpc/'))
        .map((r) => [Math.max(r.startTime, start), Math.min(r.responseEnd, mark.startTime)] as const)
        .filter(([a, b]) => b > a)
        .sort((x, y) => x[0] - y[0]);
      let rpcMs = 0;
      let end = -Infinity;
      for (const [a, b] of spans) {
        if (b <= end) continue;
        rpcMs += b - Math.max(a, end);
        end = b;
      }
      const committedAt = (mark.detail as { committedAt: number }).committedAt;
      return { ms: mark.startTime - start, rpcMs, commitMs: committedAt - start };
    },
    { name, since, search },
  );
}

/** Clears the page's timeline and returns the start time of the action about to happen. */
async function resetTimeline(page: Page): Promise<number> {
  return page.evaluate(() => {
    performance.clearMarks();
    performance.clearResourceTimings();
    return performance.now();
  });
}

/** CPU time used so far by each of the browser's page (renderer) processes, in ms by process id. */
let rendererCpu: () => Promise<Map<number, number>> = () => Promise.resolve(new Map());

/** CPU time used between two readings (a process started meanwhile counts from zero). */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [id, t] of after) ms += t - (before.get(id) ?? 0);
  return ms;
}

/** Records the RPC calls the page makes while `fn` runs, and the CPU time its processes use. */
async function observe<T extends Omit<Measured, 'calls' | 'cpuMs'>>(page: Page, fn: () => Promise<T>): Promise<T & { calls: Call[]; cpuMs: number }> {
  const calls: Call[] = [];
  const listener = (req: Request) => {
    const m = /\/rpc\/([\w.]+)/.exec(req.url());
    if (m) calls.push({ channel: m[1]!, body: req.postData() ?? '{}' });
  };
  page.on('request', listener);
  try {
    const cpuBefore = await rendererCpu();
    const r = await fn();
    return { ...r, calls, cpuMs: cpuBetween(cpuBefore, await rendererCpu()) };
  } finally {
    page.off('request', listener);
  }
}

async function load(page: Page, h: Harness, route: string, name: string): Promise<Measured> {
  await page.goto('about:blank');
  return observe(page, async () => {
    await page.goto(`${h.origin}/?token=${h.token}#${route}`);
    return waitForRendered(page, name, 'navigation');
  });
}

/** A click on the sidebar link to `route`, as a user moves from page to page. */
async function routeChange(page: Page, route: string, name: string): Promise<Measured> {
  return observe(page, async () => {
    const start = await resetTimeline(page);
    await page.evaluate((route) => {
      performance.mark('bench:start');
      const link = document.querySelector<HTMLAnchorElement>(`nav a[href="#${route}"]`);
      if (!link) throw new Error(`No sidebar link to ${route}`);
      link.click();
    }, route);
    return waitForRendered(page, name, start);
  });
}

async function sitesRowElements(page: Page): Promise<{ rows: number; all: number }> {
  return page.evaluate(() => ({
    rows: document.querySelectorAll('[data-testid="sites-table-scroll"] tr').length,
    all: document.querySelectorAll('tr').length,
  }));
}

async function typeSearch(page: Page): Promise<Measured[]> {
  const out: Measured[] = [];
  await page.getByLabel('Search sites').click();
  for (let i = 1; i <= SEARCH.length; i++) {
    out.push(
      await observe(page, async () => {
        await resetTimeline(page);
        await page.keyboard.press(SEARCH[i - 1]!);
        return waitForRendered(page, 'sites', 'key', SEARCH.slice(0, i));
      }),
    );
  }
  return out;
}

/** The HTTP round trip of each call, made from here one after another (no page, no rendering). */
async function replay(h: Harness, calls: Call[], runs: number): Promise<number[]> {
  const distinct = [...new Map(calls.map((c) => [`${c.channel} ${c.body}`, c])).values()];
  const samples: number[] = [];
  for (const c of distinct) {
    const once = async () => {
      const res = await fetch(`${h.origin}/rpc/${c.channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
        body: c.body,
      });
      const body = (await res.json()) as { ok: boolean; error?: { message: string } };
      if (!body.ok) throw new Error(`${c.channel} ${c.body}: ${body.error?.message}`);
    };
    samples.push(...(await time(once, Math.max(3, Math.ceil(runs / distinct.length)), 1)));
  }
  return samples;
}

async function copyWorkspace(from: string, to: string): Promise<void> {
  // SQLite's backup API gives a consistent copy even when the source has a write-ahead log.
  const src = new Database(path.resolve(from), { readonly: true, fileMustExist: true });
  try {
    await src.backup(to);
  } finally {
    src.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      sites: { type: 'string', default: process.env.BENCH_SITES ?? '10000' },
      runs: { type: 'string', default: process.env.BENCH_UI_RUNS ?? '10' },
      json: { type: 'string', default: path.join('reports', 'bench-ui.json') },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`--runs must be a whole number of at least 1; got "${values.runs}".`);
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-bench-ui-'));
  const report = new Report();
  let harness: Harness | null = null;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  try {
    const file = path.join(dir, 'bench.sqlite');
    if (values.workspace) {
      await copyWorkspace(values.workspace, file);
      report.note(`workspace: a copy of ${values.workspace}`);
    } else {
      const { seedScale } = await import('../../scripts/seed/scale');
      const s = seedScale(file, { sites: Number(values.sites), seed: 7 });
      report.note(`seed (scale profile): ${s.sites} sites`);
    }
    const staticDir = buildRenderer(dir);
    harness = await startHarness(file, staticDir);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // tsx keeps function names with a helper the page lacks; the functions given to page.evaluate need it.
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    // The key press's own time, taken in the page as the event arrives.
    await context.addInitScript(() => {
      document.addEventListener('keydown', () => performance.mark('bench:key'), true);
      performance.setResourceTimingBufferSize(10_000);
    });
    const page = await context.newPage();
    const cdp = await browser.newBrowserCDPSession();
    rendererCpu = async () => {
      const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number; cpuTime: number }[] };
      return new Map(processInfo.filter((p) => p.type === 'renderer').map((p) => [p.id, p.cpuTime * 1000]));
    };
    const samples = new Map<string, Measured[]>();
    const rows: number[] = [];
    const allRows: number[] = [];
    const put = (label: string, m: Measured) => samples.set(label, [...(samples.get(label) ?? []), m]);
    // One untimed round first: the harness's statements are prepared and the browser has the bundle.
    for (let run = 0; run <= runs; run++) {
      const timed = run > 0;
      const keep = (label: string, m: Measured) => (timed ? put(label, m) : undefined);
      keep('Sites: open the app at #/sites', await load(page, harness, '/sites', 'sites'));
      const count = await sitesRowElements(page);
      if (timed) {
        rows.push(count.rows);
        allRows.push(count.all);
      }
      keep('Dashboard: from Sites (sidebar)', await routeChange(page, '/dashboard', 'dashboard'));
      keep('Reviews: from Dashboard (sidebar)', await routeChange(page, '/reviews', 'reviews'));
      keep('Dashboard: open the app at #/dashboard', await load(page, harness, '/dashboard', 'dashboard'));
      keep('Sites: from Dashboard (sidebar)', await routeChange(page, '/sites', 'sites'));
      for (const m of await typeSearch(page)) keep(`Sites: search, key press to new rows ("${SEARCH}" typed key by key)`, m);
      keep('Reviews: open the app at #/reviews', await load(page, harness, '/reviews', 'reviews'));
      process.stdout.write(timed ? `  run ${run} of ${runs} done\n` : '  warm-up run done\n');
    }

    const targets: Record<string, number> = {
      'Sites: open the app at #/sites': 500,
      'Sites: from Dashboard (sidebar)': 500,
      [`Sites: search, key press to new rows ("${SEARCH}" typed key by key)`]: 50,
      'Dashboard: from Sites (sidebar)': 300,
      'Reviews: from Dashboard (sidebar)': 300,
    };
    for (const [label, ms] of samples) {
      const target = targets[label];
      report.add(
        SECTION,
        label,
        ms.map((m) => m.ms),
        { ...(target !== undefined ? { target: { p95: target } } : {}), detail: 'start → first paint of the data' },
      );
      report.add(
        SECTION,
        `${label} · of which an RPC call was in flight`,
        ms.map((m) => m.rpcMs),
      );
      report.add(
        SECTION,
        `${label} · until the DOM holds the data (before its paint)`,
        ms.map((m) => m.commitMs),
      );
      report.add(
        SECTION,
        `${label} · CPU time of the page meanwhile`,
        ms.map((m) => m.cpuMs),
      );
      const calls = ms.flatMap((m) => m.calls);
      const channels = [...new Set(calls.map((c) => c.channel))];
      for (const channel of channels) {
        report.add(
          SECTION,
          `${label} · server: ${channel} (HTTP round trip, replayed alone)`,
          await replay(
            harness,
            calls.filter((c) => c.channel === channel),
            runs,
          ),
        );
      }
    }
    report.add(SECTION, 'Sites: <tr> elements in the Sites table after the first render', rows, { unit: 'rows', target: { p95: 200 } });
    report.add(SECTION, 'Sites: <tr> elements in the whole page', allRows, { unit: 'rows' });
    const summary = report.summary();
    report.note(`\n${summary.figures} figures; ${summary.met} of ${summary.withTarget} targets met.`);
    for (const miss of summary.notMet) report.note(`  not met: ${miss}`);
    fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    fs.writeFileSync(
      values.json,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          machine: { cpus: os.cpus().length, node: process.version, browser: browser.version() },
          figures: report.figures,
          summary,
        },
        null,
        2,
      ),
    );
    report.note(`JSON: ${values.json}`);
  } finally {
    await browser.close();
    if (harness) {
      const child = harness.child;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
