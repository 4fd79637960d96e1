import Database from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Channel, InputOf, OutputOf } from '@core/contract/index';
import type { DocumentModel } from '@core/documents/model';
import { runCli } from '@main/cli';
import { silentLogger } from '@main/rpc/context';
import { documentModel } from '@main/services/documents';
import { openSession, type Session } from '@main/session';
import { fixedClock, migrationsUpTo, shippedMigrations, tempDir } from './helpers';

const login = (() => {
  try {
    return os.userInfo().username || 'unknown user';
  } catch {
    return 'unknown user';
  }
})();

const open: Session[] = [];
function session(file: string, opts: { device?: string; env?: NodeJS.ProcessEnv; actor?: string; migrationsFolder?: string } = {}): Session {
  const s = openSession(file, { log: silentLogger, clock: fixedClock(), device: 'ann@laptop', env: {}, ...opts });
  open.push(s);
  return s;
}
function closeAll() {
  for (const s of open.splice(0)) s.close();
}

async function call<C extends Channel>(s: Session, channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const r = await s.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as OutputOf<C>;
}

const lastChange = (s: Session) =>
  s.workspace.sqlite.prepare('SELECT actor, device, summary FROM change_log ORDER BY seq DESC LIMIT 1').get() as {
    actor: string;
    device: string;
    summary: string;
  };

async function person(s: Session, name: string, email: string) {
  return call(s, 'people.create', { name, email, organisation: 'agency' });
}

function whoColumn(doc: DocumentModel, sectionId: string, column: string): string[] {
  const section = doc.sections.find((x) => x.id === sectionId)!;
  const table = section.blocks.find((b) => b.type === 'table') as { columns: string[]; rows: string[][] } | undefined;
  if (!table) return [];
  const i = table.columns.indexOf(column);
  return table.rows.map((r) => r[i]!);
}

