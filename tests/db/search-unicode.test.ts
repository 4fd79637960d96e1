import { describe, expect, it } from 'vitest';
import { foldForSearch } from '@core/search-fold';
import { openTestWorkspace, type TestWorkspace } from './helpers';

/** Stored names, and what a user may type to find each (any case, either direction). */
const NAMES: [stored: string, typed: string[]][] = [
  ['Ärzte Praxis', ['ärzte', 'ÄRZTE', 'Ärzte', 'rZTE pRAX']],
  ['ÉCOLE Sud', ['école', 'École', 'ÉCOLE', 'cole s']],
  ['Ωmega Labs', ['ωMEGA', 'ωmega', 'ΩMEGA']],
  ['Ангстрем', ['ангстрем', 'АНГСТРЕМ', 'гстр']],
  ['straße eins', ['STRASSE', 'Straße', 'STRAẞE']],
  ['İstanbul Çarşı', ['istanbul', 'İSTANBUL', 'ıstanbul', 'i\u0307stanbul', 'İstanbul'.toLowerCase(), 'çarşı', 'ÇARŞI']],
  ['漢字 かな 한글', ['かな', '한글', '漢字']],
];

/** Typed text that must not find the names above: accents are kept. */
const NOT_FOUND = ['arzte', 'ecole', 'omega'];

async function seedSites(ws: TestWorkspace) {
  const client = await ws.call('clients.create', { name: 'Portfolio' });
  for (const [i, [name]] of NAMES.entries()) {
    await ws.call('sites.create', { clientId: client.id, name, productionUrl: `https://site-${i}.example.test` });
  }
  for (const [name, url] of [
    ['100% Bio', 'https://bio100.example.test'],
    ['1000 Bio', 'https://bio1000.example.test'],
    ['Bio_Markt', 'https://biomarkt-a.example.test'],
    ['BioXMarkt', 'https://biomarkt-b.example.test'],
  ] as const) {
    await ws.call('sites.create', { clientId: client.id, name, productionUrl: url });
  }
}

async function siteNames(ws: TestWorkspace, search: string) {
  return (await ws.call('sites.list', { search, limit: 100 })).rows.map((r) => r.name);
}

describe('the search fold', () => {
  it('folds case for every script and keeps accents', () => {
    expect(foldForSearch('ÄRZTE')).toBe(foldForSearch('ärzte'));
    expect(foldForSearch('ÉCOLE')).toBe('école');
    expect(foldForSearch('E\u0301COLE')).toBe('école'); // a decomposed accent is the same text
    expect(foldForSearch('Ωmega')).toBe(foldForSearch('ωMEGA'));
    expect(foldForSearch('STRASSE')).toBe(foldForSearch('Straße'));
    expect(foldForSearch('İstanbul')).toBe('istanbul');
    expect(foldForSearch('İSTANBUL'.toLowerCase())).toBe('istanbul'); // i + U+0307
    expect(foldForSearch('I\u0307stanbul')).toBe('istanbul');
    expect(foldForSearch('ＡＢＣ')).toBe('abc');
    expect(foldForSearch('École')).not.toBe(foldForSearch('Ecole'));
  });
});

