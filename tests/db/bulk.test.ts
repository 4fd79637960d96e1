/**
 * Bulk edits of the filtered Sites list (bulk.preview, bulk.apply) on a real workspace: each action
 * changes the sites the filter matches and no other, through the single-edit services (their rules,
 * gates and history rows), a preview writes nothing, apply reports per site, and cancel stops it.
 */
import { describe, expect, it, vi } from 'vitest';
import { contract, type InputOf, type OutputOf } from '@core/contract/index';
import { deriveContext, silentLogger } from '@main/rpc/context';
import { previewBulk } from '@main/services/bulk';
import { openSession } from '@main/session';
import { openTestWorkspace, type TestWorkspace } from './helpers';

type Filter = InputOf<'bulk.preview'>['filter'];
type Action = InputOf<'bulk.preview'>['action'];

/** Everything a write could touch: history, sites, owners, operators, overrides. */
function snapshot(ws: TestWorkspace) {
  const sqlite = ws.session.workspace.sqlite;
  const all = (q: string) => sqlite.prepare(q).all();
  return {
    log: ws.count('change_log'),
    sites: all('SELECT id, host, php_version, stage, version FROM sites ORDER BY id'),
    owners: all('SELECT id, site_id, owner_id, backup_owner_id, version FROM owner_assignments ORDER BY id'),
    operators: all('SELECT id, site_id, person_id, role FROM operators ORDER BY id'),
    overrides: ws.count('gate_overrides'),
    reviews: ws.count('reviews'),
  };
}

function historyOf(ws: TestWorkspace, siteId: string, since: number) {
  return ws.session.workspace.sqlite
    .prepare('SELECT entity, action, summary FROM change_log WHERE site_id = ? AND rowid > ? ORDER BY rowid')
    .all(siteId, since) as { entity: string; action: string; summary: string }[];
}
const lastRowid = (ws: TestWorkspace) => (ws.session.workspace.sqlite.prepare('SELECT max(rowid) AS n FROM change_log').get() as { n: number }).n;

/** Two clients: "Acme" with three sites on Kinsta, "Other" with one (never in the filter). */
async function portfolio(ws: TestWorkspace) {
  const acme = await ws.factories.buildClient({ name: 'Acme' });
  const other = await ws.factories.buildClient({ name: 'Other' });
  const a = [];
  for (const name of ['Acme one', 'Acme two', 'Acme three']) a.push(await ws.factories.buildSite({ clientId: acme.id, name, host: 'Kinsta' }));
  const outside = await ws.factories.buildSite({ clientId: other.id, name: 'Other shop', host: 'Kinsta' });
  return { acme, sites: a, outside, filter: { clientId: acme.id } as Filter };
}

async function previewAndApply(ws: TestWorkspace, filter: Filter, action: Action) {
  const preview = await ws.call('bulk.preview', { filter, action });
  const applied = await ws.call('bulk.apply', { sites: preview.sites, action, confirm: true });
  return { preview, applied };
}

const byName = (r: OutputOf<'bulk.apply'>) => Object.fromEntries(r.results.map((x) => [x.siteName, x]));

