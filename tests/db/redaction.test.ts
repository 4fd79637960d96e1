/**
 * Secrets that got into a workspace anyway (written by another tool, or before the scanner knew their
 * shape) are found in records and in history, and an administrator replaces them by a marker: in one
 * transaction, recorded in history without the secret, and with history still append-only otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsFolder } from '../../db/client';
import { runCli } from '../../main/cli';
import { silentLogger } from '../../main/rpc/context';
import { openSession } from '../../main/session';
import { recordChange } from '../../main/services/change-log';
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
  const ctx = ws.session.ctx;
  sqlite
    .transaction(() =>
      recordChange(ctx.db, ctx, ctx.clock.now().toISOString(), {
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
    expect(lines.at(-1)).toMatch(/^Redacted 4 secrets in 1 client, 1 site, 1 history row/);
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
    const ctx = v8.ctx;
    v8.workspace.sqlite
      .transaction(() => recordChange(ctx.db, ctx, ctx.clock.now().toISOString(), { entity: 'client', entityId: 'c1', action: 'update', summary: `Note: ${ANTHROPIC}` }))
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
