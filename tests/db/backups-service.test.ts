/**
 * The backups channels through the registry on real workspaces: listing, backing up (plain and
 * encrypted), the restore preview and its refusals, restoring through a stand-in host that records
 * what it was handed, retention through the settings, and the automatic daily backup.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPLOAD_CHUNK_CHARS } from '@core/contract/uploads';
import { backupsFolderOf, createBackup } from '@main/backups/index';
import { deriveContext, type HandlerContext, type WorkspaceHost } from '@main/rpc/context';
import { runAutomaticBackupIfDue } from '@main/services/backups-auto';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

const DAY = 24 * 60 * 60 * 1000;
const PASSPHRASE = 'correct horse battery staple';

/** A stand-in for the desktop shell or the web harness: records each replacement and reads the site names of the file it was handed. */
function recordingHost(ws: TestWorkspace) {
  const calls: { label: string; siteNames: string[] }[] = [];
  const host: WorkspaceHost = {
    replaceWorkspace: async (prepared, { label }) => {
      const db = new Database(prepared, { readonly: true, fileMustExist: true });
      try {
        calls.push({ label, siteNames: (db.prepare('SELECT name FROM sites ORDER BY name').all() as { name: string }[]).map((r) => r.name) });
      } finally {
        db.close();
      }
      return { safetyCopy: path.join(path.dirname(ws.file), 'safety copy.rwbackup') };
    },
  };
  ws.session.ctx.host = host;
  return calls;
}

/** Sends a file as the page does (base64 chunks of whole 4-character groups) and answers its upload id. */
async function upload(ws: TestWorkspace, file: string): Promise<string> {
  const bytes = fs.readFileSync(file);
  const { uploadId } = await ws.call('uploads.begin', { fileName: path.basename(file), size: bytes.length, encoding: 'base64' });
  const step = Math.floor(UPLOAD_CHUNK_CHARS / 4) * 3;
  for (let at = 0, seq = 0; at < bytes.length; at += step, seq++) {
    await ws.call('uploads.append', { uploadId, seq, text: bytes.subarray(at, at + step).toString('base64') });
  }
  await ws.call('uploads.finish', { uploadId });
  return uploadId;
}

/** The restore's private temporary folders there are now. */
const preparedFolders = () => new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('rollout-workbench-restore-')));
/** Those made since `before` and still there: a refused or finished restore leaves none. */
const leftSince = (before: Set<string>) => [...preparedFolders()].filter((n) => !before.has(n));

describe('backups.list and backups.create', () => {
  it('lists nothing at first, with the default settings and the folder beside the workspace', async () => {
    const ws = openTestWorkspace();
    const list = await ws.call('backups.list', {});
    expect(list).toEqual({ folder: backupsFolderOf(ws.file), entries: [], lastAutomatic: null, settings: { automatic: true, keepDaily: 14, keepWeekly: 8 } });
  });

  it('backs up to the backups folder with progress, and lists the backup', async () => {
    const ws = openTestWorkspace();
    await ws.factories.buildSite({ name: 'Alder Shop' });
    const events: { done: number; total: number }[] = [];
    ws.session.ctx.emit = (event, payload) => {
      if (event === 'backup.progress') events.push(payload as { done: number; total: number });
    };
    const made = await ws.call('backups.create', { destination: 'automatic' });
    expect(made).toMatchObject({ reason: 'manual', encrypted: false, schemaVersion: ws.session.ctx.schemaVersion });
    expect(path.dirname(made!.file)).toBe(backupsFolderOf(ws.file));
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)!.done).toBe(events.at(-1)!.total);
    const list = await ws.call('backups.list', {});
    expect(list.entries.map((e) => e.name)).toEqual([made!.name]);
    expect(list.lastAutomatic).toBeNull();
  });

  it('backs up to a chosen folder, answers null when the choice is cancelled, and refuses where no folder can be chosen', async () => {
    const ws = openTestWorkspace();
    const refusal = await ws.fail('backups.create', { destination: 'choose' });
    expect(refusal.code).toBe('REFUSED');
    expect(refusal.message).toMatch(/Back up to the backups folder instead/);
    ws.session.ctx.chooseFolder = async () => null;
    expect(await ws.call('backups.create', { destination: 'choose' })).toBeNull();
    const elsewhere = tempDir();
    const titles: string[] = [];
    ws.session.ctx.chooseFolder = async (title) => (titles.push(title), elsewhere);
    const made = await ws.call('backups.create', { destination: 'choose' });
    expect(titles).toEqual(['Back up to']);
    expect(path.dirname(made!.file)).toBe(elsewhere);
    expect(fs.existsSync(backupsFolderOf(ws.file)) ? fs.readdirSync(backupsFolderOf(ws.file)) : []).toEqual([]);
  });

  it('encrypts with a passphrase, which is never scanned as a secret nor sent back, and refuses a short one', async () => {
    const ws = openTestWorkspace();
    const secretLooking = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
    const made = await ws.call('backups.create', { destination: 'automatic', passphrase: secretLooking });
    expect(made!.encrypted).toBe(true);
    expect(JSON.stringify(made)).not.toContain(secretLooking);
    expect(fs.readFileSync(made!.file).includes(Buffer.from('SQLite format 3'))).toBe(false);
    const short = await ws.fail('backups.create', { destination: 'automatic', passphrase: 'short' });
    expect(short.code).toBe('INVALID_INPUT');
    expect(short.details?.issues).toEqual([{ path: 'passphrase', message: 'The passphrase must be at least 8 characters long.' }]);
    expect(JSON.stringify(short)).not.toContain('short"');
  });
});

