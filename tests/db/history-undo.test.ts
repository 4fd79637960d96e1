/**
 * Undoing one change from a history (history.undoPreview, history.undo) on a real workspace: each kind
 * of field edit, field-level undo, every refusal with its reason, undo of an undo, the revert's own
 * history row, a change saved between the preview and the undo, and hostile ids.
 */
import { describe, expect, it } from 'vitest';
import type { Site } from '@core/contract/sites';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { fixedClock, openTestWorkspace, type TestWorkspace } from './helpers';

type Row = { id: string; action: string; summary: string; before: string | null; after: string | null; actor: string };

/** The history rows of a record, oldest first, as stored. */
function rowsOf(ws: TestWorkspace, entityId: string): Row[] {
  return ws.session.workspace.sqlite
    .prepare('SELECT id, action, summary, before, after, actor FROM change_log WHERE entity_id = ? ORDER BY rowid')
    .all(entityId) as Row[];
}
const last = (ws: TestWorkspace, entityId: string) => rowsOf(ws, entityId).at(-1)!;

/** Saves the site as the form does: the record as it is, with `fields` changed (the contract keeps only what it takes). */
async function editSite(ws: TestWorkspace, id: string, fields: Partial<Site>): Promise<Site> {
  const s = await ws.call('sites.get', { id });
  return ws.call('sites.update', { ...s, ...fields });
}

async function siteWithHost(ws: TestWorkspace) {
  const site = await ws.factories.buildSite({ name: 'Acme shop', host: 'Kinsta', phpVersion: '8.1' });
  await editSite(ws, site.id, { host: 'WP Engine' });
  return { site, edit: last(ws, site.id) };
}

/** What a refused undo must leave as it was. */
function snapshot(ws: TestWorkspace) {
  const sqlite = ws.session.workspace.sqlite;
  return {
    log: ws.count('change_log'),
    sites: sqlite.prepare('SELECT id, host, version FROM sites ORDER BY id').all(),
    people: sqlite.prepare('SELECT id, phone, version FROM people ORDER BY id').all(),
  };
}

async function refusedWith(ws: TestWorkspace, changeId: string, reason: RegExp) {
  const preview = await ws.call('history.undoPreview', { changeId });
  expect(preview.possible).toBe(false);
  expect(preview.reason).toMatch(reason);
  const before = snapshot(ws);
  const err = await ws.fail('history.undo', { changeId, confirm: true });
  expect(err.code).toBe('REFUSED');
  expect(err.message).toBe(preview.reason);
  expect(snapshot(ws)).toEqual(before);
}

