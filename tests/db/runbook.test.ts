/**
 * The runbook channels on a real workspace: template → client → site inheritance, clearing, list
 * replacement, revisions, validation, scope checks and the history each write leaves.
 */
import { describe, expect, it } from 'vitest';
import type { OutputOf } from '@core/contract/index';
import { DEFAULT_RUNBOOK } from '@core/runbook/defaults';
import { fullSite, openTestWorkspace, type TestWorkspace } from './helpers';

const TEMPLATE = { workspace: true } as const;

async function siteOf(ws: TestWorkspace) {
  const client = await ws.factories.buildClient({ name: 'Acme' });
  const site = await ws.factories.buildSite({ clientId: client.id, name: 'Acme shop' });
  return { client, site };
}

type View = OutputOf<'runbook.get'>;
const field = (view: View, key: string) => view.fields.find((f) => f.key === key)!;
const list = (view: View, name: string) => view.lists.find((l) => l.list === name)!;

/** Everything a refused runbook write must leave as it was. */
function rows(ws: TestWorkspace) {
  const tables = ['runbook_values', 'runbook_steps', 'runbook_severities', 'runbook_triage', 'runbook_escalations', 'runbook_vendors', 'rollback_rehearsals'];
  const sqlite = ws.session.workspace.sqlite;
  return {
    ...Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`SELECT count(*) AS n, coalesce(sum(version), 0) AS v FROM "${t}"`).get()])),
    facts: sqlite.prepare('SELECT * FROM site_runbook_facts').all(),
    log: ws.count('change_log'),
  };
}

