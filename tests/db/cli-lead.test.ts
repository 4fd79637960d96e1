/**
 * The CLI as a lead uses it on a real workspace file: output folders made when missing (and refused
 * naming the flag when a file is in the way), `info` at a glance with archived counts, `sites` paged,
 * complete with --all (text, JSON, CSV with formula-looking cells neutralised), and the app's filters.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { runSites } from '@main/cli/sites';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

/** Seven sites of two clients (one archived, one paused, one named like a spreadsheet formula), through the services. */
async function portfolio(): Promise<{ ws: TestWorkspace; file: string; ids: Record<string, string> }> {
  const ws = openTestWorkspace();
  const northwind = await ws.call('clients.create', { name: 'Northwind' });
  const formula = await ws.call('clients.create', { name: '+Plus Clinic' });
  const ids: Record<string, string> = {};
  const names = ['Alder', 'Birch', 'Cedar', 'Damson', 'Elm', 'Fir'];
  for (const [i, name] of names.entries()) {
    const site = await ws.call('sites.create', {
      clientId: northwind.id,
      name: `${name} Shop`,
      productionUrl: `https://${name.toLowerCase()}.northwind.test`,
      stage: i < 2 ? 'setup' : 'planning',
    });
    ids[name] = site.id;
  }
  const evil = await ws.call('sites.create', { clientId: formula.id, name: '=HYPERLINK("http://evil.test","Open")', productionUrl: 'https://clinic.test' });
  ids.evil = evil.id;
  const archived = await ws.call('sites.create', { clientId: northwind.id, name: 'Gone Shop', productionUrl: 'https://gone.northwind.test' });
  await ws.call('sites.archive', { id: archived.id, version: archived.version });
  await ws.call('people.create', { name: 'Ann Lee', email: 'ann@agency.test', organisation: 'agency' });
  const old = await ws.call('people.create', { name: 'Old Timer', email: 'old@agency.test', organisation: 'agency' });
  await ws.call('people.archive', { id: old.id, version: old.version });
  return { ws, file: ws.file, ids };
}

describe('output folders are made when missing', () => {
  it('docs --out makes the folder and its parents; a file in the way is refused naming --out', async () => {
    const { file, ids } = await portfolio();
    const out = path.join(tempDir(), 'handover', '2026', 'november');
    const c = capture();
    expect(await runCli(['docs', '--workspace', file, '--site', ids.Alder!, '--format', 'md', '--kind', 'rollback_plan', '--out', out], c.io)).toBe(1);
    expect(c.err.filter((l) => l.includes('--out'))).toEqual([]);
    const folders = fs.readdirSync(out);
    expect(folders).toHaveLength(1);
    expect(fs.readdirSync(path.join(out, folders[0]!)).filter((f) => f.endsWith('.md'))).toHaveLength(1);

    const blocked = path.join(tempDir(), 'exports');
    fs.writeFileSync(blocked, 'a file, not a folder');
    const d = capture();
    expect(await runCli(['docs', '--workspace', file, '--all', '--out', path.join(blocked, 'site-docs')], d.io)).toBe(2);
    expect(d.err).toContain(
      `--out: cannot use the folder ${path.join(blocked, 'site-docs')}: ${blocked} is a file, not a folder. Move that file away or choose another folder.`,
    );
    expect(fs.readFileSync(blocked, 'utf8')).toBe('a file, not a folder');
  });

  it("ics --out makes the calendar file's folder", async () => {
    const { file } = await portfolio();
    const target = path.join(tempDir(), 'Calendars', 'work', 'reviews.ics');
    const c = capture();
    expect(await runCli(['ics', '--workspace', file, '--out', target], c.io)).toBe(0);
    expect(fs.readFileSync(target, 'utf8')).toContain('BEGIN:VCALENDAR');
  });
});

