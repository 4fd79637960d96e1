/**
 * Another program writing to the workspace: reads never wait behind it, a save waits for the write
 * lock without blocking anything else and answers BUSY (never INTERNAL) when the lock stays taken,
 * long jobs commit in batches so saves get in between, the CLI survives it (opening puts off its own
 * writes with a notice rather than failing), and a job killed midway
 * (kill -9) leaves whole batches and whole files only. Real SQLite files and real child processes.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace, WorkspaceOpenError } from '@db/client';
import { siteFolderName } from '@main/documents/bulk';
import { runCli } from '@main/cli';
import { BUSY_MESSAGE } from '@main/rpc/faults';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
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

/**
 * Another process that takes the write lock and keeps it until told to commit (or, given `commitAfterMs`,
 * until its own timer fires: opening waits synchronously, so this side cannot tell it meanwhile).
 */
async function holdWriteLock(file: string, commitAfterMs?: number): Promise<{ commit(): Promise<void>; committed: Promise<void> }> {
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(process.argv[1]);
       const commit = () => { db.prepare('COMMIT').run(); console.log('committed'); };
       db.prepare('BEGIN IMMEDIATE').run(); db.prepare("UPDATE clients SET notes = 'held' WHERE 1 = 0").run(); console.log('locked');
       if (process.argv[2]) setTimeout(commit, Number(process.argv[2])); else process.stdin.once('data', commit);`,
      file,
      ...(commitAfterMs === undefined ? [] : [String(commitAfterMs)]),
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  children.push(holder);
  let output = '';
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => output.includes(word) && resolve();
      holder.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        check();
      });
      holder.once('exit', () => (output.includes(word) ? resolve() : reject(new Error(`the lock holder ended before saying ${word}`))));
      check();
    });
  const committed = said('committed');
  committed.catch(() => {});
  await said('locked');
  return {
    committed,
    commit: () => {
      holder.stdin!.write('commit\n');
      return committed;
    },
  };
}

const count = (db: Database.Database, table: string) => (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;

async function sites(ws: TestWorkspace, n: number): Promise<string[]> {
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await ws.call('sites.create', { clientId: client.id, ...fullSite, name: `Shop ${i}`, productionUrl: `https://shop${i}.northwind.test` })).id);
  return ids;
}

describe('another program holds the write lock', () => {
  it('reads answer at once, a save answers BUSY after its retries (nothing written), and succeeds once the lock is free', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    // A real other process: it takes the write lock and keeps it until told to commit.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]); db.prepare('BEGIN IMMEDIATE').run(); db.prepare("UPDATE clients SET notes = 'held' WHERE 1 = 0").run(); console.log('locked'); process.stdin.once('data', () => { db.prepare('COMMIT').run(); console.log('committed'); });`,
        ws.file,
      ],
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
    const created = ws.session.workspace.sqlite.prepare("SELECT count(*) AS n FROM change_log WHERE entity = 'site' AND action = 'create'").get() as {
      n: number;
    };
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
    expect(info.out).toContain('Sites: 4 active, 0 archived');
    expect(info.out).toContain('Clients: 1 active, 0 archived');
    const list = io();
    expect(await runCli(['sites', '--workspace', ws.file], list.io, {}, fixedClock())).toBeLessThan(2);
    expect(list.out.at(-1)).toBe('showing 1-4 of 4 site(s)');
    expect(await runCli(['reminders', '--workspace', ws.file], io().io, {}, fixedClock())).toBeLessThan(2);

    // The other writer finishes a moment after the export started.
    setTimeout(() => other.prepare('COMMIT').run(), 400);
    const out = tempDir();
    const docs = io();
    expect(await runCli(['docs', '--workspace', ws.file, '--all', '--kind', 'rollback_plan', '--format', 'md', '--out', out], docs.io, {}, fixedClock())).toBe(
      1,
    );
    // No error: a disk-space warning and the note naming who the export was recorded as are all it says.
    expect(docs.err.filter((l) => !l.startsWith('Warning:') && !l.startsWith('Note: changes are recorded as '))).toEqual([]);
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
    const code = await runCli(
      ['docs', '--workspace', ws.file, '--all', '--kind', 'rollback_plan', '--format', 'md', '--out', out],
      { out: (l) => lines.push(l), err: (l) => errs.push(l) },
      {},
      fixedClock(),
    );
    expect(code).toBe(2);
    expect(errs).toContain(`Stopped: ${BUSY_MESSAGE}`);
    expect(lines.at(-1)).toMatch(/^Stopped: 0 file\(s\) for 0 site\(s\) in /);
    // Nothing under a final name, nothing recorded.
    expect(fs.readdirSync(out, { recursive: true }).filter((n) => !String(n).includes('/.') && String(n).includes('.md'))).toEqual([]);
    other.prepare('ROLLBACK').run();
    expect(count(other, 'generated_documents')).toBe(0);
  });
});

