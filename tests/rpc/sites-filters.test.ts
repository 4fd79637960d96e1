import { describe, expect, it } from 'vitest';
import { writerOf } from '@main/rpc/context';
import { importStage } from '@main/services/sites-stage';
import { openTestWorkspace } from '../db/helpers';

/** A small portfolio: three sites with hosts, providers, owners, and blocked for known reasons. */
async function portfolio() {
  const ws = openTestWorkspace();
  const client = await ws.call('clients.create', { name: 'Harbour Books' });
  const mk = (name: string, host: string | null, aiProvider: string | null) =>
    ws.call('sites.create', { clientId: client.id, name, productionUrl: `https://${name.toLowerCase().replace(/\W+/g, '-')}.test`, host, aiProvider });
  const shop = await mk('Harbour Shop', 'Kinsta', 'OpenAI');
  const blog = await mk('Harbour Blog', 'kinsta', 'Anthropic');
  const help = await mk('Harbour Help', 'WP Engine', null);
  importStage(writerOf(ws.session.ctx), shop.id, 'pilot');
  const ann = await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  const bo = await ws.call('people.create', { name: 'Bo Chen', email: 'bo@agency.test', organisation: 'agency' });
  await ws.call('owners.assign', { siteId: shop.id, responsibility: 'hosting', ownerId: ann.id });
  await ws.call('owners.assign', { siteId: blog.id, responsibility: 'primary', ownerId: ann.id });
  await ws.call('owners.assign', { siteId: help.id, responsibility: 'hosting', ownerId: bo.id });
  return { ws, shop, blog, help, ann, bo };
}

const names = (list: { rows: { name: string }[] }) => list.rows.map((r) => r.name).sort();

describe('sites.list filters for host, provider, owner and blocking reason', () => {
  it('host and provider match exactly, in the search fold, and the facets count each value once', async () => {
    const { ws } = await portfolio();
    expect(names(await ws.call('sites.list', { host: 'KINSTA' }))).toEqual(['Harbour Blog', 'Harbour Shop']);
    // Exact, not "contains": part of a host matches nothing.
    expect((await ws.call('sites.list', { host: 'Kin' })).total).toBe(0);
    expect(names(await ws.call('sites.list', { provider: 'openai' }))).toEqual(['Harbour Shop']);
    expect(names(await ws.call('sites.list', { host: 'kinsta', provider: 'Anthropic' }))).toEqual(['Harbour Blog']);
    const facets = await ws.call('sites.facets', {});
    expect(facets.hosts).toEqual([
      { value: expect.stringMatching(/^kinsta$/i), sites: 2 },
      { value: 'WP Engine', sites: 1 },
    ]);
    expect(facets.providers.map((p) => p.value).sort()).toEqual(['Anthropic', 'OpenAI']);
    // The ids of a bulk action follow the same filters.
    expect((await ws.call('sites.ids', { host: 'Kinsta' })).length).toBe(2);
  });

  it('owner matches any responsibility of the person, or only the one chosen', async () => {
    const { ws, ann, bo } = await portfolio();
    expect(names(await ws.call('sites.list', { ownerId: ann.id }))).toEqual(['Harbour Blog', 'Harbour Shop']);
    expect(names(await ws.call('sites.list', { ownerId: ann.id, ownerRole: 'hosting' }))).toEqual(['Harbour Shop']);
    expect(names(await ws.call('sites.list', { ownerId: bo.id, ownerRole: 'primary' }))).toEqual([]);
    expect(await ws.call('sites.ids', { ownerId: bo.id })).toHaveLength(1);
  });

  it('a reason shows exactly the sites the Dashboard counts for it, for the list and for bulk ids', async () => {
    const { ws } = await portfolio();
    const p = await ws.call('dashboard.portfolio', {});
    expect(p.topReasons.length).toBeGreaterThan(1);
    for (const { reason, sites } of p.topReasons) {
      const list = await ws.call('sites.list', { reason });
      expect(list.total, reason).toBe(sites);
      expect((await ws.call('sites.ids', { reason })).sort()).toEqual(list.rows.map((r) => r.id).sort());
    }
    // A reason combines with the other filters.
    const pilot = p.topReasons.find((r) => r.reason.startsWith('Invite the wider team'));
    expect(pilot).toBeDefined();
    expect(names(await ws.call('sites.list', { reason: pilot!.reason, stages: ['pilot'] }))).toEqual(['Harbour Shop']);
  });

  it('bad input: unknown person, over-long host, reason that matches nothing, role without owner', async () => {
    const { ws } = await portfolio();
    const unknown = await ws.fail('sites.list', { ownerId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' });
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toBe(
      'The person in the Owner filter does not exist (removed on another device, or a mistyped link): remove the Owner filter or choose someone else.',
    );
    expect(unknown.details?.issues).toEqual([{ path: 'ownerId', message: 'No such person: choose someone from the Owner list.' }]);
    expect((await ws.fail('sites.ids', { ownerId: 'nobody' })).code).toBe('NOT_FOUND');

    const long = await ws.fail('sites.list', { host: 'h'.repeat(121) });
    expect(long.code).toBe('INVALID_INPUT');
    expect(long.details?.issues).toEqual([{ path: 'host', message: 'Host is too long: keep it under 120 characters, as a site records it.' }]);
    expect((await ws.fail('sites.list', { provider: 'p'.repeat(121) })).details?.issues?.[0]?.path).toBe('provider');

    // A reason no site is blocked for is an empty list, not an error: the Dashboard may have moved on.
    expect(await ws.call('sites.list', { reason: 'Enable write-capable workflows: Nothing like this.' })).toEqual({ rows: [], total: 0, offset: 0 });
    expect(await ws.call('sites.ids', { reason: 'Enable write-capable workflows: Nothing like this.' })).toEqual([]);
    expect((await ws.fail('sites.list', { reason: '   ' })).details?.issues?.[0]?.message).toBe(
      'Blocking reason is empty: choose a reason from the Dashboard, or remove the Reason filter.',
    );

    const role = await ws.fail('sites.list', { ownerRole: 'hosting' });
    expect(role.details?.issues).toEqual([{ path: 'ownerRole', message: 'Owner role needs an owner: choose a person as Owner, or remove the role.' }]);
    expect((await ws.fail('sites.list', { ownerId: 'x', ownerRole: 'landlord' })).details?.issues?.[0]?.message).toMatch(
      /^Owner role must be one of: setup, primary/,
    );
  });
});

describe('views.update', () => {
  it('replaces a view’s filters, keeps its name, records the change, and refuses an unknown view', async () => {
    const { ws } = await portfolio();
    const [view] = await ws.call('views.save', { name: 'Pilot incomplete', query: 'stage=pilot&incomplete=1' });
    const before = ws.count('change_log');
    const list = await ws.call('views.update', { id: view!.id, query: '?stage=pilot&incomplete=1&host=Kinsta' });
    expect(list).toEqual([expect.objectContaining({ id: view!.id, name: 'Pilot incomplete', query: 'stage=pilot&incomplete=1&host=Kinsta' })]);
    expect(ws.count('change_log')).toBe(before + 1);
    // The same filters again change nothing and record nothing.
    await ws.call('views.update', { id: view!.id, query: 'stage=pilot&incomplete=1&host=Kinsta' });
    expect(ws.count('change_log')).toBe(before + 1);
    expect((await ws.fail('views.update', { id: view!.id, query: 'token=abc' })).details?.issues?.[0]?.message).toBe('A view cannot store an access token.');
    expect((await ws.fail('views.update', { id: 'missing', query: 'stage=setup' })).code).toBe('NOT_FOUND');
  });
});