describe('search for names in every script', () => {
  it('sites: finds each name by any capitalisation, and not without its accents', async () => {
    const ws = openTestWorkspace();
    await seedSites(ws);
    for (const [stored, typed] of NAMES) {
      for (const t of typed) expect(await siteNames(ws, t), `"${t}" should find "${stored}"`).toEqual([stored]);
    }
    for (const t of NOT_FOUND) expect(await siteNames(ws, t), `"${t}"`).toEqual([]);
  });

  it('sites: LIKE wildcards typed in the search match themselves only', async () => {
    const ws = openTestWorkspace();
    await seedSites(ws);
    expect(await siteNames(ws, '100%')).toEqual(['100% Bio']);
    expect(await siteNames(ws, 'o_m')).toEqual(['Bio_Markt']);
    expect(await siteNames(ws, '%')).toEqual(['100% Bio']);
    expect(await siteNames(ws, '\\')).toEqual([]);
  });

  it('sites: finds a site by its client name in any case, and the palette finds it the same way', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Ärztekammer Nord' });
    await ws.call('sites.create', { clientId: client.id, name: 'Portal', productionUrl: 'https://portal.example.test' });
    expect(await siteNames(ws, 'ÄRZTEKAMMER')).toEqual(['Portal']);
    // The command palette asks sites.list with the typed text and a small page.
    expect((await ws.call('sites.list', { search: 'ärztekammer nord', limit: 8 })).rows.map((r) => r.name)).toEqual(['Portal']);
  });

  it('clients: finds each name by any capitalisation; a differently capitalised name is a duplicate', async () => {
    const ws = openTestWorkspace();
    for (const [stored] of NAMES) await ws.call('clients.create', { name: stored });
    for (const [stored, typed] of NAMES) {
      for (const t of typed) {
        const names = (await ws.call('clients.list', { search: t })).rows.map((r) => r.name);
        expect(names, `"${t}" should find "${stored}"`).toEqual([stored]);
      }
    }
    const before = ws.count('clients');
    const err = await ws.fail('clients.create', { name: 'ÄRZTE PRAXIS' });
    expect(err.code).toBe('DUPLICATE');
    expect(err.message).toBe('A client named “Ärzte Praxis” already exists. Use a different name.');
    expect(ws.count('clients')).toBe(before);
  });

  it('people (and so every owner picker): finds each name by any capitalisation', async () => {
    const ws = openTestWorkspace();
    for (const [i, [stored]] of NAMES.entries()) {
      await ws.call('people.create', { name: stored, email: `person${i}@agency.test`, organisation: 'agency' } as never);
    }
    for (const [stored, typed] of NAMES) {
      for (const t of typed) {
        // The owner pickers ask people.list with the typed text, active people only.
        const names = (await ws.call('people.list', { search: t, activeOnly: true, limit: 50 })).rows.map((r) => r.name);
        expect(names, `"${t}" should find "${stored}"`).toEqual([stored]);
      }
    }
  });
});

describe('search for addresses as people read them', () => {
  it('sites: finds an internationalised host and a non-ASCII path by what was typed, stored as punycode and percent-escapes', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Verlag' });
    const books = await ws.call('sites.create', { clientId: client.id, name: 'Books', productionUrl: 'https://bücher.example.com' });
    const cafe = await ws.call('sites.create', {
      clientId: client.id,
      name: 'Corner',
      productionUrl: 'https://p.example.com/café',
      stagingUrl: 'https://staging.example.com/crème',
    });
    await ws.call('sites.create', { clientId: client.id, name: 'Plain', productionUrl: 'https://plain.example.com/shop' });
    expect(books.productionUrl).toBe('https://xn--bcher-kva.example.com');
    expect(cafe.productionUrl).toBe('https://p.example.com/caf%C3%A9');
    for (const t of ['bücher', 'BÜCHER', 'bücher.example', 'https://bücher.example.com', 'üch', 'xn--bcher'])
      expect(await siteNames(ws, t), t).toEqual(['Books']);
    for (const t of ['café', 'CAFÉ', 'p.example.com/café', 'caf%c3%a9', 'crème']) expect(await siteNames(ws, t), t).toEqual(['Corner']);
    expect(await siteNames(ws, 'example.com')).toEqual(['Books', 'Corner', 'Plain']);
    expect(await siteNames(ws, 'bucher')).toEqual([]);
  });
});

describe('e-mail duplicates', () => {
  it('compares addresses as stored, not by the search fold: straße@ and strasse@ are different mailboxes', async () => {
    const ws = openTestWorkspace();
    await ws.call('people.create', { name: 'Jürgen', email: 'strasse@x.de', organisation: 'agency' } as never);
    await ws.call('people.create', { name: 'Jörg', email: 'straße@x.de', organisation: 'agency' } as never);
    await ws.call('people.create', { name: 'Ilse', email: 'ilse@x.de', organisation: 'agency' } as never);
    await ws.call('people.create', { name: 'Ilse T', email: 'ılse@x.de', organisation: 'agency' } as never);
    expect(ws.count('people')).toBe(4);
    const before = ws.count('people');
    const err = await ws.fail('people.create', { name: 'Jürgen again', email: 'STRASSE@X.DE', organisation: 'agency' } as never);
    expect(err.code).toBe('DUPLICATE');
    expect(err.message).toBe('strasse@x.de already belongs to Jürgen. Each person is recorded once; use their record.');
    expect(ws.count('people')).toBe(before);
  });
});