describe('backups.inspect, backups.restore and backups.discard', () => {
  it('previews a backup, and restores it through the host: the record damaged since is back as it was', async () => {
    const ws = openTestWorkspace();
    const before = preparedFolders();
    const site = await ws.factories.buildSite({ name: 'Birch Market', host: 'Kinsta' });
    await ws.factories.buildSite({ name: 'Cedar Books' });
    const made = await ws.call('backups.create', { destination: 'automatic' });
    ws.clock.advance(60_000);
    await ws.call('sites.update', { ...site, name: 'Birch Market (broken)', host: 'Nowhere' });

    const preview = await ws.call('backups.inspect', { source: { backup: made!.name } });
    expect(preview).toMatchObject({
      name: made!.name,
      reason: 'manual',
      encrypted: false,
      schemaVersion: ws.session.ctx.schemaVersion,
      appSchemaVersion: ws.session.ctx.schemaVersion,
      willMigrate: false,
      counts: { sites: 2, clients: expect.any(Number) as number, people: expect.any(Number) as number },
    });
    expect(preview.counts.changes).toBeGreaterThan(0);
    expect(preview.lastChange).toMatchObject({ actor: 'tester' });
    expect(preview.lastChange!.summary).not.toMatch(/broken/);

    const noHost = await ws.fail('backups.restore', { token: preview.token, confirm: true });
    expect(noHost.code).toBe('REFUSED');
    expect(noHost.message).toMatch(/^Restoring replaces the open workspace: do it in the app/);

    const calls = recordingHost(ws);
    const restored = await ws.call('backups.restore', { token: preview.token, confirm: true });
    expect(restored).toEqual({ restoredFrom: made!.name, safetyCopy: path.join(path.dirname(ws.file), 'safety copy.rwbackup') });
    expect(calls).toEqual([{ label: made!.name, siteNames: ['Birch Market', 'Cedar Books'] }]);
    // The prepared copy is gone with its token.
    expect((await ws.fail('backups.restore', { token: preview.token, confirm: true })).code).toBe('NOT_FOUND');
    expect(leftSince(before)).toEqual([]);
  });

  it('asks for the passphrase of an encrypted backup, names a wrong one beside the field, and opens it with the right one', async () => {
    const ws = openTestWorkspace();
    const before = preparedFolders();
    const made = await ws.call('backups.create', { destination: 'automatic', passphrase: PASSPHRASE });
    const source = { backup: made!.name };
    const needed = await ws.fail('backups.inspect', { source });
    expect(needed.code).toBe('REFUSED');
    expect(needed.details?.issues?.[0]?.path).toBe('passphrase');
    const wrong = await ws.fail('backups.inspect', { source, passphrase: 'not the passphrase' });
    expect(wrong.code).toBe('REFUSED');
    expect(wrong.details?.issues).toEqual([{ path: 'passphrase', message: 'Wrong passphrase: the backup could not be decrypted.' }]);
    expect(JSON.stringify(wrong)).not.toContain('not the passphrase');
    expect(leftSince(before)).toEqual([]);
    const preview = await ws.call('backups.inspect', { source, passphrase: PASSPHRASE });
    expect(preview.encrypted).toBe(true);
    expect(await ws.call('backups.discard', { token: preview.token })).toEqual({ discarded: true });
    expect(await ws.call('backups.discard', { token: preview.token })).toEqual({ discarded: false });
    expect(leftSince(before)).toEqual([]);
  });

  it('refuses a name that is not in the list, a path, a damaged backup and a file that is not a backup', async () => {
    const ws = openTestWorkspace();
    const before = preparedFolders();
    const unknown = await ws.fail('backups.inspect', { source: { backup: 'nothing here.rwbackup' } });
    expect(unknown.code).toBe('NOT_FOUND');
    expect((await ws.fail('backups.inspect', { source: { backup: ws.file } })).code).toBe('NOT_FOUND');
    expect((await ws.fail('backups.inspect', { source: { backup: '../ws.sqlite' } })).code).toBe('NOT_FOUND');

    const made = await ws.call('backups.create', { destination: 'automatic' });
    const bytes = fs.readFileSync(made!.file);
    const at = Math.floor(bytes.length * 0.6);
    bytes[at] = bytes[at]! ^ 0xff;
    fs.writeFileSync(made!.file, bytes);
    const damaged = await ws.fail('backups.inspect', { source: { backup: made!.name } });
    expect(damaged.code).toBe('REFUSED');
    expect(damaged.message).toMatch(/damaged/);

    const text = path.join(tempDir(), 'notes.rwbackup');
    fs.writeFileSync(text, 'just some notes, not a backup at all');
    const notBackup = await ws.fail('backups.inspect', { source: { uploadId: await upload(ws, text) } });
    expect(notBackup.code).toBe('REFUSED');
    expect(notBackup.message).toMatch(/not a Rollout Workbench backup/);
    expect(leftSince(before)).toEqual([]);
  });

  it('previews and restores an uploaded backup file', async () => {
    const ws = openTestWorkspace();
    await ws.factories.buildSite({ name: 'Dogwood Deli' });
    const elsewhere = tempDir();
    ws.session.ctx.chooseFolder = async () => elsewhere;
    const made = await ws.call('backups.create', { destination: 'choose', passphrase: PASSPHRASE });
    const uploadId = await upload(ws, made!.file);
    expect((await ws.fail('backups.inspect', { source: { uploadId }, passphrase: 'wrong passphrase' })).details?.issues?.[0]?.path).toBe('passphrase');
    const preview = await ws.call('backups.inspect', { source: { uploadId }, passphrase: PASSPHRASE });
    expect(preview).toMatchObject({ name: made!.name, encrypted: true, counts: { sites: 1 } });
    // The upload has been used up: the checked copy is what is restored.
    expect((await ws.fail('backups.inspect', { source: { uploadId }, passphrase: PASSPHRASE })).code).toBe('NOT_FOUND');
    const calls = recordingHost(ws);
    await ws.call('backups.restore', { token: preview.token, confirm: true });
    expect(calls[0]!.siteNames).toEqual(['Dogwood Deli']);
  });

  it('says when a backup is of another workspace, and restores it only when that is confirmed', async () => {
    const ws = openTestWorkspace();
    const other = openTestWorkspace();
    await other.factories.buildSite({ name: 'Elm Books' });
    const elsewhere = tempDir();
    other.session.ctx.chooseFolder = async () => elsewhere;
    const made = await other.call('backups.create', { destination: 'choose' });
    const preview = await ws.call('backups.inspect', { source: { uploadId: await upload(ws, made!.file) } });
    expect(preview).toMatchObject({ otherWorkspace: true, workspaceName: path.basename(other.file), counts: { sites: 1 } });
    const calls = recordingHost(ws);
    const refusedRestore = await ws.fail('backups.restore', { token: preview.token, confirm: true });
    expect(refusedRestore.message).toMatch(/^This backup was taken from another workspace than the one open/);
    expect(calls).toEqual([]);
    await ws.call('backups.restore', { token: preview.token, confirm: true, otherWorkspace: true });
    expect(calls[0]!.siteNames).toEqual(['Elm Books']);
    // A backup of the open workspace itself needs no such confirmation.
    const own = await ws.call('backups.create', { destination: 'automatic' });
    expect((await ws.call('backups.inspect', { source: { backup: own!.name } })).otherWorkspace).toBe(false);
  });

  it('keeps the earlier preview when the next one fails, and a token is good only for the workspace that prepared it', async () => {
    const ws = openTestWorkspace();
    const made = await ws.call('backups.create', { destination: 'automatic', passphrase: PASSPHRASE });
    const good = await ws.call('backups.inspect', { source: { backup: made!.name }, passphrase: PASSPHRASE });
    await ws.fail('backups.inspect', { source: { backup: made!.name }, passphrase: 'not the passphrase' });
    const other = openTestWorkspace();
    recordingHost(other);
    expect((await other.fail('backups.restore', { token: good.token, confirm: true })).code).toBe('NOT_FOUND');
    const calls = recordingHost(ws);
    await ws.call('backups.restore', { token: good.token, confirm: true });
    expect(calls).toHaveLength(1);
  });

  it('refuses a backup made by a newer app version, by its header and by the migrations inside it', async () => {
    const ws = openTestWorkspace();
    const before = preparedFolders();
    const version = ws.session.ctx.schemaVersion;
    const copy = path.join(tempDir(), 'newer.sqlite');
    await ws.session.workspace.sqlite.backup(copy);
    const db = new Database(copy);
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('f'.repeat(64), 4_102_444_800_000);
    db.close();
    const out = tempDir();
    const common = { folder: out, reason: 'manual' as const, now: ws.clock.now(), appVersion: '99.0.0' };
    const byHeader = await createBackup(copy, { ...common, schemaVersion: version + 1 });
    const refusedByHeader = await ws.fail('backups.inspect', { source: { uploadId: await upload(ws, byHeader.file) } });
    expect(refusedByHeader.code).toBe('REFUSED');
    expect(refusedByHeader.message).toBe(
      `This backup was made by a newer app version (schema version ${version + 1}; this app has ${version}). Update the app to restore it; nothing was changed.`,
    );
    ws.clock.advance(1000);
    const byContents = await createBackup(copy, { ...common, now: ws.clock.now(), schemaVersion: version });
    const refusedByContents = await ws.fail('backups.inspect', { source: { uploadId: await upload(ws, byContents.file) } });
    expect(refusedByContents.message).toMatch(/^This backup was made by a newer app version/);
    expect(leftSince(before)).toEqual([]);
  });

  it('lists, previews and discards without reading the workspace database (the recovery screen)', async () => {
    const ws = openTestWorkspace();
    await ws.call('settings.update', { backupKeepDaily: 3 });
    const made = await ws.call('backups.create', { destination: 'automatic' });
    const noDb = new Proxy({} as HandlerContext['db'], {
      get: () => {
        throw new Error('the workspace database cannot be read');
      },
    });
    const ctx = deriveContext(ws.session.ctx, { db: noDb });
    const list = await ws.session.registry.dispatch('backups.list', {}, ctx);
    expect(list.ok && list.value).toMatchObject({ entries: [{ name: made!.name }], settings: { keepDaily: 14 } });
    const preview = await ws.session.registry.dispatch('backups.inspect', { source: { backup: made!.name } }, ctx);
    expect(preview.ok).toBe(true);
    const token = preview.ok ? (preview.value as { token: string }).token : '';
    expect(await ws.session.registry.dispatch('backups.discard', { token }, ctx)).toEqual({ ok: true, value: { discarded: true } });
  });
});