describe('who acts', () => {
  it('a new device acts as its login until someone is chosen, then every change names the person; the switch applies to the next change', async () => {
    const file = path.join(tempDir(), 'ws.sqlite');
    const s = session(file);
    try {
      const first = await call(s, 'identity.get', {});
      expect(first).toMatchObject({ device: 'ann@laptop', source: 'none', ask: true, person: null, actor: `${login} (device login)` });
      const ann = await person(s, 'Ann Archer', 'ann@agency.test');
      expect(lastChange(s)).toMatchObject({ actor: `${login} (device login)`, device: 'ann@laptop' });

      const chosen = await call(s, 'identity.choose', { personId: ann.id });
      expect(chosen).toMatchObject({ source: 'person', ask: false, actor: 'Ann Archer', person: { id: ann.id, name: 'Ann Archer', archived: false } });
      expect(lastChange(s).summary).toBe(`Changes made on ann@laptop are now recorded as Ann Archer (were recorded as ${login} (device login))`);
      await call(s, 'clients.create', { name: 'Northwind' });
      expect(lastChange(s)).toMatchObject({ actor: 'Ann Archer', device: 'ann@laptop' });

      const ben = await person(s, 'Ben Brook', 'ben@agency.test');
      await call(s, 'identity.choose', { personId: ben.id });
      await call(s, 'clients.create', { name: 'Southwind' });
      expect(lastChange(s)).toMatchObject({ actor: 'Ben Brook', summary: 'Created client “Southwind”' });
      // "You are" and the Reviews "Mine" filter follow the same choice.
      expect((await call(s, 'settings.get', {})).mePersonId).toBe(ben.id);
    } finally {
      closeAll();
    }
  });

  it('is kept per device: a second machine opening the same file is asked for its own person', async () => {
    const file = path.join(tempDir(), 'shared.sqlite');
    const laptop = session(file);
    const ann = await person(laptop, 'Ann Archer', 'ann@agency.test');
    await call(laptop, 'identity.choose', { personId: ann.id });
    closeAll();
    const desktop = session(file, { device: 'ben@desktop' });
    expect(await call(desktop, 'identity.get', {})).toMatchObject({ device: 'ben@desktop', source: 'none', ask: true, actor: `${login} (device login)` });
    expect((await call(desktop, 'settings.get', {})).mePersonId).toBeNull();
    closeAll();
    const again = session(file);
    expect(await call(again, 'identity.get', {})).toMatchObject({ source: 'person', ask: false, actor: 'Ann Archer' });
    expect(again.workspace.sqlite.prepare('SELECT id, person_id AS personId FROM device_identities').all()).toEqual([{ id: 'ann@laptop', personId: ann.id }]);
    closeAll();
  });

  it('"Later" acts as the device login for this run only; the next start asks again', async () => {
    const file = path.join(tempDir(), 'later.sqlite');
    const s = session(file);
    expect(await call(s, 'identity.later', {})).toMatchObject({ source: 'later', ask: false, actor: `${login} (device login)` });
    await call(s, 'clients.create', { name: 'Northwind' });
    expect(lastChange(s).actor).toBe(`${login} (device login)`);
    closeAll();
    const next = session(file);
    expect(await call(next, 'identity.get', {})).toMatchObject({ source: 'none', ask: true });
    closeAll();
  });

  it('creating yourself adds an agency person and acts as them; a taken email is refused with nothing written', async () => {
    const file = path.join(tempDir(), 'self.sqlite');
    const s = session(file);
    try {
      const me = await call(s, 'identity.createSelf', { name: '  Priya Shah ', email: 'priya@agency.test' });
      expect(me).toMatchObject({ source: 'person', actor: 'Priya Shah', person: { name: 'Priya Shah', email: 'priya@agency.test' } });
      expect((await call(s, 'people.get', { id: me.person!.id })).organisation).toBe('agency');
      const other = session(file, { device: 'guest@kiosk' });
      const rows = () => other.workspace.sqlite.prepare('SELECT count(*) AS n FROM device_identities').get();
      const taken = await other.dispatch('identity.createSelf', { name: 'Someone', email: 'PRIYA@agency.test' });
      expect(taken.ok).toBe(false);
      if (!taken.ok) {
        expect(taken.error.code).toBe('DUPLICATE');
        expect(taken.error.message).toContain('already belongs to Priya Shah');
      }
      expect(rows()).toEqual({ n: 1 });
      const blank = await other.dispatch('identity.createSelf', { name: ' ', email: 'x@agency.test' });
      expect(blank.ok ? null : blank.error).toMatchObject({ code: 'INVALID_INPUT', message: 'Name is required.' });
      expect(rows()).toEqual({ n: 1 });
    } finally {
      closeAll();
    }
  });

  it('archiving the person chosen keeps naming them but asks again; they cannot be chosen until restored', async () => {
    const file = path.join(tempDir(), 'archived.sqlite');
    const s = session(file);
    try {
      const ann = await person(s, 'Ann Archer', 'ann@agency.test');
      await call(s, 'identity.choose', { personId: ann.id });
      await call(s, 'people.archive', { id: ann.id });
      expect(lastChange(s)).toMatchObject({ actor: 'Ann Archer', summary: 'Archived Ann Archer' });
      expect(await call(s, 'identity.get', {})).toMatchObject({ source: 'person', ask: true, person: { archived: true } });
      expect((await call(s, 'settings.get', {})).mePersonId).toBeNull();
      const refused = await s.dispatch('identity.choose', { personId: ann.id });
      expect(refused.ok ? null : refused.error).toMatchObject({
        code: 'REFUSED',
        message: 'Ann Archer is archived: choose someone else, or restore them on the People page first.',
      });
    } finally {
      closeAll();
    }
  });

  it('ROLLOUT_WORKBENCH_ACTOR names who acts for the run: a person by email or name, or the text as given; it never asks', async () => {
    const file = path.join(tempDir(), 'env.sqlite');
    const setup = session(file);
    await person(setup, 'Cleo Chen', 'cleo@agency.test');
    closeAll();
    const byEmail = session(file, { env: { ROLLOUT_WORKBENCH_ACTOR: 'CLEO@agency.test' } });
    expect(await call(byEmail, 'identity.get', {})).toMatchObject({
      source: 'override',
      overrideFrom: 'ROLLOUT_WORKBENCH_ACTOR',
      ask: false,
      actor: 'Cleo Chen',
    });
    closeAll();
    const script = session(file, { env: { ROLLOUT_WORKBENCH_ACTOR: 'nightly import' } });
    await call(script, 'clients.create', { name: 'Northwind' });
    expect(lastChange(script).actor).toBe('nightly import');
    expect(await call(script, 'identity.get', {})).toMatchObject({ source: 'override', person: null, ask: false });
    closeAll();
  });

  it('"You are" in Settings sets this device’s identity, recorded in history', async () => {
    const file = path.join(tempDir(), 'settings.sqlite');
    const s = session(file);
    try {
      const ann = await person(s, 'Ann Archer', 'ann@agency.test');
      await call(s, 'settings.update', { mePersonId: ann.id, reminderTime: '08:30' });
      expect(await call(s, 'settings.get', {})).toMatchObject({ mePersonId: ann.id, reminderTime: '08:30' });
      expect(await call(s, 'identity.get', {})).toMatchObject({ actor: 'Ann Archer', source: 'person' });
      const log = s.workspace.sqlite.prepare("SELECT action, actor FROM change_log WHERE action IN ('identity', 'settings') ORDER BY seq").all();
      expect(log).toEqual([
        { action: 'identity', actor: 'Ann Archer' },
        { action: 'settings', actor: 'Ann Archer' },
      ]);
      await call(s, 'settings.update', { mePersonId: null });
      expect(await call(s, 'identity.get', {})).toMatchObject({ source: 'none', ask: true });
    } finally {
      closeAll();
    }
  });
});