describe('info at a glance', () => {
  it('reports active and archived records, stages, attention, reviews and the file', async () => {
    const { ws, file } = await portfolio();
    const c = capture();
    expect(await runCli(['info', '--workspace', file], c.io, {}, ws.clock)).toBe(0);
    expect(c.out[0]).toMatch(new RegExp(`^Workspace: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+(\\.\\d)? (KB|MB)`));
    expect(c.out).toContain('Sites: 7 active, 1 archived');
    expect(c.out).toContain('Clients: 2 active, 0 archived');
    expect(c.out).toContain('People: 1 active, 1 archived');
    expect(c.out).toContain('  by stage: planning 5, setup 2, pilot 0, adoption 0, paused 0, retired 0');
    expect(c.out).toContain('Reviews: 0 overdue, 7 due today, 0 upcoming within 7 days');
    expect(c.out).toContain('Open incidents: 0');
    expect(c.out.some((l) => /^Last change: 2026-03-01 10:00 UTC by tester: /.test(l))).toBe(true);
    const j = capture();
    expect(await runCli(['info', '--workspace', file, '--json'], j.io, {}, ws.clock)).toBe(0);
    const json = JSON.parse(j.out.join('\n')) as {
      counts: { sites: number };
      records: { sites: { active: number; archived: number } };
      reviews: { due: number };
      bytes: { file: number };
    };
    expect(json.counts.sites).toBe(7);
    expect(json.records.sites).toEqual({ active: 7, archived: 1 });
    expect(json.reviews.due).toBe(7);
    expect(json.bytes.file).toBeGreaterThan(0);
  });
});

