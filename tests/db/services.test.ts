import { describe, expect, it } from 'vitest';
import { writerOf } from '@main/rpc/context';
import type { OwnerMatrix } from '@core/contract/owners';
import { importStage } from '@main/services/sites-stage';
import { fullSite, openTestWorkspace, type TestWorkspace } from './helpers';

async function clientAndSite(ws: TestWorkspace, site: Record<string, unknown> = {}) {
  const client = await ws.call('clients.create', { name: 'Northwind Outfitters' });
  const created = await ws.call('sites.create', { clientId: client.id, ...fullSite, ...site });
  return { client, site: created };
}

async function person(ws: TestWorkspace, name: string, extra: Record<string, unknown> = {}) {
  return ws.call('people.create', { name, email: `${name.toLowerCase().replace(/\s/g, '.')}@agency.test`, organisation: 'agency', ...extra } as never);
}

function row(m: OwnerMatrix, r: string) {
  return m.rows.find((x) => x.responsibility === r)!.assignment;
}

describe('sites', () => {
  it('creates a site with a full setup record, logging it and its initial-setup review in the same transaction', async () => {
    const ws = openTestWorkspace();
    const { site } = await clientAndSite(ws);
    expect(site).toMatchObject({ ...fullSite, stage: 'planning', version: 1, clientName: 'Northwind Outfitters' });
    // Complete but for the setup owner, who is part of the setup record.
    expect(site.missingSetup).toEqual(['Setup owner']);
    expect(site.ownerGaps).toBe(10);
    const log = await ws.call('history.list', { siteId: site.id });
    expect(log.rows.map((r) => r.action)).toEqual(['review-plan', 'create']);
    expect(log.rows[1]).toMatchObject({ action: 'create', actor: 'tester', device: 'test-device', at: '2026-03-01T10:00:00.000Z' });
    expect(log.rows[0]).toMatchObject({ entity: 'review', at: '2026-03-01T10:00:00.000Z' });
  });

  it('refuses a second site with the same production URL, naming the first, and writes nothing', async () => {
    const ws = openTestWorkspace();
    const { client } = await clientAndSite(ws);
    const logBefore = ws.count('change_log');
    const err = await ws.fail('sites.create', { clientId: client.id, name: 'Copy', productionUrl: 'https://SHOP.northwind.test/' });
    expect(err.code).toBe('DUPLICATE');
    expect(err.message).toBe(
      'https://shop.northwind.test is already the production URL of “Northwind Shop” (Northwind Outfitters). Open that site instead, or archive it first.',
    );
    expect(err.details?.issues?.[0]?.path).toBe('productionUrl');
    expect(ws.count('sites')).toBe(1);
    expect(ws.count('change_log')).toBe(logBefore);
  });

  it('invalid input writes nothing and names the field', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Acme' });
    const logBefore = ws.count('change_log');
    const err = await ws.fail('sites.create', { clientId: client.id, name: 'Bad', productionUrl: 'http://bad.example.com' });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details?.issues).toEqual([{ path: 'productionUrl', message: expect.stringContaining('Production URL must use https://') }]);
    expect(ws.count('sites')).toBe(0);
    expect(ws.count('change_log')).toBe(logBefore);
  });

  it('updates with optimistic concurrency and records what changed', async () => {
    const ws = openTestWorkspace();
    const { site } = await clientAndSite(ws);
    ws.clock.advance(60_000);
    const updated = await ws.call('sites.update', { ...site, phpVersion: '8.3' });
    expect(updated.version).toBe(2);
    expect(updated.updatedAt).toBe('2026-03-01T10:01:00.000Z');
    const stale = await ws.fail('sites.update', { ...site, phpVersion: '8.1' });
    expect(stale.code).toBe('STALE_VERSION');
    expect(stale.message).toContain('was changed since you opened it');
    const history = await ws.call('history.list', { siteId: site.id });
    expect(history.rows[0]!.summary).toBe('Edited “Northwind Shop”: PHP 8.2 → 8.3');
    expect(history.rows[0]!.changes).toEqual([{ field: 'phpVersion', before: '8.2', after: '8.3' }]);
    const viaEdit = await ws.fail('sites.update', { ...updated, stage: 'adoption' });
    expect(viaEdit.code).toBe('REFUSED');
    expect(viaEdit.message).toContain('The stage changes only through Change stage');
    expect((await ws.call('sites.get', { id: site.id })).phpVersion).toBe('8.3');
  });

  it('archives and restores; an archived site frees its URL, and restoring a taken URL is refused', async () => {
    const ws = openTestWorkspace();
    const { client, site } = await clientAndSite(ws);
    const archived = await ws.call('sites.archive', { id: site.id });
    expect(archived.archivedAt).not.toBeNull();
    expect((await ws.call('sites.list', {})).total).toBe(0);
    expect((await ws.call('sites.list', { archived: 'archived' })).total).toBe(1);
    const edit = await ws.fail('sites.update', { ...archived, name: 'x' });
    expect(edit.code).toBe('REFUSED');
    const replacement = await ws.call('sites.create', { clientId: client.id, name: 'New shop', productionUrl: fullSite.productionUrl });
    const restore = await ws.fail('sites.restore', { id: site.id });
    expect(restore.code).toBe('DUPLICATE');
    expect(restore.message).toContain('“New shop”');
    await ws.call('sites.archive', { id: replacement.id });
    const restored = await ws.call('sites.restore', { id: site.id });
    expect(restored.archivedAt).toBeNull();
    const actions = (await ws.call('history.list', { siteId: site.id })).rows.map((r) => r.action);
    expect(actions).toEqual(['restore', 'archive', 'review-plan', 'create']);
  });

  it('lists with search, filters, sort and paging', async () => {
    const ws = openTestWorkspace();
    const a = await ws.call('clients.create', { name: 'Alpha Books' });
    const b = await ws.call('clients.create', { name: 'Beta Cycles' });
    const mk = async (clientId: string, name: string, host: string, extra: Record<string, unknown> = {}) => {
      const { stage, ...rest } = extra as { stage?: 'pilot' | 'adoption' | 'setup' };
      const s = await ws.call('sites.create', { clientId, name, productionUrl: `https://${host}`, ...rest } as never);
      if (stage) importStage(writerOf(ws.session.ctx), s.id, stage);
      return s;
    };
    await mk(a.id, 'Alpha Shop', 'shop.alpha.test', { phpVersion: '8.2.12', stage: 'pilot', sophmateVersion: '2.4.1' });
    await mk(a.id, 'Alpha Blog', 'blog.alpha.test', { phpVersion: '8.20', stage: 'setup' });
    await mk(b.id, 'Beta 100%_off', 'outlet.beta.test', { phpVersion: '8.1', stage: 'adoption', stagingUrl: 'https://staging-zeta.beta.test' });
    await mk(b.id, 'Beta Store', 'store.beta.test', { phpVersion: '8.2', stage: 'pilot' });

    const names = async (input: Record<string, unknown>) => (await ws.call('sites.list', input as never)).rows.map((r) => r.name);
    expect(await names({ search: 'ALPHA' })).toEqual(['Alpha Blog', 'Alpha Shop']);
    expect(await names({ search: 'cycles' })).toEqual(['Beta 100%_off', 'Beta Store']); // client name
    expect(await names({ search: 'staging-zeta' })).toEqual(['Beta 100%_off']); // staging URL
    expect(await names({ search: '%_' })).toEqual(['Beta 100%_off']); // wildcards are literal
    expect(await names({ search: '100%' })).toEqual(['Beta 100%_off']);
    expect(await names({ clientId: b.id, sort: 'name', direction: 'desc' })).toEqual(['Beta Store', 'Beta 100%_off']);
    expect(await names({ stages: ['pilot'] })).toEqual(['Alpha Shop', 'Beta Store']);
    expect(await names({ phpVersion: '8.2' })).toEqual(['Alpha Shop', 'Beta Store']); // 8.2 and 8.2.x, not 8.20
    expect(await names({ sophmateVersion: '2.4.1' })).toEqual(['Alpha Shop']);
    expect(await names({ sort: 'stage' })).toEqual(['Alpha Blog', 'Alpha Shop', 'Beta Store', 'Beta 100%_off']);
    expect(await names({ incompleteOnly: true })).toHaveLength(4);
    const page = await ws.call('sites.list', { sort: 'name', limit: 2, offset: 2 });
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.name)).toEqual(['Beta 100%_off', 'Beta Store']);
    const facets = await ws.call('sites.facets', {});
    expect(facets.phpVersions).toEqual(['8.20', '8.2.12', '8.2', '8.1']);
  });

  it('refuses a site for an archived client', async () => {
    const ws = openTestWorkspace();
    const c = await ws.call('clients.create', { name: 'Gone Ltd' });
    await ws.call('clients.archive', { id: c.id });
    const err = await ws.fail('sites.create', { clientId: c.id, name: 'x', productionUrl: 'https://x.gone.test' });
    expect(err.code).toBe('REFUSED');
    expect(err.message).toBe('Client “Gone Ltd” is archived: restore the client first, or choose another.');
    expect(ws.count('sites')).toBe(0);
  });
});