describe('bulk.preview', () => {
  it('tries the change on the filtered sites only, answers per site, and writes nothing', async () => {
    const ws = openTestWorkspace();
    const { sites, filter } = await portfolio(ws);
    await ws.call('sites.update', { ...(await ws.call('sites.get', { id: sites[1]!.id })), host: 'WP Engine' });
    const before = snapshot(ws);
    const preview = await ws.call('bulk.preview', { filter, action: { kind: 'setField', field: 'host', value: 'WP Engine' } });
    expect(snapshot(ws)).toEqual(before);
    expect(preview.sites.map((s) => s.id).sort()).toEqual(sites.map((s) => s.id).sort());
    expect(preview.counts).toEqual({ changed: 2, unchanged: 1, blocked: 0, failed: 0 });
    expect(preview.cancelled).toBe(false);
    const one = preview.results.find((r) => r.siteName === 'Acme one')!;
    expect(one).toMatchObject({ outcome: 'changed', detail: 'Host: Kinsta → WP Engine', clientName: 'Acme' });
    expect(preview.results.find((r) => r.siteName === 'Acme two')).toMatchObject({ outcome: 'unchanged', detail: 'Host is already WP Engine.' });
  });

  it('a preview of stage moves and overrides writes no override and no review', async () => {
    const ws = openTestWorkspace();
    const { filter } = await portfolio(ws);
    const before = snapshot(ws);
    const preview = await ws.call('bulk.preview', {
      filter,
      action: { kind: 'changeStage', to: 'pilot', overrideReason: 'Client signed off the pilot in writing on the kickoff call.' },
    });
    expect(preview.counts.changed).toBe(3);
    expect(snapshot(ws)).toEqual(before);
  });

  it('reports progress for its job and leaves no job running', async () => {
    const ws = openTestWorkspace();
    const { filter } = await portfolio(ws);
    const events: { event: string; payload: unknown }[] = [];
    const ctx = deriveContext(ws.session.ctx, { emit: (event, payload) => void events.push({ event, payload }) });
    const r = await ws.session.registry.dispatch(
      'bulk.preview',
      { filter, action: { kind: 'setField', field: 'host', value: 'Flywheel' }, jobId: 'bulk-p-1' },
      ctx,
    );
    expect(r.ok).toBe(true);
    expect(events.filter((e) => e.event === 'bulk.progress').at(-1)?.payload).toEqual({ jobId: 'bulk-p-1', done: 3, total: 3 });
    // A preview tells no window that data changed: nothing did.
    expect(events.some((e) => e.event === 'data.changed')).toBe(false);
    expect(await ws.call('jobs.cancel', { jobId: 'bulk-p-1' })).toEqual({ cancelled: false });
  });
});