describe('0010 on a workspace from 0009', () => {
  it('adds device identities and lists the logins history was written under, which documents show as device logins', async () => {
    const file = path.join(tempDir(), 'v9.sqlite');
    const v9 = session(file, { migrationsFolder: migrationsUpTo(10), actor: 'root', device: 'build-box' });
    // Today's channels read a site's owner figures from site_owner_stats (migration 0012), where an app
    // of 0009's time counted them in the query. A stand-in lets today's channels write the 0009-era
    // rows; it is dropped before the upgrade, so 0010 onwards run on the file as 0009 left it.
    // Likewise the restore rehearsals (migration 0014) that "Rollback plan current" reads, and a person's
    // reminder channel and quiet hours (migration 0016) that today's people channels read and write.
    for (const column of ["reminder_channel TEXT NOT NULL DEFAULT 'desktop'", 'quiet_hours_start TEXT', 'quiet_hours_end TEXT'])
      v9.workspace.sqlite.exec(`ALTER TABLE people ADD ${column}`);
    v9.workspace.sqlite.exec(
      'CREATE TABLE site_owner_stats (site_id TEXT PRIMARY KEY, assigned INTEGER NOT NULL DEFAULT 0, unverified INTEGER NOT NULL DEFAULT 0, setup_owner INTEGER NOT NULL DEFAULT 0)',
    );
    v9.workspace.sqlite.exec(
      'CREATE TABLE rollback_rehearsals (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, site_id TEXT NOT NULL, rehearsed_on TEXT NOT NULL, outcome TEXT NOT NULL)',
    );
    const client = await call(v9, 'clients.create', { name: 'Northwind' });
    const site = await call(v9, 'sites.create', { clientId: client.id, name: 'Northwind Shop', productionUrl: 'https://shop.northwind.test' });
    await call(v9, 'pauses.pause', { siteId: site.id, reason: 'Drafts sent without review', workflows: ['support_drafts'] });
    const ann = await person(v9, 'Ann Archer', 'ann@agency.test');
    v9.workspace.sqlite
      .prepare("INSERT INTO workspace_meta (key, value, updated_at) VALUES ('setting.mePersonId', ?, '2026-03-01T10:00:00.000Z')")
      .run(JSON.stringify(ann.id));
    expect(v9.workspace.schemaVersion).toBe(10);
    v9.workspace.sqlite.exec('DROP TABLE site_owner_stats');
    v9.workspace.sqlite.exec('DROP TABLE rollback_rehearsals');
    for (const column of ['reminder_channel', 'quiet_hours_start', 'quiet_hours_end']) v9.workspace.sqlite.exec(`ALTER TABLE people DROP COLUMN ${column}`);
    closeAll();

    const s = session(file);
    try {
      expect(s.workspace.schemaVersion).toBe(shippedMigrations().length);
      expect(s.workspace.backupFile).not.toBeNull();
      const meta = s.workspace.sqlite.prepare("SELECT value FROM workspace_meta WHERE key = 'history.deviceLogins'").get() as { value: string };
      expect(JSON.parse(meta.value)).toEqual(['root']);
      expect(s.workspace.sqlite.prepare('SELECT DISTINCT actor FROM change_log').all()).toEqual([{ actor: 'root' }]);
      // The old workspace-wide "You are" is offered, not taken: this device may not be that person's.
      expect(await call(s, 'identity.get', {})).toMatchObject({ ask: true, source: 'none', suggestedPersonId: ann.id });
      await call(s, 'identity.choose', { personId: ann.id });
      await call(s, 'sites.update', { ...(await call(s, 'sites.get', { id: site.id })), host: 'Kinsta' } as never);
      const doc = documentModel(s.ctx, site.id, 'handover_runbook', true);
      const who = whoColumn(doc, 'changes', 'Who');
      expect(who[0]).toBe('Ann Archer');
      expect(who.slice(1).every((w) => w === 'root (device login)')).toBe(true);
      expect(JSON.stringify(doc)).toContain('paused since 2026-03-01 by root (device login)');
      // The History tab reads the same rows by the same rule.
      const history = await call(s, 'history.list', { siteId: site.id, limit: 50 });
      expect(history.rows.map((r) => r.actor)).toEqual(['Ann Archer', ...history.rows.slice(1).map(() => 'root (device login)')]);
      expect(history.rows.length).toBeGreaterThan(1);
      expect(() =>
        s.workspace.sqlite.prepare("INSERT INTO device_identities (id, created_at, updated_at, person_id) VALUES ('x@y', 't', 't', 'nobody')").run(),
      ).toThrow(/FOREIGN KEY/);
      expect((await call(s, 'workspace.verify', {})).ok).toBe(true);
    } finally {
      closeAll();
    }
  });
});