describe('clients and people', () => {
  it('refuses duplicate client names case-insensitively and archiving a client with active sites', async () => {
    const ws = openTestWorkspace();
    const { client, site } = await clientAndSite(ws);
    const dup = await ws.fail('clients.create', { name: 'northwind OUTFITTERS' });
    expect(dup.code).toBe('DUPLICATE');
    const arch = await ws.fail('clients.archive', { id: client.id });
    expect(arch.code).toBe('REFUSED');
    expect(arch.message).toContain('still has 1 active site');
    await ws.call('sites.archive', { id: site.id });
    expect((await ws.call('clients.archive', { id: client.id })).archivedAt).not.toBeNull();
    expect((await ws.call('clients.restore', { id: client.id })).archivedAt).toBeNull();
  });

  it('refuses duplicate emails, and archiving a person who still owns responsibilities', async () => {
    const ws = openTestWorkspace();
    const { site } = await clientAndSite(ws);
    const ann = await person(ws, 'Ann Lee');
    const dup = await ws.fail('people.create', { name: 'Other', email: 'ANN.LEE@agency.test', organisation: 'agency' });
    expect(dup.code).toBe('DUPLICATE');
    expect(dup.message).toContain('already belongs to Ann Lee');
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'setup', ownerId: ann.id });
    expect((await ws.call('people.get', { id: ann.id })).assignmentCount).toBe(1);
    const arch = await ws.fail('people.archive', { id: ann.id });
    expect(arch.code).toBe('REFUSED');
    expect(arch.message).toContain('Reassign them');
    await ws.call('owners.unassign', { siteId: site.id, responsibility: 'setup' });
    expect((await ws.call('people.archive', { id: ann.id })).archivedAt).not.toBeNull();
  });

  it('ties client people to an existing client', async () => {
    const ws = openTestWorkspace();
    const c = await ws.call('clients.create', { name: 'Bluebell Bakery' });
    const p = await ws.call('people.create', { name: 'Cara', email: 'cara@bluebell.test', organisation: 'client', clientId: c.id });
    expect(p.clientName).toBe('Bluebell Bakery');
    const list = await ws.call('people.list', { search: 'bluebell' });
    expect(list.rows.map((r) => r.name)).toEqual(['Cara']);
  });
});