describe('sites: paging, every site, JSON and CSV', () => {
  it('pages with --limit and --offset and says which part of the total it shows', async () => {
    const { file } = await portfolio();
    const c = capture();
    await runCli(['sites', '--workspace', file, '--limit', '3', '--offset', '3'], c.io);
    expect(c.out).toHaveLength(4);
    expect(c.out.slice(0, 3).map((l) => l.split('  ')[2])).toEqual(['Cedar Shop (Northwind)', 'Damson Shop (Northwind)', 'Elm Shop (Northwind)']);
    expect(c.out[3]).toBe('showing 4-6 of 7 site(s); --offset 6 for the next 1, --all for every one');
    const past = capture();
    await runCli(['sites', '--workspace', file, '--offset', '40'], past.io);
    expect(past.out).toEqual(['showing none of 7 site(s): --offset 40 is past the last one']);
    const bad = capture();
    expect(await runCli(['sites', '--workspace', file, '--offset=-1'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toBe('--offset must be a whole number of 0 or more (sites to skip); got "-1".');
    const both = capture();
    expect(await runCli(['sites', '--workspace', file, '--all', '--limit', '5'], both.io)).toBe(2);
    expect(both.err.join('\n')).toBe('Use --all, or --limit and --offset for one page, not both.');
  });

  it('--all --json holds every site, read page by page, as one valid JSON document', async () => {
    const { ws, file } = await portfolio();
    const c = capture();
    await runCli(['sites', '--workspace', file, '--all', '--json'], c.io);
    const all = JSON.parse(c.out.join('\n')) as { total: number; rows: { name: string }[] };
    expect(all.total).toBe(7);
    expect(all.rows).toHaveLength(all.total);
    // Pages smaller than the listing: the same rows in the same order, nothing lost between pages.
    const paged = capture();
    await runSites(ws.session, { all: true, json: true }, paged.io, 2);
    const again = JSON.parse(paged.out.join('\n')) as { total: number; rows: { name: string }[] };
    expect(again.rows.map((r) => r.name)).toEqual(all.rows.map((r) => r.name));
    const text = capture();
    await runSites(ws.session, { all: true }, text.io, 2);
    expect(text.out).toHaveLength(8);
    expect(text.out[7]).toBe('showing 1-7 of 7 site(s)');
  });

  it('--csv prints every listed site, with formula-looking cells shown as text', async () => {
    const { file } = await portfolio();
    const c = capture();
    await runCli(['sites', '--workspace', file, '--all', '--csv'], c.io);
    expect(c.out[0]).toMatch(/^Site ID,Site,Client,Stage,Production URL,/);
    expect(c.out).toHaveLength(8);
    const evil = c.out.find((l) => l.includes('HYPERLINK'))!;
    expect(evil).toContain(`,"'=HYPERLINK(""http://evil.test"",""Open"")",'+Plus Clinic,planning,https://clinic.test,`);
    expect(c.out.every((l) => !/(^|,)[=+@-]/.test(l))).toBe(true);
  });

  it('filters as the Sites list does: stage, client by name, archived, search', async () => {
    const { file } = await portfolio();
    const lines = async (...args: string[]) => {
      const c = capture();
      const code = await runCli(['sites', '--workspace', file, ...args], c.io);
      return { code, out: c.out, err: c.err.join('\n') };
    };
    expect((await lines('--stage', 'setup')).out.at(-1)).toBe('showing 1-2 of 2 site(s)');
    expect((await lines('--stage', 'setup,planning', '--client', 'NORTHWIND')).out.at(-1)).toBe('showing 1-6 of 6 site(s)');
    expect((await lines('--archived', 'archived')).out[0]).toMatch(/Gone Shop \(Northwind\) .*\[archived/);
    expect((await lines('--search', 'cedar')).out.at(-1)).toBe('showing 1-1 of 1 site(s)');
    const badStage = await lines('--stage', 'pilott');
    expect(badStage.code).toBe(2);
    expect(badStage.err).toBe('--stage pilott: use planning, setup, pilot, adoption, paused, retired (repeat --stage or separate with commas for several).');
    const noClient = await lines('--client', 'Southwind');
    expect(noClient.code).toBe(2);
    expect(noClient.err).toContain('--client: no client is named “Southwind”');
  });
});

describe("sites: the Sites list's owner, host, provider and reason filters", () => {
  it('filters by owner (email, name or id) and responsibility, host, provider and blocking reason; a bad value names its flag', async () => {
    const { ws, file, ids } = await portfolio();
    const ann = (await ws.call('people.list', { limit: 50 })).rows.find((p) => p.email === 'ann@agency.test')!;
    await ws.call('owners.assign', { siteId: ids.Alder!, responsibility: 'hosting', ownerId: ann.id });
    await ws.call('owners.assign', { siteId: ids.Birch!, responsibility: 'primary', ownerId: ann.id });
    const cedar = await ws.call('sites.get', { id: ids.Cedar! });
    await ws.call('sites.update', { ...cedar, host: 'Kinsta', aiProvider: 'OpenAI' });
    const damson = await ws.call('sites.get', { id: ids.Damson! });
    await ws.call('sites.update', { ...damson, host: 'WP Engine', aiProvider: 'OpenAI' });
    const portfolioNow = await ws.call('dashboard.portfolio', {});
    const reason = portfolioNow.topReasons.find((r) => r.sites > 0 && r.sites < 7)!;
    ws.session.close();

    const names = async (...args: string[]) => {
      const c = capture();
      const code = await runCli(['sites', '--workspace', file, '--json', '--all', ...args], c.io);
      expect(c.err).toEqual([]);
      expect(code).toBeLessThan(2);
      return (JSON.parse(c.out.join('\n')) as { rows: { name: string }[] }).rows.map((r) => r.name);
    };
    expect(await names('--owner', 'ANN@agency.test')).toEqual(['Alder Shop', 'Birch Shop']);
    expect(await names('--owner', 'ann lee', '--owner-role', 'hosting')).toEqual(['Alder Shop']);
    expect(await names('--owner', ann.id, '--owner-role', 'primary')).toEqual(['Birch Shop']);
    expect(await names('--host', 'kinsta')).toEqual(['Cedar Shop']);
    expect(await names('--provider', 'OpenAI', '--host', 'WP Engine')).toEqual(['Damson Shop']);
    // The same sites as the Dashboard counts for the reason.
    expect(await names('--reason', reason.reason)).toHaveLength(reason.sites);

    const refused = async (...args: string[]) => {
      const c = capture();
      expect(await runCli(['sites', '--workspace', file, ...args], c.io)).toBe(2);
      expect(c.out).toEqual([]);
      return c.err.join('\n');
    };
    expect(await refused('--owner', 'zed@agency.test')).toBe(
      '--owner zed@agency.test: Nobody in this workspace has the email or name “zed@agency.test”. Add the person on the People page, or check the spelling.',
    );
    expect(await refused('--owner', '  ')).toBe('--owner is empty: give the email, name or id of a person (the People page lists them).');
    expect(await refused('--owner', 'ann lee', '--owner-role', 'landlord')).toMatch(/^--owner-role landlord: use setup, primary, /);
    expect(await refused('--owner-role', 'hosting')).toMatch(/^--owner-role needs --owner: /);
    expect(await refused('--host', 'x'.repeat(121))).toBe('--host: Host is too long: keep it under 120 characters, as a site records it.');
    expect(await refused('--provider', 'x'.repeat(121))).toMatch(/^--provider: AI provider is too long/);
    expect(await refused('--host', ' ')).toBe('--host is empty: give the value as sites record it (e.g. --host Kinsta), or leave --host out.');
    expect(await refused('--reason', '   ')).toMatch(/^--reason: Blocking reason is empty/);
    const typo = await refused('--reason', 'Nobody knows');
    expect(typo.split('\n')[0]).toBe(
      '--reason: no active site is blocked for “Nobody knows”. Give a reason as the Dashboard words it (sites blocked for it in brackets):',
    );
    expect(typo).toContain(`  ${reason.reason} (${reason.sites})`);
  });
});