describe('bulk.apply: each action', () => {
  it('setField changes the filtered sites through sites.update, one history row per site changed, the others untouched', async () => {
    const ws = openTestWorkspace();
    const { sites, outside, filter } = await portfolio(ws);
    await ws.call('sites.update', { ...(await ws.call('sites.get', { id: sites[2]!.id })), host: 'WP Engine' });
    const mark = lastRowid(ws);
    const { applied } = await previewAndApply(ws, filter, { kind: 'setField', field: 'host', value: 'WP Engine' });
    expect(applied.counts).toEqual({ changed: 2, unchanged: 1, blocked: 0, failed: 0 });
    for (const s of sites) expect((await ws.call('sites.get', { id: s.id })).host).toBe('WP Engine');
    expect((await ws.call('sites.get', { id: outside.id })).host).toBe('Kinsta');
    for (const s of sites.slice(0, 2)) {
      const rows = historyOf(ws, s.id, mark).filter((h) => h.entity === 'site');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.action).toBe('update');
    }
    expect(historyOf(ws, sites[2]!.id, mark)).toHaveLength(0);
    expect(historyOf(ws, outside.id, mark)).toHaveLength(0);
  });

  it('an empty value clears the field', async () => {
    const ws = openTestWorkspace();
    const { sites, filter } = await portfolio(ws);
    const { applied } = await previewAndApply(ws, filter, { kind: 'setField', field: 'host', value: '' });
    expect(applied.counts.changed).toBe(3);
    expect(byName(applied)['Acme one']!.detail).toBe('Host: Kinsta → (empty)');
    expect((await ws.call('sites.get', { id: sites[0]!.id })).host).toBeNull();
  });

  it('assignOwner assigns through owners.assign; a site already owned by that person is unchanged', async () => {
    const ws = openTestWorkspace();
    const { sites, outside, filter } = await portfolio(ws);
    const ann = await ws.factories.buildPerson({ name: 'Ann Host' });
    const bob = await ws.factories.buildPerson({ name: 'Bob Host' });
    await ws.call('owners.assign', { siteId: sites[0]!.id, responsibility: 'hosting', ownerId: ann.id });
    await ws.call('owners.assign', { siteId: sites[1]!.id, responsibility: 'hosting', ownerId: bob.id, note: 'Knows the panel' });
    const mark = lastRowid(ws);
    const { preview, applied } = await previewAndApply(ws, filter, { kind: 'assignOwner', responsibility: 'hosting', ownerId: bob.id });
    expect(preview.counts).toEqual(applied.counts);
    expect(applied.counts).toEqual({ changed: 2, unchanged: 1, blocked: 0, failed: 0 });
    const r = byName(applied);
    expect(r['Acme one']).toMatchObject({ outcome: 'changed', detail: 'Hosting owner: Ann Host → Bob Host' });
    expect(r['Acme two']).toMatchObject({ outcome: 'unchanged', detail: 'Hosting owner is already Bob Host.' });
    expect(r['Acme three']).toMatchObject({ outcome: 'changed', detail: 'Hosting owner: (none) → Bob Host' });
    for (const s of sites) {
      const row = (await ws.call('owners.matrix', { siteId: s.id })).rows.find((x) => x.responsibility === 'hosting')!;
      expect(row.assignment?.ownerId).toBe(bob.id);
    }
    // The note written on the single page is kept; the other site is not touched.
    const two = (await ws.call('owners.matrix', { siteId: sites[1]!.id })).rows.find((x) => x.responsibility === 'hosting')!;
    expect(two.assignment?.note).toBe('Knows the panel');
    expect((await ws.call('owners.matrix', { siteId: outside.id })).rows.every((x) => x.assignment === null)).toBe(true);
    expect(historyOf(ws, sites[0]!.id, mark).filter((h) => h.entity === 'owner_assignment')).toHaveLength(1);
    expect(historyOf(ws, sites[1]!.id, mark)).toHaveLength(0);
  });

  it('an archived person is refused per site with the owners service words', async () => {
    const ws = openTestWorkspace();
    const { filter } = await portfolio(ws);
    const gone = await ws.factories.buildPerson({ name: 'Gone Person' });
    await ws.call('people.archive', { id: gone.id });
    const before = snapshot(ws);
    const { applied } = await previewAndApply(ws, filter, { kind: 'assignOwner', responsibility: 'hosting', ownerId: gone.id });
    expect(applied.counts).toEqual({ changed: 0, unchanged: 0, blocked: 3, failed: 0 });
    expect(applied.results[0]!.detail).toMatch(/Gone Person is archived/);
    expect(snapshot(ws)).toEqual(before);
  });

  it('addOperators adds each person with the role; one already there is counted, a site with all of them is unchanged', async () => {
    const ws = openTestWorkspace();
    const { sites, filter } = await portfolio(ws);
    const ann = await ws.factories.buildPerson({ name: 'Ann Ops' });
    const bob = await ws.factories.buildPerson({ name: 'Bob Ops' });
    await ws.call('operators.add', { siteId: sites[0]!.id, personId: ann.id, role: 'editor' });
    await ws.call('operators.add', { siteId: sites[1]!.id, personId: ann.id, role: 'editor' });
    await ws.call('operators.add', { siteId: sites[1]!.id, personId: bob.id, role: 'editor' });
    const mark = lastRowid(ws);
    const { applied } = await previewAndApply(ws, filter, { kind: 'addOperators', personIds: [ann.id, bob.id], role: 'editor' });
    expect(applied.counts).toEqual({ changed: 2, unchanged: 1, blocked: 0, failed: 0 });
    const r = byName(applied);
    expect(r['Acme one']!.detail).toBe('Added Bob Ops as Editor; Ann Ops is already Editor');
    expect(r['Acme two']!.detail).toBe('Ann Ops, Bob Ops are already Editor.');
    expect(r['Acme three']!.detail).toBe('Added Ann Ops, Bob Ops as Editor');
    for (const s of sites) expect((await ws.call('operators.list', { siteId: s.id })).map((o) => o.personName).sort()).toEqual(['Ann Ops', 'Bob Ops']);
    // Each operator is its own record with its own history row, as when added one by one.
    expect(historyOf(ws, sites[2]!.id, mark).filter((h) => h.entity === 'operator')).toHaveLength(2);
  });

  it('changeStage: gates block with their reasons; an override moves every site and records it per site', async () => {
    const ws = openTestWorkspace();
    const { sites, filter } = await portfolio(ws);
    const before = snapshot(ws);
    const blocked = await previewAndApply(ws, filter, { kind: 'changeStage', to: 'pilot' });
    expect(blocked.applied.counts).toEqual({ changed: 0, unchanged: 0, blocked: 3, failed: 0 });
    expect(blocked.applied.results[0]!.detail).toMatch(/^Planning → Pilot is blocked: .*setup record is incomplete/);
    expect(snapshot(ws)).toEqual(before);

    const mark = lastRowid(ws);
    const reason = 'Client signed off the pilot in writing on the kickoff call.';
    const moved = await previewAndApply(ws, filter, { kind: 'changeStage', to: 'pilot', overrideReason: reason });
    expect(moved.applied.counts).toEqual({ changed: 3, unchanged: 0, blocked: 0, failed: 0 });
    expect(moved.applied.results[0]!.detail).toBe('Planning → Pilot (gates overridden, reason recorded)');
    for (const s of sites) {
      expect((await ws.call('sites.get', { id: s.id })).stage).toBe('pilot');
      const stageRows = historyOf(ws, s.id, mark).filter((h) => h.entity === 'site');
      expect(stageRows).toHaveLength(1);
      expect(stageRows[0]!.action).toBe('stage-override');
      expect(stageRows[0]!.summary).toContain(reason);
    }
    const overrides = ws.session.workspace.sqlite.prepare('SELECT site_id, override_reason FROM gate_overrides').all() as {
      site_id: string;
      override_reason: string;
    }[];
    expect(new Set(overrides.map((o) => o.site_id))).toEqual(new Set(sites.map((s) => s.id)));
    expect(overrides.every((o) => o.override_reason === reason)).toBe(true);
  });

  it('changeStage to where a site already is counts it unchanged', async () => {
    const ws = openTestWorkspace();
    const { sites, filter } = await portfolio(ws);
    await ws.call('sites.changeStage', { siteId: sites[0]!.id, version: sites[0]!.version, to: 'setup' });
    const { applied } = await previewAndApply(ws, filter, { kind: 'changeStage', to: 'setup' });
    expect(applied.counts).toEqual({ changed: 2, unchanged: 1, blocked: 0, failed: 0 });
    expect(byName(applied)['Acme one']!.detail).toBe('Already in Setup.');
    expect(byName(applied)['Acme two']!.detail).toBe('Planning → Setup');
  });
});