describe('owner assignments', () => {
  it('assigns, verifies, and resets verification when the owner changes', async () => {
    const ws = openTestWorkspace();
    const { site } = await clientAndSite(ws);
    const ann = await person(ws, 'Ann Lee');
    const bo = await person(ws, 'Bo Chen');
    const lead = await person(ws, 'Lead Person');
    let m = await ws.call('owners.assign', { siteId: site.id, responsibility: 'rollback_restore', ownerId: ann.id, backupOwnerId: bo.id });
    expect(m.gaps).toBe(9);
    expect(m.unverified).toBe(1);
    expect(row(m, 'rollback_restore')).toMatchObject({ ownerName: 'Ann Lee', backupOwnerName: 'Bo Chen', verifiedAt: null });
    ws.clock.advance(3600_000);
    m = await ws.call('owners.verify', {
      siteId: site.id,
      responsibility: 'rollback_restore',
      verifiedById: lead.id,
      note: 'Restored staging from last night',
    });
    expect(row(m, 'rollback_restore')).toMatchObject({
      verifiedAt: '2026-03-01T11:00:00.000Z',
      verifiedByName: 'Lead Person',
      note: 'Restored staging from last night',
    });
    expect(m.unverified).toBe(0);
    m = await ws.call('owners.assign', { siteId: site.id, responsibility: 'rollback_restore', ownerId: bo.id });
    expect(row(m, 'rollback_restore')).toMatchObject({ ownerName: 'Bo Chen', verifiedAt: null, verifiedById: null });
    const history = await ws.call('history.list', { siteId: site.id });
    expect(history.rows[0]!.summary).toBe('Rollback & restore owner of “Northwind Shop” changed from Ann Lee to Bo Chen (needs verification)');
  });

  it('completes the setup record once a setup owner is assigned', async () => {
    const ws = openTestWorkspace();
    const { site } = await clientAndSite(ws);
    const ann = await person(ws, 'Ann Lee');
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'setup', ownerId: ann.id });
    expect((await ws.call('sites.get', { id: site.id })).missingSetup).toEqual([]);
    expect((await ws.call('sites.list', { incompleteOnly: true })).total).toBe(0);
  });

  it('refuses verification without an assignment, inactive people, and unknown sites, writing nothing', async () => {
    const ws = openTestWorkspace();
    const { site } = await clientAndSite(ws);
    const ann = await person(ws, 'Ann Lee');
    const idle = await person(ws, 'Idle Ivan', { active: false });
    const logBefore = ws.count('change_log');
    const v = await ws.fail('owners.verify', { siteId: site.id, responsibility: 'backups', verifiedById: ann.id });
    expect(v.code).toBe('REFUSED');
    expect(v.message).toBe('Nobody is assigned to Backups on “Northwind Shop”: assign an owner before verifying.');
    const inactive = await ws.fail('owners.assign', { siteId: site.id, responsibility: 'backups', ownerId: idle.id });
    expect(inactive.message).toBe('Idle Ivan is marked inactive and cannot be owner: choose an active person.');
    const unknown = await ws.fail('owners.assign', { siteId: 'nope', responsibility: 'backups', ownerId: ann.id });
    expect(unknown.code).toBe('NOT_FOUND');
    const bad = await ws.fail('owners.assign', { siteId: site.id, responsibility: 'coffee', ownerId: ann.id });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(ws.count('owner_assignments')).toBe(0);
    expect(ws.count('change_log')).toBe(logBefore);
  });

  it('keeps unassigned rows archived for history, one live assignment per responsibility', async () => {
    const ws = openTestWorkspace();
    const { site } = await clientAndSite(ws);
    const ann = await person(ws, 'Ann Lee');
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'hosting', ownerId: ann.id });
    await ws.call('owners.unassign', { siteId: site.id, responsibility: 'hosting' });
    await ws.call('owners.assign', { siteId: site.id, responsibility: 'hosting', ownerId: ann.id });
    expect(ws.count('owner_assignments')).toBe(2);
    expect((await ws.call('owners.matrix', { siteId: site.id })).gaps).toBe(9);
  });
});

