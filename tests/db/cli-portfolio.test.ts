import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { fixedClock, openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

const clock = fixedClock('2026-03-01T09:00:00Z');

async function cli(args: string[]) {
  const c = capture();
  const code = await runCli(args, c.io, {}, clock);
  return { code, out: c.out.join('\n'), err: c.err.join('\n') };
}

/** A workspace with two clients, three sites (one in setup), two people and owners; closed so the CLI opens it alone. */
async function seeded(): Promise<{ file: string; siteId: string }> {
  const ws = openTestWorkspace();
  const { buildClient, buildSite, buildPerson } = ws.factories;
  const acme = await buildClient({ name: 'Acme Retail' });
  const zurich = await buildClient({ name: 'Zürich Bäckerei' });
  const ann = await buildPerson({ name: 'Ann Lee', email: 'ann@agency.test' });
  const shop = await buildSite({ clientId: acme.id, name: 'Acme Shop', productionUrl: 'https://shop.acme.test', notes: '=cmd|"/c calc"!A1' });
  await buildSite({ clientId: acme.id, name: 'Acme Blog', productionUrl: 'https://blog.acme.test', stage: 'setup' });
  await buildSite({ clientId: zurich.id, name: 'Café Zürich', productionUrl: 'https://cafe.zurich.test' });
  await ws.call('owners.assign', { siteId: shop.id, responsibility: 'hosting', ownerId: ann.id });
  ws.session.close();
  return { file: ws.file, siteId: shop.id };
}

/** A new workspace with nothing in it (the CLI opens workspaces, never creates them). */
function emptyWorkspace(): string {
  const ws = openTestWorkspace(path.join(tempDir(), 'empty.sqlite'));
  ws.session.close();
  return ws.file;
}

function counts(file: string) {
  const ws: TestWorkspace = openTestWorkspace(file);
  const c = { sites: ws.count('sites'), clients: ws.count('clients'), people: ws.count('people'), log: ws.count('change_log') };
  ws.session.close();
  return c;
}

describe('rollout-workbench export', () => {
  it('writes each kind to --out, refuses to replace a file without --force, and names the file itself in a folder', async () => {
    const { file, siteId } = await seeded();
    const dir = tempDir();
    const sites = path.join(dir, 'sites.csv');
    const r = await cli(['export', '--workspace', file, '--what', 'sites', '--format', 'csv', '--out', sites]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`Wrote 3 rows to ${sites}`);
    const text = fs.readFileSync(sites, 'utf8');
    expect(text.startsWith('\ufeffClient,Site,Production URL,')).toBe(true);
    expect(text).toContain(`Acme Retail,Acme Shop,https://shop.acme.test,`);
    expect(text).toContain(`"'=cmd|""/c calc""!A1"`);

    const again = await cli(['export', '--workspace', file, '--what', 'sites', '--format', 'csv', '--out', sites]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists. Pass --force to replace it');
    expect((await cli(['export', '--workspace', file, '--what', 'sites', '--format', 'csv', '--out', sites, '--force', '--stage', 'setup'])).code).toBe(0);
    expect(fs.readFileSync(sites, 'utf8').trim().split('\r\n').slice(1)).toEqual([expect.stringContaining('Acme Blog')]);

    // The format from the file name; a folder gets the export's own name.
    const xlsx = await cli(['export', '--workspace', file, '--what', 'people', '--out', path.join(dir, 'people.xlsx')]);
    expect(xlsx.code, xlsx.err).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'people.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expect((await cli(['export', '--workspace', file, '--what', 'clients', '--format', 'csv', '--out', dir])).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'Clients 2026-03-01.csv'))).toBe(true);
    const json = await cli(['export', '--workspace', file, '--what', 'sites', '--format', 'json', '--out', dir, '--json']);
    expect(JSON.parse(json.out)).toEqual({ file: path.join(dir, 'Sites 2026-03-01.json'), rows: 3 });
    const owners = await cli(['export', '--workspace', file, '--what', 'owners', '--format', 'csv', '--site', siteId, '--out', path.join(dir, 'owners.csv')]);
    expect(owners.out).toBe(`Wrote 1 row to ${path.join(dir, 'owners.csv')}`);
  });

  it('exits 2 with a message on bad arguments, writing nothing', async () => {
    const { file } = await seeded();
    const dir = tempDir();
    const out = path.join(dir, 'x.csv');
    const cases: [string[], string][] = [
      [['--what', 'things', '--format', 'csv', '--out', out], '--what sites|clients|people|owners is required'],
      [['--what', 'sites', '--out', path.join(dir, 'x.txt')], '--format csv|xlsx|json is required'],
      [['--what', 'sites', '--format', 'xlsx', '--out', out], 'ends in .csv but --format is xlsx'],
      [['--what', 'people', '--format', 'json', '--out', path.join(dir, 'p.json')], 'JSON is for the site list'],
      [['--what', 'clients', '--format', 'csv', '--stage', 'setup', '--out', out], '--stage: filters narrow a sites or owners export'],
      [['--what', 'sites', '--format', 'csv', '--stage', 'launched', '--out', out], '--stage launched: use planning'],
      [['--what', 'sites', '--format', 'csv'], '--out FILE is required'],
      [['--what', 'sites', '--format', 'csv', '--limit', '5', '--out', out], 'an export writes every matching record'],
      [['--what', 'owners', '--format', 'csv', '--site', '01J0000000000000000000NONE', '--out', out], 'Site'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['export', '--workspace', file, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(message);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('rollout-workbench import', () => {
  it('imports an export into an empty workspace: --dry-run writes nothing, the import writes, a second import changes nothing', async () => {
    const { file } = await seeded();
    const sites = path.join(tempDir(), 'sites.csv');
    expect((await cli(['export', '--workspace', file, '--what', 'sites', '--format', 'csv', '--out', sites])).code).toBe(0);
    const empty = emptyWorkspace();
    const before = counts(empty);

    const dry = await cli(['import', '--workspace', empty, '--file', sites, '--dry-run']);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('Reading sites.csv as sites with the');
    expect(dry.out).toMatch(/3 rows read: 3 good, 0 bad/);
    expect(dry.out).toMatch(/sites\s+3 to add/);
    expect(dry.out).toContain('Dry run: nothing was written.');
    expect(counts(empty)).toEqual(before);

    const real = await cli(['import', '--workspace', empty, '--file', sites, '--as', 'nobody@nowhere.test']);
    expect(real.code).toBe(2);
    expect(real.err).toContain('--as');
    const done = await cli(['import', '--workspace', empty, '--file', sites]);
    expect(done.code, done.err).toBe(0);
    expect(done.out).toContain('Imported 3 rows.');
    expect(counts(empty)).toMatchObject({ sites: 3, clients: 2, people: 1 });

    const twice = await cli(['import', '--workspace', empty, '--file', sites, '--json']);
    expect(twice.code).toBe(0);
    const report = JSON.parse(twice.out);
    expect(twice.err).toContain('Reading sites.csv as sites');
    expect(report).toMatchObject({ rows: 3, good: 3, bad: 0, unchanged: 3, changes: [] });
  });

  it('exits 1 when rows are bad (a secret in the notes, no production URL), importing the good ones', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'messy.csv');
    fs.writeFileSync(
      csv,
      [
        'Client,Site,Production URL,Notes',
        'Acme,Good Site,https://good.acme.test,fine',
        `Acme,Leaky Site,https://leaky.acme.test,key sk-proj-${'a1B2'.repeat(8)}`,
        'Acme,No URL,,nothing',
      ].join('\r\n'),
    );
    const empty = emptyWorkspace();
    const dry = await cli(['import', '--workspace', empty, '--file', csv, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.out).toMatch(/LINE 3 .*OpenAI API key/);
    expect(dry.out).toMatch(/LINE 4 /);
    expect(dry.out).not.toContain('a1B2a1B2');
    expect(counts(empty).sites).toBe(0);
    const real = await cli(['import', '--workspace', empty, '--file', csv]);
    expect(real.code).toBe(1);
    expect(real.out).toContain('Imported 1 row. 2 bad rows left out.');
    expect(counts(empty).sites).toBe(1);
  });

  it('exits 2 when the columns do not map, listing the problems and the columns; takes --mapping FILE.json or a saved name', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'odd.csv');
    fs.writeFileSync(csv, 'Thing,Where\nAcme Shop,https://shop.acme.test\n');
    const ws = emptyWorkspace();
    const r = await cli(['import', '--workspace', ws, '--file', csv, '--kind', 'sites']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Client is required');
    expect(r.err).toContain("The file's columns: Thing, Where.");

    const mapping = path.join(dir, 'mapping.json');
    fs.writeFileSync(mapping, JSON.stringify({ kind: 'clients', columns: { name: 'Thing' } }));
    const mapped = await cli(['import', '--workspace', ws, '--file', csv, '--mapping', mapping]);
    expect(mapped.code, mapped.err).toBe(0);
    expect(counts(ws).clients).toBe(1);

    const unknown = await cli(['import', '--workspace', ws, '--file', csv, '--mapping', 'No Such Mapping']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no saved mapping has that name');
    fs.writeFileSync(mapping, JSON.stringify({ kind: 'planets', columns: {} }));
    const bad = await cli(['import', '--workspace', ws, '--file', csv, '--mapping', mapping]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Kind must be one of');
  });

  it('refuses bad arguments and a read-only workspace plainly (exit 2), writing nothing', async () => {
    const { file } = await seeded();
    const sites = path.join(tempDir(), 'sites.csv');
    expect((await cli(['export', '--workspace', file, '--what', 'sites', '--format', 'csv', '--out', sites])).code).toBe(0);
    const before = counts(file);
    const cases: [string[], string][] = [
      [[], '--file X is required'],
      [['--file', path.join(tempDir(), 'missing.csv')], 'does not exist'],
      [['--file', sites, '--kind', 'planets'], '--kind planets: use sites, clients, people, owners'],
      [['--file', sites, '--header-row', 'top'], '--header-row must be a row number'],
      [['--file', sites, '--read-only'], '--read-only cannot import'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['import', '--workspace', file, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(message);
    }
    fs.chmodSync(file, 0o444);
    const ro = await cli(['import', '--workspace', file, '--file', sites]);
    expect(ro.code).toBe(2);
    expect(ro.err).toContain('is open read-only');
    fs.chmodSync(file, 0o644);
    expect(counts(file)).toEqual(before);
  });
});