describe('the automatic daily backup and retention', () => {
  it('backs up once a day while on, and never when off', async () => {
    const ws = openTestWorkspace();
    const first = await runAutomaticBackupIfDue(ws.session.ctx);
    expect(first).toMatchObject({ ran: true, backup: { reason: 'daily' } });
    ws.clock.advance(2 * 60 * 60 * 1000);
    expect(await runAutomaticBackupIfDue(ws.session.ctx)).toEqual({ ran: false, why: 'not-due' });
    ws.clock.advance(DAY);
    expect(await runAutomaticBackupIfDue(ws.session.ctx)).toMatchObject({ ran: true });
    const list = await ws.call('backups.list', {});
    expect(list.entries.filter((e) => e.reason === 'daily')).toHaveLength(2);
    expect(list.lastAutomatic).toBe(ws.clock.now().toISOString());

    await ws.call('settings.update', { backupAutomatic: false });
    ws.clock.advance(DAY);
    expect(await runAutomaticBackupIfDue(ws.session.ctx)).toEqual({ ran: false, why: 'off' });
  });

  it('keeps what the settings say after each automatic backup, and never a backup made by hand', async () => {
    const ws = openTestWorkspace();
    await ws.call('settings.update', { backupKeepDaily: 2, backupKeepWeekly: 0 });
    const manual = await ws.call('backups.create', { destination: 'automatic' });
    for (let day = 0; day < 5; day++) {
      ws.clock.advance(DAY);
      expect(await runAutomaticBackupIfDue(ws.session.ctx)).toMatchObject({ ran: true });
    }
    const list = await ws.call('backups.list', {});
    expect(list.entries.filter((e) => e.reason === 'daily')).toHaveLength(2);
    expect(list.entries.map((e) => e.name)).toContain(manual!.name);
  });

  it("is due again when the last daily backup is dated in the future, and leaves that one and another workspace's backups alone", async () => {
    const ws = openTestWorkspace();
    const other = openTestWorkspace();
    const folder = backupsFolderOf(ws.file);
    await ws.call('settings.update', { backupKeepDaily: 1, backupKeepWeekly: 0 });
    const common = { folder, reason: 'daily' as const, appVersion: '1.0.0', schemaVersion: ws.session.ctx.schemaVersion };
    // A backup from a clock a year ahead, and another workspace's (same file name) daily backups in the same folder.
    const future = await createBackup(ws.file, { ...common, now: new Date(ws.clock.now().getTime() + 365 * DAY) });
    const others = [
      await createBackup(other.file, { ...common, now: new Date(ws.clock.now().getTime() - 3 * DAY) }),
      await createBackup(other.file, { ...common, now: new Date(ws.clock.now().getTime() - 2 * DAY) }),
      await createBackup(other.file, { ...common, now: ws.clock.now() }),
    ];
    expect(others[0]!.workspaceName).toBe(path.basename(ws.file));
    const first = await runAutomaticBackupIfDue(ws.session.ctx);
    expect(first).toMatchObject({ ran: true, removed: [] });
    ws.clock.advance(DAY);
    expect(await runAutomaticBackupIfDue(ws.session.ctx)).toMatchObject({ ran: true });
    // The next hour: today's backup counts, the future one does not make it due again and again.
    ws.clock.advance(60 * 60 * 1000);
    expect(await runAutomaticBackupIfDue(ws.session.ctx)).toEqual({ ran: false, why: 'not-due' });
    for (const f of [future.file, ...others.map((o) => o.file)]) expect(fs.existsSync(f)).toBe(true);
    const list = await ws.call('backups.list', {});
    expect(list.lastAutomatic).toBe(new Date(ws.clock.now().getTime() - 60 * 60 * 1000).toISOString());
  });

  it('removes the private folders a killed restore or backup left, never those of a running process', async () => {
    const ws = openTestWorkspace();
    const made = await ws.call('backups.create', { destination: 'automatic' });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const tag = os.hostname().replace(/[^A-Za-z0-9_]+/g, '_');
    const left = fs.mkdtempSync(path.join(os.tmpdir(), `rollout-workbench-restore-${tag}-${dead}-`));
    const running = fs.mkdtempSync(path.join(os.tmpdir(), `rollout-workbench-backup-${tag}-${process.ppid}-`));
    try {
      fs.writeFileSync(path.join(left, 'ws.sqlite'), 'a restore copy');
      const preview = await ws.call('backups.inspect', { source: { backup: made!.name } });
      expect(fs.existsSync(left)).toBe(false);
      expect(fs.existsSync(running)).toBe(true);
      await ws.call('backups.discard', { token: preview.token });
    } finally {
      fs.rmSync(left, { recursive: true, force: true });
      fs.rmSync(running, { recursive: true, force: true });
    }
  });

  it('refuses settings out of bounds with the bounds in the message', async () => {
    const ws = openTestWorkspace();
    const daily = await ws.fail('settings.update', { backupKeepDaily: 0 });
    expect(daily.details?.issues).toEqual([{ path: 'backupKeepDaily', message: 'Keep the daily backups of at least 1 day.' }]);
    const weekly = await ws.fail('settings.update', { backupKeepWeekly: 521 });
    expect(weekly.details?.issues).toEqual([{ path: 'backupKeepWeekly', message: 'Keep the weekly backups of at most 520 weeks.' }]);
    const saved = await ws.call('settings.update', { backupKeepWeekly: 0, backupAutomatic: false });
    expect(saved).toMatchObject({ backupKeepWeekly: 0, backupAutomatic: false, backupKeepDaily: 14 });
    expect((await ws.call('backups.list', {})).settings).toEqual({ automatic: false, keepDaily: 14, keepWeekly: 0 });
  });
});