describe('opening beside another writer, when opening has something to write', () => {
  const PUT_OFF = 'Another program is writing to this workspace; reviews will be planned at the next start.';
  const planned = (db: Database.Database, siteId: string) =>
    (db.prepare(`SELECT count(*) AS n FROM reviews WHERE site_id = ? AND kind IN ('initial_setup', 'periodic')`).get(siteId) as { n: number }).n;

  /** A workspace with two sites, one of which has lost its planned cadence review, so the next open plans it. */
  async function unplannedSite() {
    const ws = openTestWorkspace();
    const [first] = await sites(ws, 2);
    ws.session.workspace.sqlite.prepare(`DELETE FROM reviews WHERE site_id = ? AND kind IN ('initial_setup', 'periodic')`).run(first);
    ws.session.close();
    return { file: ws.file, siteId: first! };
  }

  it('the CLI’s info and verify answer with a notice, write nothing, and the reviews are planned at the next start', { timeout: 60_000 }, async () => {
    const { file, siteId } = await unplannedSite();
    const lock = await holdWriteLock(file);
    const logBefore = count(otherConnection(file), 'change_log');

    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await runCli(['info', '--workspace', file], io, {}, fixedClock())).toBe(0);
    expect(err).toEqual([PUT_OFF]);
    expect(out).toContain('Sites: 2 active, 0 archived');
    out.length = 0;
    err.length = 0;
    expect(await runCli(['verify', '--workspace', file], io, {}, fixedClock())).toBe(0);
    expect(err).toEqual([PUT_OFF]);
    expect(out.at(-1)).toBe('All checks passed.');

    const reader = otherConnection(file);
    expect(planned(reader, siteId)).toBe(0);
    expect(count(reader, 'change_log')).toBe(logBefore);

    await lock.commit();
    const session = openSession(file, { log: silentLogger, clock: fixedClock() });
    try {
      expect(session.workspace.notices).toEqual([]);
      expect(planned(session.workspace.sqlite, siteId)).toBe(1);
    } finally {
      session.close();
    }
  });

  it('the app opens too: reads and saves work, the notice is in workspace.info, and a save waits for the lock as always', async () => {
    const { file, siteId } = await unplannedSite();
    const lock = await holdWriteLock(file);
    const session = openSession(file, { log: silentLogger, clock: fixedClock(), openWriteWaitMs: 200 });
    try {
      const info = await session.dispatch('workspace.info', {});
      expect(info).toMatchObject({ ok: true, value: { notices: [PUT_OFF], counts: { sites: 2 } } });
      expect((await session.dispatch('sites.list', {})).ok).toBe(true);
      // The busy wait of opening is over: a save answers BUSY after its usual retries.
      expect(await session.dispatch('clients.create', { name: 'Contoso' })).toMatchObject({ ok: false, error: { code: 'BUSY', message: BUSY_MESSAGE } });
      await lock.commit();
      expect((await session.dispatch('clients.create', { name: 'Contoso' })).ok).toBe(true);
      expect(planned(session.workspace.sqlite, siteId)).toBe(0);
    } finally {
      session.close();
    }
  });

  it('a write at open waits for the lock and goes through once the other writer commits', { timeout: 60_000 }, async () => {
    const { file, siteId } = await unplannedSite();
    const lock = await holdWriteLock(file, 1000);
    const session = openSession(file, { log: silentLogger, clock: fixedClock() });
    try {
      await lock.committed;
      expect(session.workspace.notices).toEqual([]);
      expect(planned(session.workspace.sqlite, siteId)).toBe(1);
    } finally {
      session.close();
    }
  });

  it('a playbook update at open is put off the same way, and made at the next start', async () => {
    const ws = openTestWorkspace();
    ws.session.workspace.sqlite.prepare(`DELETE FROM sop_items WHERE kind = 'when_to_ask'`).run();
    const sopsBefore = ws.count('sop_versions');
    ws.session.close();
    const lock = await holdWriteLock(ws.file);
    const session = openSession(ws.file, { log: silentLogger, clock: fixedClock(), openWriteWaitMs: 200 });
    try {
      expect(session.workspace.notices).toEqual([
        'Another program is writing to this workspace; the playbook will be updated to the shipped version at the next start.',
      ]);
      expect(count(session.workspace.sqlite, 'sop_versions')).toBe(sopsBefore);
    } finally {
      session.close();
    }
    await lock.commit();
    const next = openSession(ws.file, { log: silentLogger, clock: fixedClock() });
    try {
      expect(next.workspace.notices).toEqual([]);
      expect(count(next.workspace.sqlite, 'sop_versions')).toBeGreaterThan(sopsBefore);
    } finally {
      next.close();
    }
  });

  it('a workspace without a playbook cannot be used without installing it: the open answers in BUSY’s words and writes nothing', async () => {
    const file = path.join(tempDir(), 'new.sqlite');
    // Created and migrated, but not yet given its playbook.
    openWorkspace(file).close();
    const lock = await holdWriteLock(file);
    let thrown: unknown;
    try {
      openSession(file, { log: silentLogger, clock: fixedClock(), openWriteWaitMs: 200 }).close();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(WorkspaceOpenError);
    expect(thrown).toMatchObject({ problem: 'locked', message: `Cannot open ${file}: ${BUSY_MESSAGE}` });
    expect(count(otherConnection(file), 'sop_versions')).toBe(0);
    await lock.commit();
    const session = openSession(file, { log: silentLogger, clock: fixedClock() });
    try {
      expect(count(session.workspace.sqlite, 'sop_versions')).toBeGreaterThan(0);
    } finally {
      session.close();
    }
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
      const orphans = db
        .prepare(
          `SELECT count(*) AS n FROM sites s WHERE NOT EXISTS (SELECT 1 FROM change_log c WHERE c.entity = 'site' AND c.entity_id = s.id AND c.action = 'create')`,
        )
        .get() as { n: number };
      expect(orphans.n).toBe(0);
      const unplanned = db.prepare(`SELECT count(*) AS n FROM sites s WHERE NOT EXISTS (SELECT 1 FROM reviews r WHERE r.site_id = s.id)`).get() as {
        n: number;
      };
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