describe('runbook facts: levels', () => {
  it('a site reads its own value, else its client’s, else the template’s, else the built-in default, and says where each comes from', async () => {
    const ws = openTestWorkspace();
    const { client, site } = await siteOf(ws);
    const scope = { siteId: site.id };

    let view = await ws.call('runbook.get', { scope });
    expect(view.scopeName).toBe('Acme shop');
    expect(field(view, 'restoreTimeTargetMinutes')).toMatchObject({ own: null, value: '120', source: 'default', inherited: '120', inheritedSource: 'default' });
    expect(field(view, 'backupLocation')).toMatchObject({ own: null, value: null, source: null });
    expect(view.currency).toMatchObject({ lastBackupOn: null, lastRehearsal: null, maxBackupAgeDays: 7, maxRehearsalAgeDays: 180 });
    expect(view.currency!.backupProblem).toContain('No backup is recorded');

    const template = await ws.call('runbook.get', { scope: TEMPLATE });
    expect(template.scopeName).toBe('Agency template');
    expect(template.currency).toBeNull();
    await ws.call('runbook.setValues', {
      scope: TEMPLATE,
      revision: template.revision,
      values: { restoreTimeTargetMinutes: '90', backupLocation: 'Host panel → Backups' },
    });
    view = await ws.call('runbook.get', { scope });
    expect(field(view, 'restoreTimeTargetMinutes')).toMatchObject({ value: '90', source: 'workspace' });
    expect(field(view, 'backupLocation')).toMatchObject({ value: 'Host panel → Backups', source: 'workspace' });

    const c = await ws.call('runbook.get', { scope: { clientId: client.id } });
    expect(c.scopeName).toBe('Acme');
    expect(field(c, 'restoreTimeTargetMinutes')).toMatchObject({ own: null, value: '90', source: 'workspace', inheritedSource: 'workspace' });
    await ws.call('runbook.setValues', { scope: { clientId: client.id }, revision: c.revision, values: { restoreTimeTargetMinutes: ' 60 ' } });
    view = await ws.call('runbook.get', { scope });
    expect(field(view, 'restoreTimeTargetMinutes')).toMatchObject({ own: null, value: '60', source: 'client', inherited: '60', inheritedSource: 'client' });

    view = await ws.call('runbook.setValues', { scope, revision: view.revision, values: { restoreTimeTargetMinutes: '45' } });
    expect(field(view, 'restoreTimeTargetMinutes')).toMatchObject({ own: '45', value: '45', source: 'site', inherited: '60', inheritedSource: 'client' });

    // Another site of another client still reads the template.
    const other = await ws.factories.buildSite();
    const o = await ws.call('runbook.get', { scope: { siteId: other.id } });
    expect(field(o, 'restoreTimeTargetMinutes')).toMatchObject({ value: '90', source: 'workspace' });

    // The snapshot the documents read carries the resolved runbook.
    const { siteSnapshot } = await import('@main/services/documents-snapshot');
    const snap = siteSnapshot(ws.session.ctx, site.id, { sops: false });
    expect(snap.runbook.values.restoreTimeTargetMinutes).toBe('45');
    expect(snap.runbook.values.backupLocation).toBe('Host panel → Backups');
    expect(snap.runbook.lists.severities).toEqual(DEFAULT_RUNBOOK.lists.severities);
    expect(snap.runbook.limits).toEqual({ maxBackupAgeDays: 7, maxRehearsalAgeDays: 180 });
  });

  it('clearing a value at a scope archives its row and reverts to the inherited value; an unchanged value writes nothing', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteOf(ws);
    const scope = { siteId: site.id };
    let view = await ws.call('runbook.get', { scope });
    view = await ws.call('runbook.setValues', { scope, revision: view.revision, values: { rollbackDecider: 'Dana, the shop owner' } });
    expect(field(view, 'rollbackDecider')).toMatchObject({ own: 'Dana, the shop owner', source: 'site' });

    const before = rows(ws);
    const same = await ws.call('runbook.setValues', { scope, revision: view.revision, values: { rollbackDecider: 'Dana, the shop owner' } });
    expect(rows(ws)).toEqual(before);
    expect(same.revision).toBe(view.revision);

    view = await ws.call('runbook.setValues', { scope, revision: view.revision, values: { rollbackDecider: 'Dana (owner); Sam stands in' } });
    const row = ws.session.workspace.sqlite.prepare("SELECT version, archived_at FROM runbook_values WHERE key = 'rollbackDecider'").get();
    expect(row).toEqual({ version: 2, archived_at: null });

    view = await ws.call('runbook.setValues', { scope, revision: view.revision, values: { rollbackDecider: null } });
    expect(field(view, 'rollbackDecider')).toMatchObject({ own: null, value: DEFAULT_RUNBOOK.values.rollbackDecider, source: 'default' });
    // Archived, never deleted.
    expect(
      ws.session.workspace.sqlite.prepare("SELECT count(*) AS n FROM runbook_values WHERE key = 'rollbackDecider' AND archived_at IS NOT NULL").get(),
    ).toEqual({ n: 1 });

    // A blank value clears too, and clearing what is not set writes nothing.
    const quiet = rows(ws);
    await ws.call('runbook.setValues', { scope, revision: view.revision, values: { rollbackDecider: '', backupLocation: null } });
    expect(rows(ws)).toEqual(quiet);
  });

  it('a list replaced at a scope archives its old rows and inserts the new ones in order; an identical list writes nothing; an empty one inherits again', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteOf(ws);
    const scope = { siteId: site.id };
    let view = await ws.call('runbook.get', { scope });
    expect(list(view, 'restore')).toMatchObject({ own: [], source: 'default', inheritedSource: 'default' });
    const steps = [
      { text: 'Ask the host to restore last night’s backup.', applies: 'always' as const },
      { text: 'Export orders placed since the backup first.', applies: 'woocommerce' as const },
    ];
    view = await ws.call('runbook.setList', { scope, list: 'restore', items: steps, revision: list(view, 'restore').revision });
    expect(list(view, 'restore')).toMatchObject({ own: steps, items: steps, source: 'site', inheritedSource: 'default' });
    const sqlite = ws.session.workspace.sqlite;
    expect(
      sqlite.prepare("SELECT position, text FROM runbook_steps WHERE site_id = ? AND list = 'restore' AND archived_at IS NULL ORDER BY position").all(site.id),
    ).toEqual([
      { position: 0, text: steps[0]!.text },
      { position: 1, text: steps[1]!.text },
    ]);

    const before = rows(ws);
    const same = await ws.call('runbook.setList', { scope, list: 'restore', items: steps, revision: list(view, 'restore').revision });
    expect(rows(ws)).toEqual(before);
    expect(list(same, 'restore').revision).toBe(list(view, 'restore').revision);

    const reordered = [steps[1]!, steps[0]!, { text: 'Clear every cache.', applies: 'always' as const }];
    view = await ws.call('runbook.setList', { scope, list: 'restore', items: reordered, revision: list(view, 'restore').revision });
    expect(list(view, 'restore').items).toEqual(reordered);
    // The old rows are still in the table, archived.
    expect(sqlite.prepare("SELECT count(*) AS n FROM runbook_steps WHERE list = 'restore' AND archived_at IS NOT NULL").get()).toEqual({ n: 2 });
    expect(sqlite.prepare("SELECT count(*) AS n FROM runbook_steps WHERE list = 'restore' AND archived_at IS NULL").get()).toEqual({ n: 3 });
    // Other step lists are untouched.
    expect(list(view, 'checks')).toMatchObject({ own: [], source: 'default' });

    view = await ws.call('runbook.setList', { scope, list: 'restore', items: [], revision: list(view, 'restore').revision });
    expect(list(view, 'restore')).toMatchObject({ own: [], source: 'default' });
    expect(list(view, 'restore').items).toEqual(DEFAULT_RUNBOOK.lists.restore);

    // Vendors: a structured record, absent fields stored as null.
    view = await ws.call('runbook.setList', {
      scope: { workspace: true },
      list: 'vendors',
      items: [{ kind: 'sophmate', name: 'SophMate support', email: 'support@sophmate.example', supportExpiresOn: '2027-01-31' }],
      revision: list(await ws.call('runbook.get', { scope: TEMPLATE }), 'vendors').revision,
    } as never);
    const vendors = list(await ws.call('runbook.get', { scope }), 'vendors');
    expect(vendors.source).toBe('workspace');
    expect(vendors.items).toEqual([
      {
        kind: 'sophmate',
        name: 'SophMate support',
        email: 'support@sophmate.example',
        phone: null,
        url: null,
        statusUrl: null,
        hours: null,
        licenceLocation: null,
        supportExpiresOn: '2027-01-31',
        accountRef: null,
        notes: null,
      },
    ]);
  });

  it('each write leaves one history row on the scope’s record, naming the fields or the list, before and after', async () => {
    const ws = openTestWorkspace();
    const { client, site } = await siteOf(ws);
    const scope = { siteId: site.id };
    let view = await ws.call('runbook.get', { scope });
    view = await ws.call('runbook.setValues', { scope, revision: view.revision, values: { backupSchedule: 'Daily at 02:00', restoreTimeTargetMinutes: '60' } });
    await ws.call('runbook.setList', {
      scope,
      list: 'triggers',
      items: [{ text: 'Checkout fails for 15 minutes.', applies: 'always' }],
      revision: list(view, 'triggers').revision,
    });
    const siteHistory = await ws.call('history.list', { siteId: site.id, limit: 10, offset: 0 });
    const [listRow, valuesRow] = siteHistory.rows;
    expect(valuesRow).toMatchObject({ entity: 'site', entityId: site.id, siteId: site.id, action: 'runbook-values' });
    // In the registry's order, whatever the input's.
    expect(valuesRow!.summary).toBe(
      'Runbook of “Acme shop”: Restore time target (minutes) set to “60” (was not set); Backup schedule set to “Daily at 02:00” (was not set)',
    );
    expect(valuesRow!.changes).toEqual([
      { field: 'restoreTimeTargetMinutes', before: null, after: '60' },
      { field: 'backupSchedule', before: null, after: 'Daily at 02:00' },
    ]);
    expect(listRow).toMatchObject({ entity: 'site', action: 'runbook-list', summary: 'Runbook of “Acme shop”: When to roll back set: 1 row' });

    const c = await ws.call('runbook.get', { scope: { clientId: client.id } });
    await ws.call('runbook.setValues', { scope: { clientId: client.id }, revision: c.revision, values: { supportHours: 'Weekdays 9–17 CET' } });
    const clientRow = (await ws.call('history.list', { entity: 'client', entityId: client.id, limit: 1, offset: 0 })).rows[0]!;
    expect(clientRow).toMatchObject({ entity: 'client', siteId: null, action: 'runbook-values' });
    expect(clientRow.summary).toBe('Runbook of the client “Acme”: Support hours set to “Weekdays 9–17 CET” (was not set)');

    const t = await ws.call('runbook.get', { scope: TEMPLATE });
    await ws.call('runbook.setList', { scope: TEMPLATE, list: 'severities', items: [], revision: list(t, 'severities').revision });
    // Clearing an empty list is no change.
    const before = ws.count('change_log');
    await ws.call('runbook.setList', {
      scope: TEMPLATE,
      list: 'severities',
      items: [{ name: 'S1', meaning: 'Down', responseMinutes: 15, updateMinutes: 60 }],
      revision: list(t, 'severities').revision,
    });
    expect(ws.count('change_log')).toBe(before + 1);
    const templateRow = (await ws.call('history.list', { entity: 'settings', entityId: 'runbook', limit: 1, offset: 0 })).rows[0]!;
    expect(templateRow).toMatchObject({ entity: 'settings', action: 'runbook-list', summary: 'Agency runbook template: Severity levels set: 1 row' });
  });
});

