import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { closeWorkers } from '@main/workers/index';
import type { Site } from '@core/contract/sites';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';
import { exportTo, ids, preview, tableDump } from './fixtures/bundle-helpers';
import { editRows, entriesOf, withManifest, writeZip } from './fixtures/bundle-zip';

/** A client with one site, an owner and a trained operator (sign-off and scenario check: playbook references). */
async function seedClient(ws: TestWorkspace) {
  const client = await ws.factories.buildClient({ name: 'Acme Retail' });
  const site = await ws.factories.buildSite({ clientId: client.id, name: 'Acme Shop' });
  await ws.factories.buildOwnerAssignment({ siteId: site.id });
  const operator = await ws.factories.buildOperator({ siteId: site.id, trained: true });
  return { client, site, operator };
}

const editable = (s: Site) => ({
  id: s.id,
  version: s.version,
  clientId: s.clientId,
  name: s.name,
  productionUrl: s.productionUrl,
  stage: s.stage,
  notes: s.notes,
});

async function exportClient(ws: TestWorkspace, clientId: string) {
  return (await exportTo(ws, path.join(tempDir(), 'out'), { kind: 'client', id: clientId })).file;
}

afterAll(() => closeWorkers());

describe('handover bundles: merge', () => {
  it('new records are added with playbook references remapped; re-importing changes nothing', async () => {
    const a = openTestWorkspace();
    const { client, operator } = await seedClient(a);
    const b = openTestWorkspace();
    // Each workspace installs the shipped playbook with its own ids: the bundle's references must be remapped.
    const aSop = a.session.workspace.sqlite.prepare('SELECT id FROM sop_versions ORDER BY workflow, role, sop_version LIMIT 1').get() as { id: string };
    expect(ids(b, 'sop_versions').has(aSop.id)).toBe(false);
    const file = await exportClient(a, client.id);

    const first = await preview(b, file);
    expect(first.problems).toEqual([]);
    expect(first.conflicts).toEqual([]);
    const sites = first.tables.find((t) => t.table === 'sites')!;
    expect(sites).toMatchObject({ new: 1, identical: 0, conflicts: 0 });
    expect(first.tables.find((t) => t.table === 'sop_versions')).toMatchObject({ new: 0, conflicts: 0 });
    const sopRows = b.count('sop_versions');
    const result = await b.call('bundles.import', { token: first.token!, choices: {}, confirm: true });
    expect(result.added).toBeGreaterThan(5);
    expect(b.count('sop_versions')).toBe(sopRows);

    const signoff = b.session.workspace.sqlite
      .prepare('SELECT v.workflow, v.role FROM training_signoffs t JOIN sop_versions v ON v.id = t.sop_version_id WHERE t.operator_id = ?')
      .all(operator.id);
    expect(signoff.length).toBeGreaterThan(0);
    expect(b.session.workspace.sqlite.pragma('foreign_key_check')).toEqual([]);
    const summary = b.session.workspace.sqlite.prepare("SELECT summary FROM change_log WHERE action = 'import-bundle'").get() as { summary: string };
    expect(summary.summary).toMatch(/^Imported handover bundle “Acme Retail”: \d+ added, 0 updated, \d+ unchanged/);
    const siteHistory = await b.call('history.list', { entity: 'site', entityId: (await b.call('sites.list', {})).rows[0]!.id });
    expect(siteHistory.rows.some((h) => /Added from handover bundle/.test(h.summary))).toBe(true);

    const dump = tableDump(b);
    const again = await preview(b, file);
    expect(again.tables.every((t) => t.new === 0 && t.conflicts === 0)).toBe(true);
    expect(again.history.new).toBe(0);
    const second = await b.call('bundles.import', { token: again.token!, choices: {}, confirm: true });
    expect(second).toMatchObject({ added: 0, updated: 0, history: 0 });
    expect(tableDump(b)).toEqual(dump);
  });

  it('a record edited differently on both sides is a conflict: unchosen is refused, keep leaves it, take takes it and bumps the version', async () => {
    const a = openTestWorkspace();
    const { client, site } = await seedClient(a);
    const b = openTestWorkspace();
    const start = await preview(b, await exportClient(a, client.id));
    await b.call('bundles.import', { token: start.token!, choices: {}, confirm: true });

    const aSite = await a.call('sites.update', { ...editable(await a.call('sites.get', { id: site.id })), notes: 'Go-live moved to April' });
    const bOpen = await b.call('sites.get', { id: site.id });
    const bSite = await b.call('sites.update', { ...editable(bOpen), notes: 'Waiting on the host' });
    const file = await exportClient(a, client.id);

    const shown = await preview(b, file);
    expect(shown.problems).toEqual([]);
    expect(shown.conflicts).toHaveLength(1);
    const conflict = shown.conflicts[0]!;
    expect(conflict).toMatchObject({ id: `sites:${site.id}`, table: 'sites', label: 'Site “Acme Shop”' });
    expect(conflict.fields).toEqual([{ field: 'notes', label: 'Notes', here: 'Waiting on the host', bundle: 'Go-live moved to April' }]);

    const unchosen = await b.fail('bundles.import', { token: shown.token!, choices: {}, confirm: true });
    expect(unchosen.code).toBe('INVALID_INPUT');
    expect(unchosen.message).toMatch(/Site “Acme Shop”/);
    expect(JSON.stringify(unchosen.details)).toContain(`choices.sites:${site.id}`);

    const kept = await b.call('bundles.import', {
      token: shown.token!,
      choices: { [conflict.id]: { choice: 'keep', fingerprint: conflict.fingerprint } },
      confirm: true,
    });
    expect(kept.updated).toBe(0);
    expect((await b.call('sites.get', { id: site.id })).notes).toBe('Waiting on the host');

    const again = await preview(b, file);
    const taken = await b.call('bundles.import', {
      token: again.token!,
      choices: { [conflict.id]: { choice: 'take', fingerprint: again.conflicts[0]!.fingerprint } },
      confirm: true,
    });
    expect(taken.updated).toBe(1);
    const now = await b.call('sites.get', { id: site.id });
    expect(now.notes).toBe('Go-live moved to April');
    expect(now.version).toBeGreaterThan(Math.max(aSite.version, bSite.version));
    // A form still open on the record as it was is refused as stale.
    const stale = await b.fail('sites.update', { ...editable(bSite), notes: 'typed in an old form' });
    expect(stale.code).toBe('STALE_VERSION');
    const history = await b.call('history.list', { entity: 'site', entityId: site.id });
    expect(history.rows.some((h) => /Updated from handover bundle/.test(h.summary))).toBe(true);
  });

  it('an import cancelled before its transaction writes nothing', async () => {
    const a = openTestWorkspace();
    const { client } = await seedClient(a);
    const b = openTestWorkspace();
    const shown = await preview(b, await exportClient(a, client.id));
    const before = tableDump(b);
    const history = b.count('change_log');
    const running = b.call('bundles.import', { token: shown.token!, choices: {}, confirm: true, jobId: 'bundle-cancel-test' });
    // The job exists once the import has checked the bundle again and starts its backup.
    await vi.waitFor(async () => expect(await b.call('jobs.cancel', { jobId: 'bundle-cancel-test' })).toEqual({ cancelled: true }));
    expect(await running).toMatchObject({ cancelled: true, added: 0 });
    expect(tableDump(b)).toEqual(before);
    expect(b.count('change_log')).toBe(history);
  });

  it('a reference to a record that is neither in the bundle nor here is refused, and nothing is written', async () => {
    const a = openTestWorkspace();
    const { client } = await seedClient(a);
    const file = await exportClient(a, client.id);
    const entries = editRows(await entriesOf(file), 'people', (rows) => rows.splice(0, rows.length));
    const broken = path.join(tempDir(), 'broken.rwbundle.zip');
    await writeZip(
      broken,
      withManifest(entries, (m) => ((m.tables as Record<string, number>).people = 0)),
    );
    const b = openTestWorkspace();
    const before = b.count('change_log');
    const shown = await preview(b, broken);
    expect(shown.token).toBeNull();
    expect(shown.problems.some((p) => /refers to people .*, which is neither in the bundle nor here/.test(p.message))).toBe(true);
    expect(b.count('sites')).toBe(0);
    expect(b.count('change_log')).toBe(before);
  });
});