describe('schema constraints hold without zod', () => {
  it('rejects raw inserts that break CHECK, UNIQUE and FOREIGN KEY rules', async () => {
    const ws = openTestWorkspace();
    const { client, site } = await clientAndSite(ws);
    const db = ws.session.workspace.sqlite;
    const now = '2026-03-01T10:00:00.000Z';
    const insertSite = db.prepare('INSERT INTO sites (id, created_at, updated_at, client_id, name, production_url, stage) VALUES (?, ?, ?, ?, ?, ?, ?)');
    expect(() => insertSite.run('s2', now, now, client.id, 'x', 'http://plain.test', 'planning')).toThrow(/CHECK constraint failed: sites_production_https/);
    expect(() => insertSite.run('s3', now, now, client.id, 'x', 'https://a.test', 'live')).toThrow(/CHECK constraint failed: sites_stage_valid/);
    expect(() => insertSite.run('s4', now, now, 'no-client', 'x', 'https://b.test', 'planning')).toThrow(/FOREIGN KEY/);
    expect(() => insertSite.run('s5', now, now, client.id, 'x', 'HTTPS://SHOP.northwind.test'.toLowerCase(), 'planning')).toThrow(/UNIQUE/);
    const insertOwner = db.prepare('INSERT INTO owner_assignments (id, created_at, updated_at, site_id, responsibility, owner_id) VALUES (?, ?, ?, ?, ?, ?)');
    const ann = await person(ws, 'Ann Lee');
    expect(() => insertOwner.run('o1', now, now, site.id, 'coffee', ann.id)).toThrow(/owner_assignments_responsibility_valid/);
    insertOwner.run('o2', now, now, site.id, 'setup', ann.id);
    expect(() => insertOwner.run('o3', now, now, site.id, 'setup', ann.id)).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE change_log SET actor = 'x'").run()).toThrow(/append-only/);
  });
});
