/**
 * Another program writing to the workspace: reads never wait behind it, a save waits for the write
 * lock without blocking anything else and answers BUSY (never INTERNAL) when the lock stays taken,
 * long jobs commit in batches so saves get in between, the CLI survives it, and a job killed midway
 * (kill -9) leaves whole batches and whole files only. Real SQLite files and real child processes.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { siteFolderName } from '../../main/documents/bulk';
import { runCli } from '../../main/cli';
import { BUSY_MESSAGE } from '../../main/rpc/faults';
import { silentLogger } from '../../main/rpc/context';
import { openSession } from '../../main/session';
import { fixedClock, fullSite, openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const children: ChildProcess[] = [];
const connections: Database.Database[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const c of connections.splice(0)) if (c.open) c.close();
});

/** A second connection to the same file, as another program would have. */
function otherConnection(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 0');
  connections.push(db);
  return db;
}

/** Runs a TypeScript entry point of the project (the seed, the CLI) in a child process. */
function runTs(script: string, args: string[]): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return Object.assign(child, { output: () => output });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Waits (polling a read-only connection, as a reader would) until `test` holds; fails if the child ended first. */
async function waitUntil(file: string, child: ChildProcess, test: (db: Database.Database) => boolean): Promise<void> {
  for (;;) {
    if (fs.existsSync(file)) {
      const db = new Database(file, { readonly: true });
      try {
        if (test(db)) return;
      } catch {
        // the file is being created
      } finally {
        db.close();
      }
    }
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the child ended before the awaited state');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const count = (db: Database.Database, table: string) => (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;

async function sites(ws: TestWorkspace, n: number): Promise<string[]> {
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await ws.call('sites.create', { clientId: client.id, ...fullSite, name: `Shop ${i}`, productionUrl: `https://shop${i}.northwind.test` })).id);
  return ids;
}

describe('another program holds the write lock', () => {
  it('reads answer at once, a save answers BUSY after its retries (nothing written), and succeeds once the lock is free', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    // A real other process: it takes the write lock and keeps it until told to commit.
    const holder = spawn(
      process.execPath,
      ['-e', `const db = new (require('better-sqlite3'))(process.argv[1]); db.prepare('BEGIN IMMEDIATE').run(); db.prepare("UPDATE clients SET notes = 'held' WHERE 1 = 0").run(); console.log('locked'); process.stdin.once('data', () => { db.prepare('COMMIT').run(); console.log('committed'); });`, ws.file],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    children.push(holder);
    const said = (word: string) => new Promise<void>((resolve) => holder.stdout!.on('data', (d: Buffer) => d.toString().includes(word) && resolve()));
    await said('locked');

    let saveAnswered = false;
    const save = ws.session.dispatch('sites.create', { clientId: client.id, ...fullSite }).then((r) => {
      saveAnswered = true;
      return r;
    });
    // While the save waits for the lock, reads on the same session answer.
    const list = await ws.session.dispatch('sites.list', {});
    const got = await ws.session.dispatch('clients.get', { id: client.id });
    expect(list.ok && got.ok).toBe(true);
    expect(saveAnswered).toBe(false);

    expect(await save).toEqual({ ok: false, error: { code: 'BUSY', message: BUSY_MESSAGE, details: { fault: 'SQLITE_BUSY' } } });
    expect(ws.count('sites')).toBe(0);

    holder.stdin!.write('commit\n');
    await said('committed');
    const site = await ws.call('sites.create', { clientId: client.id, ...fullSite });
    expect(site.name).toBe(fullSite.name);
    expect(ws.count('sites')).toBe(1);
  });

  it('a save waiting for the lock goes through once the other writer commits, exactly once', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const logBefore = ws.count('change_log');
    const other = otherConnection(ws.file);
    other.prepare('BEGIN IMMEDIATE').run();
    const save = ws.session.dispatch('sites.create', { clientId: client.id, ...fullSite });
    setTimeout(() => other.prepare('COMMIT').run(), 300);
    const r = await save;
    expect(r.ok).toBe(true);
    expect(ws.count('sites')).toBe(1);
    const created = ws.session.workspace.sqlite.prepare("SELECT count(*) AS n FROM change_log WHERE entity = 'site' AND action = 'create'").get() as { n: number };
    expect(created.n).toBe(1);
    expect(ws.count('change_log')).toBeGreaterThan(logBefore);
  });

  it('settings and branding wait for the lock the same way and answer BUSY, not INTERNAL', async () => {
    const ws = openTestWorkspace();
    const other = otherConnection(ws.file);
    other.prepare('BEGIN IMMEDIATE').run();
    const [settings, branding] = await Promise.all([
      ws.session.dispatch('settings.update', { timeZone: 'Europe/Berlin' }),
      ws.session.dispatch('branding.update', { agencyName: 'Brightpath', footer: '', logo: null, texts: {} }),
    ]);
    expect(settings).toMatchObject({ ok: false, error: { code: 'BUSY', message: BUSY_MESSAGE } });
    expect(branding).toMatchObject({ ok: false, error: { code: 'BUSY', message: BUSY_MESSAGE } });
    other.prepare('ROLLBACK').run();
    expect((await ws.session.dispatch('settings.update', { timeZone: 'Europe/Berlin' })).ok).toBe(true);
  });
});