describe('bulk.apply: refusals and cancel', () => {
  it('a bad version value is refused on each site with the field’s own message, nothing written', async () => {
    const ws = openTestWorkspace();
    const { filter } = await portfolio(ws);
    const before = snapshot(ws);
    const { preview, applied } = await previewAndApply(ws, filter, { kind: 'setField', field: 'phpVersion', value: 'eight' });
    const fieldMessage = 'PHP version must look like a version number, for example 8.2.';
    for (const r of [...preview.results, ...applied.results]) expect(r).toMatchObject({ outcome: 'blocked', detail: fieldMessage });
    expect(snapshot(ws)).toEqual(before);
  });

  it('a secret as a host is refused by the registry, and by each site’s own scan when it gets past', async () => {
    const ws = openTestWorkspace();
    const { filter } = await portfolio(ws);
    const secret = 'sk-live-abcdefghijklmnopqrstuvwxyz123456';
    const before = snapshot(ws);
    const err = await ws.fail('bulk.preview', { filter, action: { kind: 'setField', field: 'host', value: secret } });
    expect(err.code).toBe('INVALID_INPUT');
    // Past the call's own scan (a caller inside main), the site's sites.update input is scanned too.
    const parsed = contract['bulk.preview'].input.parse({ filter, action: { kind: 'setField', field: 'host', value: 'x' } });
    const r = await previewBulk(ws.session.ctx, { ...parsed, action: { kind: 'setField', field: 'host', value: secret } });
    expect(r.counts.blocked).toBe(3);
    expect(r.results[0]!.detail).toMatch(/Host/);
    expect(r.results[0]!.detail).not.toContain(secret);
    expect(snapshot(ws)).toEqual(before);
  });

  it('a site archived (or removed from the list) since the preview is blocked with why; the others change', async () => {
    const ws = openTestWorkspace();
    const { sites, filter } = await portfolio(ws);
    const action: Action = { kind: 'setField', field: 'host', value: 'WP Engine' };
    const preview = await ws.call('bulk.preview', { filter, action });
    await ws.call('sites.archive', { id: sites[1]!.id });
    const applied = await ws.call('bulk.apply', { sites: [...preview.sites, { id: 'no-such-site', version: 1 }], action, confirm: true });
    expect(applied.counts).toEqual({ changed: 2, unchanged: 0, blocked: 2, failed: 0 });
    expect(byName(applied)['Acme two']).toMatchObject({ outcome: 'blocked', detail: '“Acme two” is archived: restore it before changing it.' });
    expect(applied.results.find((r) => r.siteId === 'no-such-site')).toMatchObject({ outcome: 'blocked', detail: 'This site was removed since the preview.' });
    expect((await ws.call('sites.get', { id: sites[1]!.id })).host).toBe('Kinsta');
  });

  it('a site edited since the preview is not changed: its edit is kept, and the result says to preview again', async () => {
    const ws = openTestWorkspace();
    const { sites, filter } = await portfolio(ws);
    const action: Action = { kind: 'setField', field: 'host', value: 'WP Engine' };
    const preview = await ws.call('bulk.preview', { filter, action });
    const edited = await ws.call('sites.get', { id: sites[0]!.id });
    await ws.call('sites.update', { ...edited, host: 'SiteGround' });
    const applied = await ws.call('bulk.apply', { sites: preview.sites, action, confirm: true });
    expect(byName(applied)[edited.name]).toMatchObject({
      outcome: 'blocked',
      detail: `“${edited.name}” was changed since the preview, so it was left as it is: preview again to see it as it is now.`,
    });
    expect((await ws.call('sites.get', { id: edited.id })).host).toBe('SiteGround');
    expect(applied.counts.changed).toBe(preview.sites.length - 1);
  });

  it('cancel stops between sites: the sites done stay done, the rest are untouched, windows told once', async () => {
    const ws = openTestWorkspace();
    const client = await ws.factories.buildClient({ name: 'Many' });
    for (let i = 0; i < 12; i++) await ws.factories.buildSite({ clientId: client.id, host: 'Kinsta' });
    const filter = { clientId: client.id } as Filter;
    const action: Action = { kind: 'setField', field: 'host', value: 'WP Engine' };
    const preview = await ws.call('bulk.preview', { filter, action });
    const events: string[] = [];
    const ctx = deriveContext(ws.session.ctx, { emit: (event) => void events.push(event) });
    const mark = lastRowid(ws);
    const running = ws.session.registry.dispatch('bulk.apply', { sites: preview.sites, action, confirm: true, jobId: 'bulk-cancel' }, ctx);
    await vi.waitFor(async () => expect(await ws.call('jobs.cancel', { jobId: 'bulk-cancel' })).toEqual({ cancelled: true }));
    const r = await running;
    if (!r.ok) throw new Error(r.error.message);
    const report = r.value as OutputOf<'bulk.apply'>;
    expect(report.cancelled).toBe(true);
    expect(report.results.length).toBeLessThan(12);
    const changed = ws.session.workspace.sqlite.prepare("SELECT count(*) AS n FROM sites WHERE host = 'WP Engine'").get() as { n: number };
    expect(changed.n).toBe(report.counts.changed);
    // One site row each (a host change also plans its review, recorded as when the site is edited alone).
    expect(ws.session.workspace.sqlite.prepare("SELECT count(*) AS n FROM change_log WHERE rowid > ? AND entity = 'site'").get(mark)).toEqual({
      n: report.counts.changed,
    });
    expect(events.filter((e) => e === 'data.changed')).toHaveLength(1);
  });

  it('a workspace open read-only refuses apply and preview in plain words', async () => {
    const ws = openTestWorkspace();
    const { filter } = await portfolio(ws);
    const preview = await ws.call('bulk.preview', { filter, action: { kind: 'setField', field: 'host', value: 'WP Engine' } });
    const ro = openSession(ws.file, { log: silentLogger, readonly: true });
    try {
      const r = await ro.dispatch('bulk.apply', { sites: preview.sites, action: { kind: 'setField', field: 'host', value: 'WP Engine' }, confirm: true });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('READ_ONLY');
        expect(r.error.message).toBe(
          'This workspace cannot be changed (it was opened read-only): no site was changed. Open a copy you may write to, or ask for write access.',
        );
      }
      const p = await ro.dispatch('bulk.preview', { filter, action: { kind: 'setField', field: 'host', value: 'WP Engine' } });
      expect(p.ok || p.error.code).toBe('READ_ONLY');
    } finally {
      ro.close();
    }
  });

  it('apply without confirm, or without sites, is refused by the contract', async () => {
    const ws = openTestWorkspace();
    const none = await ws.fail('bulk.apply', { sites: [], action: { kind: 'setField', field: 'host', value: 'x' }, confirm: true });
    expect(none.message).toBe('No site to change: preview the change first.');
    const unconfirmed = await ws.fail('bulk.apply', { sites: [{ id: 'a', version: 1 }], action: { kind: 'setField', field: 'host', value: 'x' } });
    expect(unconfirmed.message).toBe('Confirm the change after its preview.');
  });
});