describe('undo: site setup record edits', () => {
  it('previews the field, puts it back through sites.update, and records the undo as one history row naming the change', async () => {
    const ws = openTestWorkspace();
    const { site, edit } = await siteWithHost(ws);
    const preview = await ws.call('history.undoPreview', { changeId: edit.id });
    expect(preview).toMatchObject({
      possible: true,
      reason: null,
      entityLabel: 'site “Acme shop”',
      summary: edit.summary,
      fields: [{ field: 'host', label: 'Host', now: 'WP Engine', restored: 'Kinsta' }],
    });

    ws.clock.advance(60_000);
    const done = await ws.call('history.undo', { changeId: edit.id, confirm: true });
    expect(done.summary).toBe(`Undid “${edit.summary}” (tester, 2026-03-01 10:00 UTC)`);
    const after = await ws.call('sites.get', { id: site.id });
    expect(after.host).toBe('Kinsta');
    expect(after.version).toBe(site.version + 2);

    // One row: the service's edit, recorded as the undo, naming the change it undid.
    const rows = rowsOf(ws, site.id);
    expect(rows).toHaveLength(3);
    const revert = rows[2]!;
    expect(revert).toMatchObject({ id: done.changeId, action: 'update', summary: done.summary, actor: 'tester' });
    const mark = { kind: 'site-setup', changeId: edit.id };
    expect(JSON.parse(revert.before!)).toMatchObject({ host: 'WP Engine', undo: mark });
    expect(JSON.parse(revert.after!)).toMatchObject({ host: 'Kinsta', undo: mark });

    const history = await ws.call('history.list', { siteId: site.id, limit: 10, offset: 0 });
    expect(history.rows[0]).toMatchObject({ id: done.changeId, action: 'update', changes: [{ field: 'host', before: 'WP Engine', after: 'Kinsta' }] });
  });

  it('puts back only the fields the change changed: a later edit of another field stays', async () => {
    const ws = openTestWorkspace();
    const { site, edit } = await siteWithHost(ws);
    await editSite(ws, site.id, { phpVersion: '8.3' });
    await ws.call('history.undo', { changeId: edit.id, confirm: true });
    const after = await ws.call('sites.get', { id: site.id });
    expect(after).toMatchObject({ host: 'Kinsta', phpVersion: '8.3' });
  });

  it('changes the client back, showing client names rather than ids', async () => {
    const ws = openTestWorkspace();
    const first = await ws.factories.buildClient({ name: 'First' });
    const second = await ws.factories.buildClient({ name: 'Second' });
    const site = await ws.factories.buildSite({ clientId: first.id });
    await editSite(ws, site.id, { clientId: second.id });
    const edit = last(ws, site.id);
    const preview = await ws.call('history.undoPreview', { changeId: edit.id });
    expect(preview.fields).toEqual([{ field: 'clientId', label: 'Client', now: 'Second', restored: 'First' }]);
    await ws.call('history.undo', { changeId: edit.id, confirm: true });
    expect((await ws.call('sites.get', { id: site.id })).clientId).toBe(first.id);
  });

  it('an undo can itself be undone, which applies the change again', async () => {
    const ws = openTestWorkspace();
    const { site, edit } = await siteWithHost(ws);
    const undo = await ws.call('history.undo', { changeId: edit.id, confirm: true });
    const preview = await ws.call('history.undoPreview', { changeId: undo.changeId });
    expect(preview).toMatchObject({ possible: true, fields: [{ field: 'host', now: 'Kinsta', restored: 'WP Engine' }] });
    const again = await ws.call('history.undo', { changeId: undo.changeId, confirm: true });
    expect((await ws.call('sites.get', { id: site.id })).host).toBe('WP Engine');
    expect(again.summary).toMatch(
      /^Undid “Undid “Edited “Acme shop”: host Kinsta → WP Engine” \(tester, 2026-03-01 10:00 UTC\)” \(tester, 2026-03-01 10:00 UTC\)$/,
    );
    // Each undo is undone at most once; the edit the first undo made is undone through that undo.
    await refusedWith(ws, undo.changeId, /already undone on 2026-03-01 10:00 UTC by tester/);
    // The first undo was undone: the edit is in force again, changed later by that second undo.
    await refusedWith(ws, edit.id, /^Host was changed again later, .*\(“Undid “Undid “Edited/);
    // Each undo is one row: no separate service edit is left behind to undo.
    expect(rowsOf(ws, site.id).filter((r) => r.summary.startsWith('Edited'))).toHaveLength(1);
  });

  it('the service’s validation applies to the undo, and the preview already says what it will refuse: a production URL taken since', async () => {
    const ws = openTestWorkspace();
    const site = await ws.factories.buildSite({ productionUrl: 'https://old.example.test' });
    await editSite(ws, site.id, { productionUrl: 'https://new.example.test' });
    const edit = last(ws, site.id);
    await ws.factories.buildSite({ name: 'Other', productionUrl: 'https://old.example.test' });
    const before = snapshot(ws);
    const preview = await ws.call('history.undoPreview', { changeId: edit.id });
    expect(preview.possible).toBe(false);
    expect(preview.reason).toContain('https://old.example.test is already the production URL of “Other”');
    // The preview's trial was rolled back: nothing was written.
    expect(snapshot(ws)).toEqual(before);
    const err = await ws.fail('history.undo', { changeId: edit.id, confirm: true });
    expect(err.message).toContain('https://old.example.test is already the production URL of “Other”');
    expect(snapshot(ws)).toEqual(before);
  });
});

describe('undo: clients, people, owners and runbook facts', () => {
  it('a client edit', async () => {
    const ws = openTestWorkspace();
    const client = await ws.factories.buildClient({ name: 'Acme', notes: 'n1' });
    await ws.call('clients.update', { id: client.id, version: client.version, name: 'Acme Ltd', notes: 'n1' });
    const edit = last(ws, client.id);
    expect((await ws.call('history.undoPreview', { changeId: edit.id })).fields).toEqual([{ field: 'name', label: 'Name', now: 'Acme Ltd', restored: 'Acme' }]);
    await ws.call('history.undo', { changeId: edit.id, confirm: true });
    expect(await ws.call('clients.get', { id: client.id })).toMatchObject({ name: 'Acme', notes: 'n1' });
    expect(last(ws, client.id)).toMatchObject({ action: 'update', summary: expect.stringMatching(/^Undid “/) });
  });

  it('a person edit, two fields at once', async () => {
    const ws = openTestWorkspace();
    const person = await ws.factories.buildPerson({ name: 'Ana', phone: '+44 20 7946 0000' });
    await ws.call('people.update', { ...person, phone: null, active: false, clientId: null });
    const edit = last(ws, person.id);
    const preview = await ws.call('history.undoPreview', { changeId: edit.id });
    expect(preview).toMatchObject({ possible: true, entityLabel: 'Ana' });
    expect(preview.fields.map((f) => f.field)).toEqual(['phone', 'active']);
    await ws.call('history.undo', { changeId: edit.id, confirm: true });
    expect(await ws.call('people.get', { id: person.id })).toMatchObject({ phone: '+44 20 7946 0000', active: true });
  });

  it('an owner change: the owner is put back by owners.assign and needs verifying again', async () => {
    const ws = openTestWorkspace();
    const site = await ws.factories.buildSite({ name: 'Acme shop' });
    const ana = await ws.factories.buildPerson({ name: 'Ana' });
    const bo = await ws.factories.buildPerson({ name: 'Bo' });
    const matrix = await ws.factories.buildOwnerAssignment({ siteId: site.id, ownerId: ana.id, verified: true });
    const assignment = matrix.rows.find((r) => r.responsibility === 'hosting')!.assignment!;
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'hosting', ownerId: bo.id, note: 'new host contact' });
    const edit = last(ws, assignment.id);
    const preview = await ws.call('history.undoPreview', { changeId: edit.id });
    expect(preview).toMatchObject({ possible: true, entityLabel: 'Hosting owner of “Acme shop”' });
    expect(preview.fields).toEqual([
      { field: 'ownerId', label: 'Owner', now: 'Bo', restored: 'Ana' },
      { field: 'note', label: 'Note', now: 'new host contact', restored: null },
    ]);
    expect(preview.note).toMatch(/verification over/);
    await ws.call('history.undo', { changeId: edit.id, confirm: true });
    const now = (await ws.call('owners.matrix', { siteId: site.id })).rows.find((r) => r.responsibility === 'hosting')!.assignment!;
    expect(now).toMatchObject({ id: assignment.id, ownerId: ana.id, note: null, verifiedAt: null });
  });

  it('a note changed later by a verification (which cannot be undone) refuses the undo and says to edit the field', async () => {
    const ws = openTestWorkspace();
    const site = await ws.factories.buildSite({ name: 'Acme shop' });
    const ana = await ws.factories.buildPerson({ name: 'Ana' });
    const bo = await ws.factories.buildPerson({ name: 'Bo' });
    const matrix = await ws.factories.buildOwnerAssignment({ siteId: site.id, ownerId: ana.id });
    const assignment = matrix.rows.find((r) => r.responsibility === 'hosting')!.assignment!;
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'hosting', ownerId: bo.id, note: 'new host contact' });
    const edit = last(ws, assignment.id);
    ws.clock.advance(60_000);
    await ws.call('owners.verify', { siteId: site.id, responsibility: 'hosting', verifiedById: ana.id, note: 'restored a backup with Bo' });
    const preview = await ws.call('history.undoPreview', { changeId: edit.id });
    expect(preview.possible).toBe(false);
    expect(preview.reason).toMatch(/^Note was changed again later, on .* by tester \(“.*”\): edit the field directly\.$/);
  });

  it('an owner who could not hold the role now is refused in the preview: archived since', async () => {
    const ws = openTestWorkspace();
    const site = await ws.factories.buildSite();
    const ana = await ws.factories.buildPerson({ name: 'Ana' });
    const bo = await ws.factories.buildPerson({ name: 'Bo' });
    const matrix = await ws.factories.buildOwnerAssignment({ siteId: site.id, ownerId: ana.id });
    const assignment = matrix.rows.find((r) => r.responsibility === 'hosting')!.assignment!;
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'hosting', ownerId: bo.id });
    const edit = last(ws, assignment.id);
    await ws.call('people.archive', { id: ana.id });
    await refusedWith(ws, edit.id, /^Ana is archived and cannot be owner: restore them on the People page/);
  });

  it('an owner removed since is refused', async () => {
    const ws = openTestWorkspace();
    const site = await ws.factories.buildSite();
    const matrix = await ws.factories.buildOwnerAssignment({ siteId: site.id });
    const assignment = matrix.rows.find((r) => r.responsibility === 'hosting')!.assignment!;
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'hosting', ownerId: assignment.ownerId, note: 'x' });
    const edit = last(ws, assignment.id);
    await ws.call('owners.unassign', { siteId: site.id, responsibility: 'hosting' });
    await refusedWith(ws, edit.id, /owner assignment this change was made to was removed since/);
  });

  it('a runbook fact of a site', async () => {
    const ws = openTestWorkspace();
    const site = await ws.factories.buildSite({ name: 'Acme shop' });
    const scope = { siteId: site.id };
    let view = await ws.call('runbook.get', { scope });
    await ws.call('runbook.setValues', { scope, revision: view.revision, values: { backupLocation: 'Panel A' } });
    view = await ws.call('runbook.get', { scope });
    await ws.call('runbook.setValues', { scope, revision: view.revision, values: { backupLocation: 'Panel B' } });
    const edit = last(ws, site.id);
    const preview = await ws.call('history.undoPreview', { changeId: edit.id });
    expect(preview).toMatchObject({ possible: true, entityLabel: 'the runbook of “Acme shop”' });
    expect(preview.fields).toEqual([{ field: 'backupLocation', label: expect.any(String) as string, now: 'Panel B', restored: 'Panel A' }]);
    await ws.call('history.undo', { changeId: edit.id, confirm: true });
    view = await ws.call('runbook.get', { scope });
    expect(view.fields.find((f) => f.key === 'backupLocation')!.own).toBe('Panel A');
    // The undo keeps the runbook edit's action, so whatever follows a runbook edit (final plans of the
    // sites that read it going out of date) follows the undo too.
    expect(last(ws, site.id)).toMatchObject({ action: edit.action, summary: expect.stringMatching(/^Undid “/) });
  });
});