describe('the CLI beside another writer', () => {
  it('reads never fail, and docs --all waits for the lock instead of aborting', async () => {
    const ws = openTestWorkspace();
    const ids = await sites(ws, 4);
    ws.session.close();
    const other = otherConnection(ws.file);
    other.prepare('BEGIN IMMEDIATE').run();
    const io = () => {
      const out: string[] = [];
      const err: string[] = [];
      return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
    };
    const info = io();
    expect(await runCli(['info', '--workspace', ws.file], info.io, {}, fixedClock())).toBe(0);
    expect(info.out).toContain('Clients: 1  Sites: 4  People: 0');
    const list = io();
    expect(await runCli(['sites', '--workspace', ws.file], list.io, {}, fixedClock())).toBeLessThan(2);
    expect(list.out.at(-1)).toBe('4 of 4 site(s)');
    expect(await runCli(['reminders', '--workspace', ws.file], io().io, {}, fixedClock())).toBeLessThan(2);

    // The other writer finishes a moment after the export started.
    setTimeout(() => other.prepare('COMMIT').run(), 400);
    const out = tempDir();
    const docs = io();
    expect(await runCli(['docs', '--workspace', ws.file, '--all', '--kind', 'rollback_plan', '--format', 'md', '--out', out], docs.io, {}, fixedClock())).toBe(1);
    expect(docs.err.filter((l) => !l.startsWith('Warning:'))).toEqual([]);
    expect(docs.out.at(-1)).toMatch(/^4 file\(s\) for 4 site\(s\) in .*, 4 draft\(s\) with missing parts/);
    expect(fs.readdirSync(out)).toHaveLength(ids.length);
  });

  it('docs stops with BUSY and the true count when the lock stays taken', async () => {
    const ws = openTestWorkspace();
    await sites(ws, 2);
    ws.session.close();
    const other = otherConnection(ws.file);
    other.prepare('BEGIN IMMEDIATE').run();
    const out = tempDir();
    const lines: string[] = [];
    const errs: string[] = [];
    const code = await runCli(['docs', '--workspace', ws.file, '--all', '--kind', 'rollback_plan', '--format', 'md', '--out', out], { out: (l) => lines.push(l), err: (l) => errs.push(l) }, {}, fixedClock());
    expect(code).toBe(2);
    expect(errs).toContain(`Stopped: ${BUSY_MESSAGE}`);
    expect(lines.at(-1)).toMatch(/^Stopped: 0 file\(s\) for 0 site\(s\) in /);
    // Nothing under a final name, nothing recorded.
    expect(fs.readdirSync(out, { recursive: true }).filter((n) => !String(n).includes('/.') && String(n).includes('.md'))).toEqual([]);
    other.prepare('ROLLBACK').run();
    expect(count(other, 'generated_documents')).toBe(0);
  });
});