describe('runbook facts: refusals write nothing', () => {
  it('an edit from a stale revision is refused, naming the scope', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteOf(ws);
    const scope = { siteId: site.id };
    const first = await ws.call('runbook.get', { scope });
    await ws.call('runbook.setValues', { scope, revision: first.revision, values: { supportHours: 'Weekdays' } });
    await ws.call('runbook.setList', {
      scope,
      list: 'checks',
      items: [{ text: 'The shop loads.', applies: 'always' }],
      revision: list(first, 'checks').revision,
    });
    const before = rows(ws);
    const stale = await ws.fail('runbook.setValues', { scope, revision: first.revision, values: { supportHours: 'Weekends' } });
    expect(stale.code).toBe('STALE_VERSION');
    expect(stale.message).toBe('The runbook of “Acme shop” was changed since you opened it. Reload it to see the latest version, then apply your edit again.');
    const staleList = await ws.fail('runbook.setList', { scope, list: 'checks', items: [], revision: list(first, 'checks').revision });
    expect(staleList.code).toBe('STALE_VERSION');
    expect(staleList.message).toContain('The runbook of “Acme shop” (Checks that confirm the rollback worked) was changed since you opened it.');
    expect(rows(ws)).toEqual(before);
  });

  it('bad input names the field and writes nothing', async () => {
    const ws = openTestWorkspace();
    const { site } = await siteOf(ws);
    const scope = { siteId: site.id };
    const view = await ws.call('runbook.get', { scope });
    const before = rows(ws);

    const minutes = await ws.fail('runbook.setValues', { scope, revision: view.revision, values: { restoreTimeTargetMinutes: 'ten' } });
    expect(minutes.code).toBe('INVALID_INPUT');
    expect(minutes.details?.issues?.[0]).toMatchObject({
      path: 'values.restoreTimeTargetMinutes',
      message: 'Restore time target (minutes) must be a whole number of minutes, such as 60.',
    });

    const placeholder = await ws.fail('runbook.setValues', { scope, revision: view.revision, values: { clientMessage: 'We restore {{sitename}} now.' } });
    expect(placeholder.code).toBe('INVALID_INPUT');
    expect(placeholder.details?.issues?.[0]?.path).toBe('values.clientMessage');
    expect(placeholder.details?.issues?.[0]?.message).toContain('{{sitename}}');

    const secret = await ws.fail('runbook.setValues', {
      scope,
      revision: view.revision,
      values: { hostingPanelAccess: 'admin / password: Hunter2-Very-Secret-99' },
    });
    expect(secret.code).toBe('INVALID_INPUT');
    expect(secret.details?.issues?.[0]?.path).toBe('values.hostingPanelAccess');

    const tooMany = await ws.fail('runbook.setList', {
      scope,
      list: 'triggers',
      items: Array.from({ length: 41 }, (_, i) => ({ text: `Trigger ${i + 1}`, applies: 'always' })),
      revision: list(view, 'triggers').revision,
    });
    expect(tooMany.code).toBe('INVALID_INPUT');
    expect(tooMany.details?.issues?.[0]).toMatchObject({ path: 'items', message: 'When to roll back: at most 40 rows.' });

    const unknownKey = await ws.fail('runbook.setValues', { scope, revision: view.revision, values: { backupPassword: 'x' } });
    expect(unknownKey.code).toBe('INVALID_INPUT');
    expect(rows(ws)).toEqual(before);
  });

  it('an archived site or client is refused, and a missing one is not found', async () => {
    const ws = openTestWorkspace();
    const { client, site } = await siteOf(ws);
    const view = await ws.call('runbook.get', { scope: { siteId: site.id } });
    const cview = await ws.call('runbook.get', { scope: { clientId: client.id } });
    await ws.call('sites.archive', { id: site.id });
    await ws.call('clients.archive', { id: client.id });
    const before = rows(ws);

    const s = await ws.fail('runbook.setValues', { scope: { siteId: site.id }, revision: view.revision, values: { supportHours: 'Weekdays' } });
    expect(s).toMatchObject({ code: 'REFUSED', message: '“Acme shop” is archived: restore it before editing its runbook.' });
    const c = await ws.fail('runbook.setList', {
      scope: { clientId: client.id },
      list: 'checks',
      items: [{ text: 'Loads', applies: 'always' }],
      revision: list(cview, 'checks').revision,
    });
    expect(c).toMatchObject({ code: 'REFUSED', message: 'The client “Acme” is archived: restore it before editing its runbook.' });
    const b = await ws.fail('runbook.recordBackup', { siteId: site.id, takenOn: '2026-02-28' });
    expect(b).toMatchObject({ code: 'REFUSED', message: '“Acme shop” is archived: restore it before recording its backups.' });
    const gone = await ws.fail('runbook.get', { scope: { clientId: 'no-such-client' } });
    expect(gone.code).toBe('NOT_FOUND');
    expect(rows(ws)).toEqual(before);
    // Reading an archived site's runbook still works.
    expect((await ws.call('runbook.get', { scope: { siteId: site.id } })).scopeName).toBe('Acme shop');
  });
});