describe('rollout-workbench --as', () => {
  async function workspaceWithSite() {
    const file = path.join(tempDir(), 'cli.sqlite');
    const s = session(file);
    await person(s, 'Dana Doyle', 'dana@agency.test');
    await person(s, 'Sam Lee', 'sam1@agency.test');
    await person(s, 'Sam Lee', 'sam2@agency.test');
    const client = await call(s, 'clients.create', { name: 'Northwind' });
    const site = await call(s, 'sites.create', { clientId: client.id, name: 'Northwind Shop', productionUrl: 'https://shop.northwind.test' });
    closeAll();
    return { file, siteId: site.id };
  }
  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, env, fixedClock());
    return { code, out, err };
  };
  const generatedBy = (file: string) => {
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT DISTINCT generated_by AS who FROM generated_documents').all() as { who: string }[];
    db.close();
    return rows.map((r) => r.who);
  };

  it('acts as the person named by email or name; refuses an unknown or ambiguous one before writing anything', async () => {
    const { file, siteId } = await workspaceWithSite();
    const out = tempDir();
    const docs = ['docs', '--workspace', file, '--site', siteId, '--kind', 'sop_pack', '--format', 'md', '--out', out];
    const byEmail = await run([...docs, '--as', 'DANA@agency.test']);
    expect(byEmail.err).toEqual([]);
    expect(generatedBy(file)).toEqual(['Dana Doyle']);

    const unknown = await run([...docs, '--as', 'Zed']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toEqual(['--as: Nobody in this workspace has the email or name “Zed”. Add the person on the People page, or check the spelling.']);
    const ambiguous = await run([...docs, '--as', 'sam lee']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err[0]).toBe('--as: 2 people are named “sam lee”: give the email instead (sam1@agency.test, sam2@agency.test).');
    expect(generatedBy(file)).toEqual(['Dana Doyle']);
  });

  it('without --as: ROLLOUT_WORKBENCH_ACTOR, else the device login with a one-line note at the end', async () => {
    const { file, siteId } = await workspaceWithSite();
    const out = tempDir();
    const docs = ['docs', '--workspace', file, '--site', siteId, '--kind', 'sop_pack', '--format', 'md', '--out', out];
    const env = await run(docs, { ROLLOUT_WORKBENCH_ACTOR: 'Dana Doyle' });
    expect(env.err).toEqual([]);
    const bare = await run(docs);
    expect(bare.code).toBe(env.code);
    expect(bare.err.at(-1)).toMatch(/^Note: changes are recorded as .+ \(device login\); pass --as EMAIL, or choose who you are in the app on this device\.$/);
    expect(generatedBy(file).sort()).toEqual([`${login} (device login)`, 'Dana Doyle'].sort());
    const info = await run(['info', '--workspace', file]);
    expect(info.err).toEqual([]);
  });

  it('says who changes were recorded as only when the command recorded some', async () => {
    const { file, siteId } = await workspaceWithSite();
    const out = tempDir();
    const note = /^Note: changes are recorded as /;
    // Refused as a final document (parts missing): nothing written, nothing recorded.
    const refused = await run(['docs', '--workspace', file, '--site', siteId, '--kind', 'rollback_plan', '--format', 'md', '--final', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.err.some((l) => l.startsWith('Refused: Rollback plan of “Northwind Shop”'))).toBe(true);
    expect(refused.err.filter((l) => note.test(l))).toEqual([]);
    // A bad argument after the workspace opened: the command fails before writing.
    const missing = await run(['docs', '--workspace', file, '--site', 'no-such-site', '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.err).toEqual(['--site no-such-site: no such site. `rollout-workbench sites --search NAME` lists the ids.']);
    // Nothing to redact: nothing recorded.
    const clean = await run(['secrets', '--workspace', file, '--redact']);
    expect(clean.code).toBe(0);
    expect(clean.err).toEqual([]);
    expect(generatedBy(file)).toEqual([]);
    // A draft written: recorded, so the note comes, once, after the report.
    const draft = await run(['docs', '--workspace', file, '--site', siteId, '--kind', 'sop_pack', '--format', 'md', '--out', out]);
    expect(draft.err.filter((l) => note.test(l))).toHaveLength(1);
    expect(draft.err.at(-1)).toMatch(note);
  });
});