describe('undo: refusals', () => {
  it('a change that is not a field edit says what to do instead', async () => {
    const ws = openTestWorkspace();
    const site = await ws.factories.buildSite();
    const created = rowsOf(ws, site.id)[0]!;
    await refusedWith(ws, created.id, /created the site: .*Archive the site instead/);
    await ws.call('sites.changeStage', { siteId: site.id, version: site.version, to: 'paused' });
    await refusedWith(ws, last(ws, site.id).id, /only through Change stage/);
    await ws.call('sites.archive', { id: site.id });
    await refusedWith(ws, last(ws, site.id).id, /archived the site: restore it instead/);
  });

  it('a field edited again later names the later change: when, who and its summary', async () => {
    const ws = openTestWorkspace();
    const { site, edit } = await siteWithHost(ws);
    ws.clock.advance(3_600_000);
    await editSite(ws, site.id, { host: 'Cloudways' });
    await refusedWith(
      ws,
      edit.id,
      /^Host was changed again later, on 2026-03-01 11:00 UTC by tester \(“Edited “Acme shop”: host WP Engine → Cloudways”\): undo that change first/,
    );
  });

  it('a record archived since', async () => {
    const ws = openTestWorkspace();
    const { site, edit } = await siteWithHost(ws);
    await ws.call('sites.archive', { id: site.id });
    await refusedWith(ws, edit.id, /“Acme shop” was archived since: restore it first/);
    await ws.call('sites.restore', { id: site.id });
    expect((await ws.call('history.undoPreview', { changeId: edit.id })).possible).toBe(true);
  });

  it('a field whose value changed without a recorded edit', async () => {
    const ws = openTestWorkspace();
    const { site, edit } = await siteWithHost(ws);
    ws.session.workspace.sqlite.prepare("UPDATE sites SET host = 'Elsewhere' WHERE id = ?").run(site.id);
    await refusedWith(ws, edit.id, /Host no longer has the value this change left/);
  });

  it('a change saved between the preview and the undo is seen by the undo', async () => {
    const ws = openTestWorkspace();
    const { site, edit } = await siteWithHost(ws);
    expect((await ws.call('history.undoPreview', { changeId: edit.id })).possible).toBe(true);
    await editSite(ws, site.id, { host: 'Cloudways' });
    const before = snapshot(ws);
    const err = await ws.fail('history.undo', { changeId: edit.id, confirm: true });
    expect(err).toMatchObject({ code: 'REFUSED' });
    expect(err.message).toMatch(/Host was changed again later.*WP Engine → Cloudways/);
    expect(snapshot(ws)).toEqual(before);
  });

  it('a change of another workspace, unknown and hostile ids, and a missing confirmation', async () => {
    const ws = openTestWorkspace();
    const other = openTestWorkspace();
    const { edit } = await siteWithHost(other);
    const before = snapshot(ws);
    expect(await ws.fail('history.undoPreview', { changeId: edit.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await ws.fail('history.undo', { changeId: edit.id, confirm: true })).toMatchObject({ code: 'NOT_FOUND' });
    for (const changeId of ["' OR 1=1 --", '%', '../../etc/passwd', 'x'.repeat(64)]) {
      expect(await ws.fail('history.undo', { changeId, confirm: true })).toMatchObject({ code: 'NOT_FOUND' });
    }
    for (const changeId of ['', 'x'.repeat(65), 42, null]) {
      expect(await ws.fail('history.undo', { changeId, confirm: true })).toMatchObject({ code: 'INVALID_INPUT' });
    }
    const { edit: own } = await siteWithHost(ws);
    const mid = snapshot(ws);
    expect(await ws.fail('history.undo', { changeId: own.id, confirm: false })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await ws.fail('history.undo', { changeId: own.id })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(snapshot(ws)).toEqual(mid);
    expect(before.log).toBeLessThan(mid.log);
  });

  it('a workspace open read-only refuses the undo and its preview says why', async () => {
    const ws = openTestWorkspace();
    const { edit } = await siteWithHost(ws);
    ws.session.close();
    const ro = openSession(ws.file, { log: silentLogger, clock: fixedClock(), readonly: true });
    try {
      const preview = await ro.dispatch('history.undoPreview', { changeId: edit.id });
      expect(preview.ok && preview.value).toMatchObject({ possible: false, reason: expect.stringMatching(/read-only/i) as string });
      const r = await ro.dispatch('history.undo', { changeId: edit.id, confirm: true });
      expect(r.ok).toBe(false);
    } finally {
      ro.close();
    }
  });
});
