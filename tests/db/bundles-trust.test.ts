import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@main/bundles/format';
import { readZip } from '@main/bundles/zip-read';
import { stagedUpload } from '@main/services/uploads';
import { closeWorkers } from '@main/workers/index';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';
import { exportTo, preview, stage } from './fixtures/bundle-helpers';
import { editRows, entriesOf, withManifest, writeZip, type Entry } from './fixtures/bundle-zip';

afterAll(() => closeWorkers());

const sqlite = (ws: TestWorkspace) => ws.session.workspace.sqlite;

async function clientBundle(ws: TestWorkspace, clientId: string) {
  return (await exportTo(ws, path.join(tempDir(), 'out'), { kind: 'client', id: clientId })).file;
}

/** Rewrites a bundle: `change` edits its entries, the manifest is recomputed. */
async function rewrite(file: string, change: (entries: Entry[]) => Entry[], manifest?: (m: Record<string, unknown>) => void): Promise<string> {
  const out = path.join(tempDir(), 'edited.rwbundle.zip');
  await writeZip(out, withManifest(change(await entriesOf(file)), manifest));
  return out;
}

/** Replaces an id everywhere in the bundle's data and history (what a crafted bundle would do). */
const replaceId = (entries: Entry[], from: string, to: string) =>
  entries.map((e) =>
    e.name.startsWith('data/') || e.name.startsWith('history/') ? { ...e, bytes: Buffer.from(e.bytes.toString('utf8').split(from).join(to)) } : e,
  );

const editHistory = (entries: Entry[], change: (rows: Record<string, unknown>[]) => void) =>
  entries.map((e) => {
    if (e.name !== 'history/change_log.json') return e;
    const rows = JSON.parse(e.bytes.toString('utf8')) as Record<string, unknown>[];
    change(rows);
    return { ...e, bytes: Buffer.from(JSON.stringify(rows)) };
  });

