/**
 * Main-process memory while serving the hot paths: the web harness (main/web.ts: the same session,
 * registry and worker pool as the Electron main process) is started as a child process on the bench's
 * workspace, compiled as the app ships (out/cli/web.js, see cli.build.mjs: no TypeScript loader), and
 * the hot channels are driven over its loopback HTTP transport as the pages call them: every page of
 * the Sites list (500 rows a page, two sorts and a search), the Dashboard, the Reviews list and summary,
 * the calendar of every review and documents of a few sites (Markdown and PDF). The child's resident
 * memory is read from /proc (all its threads, the worker threads included) after each step: the peak
 * (VmHWM) is held against the 400 MB target. Baseline: a bare Node process with better-sqlite3
 * opening the same file, running the quick check and reading every site row.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Section } from '../lib';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Resident memory of a process in MB: the peak so far and now (Linux /proc). */
function residentMb(pid: number): { peak: number; now: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

/** Starts the web harness and waits for its READY line; the answer holds its origin and token. */
async function startHarness(file: string, staticDir: string): Promise<{ child: ChildProcess; origin: string; token: string }> {
  // The launcher rebuilds out/cli (web.js with it) when it is missing or older than the sources.
  const built = spawnSync(process.execPath, [path.join(ROOT, 'bin/rollout-workbench.mjs'), '--help'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the compiled build could not be made:\n${built.stderr}`);
  const child = spawn(process.execPath, [path.join(ROOT, 'out/cli/web.js'), '--workspace', file, '--quiet', '--static', staticDir], {
    cwd: ROOT,
    env: { ...process.env, ROLLOUT_WORKBENCH_ACTOR: 'bench', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the web harness did not start within 120 s:\n${output}`)), 120_000);
    const read = (d: Buffer) => {
      output += d.toString();
      const m = /READY (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the web harness exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return { child, origin: parsed.origin, token: parsed.searchParams.get('token')! };
}

/** The resident memory a `node -e` script reports (MB). */
function memoryOf(script: string, file: string): number {
  const r = spawnSync(process.execPath, ['-e', script, file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.trim());
}

const section: Section = async ({ file, dir, report }) => {
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>bench</title>');
  const { child, origin, token } = await startHarness(file, staticDir);
  try {
    const rpc = async <T>(channel: string, input: unknown = {}): Promise<T> => {
      const res = await fetch(`${origin}/rpc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
      if (!body.ok) throw new Error(`${channel}: ${body.error?.code} ${body.error?.message}`);
      return body.value as T;
    };
    // Resident memory after each group of calls: where it grows, not only how far.
    const phases: string[] = [];
    const mark = (what: string) => phases.push(`${what} ${residentMb(child.pid!).now.toFixed(0)}`);
    mark('started');
    let calls = 0;
    const siteIds: string[] = [];
    for (const sort of ['name', 'ownerGaps'] as const) {
      for (let offset = 0; ; offset += 500) {
        const page = await rpc<{ rows: { id: string }[]; total: number }>('sites.list', { offset, limit: 500, sort });
        calls++;
        if (sort === 'name') siteIds.push(...page.rows.map((r) => r.id));
        if (offset + 500 >= page.total) break;
      }
    }
    for (const search of ['shop', 'a', 'nothing-matches-this']) {
      await rpc('sites.list', { search, limit: 100 });
      calls++;
    }
    mark('sites pages');
    for (let i = 0; i < 5; i++) {
      await rpc('dashboard.portfolio');
      await rpc('reviews.list', { states: ['due', 'overdue', 'upcoming'], limit: 1000 });
      await rpc('reviews.summary');
      calls += 3;
    }
    mark('dashboard+reviews');
    await rpc('reviews.calendar');
    calls++;
    mark('calendar');
    for (const siteId of siteIds.slice(0, 5)) {
      await rpc('documents.generate', { siteId, kind: 'handover_runbook', format: 'md' });
      await rpc('documents.generate', { siteId, kind: 'handover_runbook', format: 'pdf' });
      calls += 2;
    }
    mark('documents');
    const after = residentMb(child.pid!);
    const bare = memoryOf(
      `const Database = require('better-sqlite3'); const db = new Database(process.argv[1], { readonly: true });
       db.pragma('quick_check'); const rows = db.prepare('SELECT * FROM sites').all();
       console.log(process.memoryUsage().rss / 1024 / 1024 + rows.length * 0);`,
      file,
    );
    const nodeAlone = memoryOf(`console.log(process.memoryUsage().rss / 1024 / 1024)`, file);
    const detail = `${siteIds.length} sites listed; ${calls} calls; MB after each step: ${phases.join(', ')}`;
    report.value('memory', 'web harness (compiled) peak RSS (VmHWM) serving the hot paths', after.peak, 'MB', {
      target: { median: 400 },
      baseline: { label: 'bare Node + better-sqlite3: quick_check and every site row', value: bare },
      detail,
    });
    report.value('memory', 'web harness (compiled) RSS after the hot paths (VmRSS)', after.now, 'MB', { target: { median: 400 } });
    report.value('memory', 'Node alone, for scale', nodeAlone, 'MB');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
};

export default section;