describe('long jobs commit in batches', () => {
  it('saves succeed while the seed runs in another process, between its batches', { timeout: 240_000 }, async () => {
    const ws = openTestWorkspace();
    const seed = runTs('scripts/seed.ts', ['--sites', '40', '--batch', '5', '--workspace', ws.file]);
    await waitUntil(ws.file, seed, (db) => count(db, 'sites') > 0);
    const results: { ok: boolean; sitesSeen: number; error?: string }[] = [];
    for (let i = 0; seed.exitCode === null && i < 400; i++) {
      const r = await ws.session.dispatch('people.create', { name: `Saver ${i}`, email: `saver${i}@agency.test`, organisation: 'agency' });
      results.push({ ok: r.ok, sitesSeen: ws.count('sites'), ...(r.ok ? {} : { error: `${r.error.code}: ${r.error.message}` }) });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await exited(seed)).toEqual({ code: 0, signal: null });
    expect(seed.output()).toMatch(/^Seeded .*: \d+ clients, 40 sites/m);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    // Saves landed while seeding was under way, between its batches.
    expect(results.filter((r) => r.sitesSeen < 40).length).toBeGreaterThan(0);
    expect(ws.count('people')).toBeGreaterThanOrEqual(results.length);
  });

  it('a seed killed midway (kill -9) leaves a sound workspace with whole sites only', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'killed.sqlite');
    const seed = runTs('scripts/seed.ts', ['--sites', '400', '--batch', '10', '--workspace', file]);
    await waitUntil(file, seed, (db) => count(db, 'sites') >= 10);
    seed.kill('SIGKILL');
    expect((await exited(seed)).signal).toBe('SIGKILL');

    const session = openSession(file, { log: silentLogger, clock: fixedClock() });
    try {
      const db = session.workspace.sqlite;
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const n = count(db, 'sites');
      expect(n).toBeGreaterThanOrEqual(10);
      expect(n).toBeLessThan(400);
      // Every committed site is whole: its history row and its planned review are there.
      const orphans = db.prepare(`SELECT count(*) AS n FROM sites s WHERE NOT EXISTS (SELECT 1 FROM change_log c WHERE c.entity = 'site' AND c.entity_id = s.id AND c.action = 'create')`).get() as { n: number };
      expect(orphans.n).toBe(0);
      const unplanned = db.prepare(`SELECT count(*) AS n FROM sites s WHERE NOT EXISTS (SELECT 1 FROM reviews r WHERE r.site_id = s.id)`).get() as { n: number };
      expect(unplanned.n).toBe(0);
      // And the workspace takes new work.
      expect((await session.dispatch('clients.create', { name: 'After the crash' })).ok).toBe(true);
    } finally {
      session.close();
    }
  });

  it('docs --all killed midway (kill -9) leaves only whole files, and history lists only files that exist', { timeout: 240_000 }, async () => {
    const ws = openTestWorkspace();
    const ids = await sites(ws, 30);
    const names = new Map(ids.map((id, i) => [id, `Shop ${i}`]));
    ws.session.close();
    const out = tempDir();
    const cli = runTs('main/cli.ts', ['docs', '--workspace', ws.file, '--all', '--format', 'md', '--format', 'html', '--out', out]);
    await waitUntil(ws.file, cli, (db) => count(db, 'generated_documents') >= 10);
    cli.kill('SIGKILL');
    expect((await exited(cli)).signal).toBe('SIGKILL');

    const db = new Database(ws.file);
    connections.push(db);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT site_id AS siteId, file_name AS fileName FROM generated_documents').all() as { siteId: string; fileName: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const r of rows) expect(fs.existsSync(path.join(out, siteFolderName(names.get(r.siteId)!, r.siteId), r.fileName)), r.fileName).toBe(true);
    const finals = fs
      .readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && !d.name.startsWith('.'))
      .map((d) => path.join(d.parentPath, d.name));
    expect(finals.length).toBeGreaterThanOrEqual(rows.length);
    // Every file under its final name is whole: the drafts end with their DRAFT mark, the HTML with its closing tag.
    for (const f of finals) expect(fs.readFileSync(f, 'utf8').trimEnd(), f).toMatch(f.endsWith('.html') ? /<\/html>$/ : /> \*\*DRAFT\*\*$/);
  });
});
