/**
 * Tamper-evident history: what an outside tool (the sqlite3 shell, a script) can and cannot do to the
 * change log, what reopening repairs, and what "Verify workspace" reports, on real workspace files.
 */
import { writerOf } from '@main/rpc/context';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openWorkspace } from '@db/client';
import { secureHistory } from '@db/history-guards';
import { REDACTION_ACTION, redactionAfter } from '@db/history-seal';
import { runCli } from '@main/cli';
import { mutate, recordChange } from '@main/services/change-log';
import { fullSite, migrationsUpTo, openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

const GUARDS = ['change_log_no_delete', 'change_log_no_replace', 'change_log_no_update', 'change_log_sealed_rows_only'];

/** A workspace with a client, a site and a person: a handful of history rows. */
async function workspaceWithHistory(file = path.join(tempDir(), 'ws.sqlite')): Promise<TestWorkspace> {
  const ws = openTestWorkspace(file);
  const client = await ws.call('clients.create', { name: 'Northwind' });
  await ws.call('sites.create', { ...fullSite, clientId: client.id });
  await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  await ws.call('clients.update', { id: client.id, version: 1, name: 'Northwind Traders' });
  return ws;
}

/** A connection like an outside sqlite3 tool's: no app code, recursive_triggers off. */
function outside(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  return db;
}

type LogRow = { id: string; seq: number; summary: string; content_hash: string; hash: string; at: string };
const logRows = (db: Database.Database) => db.prepare('SELECT id, seq, summary, content_hash, hash, at FROM change_log ORDER BY seq').all() as LogRow[];
const triggerSql = (db: Database.Database) =>
  Object.fromEntries(
    (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as { name: string; sql: string }[]).map((t) => [
      t.name,
      t.sql,
    ]),
  );

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('the change log cannot be rewritten from any connection', () => {
  it('refuses INSERT OR REPLACE, REPLACE, upserts, UPDATE, DELETE and unsealed rows from an outside connection, and history stays as it was', async () => {
    const ws = await workspaceWithHistory();
    ws.session.close();
    const db = outside(ws.file);
    expect(db.pragma('recursive_triggers', { simple: true })).toBe(0);
    const before = logRows(db);
    const first = before[0]!;
    const columns = 'id, entity, entity_id, action, summary, actor, device, at, seq, content_hash, hash';
    const forged = (id: string, seq: number) =>
      `'${id}', 'site', 'x', 'update', 'rewritten', 'mallory', 'laptop', '2026-03-01T10:00:00.000Z', ${seq}, 'c', 'h'`;

    expect(() => db.exec(`INSERT OR REPLACE INTO change_log (${columns}) VALUES (${forged(first.id, first.seq)})`)).toThrow(
      /append-only: a history row cannot be replaced/,
    );
    expect(() => db.exec(`REPLACE INTO change_log (${columns}) VALUES (${forged(first.id, 999)})`)).toThrow(/append-only/);
    // A new id that takes an existing row's place in the chain is a replacement too.
    expect(() => db.exec(`INSERT OR REPLACE INTO change_log (${columns}) VALUES (${forged('new-id', first.seq)})`)).toThrow(/append-only/);
    expect(() =>
      db.exec(`INSERT INTO change_log (${columns}) VALUES (${forged(first.id, 999)}) ON CONFLICT(id) DO UPDATE SET summary = excluded.summary`),
    ).toThrow(/append-only/);
    expect(() => db.exec(`INSERT INTO change_log (${columns}) VALUES (${forged(first.id, 999)}) ON CONFLICT DO NOTHING`)).toThrow(/append-only/);
    expect(() => db.exec(`UPDATE change_log SET summary = 'rewritten' WHERE id = '${first.id}'`)).toThrow(/append-only/);
    expect(() => db.exec(`DELETE FROM change_log WHERE id = '${first.id}'`)).toThrow(/append-only/);
    expect(() =>
      db.exec(
        "INSERT INTO change_log (id, entity, entity_id, action, summary, actor, device, at) VALUES ('u1', 'site', 'x', 'update', 'slipped in', 'm', 'd', '2026-03-01')",
      ),
    ).toThrow(/must be sealed/);
    expect(logRows(db)).toEqual(before);
    db.close();

    const again = openTestWorkspace(ws.file);
    expect(again.session.workspace.notices).toEqual([]);
    const report = await again.call('workspace.verify', {});
    expect(report.ok).toBe(true);
  });
});

describe('opening a workspace checks its history guards', () => {
  it('restores dropped and altered guards, removes a foreign trigger on history, and says so once', async () => {
    const ws = await workspaceWithHistory();
    const shipped = triggerSql(ws.session.workspace.sqlite);
    expect(Object.keys(shipped)).toEqual(expect.arrayContaining(GUARDS));
    ws.session.close();

    const db = outside(ws.file);
    db.exec('DROP TRIGGER change_log_no_delete');
    db.exec('DROP TRIGGER change_log_no_replace');
    db.exec('DROP TRIGGER change_log_no_update');
    db.exec("CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log WHEN 0 BEGIN SELECT RAISE(ABORT, 'never'); END");
    db.exec('CREATE TRIGGER change_log_copy AFTER INSERT ON change_log BEGIN SELECT 1; END');
    db.close();

    const reopened = openTestWorkspace(ws.file);
    const notices = reopened.session.workspace.notices;
    expect(notices).toEqual(
      expect.arrayContaining([
        'The history guard “change_log_no_delete” was missing (removed outside Rollout Workbench); it has been restored.',
        'The history guard “change_log_no_replace” was missing (removed outside Rollout Workbench); it has been restored.',
        'The history guard “change_log_no_update” had been changed outside Rollout Workbench; the original has been restored.',
        'A trigger “change_log_copy” on the history table, not created by Rollout Workbench, has been removed.',
      ]),
    );
    expect(notices.at(-1)).toMatch(/Run Verify workspace/);
    // The app shows them: workspace.info carries them.
    expect((await reopened.call('workspace.info', {})).notices).toEqual(notices);
    expect(triggerSql(reopened.session.workspace.sqlite)).toEqual(shipped);
    expect(() => reopened.session.workspace.sqlite.exec("UPDATE change_log SET summary = 'x'")).toThrow(/append-only/);
    // The workspace was only guarded, not changed: its history still verifies.
    expect((await reopened.call('workspace.verify', {})).ok).toBe(true);
    reopened.session.close();

    // Repaired once: the next opening has nothing to say.
    expect(openTestWorkspace(ws.file).session.workspace.notices).toEqual([]);
  });

  it('a workspace opened read-only is not repaired, and says what to do', async () => {
    const ws = await workspaceWithHistory();
    ws.session.close();
    const db = outside(ws.file);
    db.exec('DROP TRIGGER change_log_no_delete');
    db.close();
    const readOnly = openWorkspace(ws.file, { readonly: true });
    expect(readOnly.notices).toEqual([
      'The history guards of this workspace were removed or changed outside Rollout Workbench (missing: change_log_no_delete). They cannot be restored while the workspace is open read-only: open it with write access, then run Verify workspace.',
    ]);
    readOnly.close();
    const check = new Database(ws.file, { readonly: true });
    expect(Object.keys(triggerSql(check))).not.toContain('change_log_no_delete');
    check.close();
  });

  it('the CLI prints the notices on stderr', async () => {
    const ws = await workspaceWithHistory();
    ws.session.close();
    const db = outside(ws.file);
    db.exec('DROP TRIGGER change_log_no_update');
    db.close();
    const c = capture();
    expect(await runCli(['info', '--workspace', ws.file], c.io)).toBe(0);
    expect(c.err.join('\n')).toContain('The history guard “change_log_no_update” was missing (removed outside Rollout Workbench); it has been restored.');
  });
});

/** A workspace with history whose file was then changed by an outside tool running `sql`. */
async function tamperedWorkspace(...sql: string[]): Promise<{ file: string; siteId: string }> {
  const ws = await workspaceWithHistory();
  const siteId = (await ws.call('sites.list', {})).rows[0]!.id;
  ws.session.close();
  const db = outside(ws.file);
  for (const statement of sql) db.exec(statement);
  db.close();
  return { file: ws.file, siteId };
}

const GRANTS_TABLE_SQL = () => {
  const reference = openTestWorkspace();
  return (reference.session.workspace.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'redaction_grants'").get() as { sql: string }).sql;
};
/** Whether this connection may rewrite a history summary; the attempt is always rolled back. */
function canRewriteSummary(db: Database.Database): boolean {
  try {
    db.transaction(() => {
      db.exec("UPDATE change_log SET summary = 'rewritten' WHERE seq = 1");
      throw new Error('probe');
    })();
  } catch (e) {
    return (e as Error).message === 'probe';
  }
  return false;
}
const grantRows = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM redaction_grants').get() as { n: number }).n;

describe('triggers that switch history off are found whatever case their table is written in', () => {
  for (const table of ['Change_Log', 'CHANGE_LOG', 'main."Change_log"']) {
    it(`a trigger ON ${table} that drops every history row is removed at opening, and archiving is recorded again`, async () => {
      const { file, siteId } = await tamperedWorkspace(`CREATE TRIGGER history_off BEFORE INSERT ON ${table} BEGIN SELECT RAISE(IGNORE); END`);
      const ws = openTestWorkspace(file);
      expect(ws.session.workspace.notices).toEqual([
        'A trigger “history_off” on the history table, not created by Rollout Workbench, has been removed.',
        'Run Verify workspace (Settings, or `rollout-workbench verify`) to check whether history was changed meanwhile.',
      ]);
      expect(Object.keys(triggerSql(ws.session.workspace.sqlite))).not.toContain('history_off');
      const rows = ws.count('change_log');
      await ws.call('sites.archive', { id: siteId });
      expect(ws.count('change_log')).toBe(rows + 1);
      expect((await ws.call('history.list', { entityId: siteId })).rows[0]).toMatchObject({ action: 'archive' });
      expect((await ws.call('workspace.verify', {})).ok).toBe(true);
    });
  }

  it('a trigger added while the workspace is open, on CHANGE_LOG, fails Verify and names the trigger', async () => {
    const ws = await workspaceWithHistory();
    const db = outside(ws.file);
    db.exec('CREATE TRIGGER history_off BEFORE INSERT ON CHANGE_LOG BEGIN SELECT RAISE(IGNORE); END');
    db.close();
    const guards = (await ws.call('workspace.verify', {})).checks.find((c) => c.key === 'guards')!;
    expect(guards.ok).toBe(false);
    expect(guards.summary).toBe(
      'The history guards were changed outside Rollout Workbench (unknown trigger that could change history: history_off (on CHANGE_LOG)). Close and reopen the workspace to restore them.',
    );
  });

  it('a shipped guard re-created under its name in other letters, doing nothing, is put back as shipped', async () => {
    const ws = await workspaceWithHistory();
    const shipped = triggerSql(ws.session.workspace.sqlite);
    ws.session.close();
    const db = outside(ws.file);
    db.exec('DROP TRIGGER change_log_no_update');
    db.exec("CREATE TRIGGER CHANGE_LOG_NO_UPDATE BEFORE UPDATE ON Change_Log WHEN 0 BEGIN SELECT RAISE(ABORT, 'never'); END");
    db.close();
    const reopened = openTestWorkspace(ws.file);
    expect(reopened.session.workspace.notices[0]).toBe(
      'The history guard “change_log_no_update” had been changed outside Rollout Workbench; the original has been restored.',
    );
    expect(triggerSql(reopened.session.workspace.sqlite)).toEqual(shipped);
    expect(() => reopened.session.workspace.sqlite.exec("UPDATE change_log SET summary = 'x'")).toThrow(/append-only/);
  });

  it('triggers on the redaction grants table, or on another table that writes a grant, are removed too', async () => {
    const { file } = await tamperedWorkspace(
      'CREATE TRIGGER keep_grants BEFORE DELETE ON Redaction_Grants BEGIN SELECT RAISE(IGNORE); END',
      "CREATE TRIGGER open_history AFTER INSERT ON people BEGIN INSERT INTO redaction_grants (id, created_at, updated_at) VALUES (NEW.id, 'x', 'x'); END",
    );
    const ws = openTestWorkspace(file);
    expect(ws.session.workspace.notices).toEqual(
      expect.arrayContaining([
        'A trigger “keep_grants” on the redaction grants table, not created by Rollout Workbench, has been removed.',
        'A trigger “open_history” on “people” that reaches into the history or its redaction grants, not created by Rollout Workbench, has been removed.',
      ]),
    );
    await ws.call('people.create', { name: 'Ben Ode', email: 'ben@agency.test', organisation: 'agency' });
    expect(ws.count('redaction_grants')).toBe(0);
    expect(() => ws.session.workspace.sqlite.exec("UPDATE change_log SET summary = 'x'")).toThrow(/append-only/);
    expect((await ws.call('workspace.verify', {})).ok).toBe(true);
  });
});

describe('the redaction grants table is empty and as shipped whenever history is at rest', () => {
  it('a leftover grant row lets summaries be rewritten: opening removes it and says so', async () => {
    const { file } = await tamperedWorkspace("INSERT INTO redaction_grants (id, created_at, updated_at) VALUES ('left', 'x', 'x')");
    // What the leftover row allows while it is there.
    const db = outside(file);
    expect(canRewriteSummary(db)).toBe(true);
    db.close();

    const ws = openTestWorkspace(file);
    expect(ws.session.workspace.notices).toEqual([
      '1 leftover redaction grant (a row in “redaction_grants”, written outside Rollout Workbench or left by an interrupted write) let history summaries be rewritten; it has been removed.',
      'Run Verify workspace (Settings, or `rollout-workbench verify`) to check whether history was changed meanwhile.',
    ]);
    expect(ws.count('redaction_grants')).toBe(0);
    expect(() => ws.session.workspace.sqlite.exec("UPDATE change_log SET summary = 'rewritten' WHERE seq = 1")).toThrow(/append-only/);
    expect((await ws.call('workspace.verify', {})).ok).toBe(true);
    ws.session.close();
    expect(openTestWorkspace(file).session.workspace.notices).toEqual([]);
  });

  it('a grant row written while the workspace is open fails Verify', async () => {
    const ws = await workspaceWithHistory();
    const db = outside(ws.file);
    db.exec("INSERT INTO redaction_grants (id, created_at, updated_at) VALUES ('a', 'x', 'x'), ('b', 'x', 'x')");
    db.close();
    const report = await ws.call('workspace.verify', {});
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.key === 'guards')!.summary).toBe(
      'The history guards were changed outside Rollout Workbench (2 leftover redaction grants, which let history summaries be rewritten). Close and reopen the workspace to restore them.',
    );
  });

  it('a workspace opened read-only keeps its grant row and says so', async () => {
    const { file } = await tamperedWorkspace("INSERT INTO redaction_grants (id, created_at, updated_at) VALUES ('left', 'x', 'x')");
    const readOnly = openWorkspace(file, { readonly: true });
    expect(readOnly.notices).toEqual([
      'The history guards of this workspace were removed or changed outside Rollout Workbench (1 leftover redaction grant, which lets history summaries be rewritten). They cannot be restored while the workspace is open read-only: open it with write access, then run Verify workspace.',
    ]);
    readOnly.close();
    const check = new Database(file, { readonly: true });
    expect(grantRows(check)).toBe(1);
    check.close();
  });

  it('a grants table dropped while the workspace is open fails Verify', async () => {
    const ws = await workspaceWithHistory();
    const db = outside(ws.file);
    db.exec('DROP TABLE redaction_grants');
    db.close();
    const guards = (await ws.call('workspace.verify', {})).checks.find((c) => c.key === 'guards')!;
    expect(guards).toEqual({
      key: 'guards',
      title: 'History guards',
      ok: false,
      summary: 'The history guards were changed outside Rollout Workbench (missing table: redaction_grants). Close and reopen the workspace to restore them.',
      details: [],
    });
  });

  // Opening refuses a file whose tables a migration created are gone (db/inspect.ts) before the guards
  // are looked at; a connection that gets this far has the table put back as the migration wrote it.
  it('securing history recreates a dropped grants table, or one replaced by a view that keeps history open, as shipped', async () => {
    const shippedSql = GRANTS_TABLE_SQL();
    for (const tamper of [['DROP TABLE redaction_grants'], ['DROP TABLE redaction_grants', 'CREATE VIEW Redaction_Grants AS SELECT 1 AS id']]) {
      const { file } = await tamperedWorkspace(...tamper);
      const db = outside(file);
      const viewed = tamper.length > 1;
      if (viewed) expect(canRewriteSummary(db)).toBe(true);
      const notices = secureHistory(db, { migrationsFolder: defaultMigrationsFolder() });
      expect(notices[0]).toBe(
        viewed
          ? 'The table “redaction_grants”, which keeps history closed to edits outside a redaction, had been changed outside Rollout Workbench; the original has been recreated.'
          : 'The table “redaction_grants”, which keeps history closed to edits outside a redaction, was missing (removed outside Rollout Workbench); it has been recreated.',
      );
      expect(db.prepare("SELECT type, sql FROM sqlite_master WHERE lower(name) = 'redaction_grants'").all()).toEqual([{ type: 'table', sql: shippedSql }]);
      expect(canRewriteSummary(db)).toBe(false);
      db.close();
      const ws = openTestWorkspace(file);
      expect(ws.session.workspace.notices).toEqual([]);
      expect(await ws.call('workspace.redactSecrets', { confirm: true })).toMatchObject({ places: 0 });
      ws.session.close();
    }
  });

  it('a grants table changed in place is recreated as shipped at opening', async () => {
    const shippedSql = GRANTS_TABLE_SQL();
    const { file } = await tamperedWorkspace(
      'ALTER TABLE redaction_grants ADD COLUMN note text',
      "INSERT INTO redaction_grants (id, created_at, updated_at) VALUES ('left', 'x', 'x')",
    );
    const ws = openTestWorkspace(file);
    expect(ws.session.workspace.notices.slice(0, 2)).toEqual([
      'The table “redaction_grants”, which keeps history closed to edits outside a redaction, had been changed outside Rollout Workbench; the original has been recreated.',
      '1 leftover redaction grant (a row in “redaction_grants”, written outside Rollout Workbench or left by an interrupted write) let history summaries be rewritten; it has been removed.',
    ]);
    expect((ws.session.workspace.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'redaction_grants'").get() as { sql: string }).sql).toBe(
      shippedSql,
    );
    expect(ws.count('redaction_grants')).toBe(0);
    expect((await ws.call('workspace.verify', {})).ok).toBe(true);
  });
});

describe('Verify workspace', () => {
  it('passes on a clean workspace: the channel reports every check, the CLI exits 0', async () => {
    const ws = await workspaceWithHistory();
    const report = await ws.call('workspace.verify', {});
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.key, c.ok])).toEqual([
      ['integrity', true],
      ['foreign_keys', true],
      ['guards', true],
      ['chain', true],
    ]);
    const rows = ws.count('change_log');
    expect(report.chain).toEqual({ rows, redacted: [], firstBreak: null });
    expect(report.checks[3]!.summary).toBe(`All ${rows} history rows match their seals.`);
    ws.session.close();

    const c = capture();
    expect(await runCli(['verify', '--workspace', ws.file], c.io)).toBe(0);
    expect(c.out).toEqual([
      'PASS  File structure: The file is intact: SQLite’s integrity check found no damage.',
      'PASS  References between records: Every record refers only to records that exist.',
      'PASS  History guards: All 7 history guards are in place: history cannot be edited, deleted or replaced.',
      `PASS  History seals: All ${rows} history rows match their seals.`,
      'All checks passed.',
    ]);
  });

  it('a summary rewritten with the guards dropped: verify names the row, when, what and how many follow (channel and CLI exit 1)', async () => {
    const ws = await workspaceWithHistory();
    const rows = logRows(ws.session.workspace.sqlite);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const target = rows[2]!;
    ws.session.close();

    const db = outside(ws.file);
    db.exec('DROP TRIGGER change_log_no_update');
    db.prepare('UPDATE change_log SET summary = ? WHERE id = ?').run('Nothing happened here', target.id);
    db.close();

    const reopened = openTestWorkspace(ws.file);
    const report = await reopened.call('workspace.verify', {});
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.key === 'guards')!.ok).toBe(true); // restored on opening
    expect(report.chain.firstBreak).toEqual({
      seq: 3,
      id: target.id,
      at: target.at,
      what: 'Nothing happened here',
      problem: 'its content was changed after it was written',
      following: rows.length - 3,
    });
    const chain = report.checks.find((c) => c.key === 'chain')!;
    expect(chain.ok).toBe(false);
    expect(chain.summary).toBe(
      `History was changed at row 3 (${target.at.replace('T', ' ').slice(0, 16)}, “Nothing happened here”): its content was changed after it was written. ${rows.length - 3} later rows follow it.`,
    );
    reopened.session.close();

    const c = capture();
    expect(await runCli(['verify', '--workspace', ws.file], c.io)).toBe(1);
    expect(c.out).toContain(`FAIL  History seals: ${chain.summary}`);
    expect(c.out.at(-1)).toBe('Some checks failed: see FAIL above.');
    const json = capture();
    expect(await runCli(['verify', '--workspace', ws.file, '--json'], json.io)).toBe(1);
    expect(JSON.parse(json.out.join('\n')).chain.firstBreak.seq).toBe(3);
  });

  it('a deleted row, a re-sealed row and an unsealed row are each found', async () => {
    const ws = await workspaceWithHistory();
    const rows = logRows(ws.session.workspace.sqlite);
    ws.session.close();
    const fresh = () => {
      const file = path.join(tempDir(), 'copy.sqlite');
      fs.copyFileSync(ws.file, file);
      return file;
    };
    const breakOf = async (file: string) => {
      const s = openTestWorkspace(file);
      const r = await s.call('workspace.verify', {});
      s.session.close();
      return r.chain.firstBreak;
    };

    const deleted = fresh();
    let db = outside(deleted);
    db.exec('DROP TRIGGER change_log_no_delete');
    db.prepare('DELETE FROM change_log WHERE seq = 2').run();
    db.close();
    expect(await breakOf(deleted)).toMatchObject({ seq: 3, problem: '1 row before it is missing (deleted)', following: rows.length - 3 });

    // Whoever rewrites a row and recomputes its own content hash still breaks the link to the next row's seal.
    const resealed = fresh();
    db = outside(resealed);
    db.exec('DROP TRIGGER change_log_no_update');
    db.prepare("UPDATE change_log SET summary = 'forged', content_hash = 'f00d', hash = 'beef' WHERE seq = 2").run();
    db.close();
    expect(await breakOf(resealed)).toMatchObject({
      seq: 2,
      what: 'forged',
      problem: expect.stringContaining('its seal does not follow from the row before it'),
    });

    const unsealed = fresh();
    db = outside(unsealed);
    db.exec('DROP TRIGGER change_log_sealed_rows_only');
    db.exec(
      "INSERT INTO change_log (id, entity, entity_id, action, summary, actor, device, at) VALUES ('u1', 'site', 'x', 'update', 'slipped in', 'm', 'd', '2026-03-01T11:00:00.000Z')",
    );
    db.close();
    // Opening restores the guard but does not seal the row that slipped in.
    expect(await breakOf(unsealed)).toMatchObject({ seq: null, what: 'slipped in', problem: 'it was never sealed: it was written outside Rollout Workbench' });
  });

  it('a redaction recorded as the chain expects is reported as a redaction, not as a break', async () => {
    const ws = await workspaceWithHistory();
    const target = logRows(ws.session.workspace.sqlite)[1]!;
    const sqlite = ws.session.workspace.sqlite;
    // What a sanctioned redaction does, in one transaction: rewrite the text, record which rows it rewrote.
    const writer = writerOf(ws.session.ctx);
    mutate(writer, 'settings', (tx, at) => {
      const update = sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'change_log_no_update'").get() as { sql: string };
      sqlite.exec('DROP TRIGGER change_log_no_update');
      sqlite.prepare('UPDATE change_log SET summary = ? WHERE seq = ?').run('[secret removed 2026-03-01]', target.seq);
      sqlite.exec(update.sql);
      recordChange(tx, writer, at, {
        entity: 'settings',
        entityId: 'history',
        action: REDACTION_ACTION,
        summary: 'Redacted 1 secret in history',
        after: redactionAfter(sqlite, [target.seq]),
      });
      return { id: 'history' };
    });
    const report = await ws.call('workspace.verify', {});
    expect(report.ok).toBe(true);
    expect(report.chain.redacted).toEqual([{ on: '2026-03-01', rows: 1 }]);
    expect(report.checks[3]!.summary).toBe(`All ${ws.count('change_log')} history rows match their seals. 1 history row redacted on 2026-03-01.`);
  });

  it('text of every kind (other scripts, emoji, NUL, bidi controls, half a surrogate pair) verifies as written', async () => {
    const ws = openTestWorkspace();
    const strange = [
      'Ärzte Ωmega Ангстрем 漢字 مرحبا',
      'Family 👨‍👩‍👧 🚀',
      'NUL \u0000 inside',
      'Bidi \u202etxt.exe',
      'Half \ud83d pair',
      'Low \udc00 half',
      'Line\r\nbreaks\n',
    ];
    const writer = writerOf(ws.session.ctx);
    mutate(writer, 'settings', (tx, at) => {
      for (const s of strange)
        recordChange(tx, writer, at, { entity: 'settings', entityId: 'probe', action: 'probe', summary: s, before: { s }, after: { s } });
      return { id: 'probe' };
    });
    const report = await ws.call('workspace.verify', {});
    expect(report.chain.firstBreak).toBeNull();
    expect(report.ok).toBe(true);
  });

  it('two sessions writing the same file in turn extend one chain', async () => {
    const a = await workspaceWithHistory();
    const b = openTestWorkspace(a.file);
    for (let i = 0; i < 4; i++) {
      await a.call('people.create', { name: `Person A${i}`, email: `a${i}@agency.test`, organisation: 'agency' });
      await b.call('people.create', { name: `Person B${i}`, email: `b${i}@agency.test`, organisation: 'agency' });
    }
    const seqs = logRows(a.session.workspace.sqlite).map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect((await b.call('workspace.verify', {})).ok).toBe(true);
  });
});

