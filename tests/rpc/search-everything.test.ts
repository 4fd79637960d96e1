import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@core/errors';
import type { SearchEverythingOutput } from '@core/contract/search';
import { openTestWorkspace, type TestWorkspace } from '../db/helpers';

async function portfolio(ws: TestWorkspace) {
  const harbour = await ws.call('clients.create', { name: 'Ärzte Harbour Group' });
  const other = await ws.call('clients.create', { name: 'Meadowlark Tea' });
  const shop = await ws.call('sites.create', {
    clientId: harbour.id,
    name: 'Harbour Shop',
    productionUrl: 'https://shop.quayside.test',
    stagingUrl: 'https://staging.dockyard.test',
  });
  await ws.call('sites.create', { clientId: other.id, name: 'Meadowlark Blog', productionUrl: 'https://blog.meadowlark.test' });
  const person = await ws.call('people.create', { name: 'Priya Raman', email: 'priya.raman@agency.test', organisation: 'agency' });
  await ws.call('incidents.open', {
    siteId: shop.id,
    severity: 'high',
    title: 'Refund drafted without approval',
    whatHappened: 'A support draft promised a refund of 100% to a customer.',
    affectedWorkflow: 'support_drafts',
    occurredAt: '2026-02-27T09:00:00.000Z',
  });
  return { harbour, other, shop, person };
}

const kinds = (r: SearchEverythingOutput) => r.groups.map((g) => g.kind);
const titles = (r: SearchEverythingOutput, kind: string) => r.groups.find((g) => g.kind === kind)?.results.map((x) => x.title) ?? [];

