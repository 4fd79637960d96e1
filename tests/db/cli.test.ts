import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { fixedClock } from './helpers';

let dir: string;
let file: string;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-cli-'));
  file = path.join(dir, 'ws.sqlite');
  const s = openSession(file, { log: silentLogger, actor: 'cli test' });
  const client = await s.dispatch('clients.create', { name: 'Northwind' });
  if (!client.ok) throw new Error(client.error.message);
  const clientId = (client.value as { id: string }).id;
  await s.dispatch('sites.create', {
    clientId,
    name: 'Northwind Shop',
    productionUrl: 'https://shop.northwind.test',
    stagingUrl: 'https://staging.northwind.test',
    sophmateVersion: '2.4.1',
    wordpressVersion: '6.6.2',
    phpVersion: '8.2',
    activeTheme: 'Storefront',
  });
  await s.dispatch('sites.create', { clientId, name: 'Northwind Blog', productionUrl: 'https://blog.northwind.test' });
  s.close();
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('rollout-workbench CLI on a real workspace file', () => {
  it('info prints counts and exits 0', async () => {
    const c = capture();
    expect(await runCli(['info', '--workspace', file], c.io)).toBe(0);
    expect(c.out).toContain('Sites: 2 active, 0 archived');
    expect(c.out).toContain('Clients: 1 active, 0 archived');
    expect(c.out).toContain('People: 0 active, 0 archived');
  });

  it('sites exits 1 when a listed site has an incomplete setup record, and names what is missing', async () => {
    const c = capture();
    expect(await runCli(['sites', '--workspace', file], c.io)).toBe(1);
    const text = c.out.join('\n');
    expect(text).toMatch(/Northwind Blog .*incomplete: Staging URL, SophMate version/);
    expect(text).toContain('2 of 2 site(s)');
  });

  it('sites --search --json filters and prints machine-readable output', async () => {
    const c = capture();
    await runCli(['sites', '--workspace', file, '--search', 'shop', '--json'], c.io);
    const parsed = JSON.parse(c.out.join('\n')) as { total: number; rows: { name: string }[] };
    expect(parsed.total).toBe(1);
    expect(parsed.rows[0]!.name).toBe('Northwind Shop');
  });

  it('exits 2 with a clear message for a missing workspace and never creates it', async () => {
    const c = capture();
    const missing = path.join(dir, 'nope.sqlite');
    expect(await runCli(['info', '--workspace', missing], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('does not exist');
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('exits 2 for a file that is not a workspace', async () => {
    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(junk, 'this is not a database, just some text that is long enough to matter');
    const c = capture();
    expect(await runCli(['info', '--workspace', junk], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('not a Rollout Workbench workspace');
  });

  it('refuses a zero-byte file and never turns it into a workspace', async () => {
    const empty = path.join(dir, 'empty.sqlite');
    fs.writeFileSync(empty, '');
    const c = capture();
    expect(await runCli(['info', '--workspace', empty], c.io)).toBe(2);
    expect(c.err.join('\n')).toBe(
      `${empty} is an empty file (0 bytes), not a workspace. Check the path; a new workspace is created in the app, never here. The file has not been changed.`,
    );
    expect(fs.statSync(empty).size).toBe(0);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('empty'))).toEqual(['empty.sqlite']);
  });

  it("refuses another application's SQLite database and leaves it byte-for-byte as it was", async () => {
    const other = path.join(dir, 'crm.db');
    const db = new Database(other);
    db.pragma('journal_mode = DELETE');
    db.exec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('Ann')");
    db.close();
    const before = fs.readFileSync(other);
    const mtime = fs.statSync(other).mtimeMs;
    const c = capture();
    expect(await runCli(['sites', '--workspace', other], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain(`${other} is not a Rollout Workbench workspace: it holds 1 table(s) of another application (contacts)`);
    expect(fs.readFileSync(other).equals(before)).toBe(true);
    expect(fs.statSync(other).mtimeMs).toBe(mtime);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('crm'))).toEqual(['crm.db']);
  });

  it('says on one stderr line when it migrated a workspace and where the backup is', async () => {
    const db = new Database(file);
    db.pragma('application_id = 0');
    db.close();
    const c = capture();
    expect(await runCli(['info', '--workspace', file], c.io)).toBe(0);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(
      new RegExp(
        `^Migrated ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} to this app version \\(schema version \\d+ → \\d+\\); the backup is .*ws\\.sqlite\\.bak-.*-before-migration\\.$`,
      ),
    );
    const backup = c.err[0]!.match(/the backup is (.*)\.$/)![1]!;
    expect(fs.statSync(backup).size).toBeGreaterThan(0);
    // The next run has nothing to migrate and says nothing.
    const again = capture();
    expect(await runCli(['info', '--workspace', file], again.io)).toBe(0);
    expect(again.err).toEqual([]);
  });

  it('opens a read-only workspace read-only (a chmod 0444 file, or --read-only) and says so', async () => {
    const flagged = capture();
    expect(await runCli(['info', '--workspace', file, '--read-only'], flagged.io)).toBe(0);
    expect(flagged.out.join('\n')).toContain('Read-only: it was opened read-only (changes cannot be saved)');
    fs.chmodSync(file, 0o444);
    const c = capture();
    expect(await runCli(['info', '--workspace', file, '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out.join('\n'))).toMatchObject({ readOnly: true, readOnlyReason: 'the file is marked read-only', counts: { sites: 2 } });
  });

  it('exits 2 on an unknown command or a bad --limit', async () => {
    const a = capture();
    expect(await runCli(['frobnicate', '--workspace', file], a.io)).toBe(2);
    expect(a.err.join('\n')).toContain('Unknown command "frobnicate"');
    const b = capture();
    expect(await runCli(['sites', '--workspace', file, '--limit', 'lots'], b.io)).toBe(2);
    expect(b.err.join('\n')).toContain('--limit must be a whole number');
  });
});

describe('rollout-workbench reminders and ics', () => {
  const clock = fixedClock('2026-03-10T08:00:00Z');

  /** Two sites on 1 March (Europe/London): one first-week review due 8 March, one site's initial setup done. */
  async function reviewWorkspace() {
    const f = path.join(dir, 'reviews.sqlite');
    const c = fixedClock('2026-03-01T10:00:00Z');
    const s = openSession(f, { log: silentLogger, actor: 'cli test', clock: c });
    const call = async (channel: string, input: unknown) => {
      const r = await s.dispatch(channel, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as { id: string; version: number; reviews: { id: string; version: number; kind: string }[] };
    };
    await call('settings.update', { timeZone: 'Europe/London' });
    const client = await call('clients.create', { name: 'Northwind' });
    const ann = await call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
    const shop = await call('sites.create', { clientId: client.id, name: 'Northwind Shop', productionUrl: 'https://shop.northwind.test' });
    const blog = await call('sites.create', { clientId: client.id, name: 'Northwind Blog', productionUrl: 'https://blog.northwind.test' });
    await call('owners.assign', { siteId: blog.id, responsibility: 'primary', ownerId: ann.id });
    const blogInitial = (await call('reviews.forSite', { siteId: blog.id })).reviews[0]!;
    await call('reviews.complete', { id: blogInitial.id, version: blogInitial.version, notes: 'Checked' });
    const fresh = await call('sites.get', { id: shop.id });
    await call('sites.changeStage', { siteId: shop.id, version: fresh.version, to: 'pilot', overrideReason: 'Staging pilot agreed with the client' });
    s.close();
    return f;
  }

  it('prints overdue and due reviews and exits 1 when something is overdue', async () => {
    const f = await reviewWorkspace();
    const c = capture();
    expect(await runCli(['reminders', '--workspace', f], c.io, {}, clock)).toBe(1);
    expect(c.out).toEqual([
      'Reviews on 2026-03-10 (Europe/London): 2 overdue, 0 due today',
      '',
      'No owner: 2 overdue',
      '  2026-03-01  Northwind Shop (Northwind)  Initial setup review  9 days overdue',
      '              The site was created. No escalation owner assigned.',
      '  2026-03-08  Northwind Shop (Northwind)  First-week review  2 days overdue',
      '              The pilot started on 2026-03-01.',
    ]);
  });

  it("--owner keeps one owner's reviews, --within adds upcoming ones, --json is machine-readable; exit 0 when nothing is overdue", async () => {
    const f = await reviewWorkspace();
    const a = capture();
    expect(await runCli(['reminders', '--workspace', f, '--owner', 'ANN@agency.test', '--within', '13w'], a.io, {}, clock)).toBe(0);
    expect(a.out[0]).toBe('Reviews on 2026-03-10 (Europe/London): 0 overdue, 0 due today, 1 upcoming within 91 days');
    expect(a.out.slice(1)).toEqual([
      '',
      'Ann Lee <ann@agency.test>: 1 upcoming',
      '  2026-06-01  Northwind Blog (Northwind)  Periodic review  in 83 days',
      '              Cadence every quarter.',
    ]);
    const b = capture();
    expect(await runCli(['reminders', '--workspace', f, '--json'], b.io, {}, clock)).toBe(1);
    const json = JSON.parse(b.out.join('\n')) as { today: string; overdue: { siteName: string; kind: string; daysLate: number }[] };
    expect(json.today).toBe('2026-03-10');
    expect(json.overdue.map((r) => [r.siteName, r.kind, r.daysLate])).toEqual([
      ['Northwind Shop', 'initial_setup', 9],
      ['Northwind Shop', 'first_week', 2],
    ]);
  });

  it('exits 2 with the fix for a bad --within, an unknown --owner, or ics without --out', async () => {
    const f = await reviewWorkspace();
    const a = capture();
    expect(await runCli(['reminders', '--workspace', f, '--within', 'soon'], a.io, {}, clock)).toBe(2);
    expect(a.err.join('\n')).toBe('--within: “soon” is not a period: write it like 7d (days) or 2w (weeks).');
    const b = capture();
    expect(await runCli(['reminders', '--workspace', f, '--owner', 'nobody@x.test'], b.io, {}, clock)).toBe(2);
    expect(b.err.join('\n')).toContain('nobody in this workspace has the email nobody@x.test');
    const c = capture();
    expect(await runCli(['ics', '--workspace', f], c.io, {}, clock)).toBe(2);
    expect(c.err.join('\n')).toContain('--out FILE is required');
    const d = capture();
    fs.writeFileSync(path.join(dir, 'a-file'), 'in the way');
    expect(await runCli(['ics', '--workspace', f, '--out', path.join(dir, 'a-file', 'x.ics')], d.io, {}, clock)).toBe(2);
    expect(d.err.join('\n')).toBe(
      `--out: cannot use the folder ${path.join(dir, 'a-file')}: it is a file, not a folder. Name a folder (it is created when missing), or move the file away.`,
    );
  });

  it('ics writes a calendar an iCalendar parser reads, and the same UIDs on a second export', async () => {
    const f = await reviewWorkspace();
    const out = path.join(dir, 'reviews.ics');
    const c = capture();
    expect(await runCli(['ics', '--workspace', f, '--out', out], c.io, {}, clock)).toBe(0);
    expect(c.out[0]).toBe(`Wrote 4 review event(s) to ${out}`);
    const read = () =>
      new ICAL.Component(ICAL.parse(fs.readFileSync(out, 'utf8')))
        .getAllSubcomponents('vevent')
        .map((v) => new ICAL.Event(v))
        .map((e) => `${e.uid} ${e.startDate.toString()} ${e.summary}`)
        .sort();
    const first = read();
    expect(first).toHaveLength(4);
    // Overdue on 10 March: shown on that day, not on the day it fell due.
    expect(first.some((l) => l.endsWith('2026-03-10 Overdue since 2026-03-08: First-week review: Northwind Shop'))).toBe(true);
    expect(await runCli(['ics', '--workspace', f, '--out', out], capture().io, {}, clock)).toBe(0);
    expect(read()).toEqual(first);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the installed command', () => {
  it('bin/rollout-workbench.mjs runs the compiled build under plain Node, prints the digest and exits 1 for overdue reviews', async () => {
    const f = path.join(dir, 'bin.sqlite');
    // Reviews planned in March 2026 are overdue by the real clock this test runs on.
    const s = openSession(f, { log: silentLogger, actor: 'cli test', clock: fixedClock('2026-03-01T10:00:00Z') });
    const client = await s.dispatch('clients.create', { name: 'Northwind' });
    if (!client.ok) throw new Error(client.error.message);
    await s.dispatch('sites.create', { clientId: (client.value as { id: string }).id, name: 'Northwind Shop', productionUrl: 'https://shop.northwind.test' });
    s.close();
    const bin = path.resolve(__dirname, '../../bin/rollout-workbench.mjs');
    const r = spawnSync(process.execPath, [bin, 'reminders', '--workspace', f], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /^Reviews on \d{4}-\d{2}-\d{2} \(.+\): 1 overdue, 0 due today\n\nNo owner: 1 overdue\n {2}2026-03-01 {2}Northwind Shop \(Northwind\) {2}Initial setup review/,
    );
    const out = path.join(dir, 'bin.ics');
    const ics = spawnSync(process.execPath, [bin, 'ics', '--workspace', f, '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(ics.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('SUMMARY:Overdue since 2026-03-01: Initial setup review: Northwind Shop');
  }, 90_000);
});