describe('settings, branding and cadences keep their old values', () => {
  it('settings changes are logged under "settings" with before and after values', async () => {
    const ws = openTestWorkspace();
    await ws.call('settings.update', { verificationMaxAgeDays: 30, reminderTime: '08:30' });
    const page = await ws.call('history.list', { entity: 'settings' });
    expect(page.rows).toHaveLength(1);
    const entry = page.rows[0]!;
    expect(entry).toMatchObject({ entity: 'settings', entityId: 'settings', action: 'settings', actor: 'tester' });
    expect(entry.summary).toBe('Settings changed: owner verifications now count for 30 days (was 90); Reminder time 08:30 (was 09:00)');
    expect(entry.changes).toEqual(
      expect.arrayContaining([
        { field: 'verificationMaxAgeDays', before: 90, after: 30 },
        { field: 'reminderTime', before: '09:00', after: '08:30' },
      ]),
    );
    // Saving the same values again records nothing.
    await ws.call('settings.update', { verificationMaxAgeDays: 30 });
    expect((await ws.call('history.list', { entity: 'settings' })).total).toBe(1);
  });

  it('branding changes are logged with the old and new values; a logo as its fingerprint, not the image', async () => {
    const ws = openTestWorkspace();
    // A 1×1 transparent PNG.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
    await ws.call('branding.update', { agencyName: 'Brightpath', footer: 'Confidential', logo: { mime: 'image/png', base64: png }, texts: {} });
    await ws.call('branding.update', { agencyName: 'Brightpath Agency', footer: 'Confidential', logo: null, texts: {} });
    const rows = ws.session.workspace.sqlite.prepare("SELECT before, after FROM change_log WHERE action = 'branding' ORDER BY seq").all() as {
      before: string;
      after: string;
    }[];
    expect(rows).toHaveLength(2);
    const second = { before: JSON.parse(rows[1]!.before), after: JSON.parse(rows[1]!.after) };
    expect(second.before).toMatchObject({
      agencyName: 'Brightpath',
      footer: 'Confidential',
      logo: { mime: 'image/png', bytes: Buffer.from(png, 'base64').length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(second.after).toMatchObject({ agencyName: 'Brightpath Agency', logo: null });
    expect(rows[0]!.after).not.toContain(png);
    const entry = (await ws.call('history.list', { entity: 'settings', entityId: 'branding' })).rows[0]!;
    expect(entry.changes).toEqual(expect.arrayContaining([{ field: 'agencyName', before: 'Brightpath', after: 'Brightpath Agency' }]));
  });

  it('resetting a review cadence keeps the site’s own cadence on record (archived) and history says so', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const site = await ws.call('sites.create', { ...fullSite, clientId: client.id });
    const own = await ws.call('reviews.setSchedule', { siteId: site.id, rrule: 'FREQ=MONTHLY;INTERVAL=1' });
    expect(own.isDefault).toBe(false);
    const reset = await ws.call('reviews.setSchedule', { siteId: site.id, rrule: null });
    expect(reset.isDefault).toBe(true);
    const kept = ws.session.workspace.sqlite.prepare('SELECT id, rrule, archived_at, version FROM review_schedules WHERE site_id = ?').all(site.id) as {
      id: string;
      rrule: string;
      archived_at: string | null;
      version: number;
    }[];
    expect(kept).toEqual([{ id: expect.any(String), rrule: 'FREQ=MONTHLY;INTERVAL=1', archived_at: '2026-03-01T10:00:00.000Z', version: 2 }]);
    const history = (await ws.call('history.list', { entity: 'review', entityId: site.id })).rows;
    expect(history[0]).toMatchObject({ action: 'review-schedule-reset' });
    expect(history[0]!.summary).toContain('the site’s own cadence is archived');
    expect(history[0]!.changes).toEqual(expect.arrayContaining([{ field: 'ownCadence', before: true, after: false }]));
    // An own cadence again brings the same row back.
    await ws.call('reviews.setSchedule', { siteId: site.id, rrule: 'FREQ=WEEKLY;INTERVAL=2' });
    const back = ws.session.workspace.sqlite.prepare('SELECT id, rrule, archived_at FROM review_schedules WHERE site_id = ?').all(site.id);
    expect(back).toEqual([{ id: kept[0]!.id, rrule: 'FREQ=WEEKLY;INTERVAL=2', archived_at: null }]);
    expect((await ws.call('reviews.forSite', { siteId: site.id })).schedule.isDefault).toBe(false);
  });
});

describe('migration 0008 on a workspace from 0007', () => {
  it('adds the seals, seals the earlier history once in the order it was written, and the result verifies', async () => {
    const file = path.join(tempDir(), 'v7.sqlite');
    const v7 = openWorkspace(file, { migrationsFolder: migrationsUpTo(8) });
    expect(v7.schemaVersion).toBe(8);
    const insert = v7.sqlite.prepare('INSERT INTO change_log (id, entity, entity_id, action, summary, actor, device, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run('l2', 'site', 's1', 'update', 'Second change', 'ann', 'laptop', '2026-02-01T10:00:00.000Z');
    insert.run('l1', 'site', 's1', 'create', 'First change', 'ann', 'laptop', '2026-01-01T10:00:00.000Z');
    insert.run('l3', 'client', 'c1', 'update', 'Third change', 'ben', 'desktop', '2026-03-01T09:00:00.000Z');
    // Before 0008 an outside tool could still replace a row.
    v7.sqlite
      .prepare(
        "INSERT OR REPLACE INTO change_log (id, entity, entity_id, action, summary, actor, device, at) VALUES ('l3', 'client', 'c1', 'update', 'Third change', 'ben', 'desktop', '2026-03-01T09:00:00.000Z')",
      )
      .run();
    v7.close();

    const ws = openTestWorkspace(file);
    expect(ws.session.workspace.backupFile).not.toBeNull();
    expect(ws.session.workspace.notices).toEqual(['3 earlier history rows were sealed into the tamper-evident chain.']);
    // Sealed oldest first; what the app writes on opening (the shipped playbook) follows them.
    expect(
      logRows(ws.session.workspace.sqlite)
        .slice(0, 3)
        .map((r) => [r.seq, r.id]),
    ).toEqual([
      [1, 'l1'],
      [2, 'l2'],
      [3, 'l3'],
    ]);
    expect(Object.keys(triggerSql(ws.session.workspace.sqlite))).toEqual(expect.arrayContaining(GUARDS));
    // New changes continue the chain.
    await ws.call('clients.create', { name: 'Kestrel' });
    const report = await ws.call('workspace.verify', {});
    expect(report.ok).toBe(true);
    expect(report.chain.rows).toBe(ws.count('change_log'));
    expect(() =>
      ws.session.workspace.sqlite.exec(
        "INSERT OR REPLACE INTO change_log (id, entity, entity_id, action, summary, actor, device, at, seq, content_hash, hash) VALUES ('l1', 'site', 's1', 'create', 'x', 'a', 'd', 't', 1, 'c', 'h')",
      ),
    ).toThrow(/append-only/);
    ws.session.close();

    // Sealed once: reopening says nothing and changes nothing.
    const before = logRows(new Database(file, { readonly: true }));
    const again = openTestWorkspace(file);
    expect(again.session.workspace.notices).toEqual([]);
    expect(logRows(again.session.workspace.sqlite)).toEqual(before);
  });
});