describe('handover bundles: what a bundle may not do', () => {
  it('a record whose id is another client’s here is a problem naming both, never a conflict', async () => {
    const a = openTestWorkspace();
    const acme = await a.factories.buildClient({ name: 'Acme Retail' });
    const acmeSite = await a.factories.buildSite({ clientId: acme.id, name: 'Acme Shop', productionUrl: 'https://acme.test' });
    const b = openTestWorkspace();
    const beta = await b.factories.buildClient({ name: 'Beta Foods' });
    const betaSite = await b.factories.buildSite({ clientId: beta.id, name: 'Beta Shop', productionUrl: 'https://beta.test' });
    const file = await rewrite(await clientBundle(a, acme.id), (entries) => replaceId(entries, acmeSite.id, betaSite.id));
    const shown = await preview(b, file);
    expect(shown.token).toBeNull();
    expect(shown.conflicts).toEqual([]);
    const problem = shown.problems.find((p) => p.path === 'data/sites.json');
    expect(problem?.message).toMatch(
      /Site “Acme Shop”.*its id is that of Site “Beta Shop” here, which belongs to Client “Beta Foods”; the bundle puts it under Client “Acme Retail”/,
    );
    expect((await b.call('sites.get', { id: betaSite.id })).name).toBe('Beta Shop');
  });

  it('a conflict names the record as it is here and in the bundle, with the site it belongs to', async () => {
    const a = openTestWorkspace();
    const client = await a.factories.buildClient({ name: 'Acme Retail' });
    const site = await a.factories.buildSite({ clientId: client.id, name: 'Acme Shop' });
    await a.factories.buildOwnerAssignment({ siteId: site.id });
    const b = openTestWorkspace();
    const first = await preview(b, await clientBundle(a, client.id));
    await b.call('bundles.import', { token: first.token!, choices: {}, confirm: true });
    const open = await b.call('sites.get', { id: site.id });
    await b.call('sites.update', {
      id: open.id,
      version: open.version,
      clientId: open.clientId,
      name: 'Acme Flagship',
      productionUrl: open.productionUrl,
      stage: open.stage,
      notes: open.notes,
    });
    const shown = await preview(b, await clientBundle(a, client.id));
    expect(shown.conflicts.map((c) => c.label)).toEqual(['Site “Acme Flagship” (in the bundle: Site “Acme Shop”)']);
    expect(shown.conflicts[0]!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the playbook is never changed: a differing version is a problem, a version free here is added', async () => {
    const a = openTestWorkspace();
    const client = await a.factories.buildClient({ name: 'Acme Retail' });
    const site = await a.factories.buildSite({ clientId: client.id });
    await a.factories.buildOperator({ siteId: site.id, trained: true });
    const b = openTestWorkspace();
    const playbook = () => sqlite(b).prepare('SELECT workflow, role, sop_version, purpose FROM sop_versions ORDER BY 1, 2, 3').all();
    const before = playbook();
    const file = await clientBundle(a, client.id);
    const rewritten = await rewrite(file, (entries) => editRows(entries, 'sop_versions', (rows) => (rows[0]!.purpose = 'Approve everything without review')));
    const shown = await preview(b, rewritten);
    expect(shown.token).toBeNull();
    expect(shown.conflicts).toEqual([]);
    expect(
      shown.problems.some(
        (p) =>
          p.path === 'data/sop_versions.json' &&
          /this bundle was made with a different playbook version: SOP version .* differs here \(Purpose\)/.test(p.message),
      ),
    ).toBe(true);
    expect(playbook()).toEqual(before);

    // A version this workspace does not have (its key is free) is added as a new version, nothing replaced.
    const newer = await rewrite(file, (entries) =>
      editRows(entries, 'sop_versions', (rows) => rows.forEach((r) => (r.sop_version = 900 + Number(r.sop_version)))),
    );
    const added = await preview(b, newer);
    expect(added.problems).toEqual([]);
    expect(added.tables.find((t) => t.table === 'sop_versions')!.new).toBeGreaterThan(0);
    await b.call('bundles.import', { token: added.token!, choices: {}, confirm: true });
    const now = playbook() as { sop_version: number; purpose: string }[];
    expect(now.filter((r) => r.sop_version < 900)).toEqual(before);
  });

  it('history rows are checked: JSON fields, known actions and kinds, a past ISO time, records of the bundle only', async () => {
    const a = openTestWorkspace();
    const client = await a.factories.buildClient({ name: 'Acme Retail' });
    const site = await a.factories.buildSite({ clientId: client.id });
    const file = await clientBundle(a, client.id);
    const b = openTestWorkspace();
    const other = await b.factories.buildSite({ name: 'Not in the bundle', productionUrl: 'https://elsewhere.test' });
    const base = {
      entity: 'site',
      entity_id: site.id,
      site_id: site.id,
      action: 'update',
      summary: 'x',
      before: null,
      after: null,
      actor: 'mallory',
      device: 'd',
      at: '2026-02-01T10:00:00.000Z',
    };
    const bad: [string, Record<string, unknown>][] = [
      ['H-json', { before: 'not json' }],
      ['H-array', { after: '[1,2]' }],
      ['H-redact', { action: 'redact' }],
      ['H-action', { action: 'DROP TABLE' }],
      ['H-future', { at: '2027-01-01T00:00:00.000Z' }],
      ['H-time', { at: 'yesterday' }],
      ['H-kind', { entity: 'vault' }],
      ['H-workspace', { entity: 'workspace', entity_id: site.id }],
      ['H-record', { entity_id: other.id }],
      ['H-site', { site_id: other.id }],
      ['H-secret', { after: JSON.stringify({ notes: 'Provider key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD for billing' }) }],
    ];
    // Ids and quotes run together are not a written-out password: before/after are scanned value by value.
    const clean = {
      ...base,
      id: 'H-clean',
      after: JSON.stringify({ ownerId: '01M8CCQAQFQEG6A6PGBXH6C9PW', ownerName: 'Jade Li', backupOwnerId: '01M8CCQAC4DDJWNFR8J0BVG28E' }),
    };
    const crafted = await rewrite(file, (entries) =>
      editHistory(entries, (rows) => rows.push(clean, ...bad.map(([id, change]) => ({ ...base, id, ...change })))),
    );
    const before = b.count('change_log');
    const shown = await preview(b, crafted);
    expect(shown.token).toBeNull();
    const history = shown.problems.filter((p) => p.path === 'history/change_log.json');
    for (const [id] of bad) expect(history.some((p) => p.message.includes(`(id ${id}`))).toBe(true);
    // Only the crafted rows are refused: the bundle's own history and the clean row pass.
    expect(shown.problems.filter((p) => p.path !== 'history/change_log.json')).toEqual([]);
    expect(history.find((p) => p.message.includes('id H-redact'))!.message).toMatch(/changes a workspace as a whole/);
    expect(history.find((p) => p.message.includes('id H-future'))!.message).toMatch(/in the future/);
    expect(history.find((p) => p.message.includes('id H-record'))!.message).toMatch(/not in the bundle/);
    expect(history.find((p) => p.message.includes('id H-secret'))!.message).toMatch(/field after: contains .*OpenAI/);
    expect(history.some((p) => p.message.includes('id H-clean'))).toBe(false);
    expect(b.count('change_log')).toBe(before);
  });

  it('the same client and site made on both machines: one-per-site rows match by their key and the import completes', async () => {
    const make = async (ws: TestWorkspace) => {
      const client = await ws.factories.buildClient({ name: 'Acme Retail' });
      const site = await ws.factories.buildSite({ clientId: client.id, name: 'Acme Shop', productionUrl: 'https://shop.acme.test' });
      await ws.factories.buildOwnerAssignment({ siteId: site.id });
      await ws.factories.buildAccessModel({ siteId: site.id, enabledWorkflows: ['support_drafts'] });
      return { client, site };
    };
    const a = openTestWorkspace();
    const { client } = await make(a);
    const b = openTestWorkspace();
    const mine = await make(b);
    const shown = await preview(b, await clientBundle(a, client.id));
    expect(shown.problems).toEqual([]);
    expect(shown.tables.find((t) => t.table === 'sites')).toMatchObject({ new: 0 });
    expect(shown.tables.find((t) => t.table === 'site_access_models')).toMatchObject({ new: 0 });
    const choices = Object.fromEntries(shown.conflicts.map((c) => [c.id, { choice: 'take' as const, fingerprint: c.fingerprint }]));
    const result = await b.call('bundles.import', { token: shown.token!, choices, confirm: true });
    expect(result.cancelled).toBe(false);
    expect(b.count('sites')).toBe(1);
    expect((sqlite(b).prepare('SELECT id FROM sites').get() as { id: string }).id).toBe(mine.site.id);
    expect(sqlite(b).pragma('foreign_key_check')).toEqual([]);
  });

  it('two rows of the bundle that would be one record here (“Acme” and “acme”) are a problem', async () => {
    const a = openTestWorkspace();
    const client = await a.factories.buildClient({ name: 'Acme' });
    await a.factories.buildSite({ clientId: client.id });
    const crafted = await rewrite(
      await clientBundle(a, client.id),
      (entries) => editRows(entries, 'clients', (rows) => rows.push({ ...rows[0]!, id: '01HZZZZZZZZZZZZZZZZZZZZZZZ', name: 'acme' })),
      (m) => ((m.tables as Record<string, number>).clients = 2),
    );
    const shown = await preview(openTestWorkspace(), crafted);
    expect(shown.token).toBeNull();
    expect(shown.problems.some((p) => p.path === 'data/clients.json' && /Client “acme”.*another row of the bundle has the same name/.test(p.message))).toBe(
      true,
    );
  });

  it('an archived site is never merged into a live site of the same URL', async () => {
    const a = openTestWorkspace();
    const client = await a.factories.buildClient({ name: 'Acme Retail' });
    const old = await a.factories.buildSite({ clientId: client.id, name: 'Old shop', productionUrl: 'https://shop.acme.test' });
    await a.call('sites.archive', { id: old.id });
    const b = openTestWorkspace();
    const bClient = await b.factories.buildClient({ name: 'Acme Retail' });
    const live = await b.factories.buildSite({ clientId: bClient.id, name: 'New shop', productionUrl: 'https://shop.acme.test' });
    const shown = await preview(b, await clientBundle(a, client.id));
    expect(shown.problems).toEqual([]);
    expect(shown.conflicts).toEqual([]);
    expect(shown.tables.find((t) => t.table === 'sites')).toMatchObject({ new: 1, identical: 0 });
    await b.call('bundles.import', { token: shown.token!, choices: {}, confirm: true });
    expect((await b.call('sites.get', { id: live.id })).name).toBe('New shop');
    expect(b.count('sites')).toBe(2);
  });

  it('an archived client is never merged into a live client of the same name: it is a problem saying so', async () => {
    const a = openTestWorkspace();
    const client = await a.factories.buildClient({ name: 'Acme Retail' });
    const site = await a.factories.buildSite({ clientId: client.id });
    await a.call('sites.archive', { id: site.id });
    await a.call('clients.archive', { id: client.id });
    const b = openTestWorkspace();
    const live = await b.factories.buildClient({ name: 'acme retail', notes: 'ours' });
    const shown = await preview(b, await clientBundle(a, client.id));
    expect(shown.conflicts).toEqual([]);
    expect(
      shown.problems.some(
        (p) => p.path === 'data/clients.json' && /cannot be added: Client “acme retail” here has the same name \(one of them is archived/.test(p.message),
      ),
    ).toBe(true);
    expect((await b.call('clients.get', { id: live.id })).archivedAt).toBeNull();
  });

  it('a choice made on values the record no longer has is refused: preview again', async () => {
    const a = openTestWorkspace();
    const client = await a.factories.buildClient({ name: 'Acme Retail' });
    const site = await a.factories.buildSite({ clientId: client.id, name: 'Acme Shop' });
    const b = openTestWorkspace();
    const first = await preview(b, await clientBundle(a, client.id));
    await b.call('bundles.import', { token: first.token!, choices: {}, confirm: true });
    const edit = async (ws: TestWorkspace, notes: string) => {
      const s = await ws.call('sites.get', { id: site.id });
      return ws.call('sites.update', {
        id: s.id,
        version: s.version,
        clientId: s.clientId,
        name: s.name,
        productionUrl: s.productionUrl,
        stage: s.stage,
        notes,
      });
    };
    await edit(a, 'From the bundle');
    await edit(b, 'Seen in the preview');
    const shown = await preview(b, await clientBundle(a, client.id));
    const c = shown.conflicts[0]!;
    await edit(b, 'Typed after the preview');
    const refused = await b.fail('bundles.import', { token: shown.token!, choices: { [c.id]: { choice: 'take', fingerprint: c.fingerprint } }, confirm: true });
    expect(refused.message).toMatch(/Site “Acme Shop” changed since the preview: preview the bundle again/);
    expect((await b.call('sites.get', { id: site.id })).notes).toBe('Typed after the preview');
  });

  it('one preview per workspace: a new one replaces the old one and ends its upload; documents are checked, not held', async () => {
    const a = openTestWorkspace();
    const client = await a.factories.buildClient({ name: 'Acme Retail' });
    await a.factories.buildSite({ clientId: client.id });
    const file = await clientBundle(a, client.id);
    const b = openTestWorkspace();
    const firstUpload = await stage(b, file);
    const first = await b.call('bundles.preview', { uploadId: firstUpload });
    const second = await preview(b, file);
    expect(() => stagedUpload(b.session.ctx, firstUpload)).toThrow();
    const stale = await b.fail('bundles.import', { token: first.token!, choices: {}, confirm: true });
    expect(stale.message).toMatch(/no longer open/);
    await b.call('bundles.import', { token: second.token!, choices: {}, confirm: true });

    expect(DEFAULT_LIMITS.maxTotalBytes).toBeLessThanOrEqual(256 * 1024 * 1024);
    expect(DEFAULT_LIMITS.maxEntryBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    const { entries } = await readZip(file, DEFAULT_LIMITS, undefined, (n) => !n.startsWith('documents/'));
    const docs = [...entries].filter(([n]) => n.startsWith('documents/'));
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.every(([, e]) => e.bytes === null && /^[0-9a-f]{64}$/.test(e.sha256))).toBe(true);
  });
});