describe('backups and rehearsals', () => {
  it('a backup day is recorded once per change, never after today, with a history row', async () => {
    const ws = openTestWorkspace(); // the clock reads 2026-03-01T10:00Z
    await ws.call('settings.update', { timeZone: 'Europe/London' });
    const { site } = await siteOf(ws);
    const before = rows(ws);
    const future = await ws.fail('runbook.recordBackup', { siteId: site.id, takenOn: '2026-03-02' });
    expect(future.code).toBe('REFUSED');
    expect(future.message).toBe('The backup day 2026-03-02 is after today (2026-03-01 in Europe/London): record the day it actually happened.');
    expect(future.details?.issues?.[0]?.path).toBe('takenOn');
    expect(rows(ws)).toEqual(before);

    let view = await ws.call('runbook.recordBackup', { siteId: site.id, takenOn: '2026-02-27' });
    expect(view.currency).toMatchObject({ lastBackupOn: '2026-02-27', backupProblem: null });
    view = await ws.call('runbook.recordBackup', { siteId: site.id, takenOn: '2026-03-01' });
    const log = ws.count('change_log');
    await ws.call('runbook.recordBackup', { siteId: site.id, takenOn: '2026-03-01' });
    expect(ws.count('change_log')).toBe(log);
    const h = (await ws.call('history.list', { siteId: site.id, limit: 1, offset: 0 })).rows[0]!;
    expect(h).toMatchObject({ action: 'backup', summary: 'Backup of “Acme shop” recorded on 2026-03-01 (the last one was on 2026-02-27)' });

    // Too old for the limit in Settings.
    await ws.call('settings.update', { maxBackupAgeDays: 1 });
    view = await ws.call('runbook.recordBackup', { siteId: site.id, takenOn: '2026-02-20' });
    // The sentence is core's (core/domain/rollback-currency.ts).
    expect(view.currency!.backupProblem).toContain('2026-02-20, 9 days ago');
  });

  it('“today” is the workspace’s calendar day: an agency in Auckland records this morning’s backup while it is still yesterday in UTC', async () => {
    const ws = openTestWorkspace(); // 2026-03-01T10:00Z
    await ws.call('settings.update', { timeZone: 'Pacific/Auckland' });
    const { site } = await siteOf(ws);
    ws.clock.advance(2 * 3_600_000); // 12:00Z on 1 March is 01:00 on 2 March in Auckland
    const view = await ws.call('runbook.recordBackup', { siteId: site.id, takenOn: '2026-03-02' });
    expect(view.currency).toMatchObject({ lastBackupOn: '2026-03-02', backupProblem: null });
    const ahead = await ws.fail('runbook.recordBackup', { siteId: site.id, takenOn: '2026-03-03' });
    expect(ahead.message).toBe('The backup day 2026-03-03 is after today (2026-03-02 in Pacific/Auckland): record the day it actually happened.');
  });

  it('a rehearsal needs an active performer, a day not after today and, when failed, notes; the latest failure makes the plan not current', async () => {
    const ws = openTestWorkspace();
    await ws.call('settings.update', { timeZone: 'Europe/London' });
    const { site } = await siteOf(ws);
    const dana = await ws.factories.buildPerson({ name: 'Dana Fox' });
    const gone = await ws.factories.buildPerson({ name: 'Old Timer', active: false });
    const base = { siteId: site.id, rehearsedOn: '2026-02-25', outcome: 'passed' as const, durationMinutes: 40, performedById: dana.id };
    const before = rows(ws);

    const inactive = await ws.fail('runbook.recordRehearsal', { ...base, performedById: gone.id });
    expect(inactive).toMatchObject({ code: 'REFUSED', message: 'Old Timer is marked inactive: choose an active person who did the rehearsal.' });
    expect(inactive.details?.issues?.[0]?.path).toBe('performedById');
    const future = await ws.fail('runbook.recordRehearsal', { ...base, rehearsedOn: '2026-03-02' });
    expect(future).toMatchObject({
      code: 'REFUSED',
      message: 'The rehearsal day 2026-03-02 is after today (2026-03-01 in Europe/London): record the day it actually happened.',
    });
    const noNotes = await ws.fail('runbook.recordRehearsal', { ...base, outcome: 'failed' });
    expect(noNotes.code).toBe('INVALID_INPUT');
    expect(noNotes.details?.issues?.[0]).toEqual({ path: 'notes', message: 'Say what failed in the rehearsal notes: the next rehearsal starts from it.' });
    const zero = await ws.fail('runbook.recordRehearsal', { ...base, durationMinutes: 0 });
    expect(zero.details?.issues?.[0]?.path).toBe('durationMinutes');
    expect(rows(ws)).toEqual(before);

    let view = await ws.call('runbook.recordRehearsal', { ...base, outcome: 'failed', notes: 'The backup of the uploads folder was empty.' });
    expect(view.currency!.rehearsalProblem).toContain('2026-02-25');
    expect(view.currency!.rehearsalProblem).toContain('failed');
    view = await ws.call('runbook.recordRehearsal', { ...base, rehearsedOn: '2026-02-28', durationMinutes: 55 });
    expect(view.currency!.rehearsalProblem).toBeNull();
    expect(view.currency!.lastRehearsal).toMatchObject({ rehearsedOn: '2026-02-28', outcome: 'passed', performedBy: 'Dana Fox', durationMinutes: 55 });

    const all = await ws.call('runbook.rehearsals', { siteId: site.id });
    expect(all.map((r) => [r.rehearsedOn, r.outcome])).toEqual([
      ['2026-02-28', 'passed'],
      ['2026-02-25', 'failed'],
    ]);
    expect(all[1]).toMatchObject({ notes: 'The backup of the uploads folder was empty.', performedById: dana.id, performedBy: 'Dana Fox' });
    const h = (await ws.call('history.list', { siteId: site.id, limit: 1, offset: 0 })).rows[0]!;
    expect(h).toMatchObject({ action: 'rehearsal', summary: 'Restore rehearsal of “Acme shop” on 2026-02-28 recorded: passed in 55 minutes, by Dana Fox' });

    // The snapshot carries the newest rehearsals first, by name.
    const { siteSnapshot } = await import('@main/services/documents-snapshot');
    const snap = siteSnapshot(ws.session.ctx, site.id, { sops: false });
    expect(snap.runbook.rehearsals.map((r) => r.outcome)).toEqual(['passed', 'failed']);
    expect(snap.runbook.rehearsals[0]).toEqual({ rehearsedOn: '2026-02-28', outcome: 'passed', durationMinutes: 55, performedBy: 'Dana Fox', notes: null });
  });

  it('the snapshot counts final exports per kind (one export in several formats once) and gives backup owners’ contacts', async () => {
    const ws = openTestWorkspace();
    const client = await ws.factories.buildClient({ name: 'Acme' });
    const site = await ws.factories.buildSite({ clientId: client.id, ...fullSite });
    const ann = await ws.factories.buildPerson({ name: 'Ann Lee', phone: '+44 20 7946 0000' });
    const ben = await ws.factories.buildPerson({ name: 'Ben Ito', email: 'ben@agency.test', phone: '+44 20 7946 0001' });
    for (const responsibility of ['rollback_restore', 'backups', 'hosting', 'primary', 'incident_escalation', 'support_routing'] as const)
      await ws.call('owners.assign', { siteId: site.id, responsibility, ownerId: ann.id, backupOwnerId: responsibility === 'backups' ? ben.id : null });
    await ws.factories.completeRunbook(site.id);
    const { siteSnapshot } = await import('@main/services/documents-snapshot');
    const { recordDocuments, renderTextDocuments } = await import('@main/services/documents');
    const { writerOf } = await import('@main/rpc/context');
    const snap = () => siteSnapshot(ws.session.ctx, site.id, { sops: false });
    expect(snap().owners.find((o) => o.responsibility === 'backups')).toMatchObject({
      name: 'Ann Lee',
      phone: '+44 20 7946 0000',
      backupName: 'Ben Ito',
      backupEmail: 'ben@agency.test',
      backupPhone: '+44 20 7946 0001',
    });
    expect(snap().owners.find((o) => o.responsibility === 'hosting')).toMatchObject({ backupName: null, backupEmail: null, backupPhone: null });
    // The known-good state keeps the WooCommerce version too.
    expect(snap().runbook.knownGood).toMatchObject({ sophmateVersion: '2.4.1', woocommerceVersion: '9.3.3', recordedOn: '2026-03-01' });
    expect((await ws.call('documents.facts', { siteId: site.id })).knownGood?.woocommerceVersion).toBe('9.3.3');
    const known = (await ws.call('history.list', { siteId: site.id, limit: 50, offset: 0 })).rows.find((r) => r.action === 'known-good')!;
    expect(known.summary).toBe('Known-good state of “Northwind Shop” recorded: SophMate 2.4.1, WordPress 6.6.2, PHP 8.2, WooCommerce 9.3.3');

    recordDocuments(
      writerOf(ws.session.ctx),
      renderTextDocuments(ws.session.ctx, { siteId: site.id, kind: 'rollback_plan', formats: ['md', 'html'], final: true }),
    );
    expect(ws.count('generated_documents')).toBe(2);
    expect(snap().documentVersions).toEqual({ rollback_plan: { finals: 1, lastFinalAt: '2026-03-01T10:00:00.000Z' } });
    ws.clock.advance(3_600_000);
    await ws.call('documents.generate', { siteId: site.id, kind: 'rollback_plan', format: 'md', final: true });
    await ws.call('documents.generate', { siteId: site.id, kind: 'support_path', format: 'md', final: false });
    expect(snap().documentVersions).toEqual({ rollback_plan: { finals: 2, lastFinalAt: '2026-03-01T11:00:00.000Z' } });
  });

  it('the factory completes a site’s runbook, so a final rollback plan can be exported and counted', async () => {
    const ws = openTestWorkspace();
    const client = await ws.factories.buildClient({ name: 'Acme' });
    const site = await ws.factories.buildSite({ clientId: client.id, ...fullSite });
    const anyone = await ws.factories.buildPerson();
    for (const responsibility of ['rollback_restore', 'backups', 'hosting', 'primary', 'incident_escalation'] as const)
      await ws.call('owners.assign', { siteId: site.id, responsibility, ownerId: anyone.id });
    const view = await ws.factories.completeRunbook(site.id);
    expect(view.fields.filter((f) => f.value === null)).toEqual([]);
    expect(view.currency).toMatchObject({ lastBackupOn: '2026-03-01', backupProblem: null, rehearsalProblem: null });
    const { siteSnapshot } = await import('@main/services/documents-snapshot');
    expect(siteSnapshot(ws.session.ctx, site.id, { sops: false }).documentVersions).toEqual({});
  });
});
