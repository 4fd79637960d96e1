/**
 * Secrets that got into a workspace anyway (written by another tool, or before the scanner knew their
 * shape) are found in records and in history, and an administrator replaces them by a marker: in one
 * transaction, recorded in history without the secret, and with history still append-only otherwise.
 */
import { writerOf } from '@main/rpc/context';
import type { WritableDb } from '@db/client';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { defaultMigrationsFolder } from '@db/client';
import { contentHash, type ChangeContent } from '@db/history-seal';
import { runCli } from '@main/cli';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { recordChange } from '@main/services/change-log';
import { backupsFolderOf, createBackup } from '@main/backups/index';
import { fixedClock, fullSite, openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

// Built at run time so this file itself holds no literal credential.
const k = (...parts: string[]) => parts.join('');
const ANTHROPIC = k('sk-ant-', 'api03-', 'Zq7'.repeat(10));
const PASSWORD = k('pass', 'word: ', 'Tr0ub4dor&3x');
/** Every character percent-encoded, as a URL path may carry it. */
const percent = (text: string) => [...text].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** Every text value of every table, to prove a secret is gone everywhere. */
function everyText(ws: TestWorkspace): string {
  const sqlite = ws.session.workspace.sqlite;
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return tables.map((t) => JSON.stringify(sqlite.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
}

async function plantSecrets(ws: TestWorkspace) {
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const site = await ws.call('sites.create', { clientId: client.id, ...fullSite });
  const sqlite = ws.session.workspace.sqlite;
  // Written around the app (an old version, another tool): the input scan never saw these.
  sqlite.prepare('UPDATE sites SET notes = ? WHERE id = ?').run(`Provider account set up. Key ${percent(ANTHROPIC)} until rotation.\nCall Ann first.`, site.id);
  sqlite.prepare('UPDATE clients SET notes = ? WHERE id = ?').run(`Hosting panel ${btoa(PASSWORD)}`, client.id);
  const ctx = writerOf(ws.session.ctx);
  sqlite
    .transaction(() =>
      recordChange(ctx.db as WritableDb, ctx, ctx.clock.now().toISOString(), {
        entity: 'site',
        entityId: site.id,
        siteId: site.id,
        action: 'update',
        summary: `Notes set to “Key ${ANTHROPIC}”`,
        before: { notes: null },
        after: { notes: `Key ${ANTHROPIC}`, host: 'Kinsta' },
      }),
    )
    .immediate();
  return { client, site };
}

describe('finding and redacting stored secrets', () => {
  it('finds a secret in a record and in history, masked, with where it is', async () => {
    const ws = openTestWorkspace();
    const { site } = await plantSecrets(ws);
    const scan = await ws.call('workspace.findSecrets', {});
    const where = scan.locations.map((l) => `${l.place} · ${l.field}`).sort();
    expect(where).toEqual(['Client · Notes', 'History · After (history)', 'History · Summary (history)', 'Site · Notes']);
    const inSite = scan.locations.find((l) => l.table === 'sites')!;
    expect(inSite).toMatchObject({ record: fullSite.name, recordId: site.id, column: 'notes', inHistory: false });
    expect(inSite.found).toContain('an Anthropic API key, percent-encoded (sk-ant…');
    const history = scan.locations.find((l) => l.column === 'summary')!;
    expect(history.record).toContain('[secret]');
    // Nothing the scan returns repeats a secret.
    expect(JSON.stringify(scan)).not.toMatch(/Zq7Zq7|Tr0ub4dor/);
  });

  it('replaces each secret by a dated marker everywhere, in one logged redaction, and keeps the rest', async () => {
    const ws = openTestWorkspace();
    const { site } = await plantSecrets(ws);
    const refused = await ws.fail('workspace.redactSecrets', {});
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.message).toBe('Confirm the redaction: the replaced text cannot be brought back.');

    const result = await ws.call('workspace.redactSecrets', { confirm: true });
    expect(result).toMatchObject({ places: 4, historyRows: 1, marker: '[secret removed 2026-03-01]' });
    expect(result.summary).toBe('Redacted 4 secrets in 1 client, 1 site, 1 history row: each replaced by “[secret removed 2026-03-01]”.');

    expect(everyText(ws)).not.toMatch(/Zq7Zq7|Tr0ub4dor|c2stYW50|%73%6B|cGFzc3dvcm/);
    expect((await ws.call('workspace.findSecrets', {})).locations).toEqual([]);
    const after = await ws.call('sites.get', { id: site.id });
    expect(after.notes).toBe('Provider account set up. Key [secret removed 2026-03-01] until rotation.\nCall Ann first.');

    // History: the rewritten row keeps its other facts; the redaction has its own entry without the secret.
    const rows = await ws.call('history.list', { limit: 500 });
    const planted = rows.rows.find((r) => r.entityId === site.id && r.summary.startsWith('Notes set to'))!;
    expect(planted.summary).toBe('Notes set to “Key [secret removed 2026-03-01]”');
    expect(planted.changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'host', after: 'Kinsta' })]));
    const entry = rows.rows.find((r) => r.action === 'redact')!;
    expect(entry.summary).toBe(result.summary);
    expect(entry.entity).toBe('workspace');

    // Verify still passes and says a redaction happened.
    const report = await ws.call('workspace.verify', {});
    expect(report.ok).toBe(true);
    expect(report.chain.redacted).toEqual([{ on: '2026-03-01', rows: 1 }]);
    expect(report.checks.find((c) => c.key === 'chain')!.summary).toContain('1 history row redacted on 2026-03-01.');

    // Nothing left: a second redaction changes nothing and records nothing.
    const logRows = ws.count('change_log');
    expect(await ws.call('workspace.redactSecrets', { confirm: true })).toMatchObject({ places: 0, changeId: null });
    expect(ws.count('change_log')).toBe(logRows);
  });

  it('keeps history append-only outside a redaction, and narrow inside one', async () => {
    const ws = openTestWorkspace();
    await plantSecrets(ws);
    const sqlite = ws.session.workspace.sqlite;
    expect(() => sqlite.prepare('UPDATE change_log SET summary = ?').run('rewritten')).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM change_log').run()).toThrow(/append-only/);
    // Even with a grant, only summary, before and after may change, and a grant never outlives its transaction.
    expect(() =>
      sqlite
        .transaction(() => {
          sqlite.prepare("INSERT INTO redaction_grants (id, created_at, updated_at) VALUES ('g', 'now', 'now')").run();
          sqlite.prepare('UPDATE change_log SET actor = ?').run('someone else');
        })
        .immediate(),
    ).toThrow(/append-only/);
    expect(ws.count('redaction_grants')).toBe(0);
    await ws.call('workspace.redactSecrets', { confirm: true });
    expect(ws.count('redaction_grants')).toBe(0);
    expect(() => sqlite.prepare('UPDATE change_log SET summary = ?').run('rewritten')).toThrow(/append-only/);
  });

  it('rollout-workbench secrets lists them masked (exit 1), and --redact replaces them (exit 0)', async () => {
    const ws = openTestWorkspace();
    await plantSecrets(ws);
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(await runCli(['secrets', '--workspace', ws.file], io)).toBe(1);
    expect(lines).toContain('Site  Northwind Shop  Notes: an Anthropic API key, percent-encoded (sk-ant…q7)');
    expect(lines.at(-1)).toBe('Run again with --redact to replace them (the replaced text cannot be brought back).');
    expect(lines.join('\n')).not.toMatch(/Zq7Zq7|Tr0ub4dor/);
    lines.length = 0;
    expect(await runCli(['secrets', '--workspace', ws.file, '--redact'], io)).toBe(0);
    expect(lines.find((l) => l.startsWith('Redacted '))).toMatch(/^Redacted 4 secrets in 1 client, 1 site, 1 history row/);
    // The redaction is a change, so who it was recorded as is said once, after the result.
    expect(lines.at(-1)).toMatch(/^Note: changes are recorded as /);
    lines.length = 0;
    expect(await runCli(['secrets', '--workspace', ws.file], io)).toBe(0);
    expect(lines.at(-1)).toMatch(/^No secrets found in \d+ records and history rows\.$/);
  });

  it('0009 on a workspace from 0008: history and seals kept, updates still refused, and its secrets can be redacted', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(defaultMigrationsFolder(), 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag === '0009_redaction');
    const folder = path.join(tempDir(), 'migrations');
    fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
    for (const e of journal.entries.slice(0, upTo)) fs.copyFileSync(path.join(defaultMigrationsFolder(), `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
    fs.writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify({ version: '7', dialect: 'sqlite', entries: journal.entries.slice(0, upTo) }));

    const file = path.join(tempDir(), 'v8.sqlite');
    const v8 = openSession(file, { migrationsFolder: folder, log: silentLogger, clock: fixedClock(), actor: 'tester', device: 'test-device' });
    const client = await v8.dispatch('clients.create', { name: 'Northwind' });
    expect(client.ok).toBe(true);
    const ctx = writerOf(v8.ctx);
    v8.workspace.sqlite
      .transaction(() =>
        recordChange(ctx.db as WritableDb, ctx, ctx.clock.now().toISOString(), {
          entity: 'client',
          entityId: 'c1',
          action: 'update',
          summary: `Note: ${ANTHROPIC}`,
        }),
      )
      .immediate();
    expect(v8.workspace.sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'redaction_grants'").get()).toEqual({ n: 0 });
    v8.close();

    const ws = openTestWorkspace(file);
    expect(ws.session.workspace.backupFile).not.toBeNull();
    expect(ws.session.workspace.sqlite.prepare('SELECT count(*) AS n FROM change_log WHERE summary LIKE ?').get('Note: sk-ant-%')).toEqual({ n: 1 });
    expect((await ws.call('workspace.verify', {})).ok).toBe(true);
    expect(() => ws.session.workspace.sqlite.prepare('UPDATE change_log SET summary = ?').run('x')).toThrow(/append-only/);
    const result = await ws.call('workspace.redactSecrets', { confirm: true });
    expect(result).toMatchObject({ places: 1, historyRows: 1 });
    const report = await ws.call('workspace.verify', {});
    expect(report.ok).toBe(true);
    expect(report.chain.redacted).toEqual([{ on: '2026-03-01', rows: 1 }]);
  });
});

describe('a redacted history row stays sealed to what the redaction left', () => {
  type Row = ChangeContent & { seq: number; storedHash: string };
  const readRows = (db: Database.Database) =>
    db
      .prepare(
        'SELECT id, entity, entity_id AS entityId, site_id AS siteId, action, summary, before, after, actor, device, at, seq, content_hash AS storedHash FROM change_log ORDER BY seq',
      )
      .all() as Row[];

  /** A workspace after a redaction that rewrote one history row: that row, and the redaction's entry. */
  async function redacted() {
    const ws = openTestWorkspace();
    await plantSecrets(ws);
    await ws.call('workspace.redactSecrets', { confirm: true });
    const rows = readRows(ws.session.workspace.sqlite);
    const row = rows.find((r) => r.summary === 'Notes set to “Key [secret removed 2026-03-01]”')!;
    const entry = rows.find((r) => r.action === 'redact')!;
    ws.session.close();
    return { file: ws.file, row, entry, rows };
  }

  it('the redaction entry records each rewritten row with its content hash as rewritten; the seal itself is untouched', async () => {
    const { row, entry } = await redacted();
    expect(JSON.parse(entry.after!)).toEqual({ redactedRows: [{ seq: row.seq, contentHash: contentHash(row) }] });
    expect(row.storedHash).not.toBe(contentHash(row));
  });

  for (const [what, set] of [
    ['its summary', "summary = 'Nothing to see here'"],
    ['its summary, actor, action and entity', "summary = 'Owner verified', actor = 'ann', action = 'verify', entity = 'owner'"],
  ] as const) {
    it(`${what} rewritten after the redaction: Verify fails at that row and says it changed after its redaction`, async () => {
      const { file, row, rows } = await redacted();
      const db = new Database(file);
      db.exec('DROP TRIGGER change_log_no_update');
      db.prepare(`UPDATE change_log SET ${set} WHERE seq = ?`).run(row.seq);
      db.close();

      const ws = openTestWorkspace(file);
      const report = await ws.call('workspace.verify', {});
      expect(report.ok).toBe(false);
      expect(report.chain.firstBreak).toMatchObject({
        seq: row.seq,
        id: row.id,
        problem: 'its content was changed after its redaction on 2026-03-01',
        following: rows.length - row.seq,
      });
      expect(report.checks.find((c) => c.key === 'chain')!.summary).toContain(': its content was changed after its redaction on 2026-03-01.');
    });
  }

  it('a redaction entry edited to vouch for another rewritten row vouches for nothing', async () => {
    const { file, entry } = await redacted();
    const db = new Database(file);
    db.exec('DROP TRIGGER change_log_no_update');
    db.prepare("UPDATE change_log SET summary = 'Nothing happened here' WHERE seq = 1").run();
    const forged = readRows(db)[0]!;
    const listed = JSON.parse(entry.after!) as { redactedRows: { seq: number; contentHash: string }[] };
    listed.redactedRows.unshift({ seq: 1, contentHash: contentHash(forged) });
    db.prepare('UPDATE change_log SET after = ? WHERE seq = ?').run(JSON.stringify(listed), entry.seq);
    db.close();

    const ws = openTestWorkspace(file);
    const report = await ws.call('workspace.verify', {});
    expect(report.ok).toBe(false);
    expect(report.chain.firstBreak).toMatchObject({ seq: 1, what: 'Nothing happened here', problem: 'its content was changed after it was written' });
  });
});

describe('a redaction leaves nothing readable', () => {
  it('leaves the secret in neither the workspace file nor its write-ahead log, and names the backups that still hold it', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, ...fullSite });
    const sqlite = ws.session.workspace.sqlite;
    // Long enough to spill onto overflow pages, which SQLite frees (not overwrites) when the row shrinks.
    sqlite.prepare('UPDATE sites SET notes = ? WHERE id = ?').run(`${'filler text '.repeat(800)}Key ${ANTHROPIC}`, site.id);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const secret = Buffer.from(ANTHROPIC);
    const bytes = () => [ws.file, `${ws.file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
    expect(bytes().some((b) => b.includes(secret))).toBe(true);
    const backup = `${ws.file}.bak-20260101T000000Z-before-migration`;
    fs.copyFileSync(ws.file, backup);
    // A backup in the workspace's backups folder holds it too; another workspace's there does not.
    const inFolder = await ws.call('backups.create', { destination: 'automatic' });
    const other = openTestWorkspace();
    await createBackup(other.file, {
      folder: backupsFolderOf(ws.file),
      reason: 'daily',
      now: new Date('2026-02-01T00:00:00Z'),
      appVersion: '1.0.0',
      schemaVersion: 1,
    });

    const result = await ws.call('workspace.redactSecrets', { confirm: true });
    expect(result.places).toBe(1);
    expect(bytes().some((b) => b.includes(secret))).toBe(false);
    expect(Number(sqlite.pragma('secure_delete', { simple: true }))).toBe(0);
    const inFolderName = path.join(path.basename(backupsFolderOf(ws.file)), inFolder!.name);
    expect(result.backups).toEqual([path.basename(backup), inFolderName]);
    expect(result.summary).toContain(`2 backups made before it still hold the old text: ${path.basename(backup)}, ${inFolderName}.`);
    expect((await ws.call('sites.get', { id: site.id })).notes).toMatch(/Key \[secret removed 2026-03-01\]$/);
  });

  it('redacts a secret in an id a person typed (a checklist item id), and passes over ULIDs', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { clientId: client.id, ...fullSite });
    const sqlite = ws.session.workspace.sqlite;
    const at = '2026-03-01T10:00:00.000Z';
    const insert = sqlite.prepare(
      "INSERT INTO site_checklist_items (id, created_at, updated_at, site_id, kind, item_id, status, recorded_by) VALUES (?, ?, ?, ?, 'checklist', ?, 'open', 'tester')",
    );
    insert.run('01JD3XK5Q8ZB7V0M4N2P6R8T9W', at, at, site.id, `backup-${ANTHROPIC}`);
    insert.run('01JD3XK5Q8ZB7V0M4N2P6R8T9X', at, at, site.id, `restore-${k('sk-ant-', 'api03-', 'Yx5'.repeat(10))}`);
    const scan = await ws.call('workspace.findSecrets', {});
    expect(scan.locations.filter((l) => l.table === 'site_checklist_items').map((l) => l.column)).toEqual(['item_id', 'item_id']);
    expect(scan.locations.some((l) => l.column === 'site_id' || l.column === 'id')).toBe(false);

    await ws.call('workspace.redactSecrets', { confirm: true });
    const ids = sqlite.prepare('SELECT item_id FROM site_checklist_items ORDER BY id').pluck().all() as string[];
    // Two ids stay two (the unique index holds): the marker carries a fingerprint of the id it replaced.
    expect(ids).toEqual([
      expect.stringMatching(/^backup-\[secret removed 2026-03-01 #[0-9a-f]{8}\]$/),
      expect.stringMatching(/^restore-\[secret removed 2026-03-01 #[0-9a-f]{8}\]$/),
    ]);
    expect(everyText(ws)).not.toMatch(/Zq7Zq7|Yx5Yx5/);
  });
});