describe('search.everything', () => {
  it('finds sites by name, URL (production and staging) and client, in the search fold', async () => {
    const ws = openTestWorkspace();
    const { shop, harbour } = await portfolio(ws);
    const byName = await ws.call('search.everything', { query: 'HARBOUR shop' });
    expect(byName.groups[0]!.kind).toBe('site');
    expect(byName.groups[0]!.results[0]).toMatchObject({ id: shop.id, title: 'Harbour Shop', rank: 0, route: `/sites/${shop.id}` });
    expect(byName.groups[0]!.results[0]!.snippet).toBe('Ärzte Harbour Group · https://shop.quayside.test');

    expect(titles(await ws.call('search.everything', { query: 'QUAYSIDE' }), 'site')).toEqual(['Harbour Shop']);
    const staging = await ws.call('search.everything', { query: 'dockyard' });
    expect(staging.groups[0]!.results[0]!.snippet).toContain('staging https://staging.dockyard.test');

    // The client's name in another case finds the client and its sites.
    const byClient = await ws.call('search.everything', { query: 'ärzte' });
    expect(kinds(byClient)).toEqual(['client', 'site']);
    expect(byClient.groups[0]!.results[0]).toMatchObject({ id: harbour.id, snippet: 'Client · 1 site' });
    expect(byClient.groups[0]!.results[0]!.route).toBe(`/sites?client=${harbour.id}&clientName=%C3%84rzte+Harbour+Group`);
    expect(titles(await ws.call('search.everything', { query: 'ÄRZTE' }), 'site')).toEqual(['Harbour Shop']);
  });

  it('finds people by e-mail, incidents by title and SOPs by their text, each with the route it opens', async () => {
    const ws = openTestWorkspace();
    const { person, shop } = await portfolio(ws);
    const byEmail = await ws.call('search.everything', { query: 'PRIYA.RAMAN@agency' });
    expect(byEmail.groups[0]!.results[0]).toMatchObject({
      kind: 'person',
      id: person.id,
      snippet: 'priya.raman@agency.test · Agency',
      route: '/people?q=priya.raman%40agency.test&archived=active',
    });

    const incident = await ws.call('search.everything', { query: 'refund drafted' });
    expect(incident.groups[0]!.results[0]).toMatchObject({
      kind: 'incident',
      title: 'Refund drafted without approval',
      snippet: 'Harbour Shop · open · high',
      route: `/sites/${shop.id}/incidents`,
    });

    const sop = await ws.call('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
    const phrase = sop.sop.refusalRules[0]!.slice(0, 40);
    const bySop = await ws.call('search.everything', { query: phrase.toUpperCase(), limit: 25 });
    const sops = bySop.groups.find((g) => g.kind === 'sop')!;
    const cell = sops.results.find((r) => r.route === '/playbook/support_drafts/support_agent');
    expect(cell).toMatchObject({ title: 'SOP: Support drafts · Support agent', rank: 3 });
    expect(cell!.snippet.toLowerCase()).toContain(phrase.toLowerCase().replace(/\s+/g, ' ').trim());
  });

  it('ranks the whole name first, then the start of a word, and bounds every group', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Quay Ltd' });
    for (const name of ['Old Harbour', 'Harbourside', 'Harbour', 'Northharbour', 'Harbour East', 'Harbour West', 'Harbour North']) {
      await ws.call('sites.create', { clientId: client.id, name, productionUrl: `https://${name.toLowerCase().replace(/\s/g, '-')}.test` });
    }
    const r = await ws.call('search.everything', { query: 'harbour', limit: 3 });
    const sites = r.groups.find((g) => g.kind === 'site')!;
    expect(sites.results.map((x) => x.title)).toEqual(['Harbour', 'Harbour East', 'Harbour North']);
    expect(sites.more).toBe(true);
    const all = await ws.call('search.everything', { query: 'harbour', limit: 25 });
    const ordered = all.groups.find((g) => g.kind === 'site')!.results.map((x) => x.title);
    expect(ordered.at(-1)).toBe('Northharbour');
    expect(all.groups.find((g) => g.kind === 'site')!.more).toBe(false);
  });

  it('takes hostile text literally: wildcards, quotes and very long text never crash or match everything', async () => {
    const ws = openTestWorkspace();
    await portfolio(ws);
    for (const query of ['%', '_', '%%', '\\', "'", '"', "'; DROP TABLE sites; --", '*', '[a-z]', '\u202e', 'a\u0000b']) {
      const r = await ws.call('search.everything', { query });
      const records = r.groups.filter((g) => g.kind !== 'sop');
      // Only the incident whose text holds a literal "%" matches "%"; no record holds the others.
      if (query === '%') expect(records.map((g) => g.results.map((x) => x.title))).toEqual([['Refund drafted without approval']]);
      else expect(records).toEqual([]);
      // A shipped SOP may hold the character itself (e.g. "100%"), and then its snippet shows it.
      for (const hit of r.groups.find((g) => g.kind === 'sop')?.results ?? []) expect(hit.snippet.toLowerCase()).toContain(r.query);
    }
    expect((await ws.call('search.everything', { query: 'a\u0000b' })).query).toBe('a b');
    expect(ws.count('sites')).toBe(2);
    // Pasted line breaks and tabs separate words like spaces.
    expect((await ws.call('search.everything', { query: '\tHarbour\r\nShop\n' })).groups[0]!.results[0]!.title).toBe('Harbour Shop');
    expect(await ws.call('search.everything', { query: '   ' })).toEqual({ query: '', groups: [] });
    expect(await ws.call('search.everything', { query: 'x'.repeat(200) })).toEqual({ query: 'x'.repeat(200), groups: [] });

    const long = await ws.fail('search.everything', { query: 'x'.repeat(201) });
    expect(long.code).toBe(ErrorCode.INVALID_INPUT);
    expect(long.message).toBe('Search text is too long (max 200 characters): shorten it.');
    expect(long.details?.issues).toEqual([{ path: 'query', message: 'Search text is too long (max 200 characters): shorten it.' }]);

    const badLimit = await ws.fail('search.everything', { query: 'a', limit: 1000 });
    expect(badLimit.code).toBe(ErrorCode.INVALID_INPUT);
    expect((await ws.fail('search.everything', { query: 42 })).code).toBe(ErrorCode.INVALID_INPUT);
  });
});
