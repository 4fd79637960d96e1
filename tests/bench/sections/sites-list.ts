/**
 * `sites.list` through the registry, page of 100, each case next to its baseline: hand-written
 * better-sqlite3 statements, prepared once, producing the same page (same filter, sort and offset,
 * the same per-row figures: client name, owner gaps, unverified owners, setup owner, pause) and the
 * same total. Before timing, each case checks that both give the same ids and total. Target: p95
 * under 5 ms and at most 3x the baseline's median.
 */
import type Database from 'better-sqlite3';
import { registerSqlFunctions } from '@db/sql-functions';
import { time, type BenchEnv, type Section } from '../lib';

const SECTION = 'sites.list (page of 100)';
const TARGET = { p95: 5, ratio: 3 };

const ROW = `s.id, s.client_id, c.name AS client_name, s.name, s.production_url, s.staging_url, s.sophmate_version, s.wordpress_version,
  s.php_version, s.woocommerce_version, s.active_theme, s.host, s.ai_provider, s.stage, s.notes, s.archived_at, s.created_at, s.updated_at,
  s.version, os.assigned, os.unverified, os.setup_owner,
  EXISTS (SELECT 1 FROM site_pauses sp WHERE sp.site_id = s.id AND sp.resumed_at IS NULL) AS paused
  FROM sites s JOIN clients c ON c.id = s.client_id JOIN site_owner_stats os ON os.site_id = s.id`;

/** What a search matches, as the search fold has it (db/queries/sql.ts), written out by hand. */
const folded = (col: string) => `(CASE WHEN length(${col}) = length(CAST(${col} AS BLOB)) THEN ${col} ELSE fold(${col}) END) LIKE @like ESCAPE '\\'`;
const url = (col: string) =>
  `(lower(${col}) LIKE @like ESCAPE '\\' OR ((instr(${col}, 'xn--') > 0 OR instr(${col}, '%') > 0) AND fold_url(${col}) LIKE @like ESCAPE '\\'))`;
const SEARCH = `(${folded('s.name')} OR s.client_id IN (SELECT fc.id FROM clients fc WHERE ${folded('fc.name')}) OR ${url('s.production_url')} OR ${url('s.staging_url')})`;
const INCOMPLETE = `(coalesce(s.production_url, '') = '' OR coalesce(s.staging_url, '') = '' OR coalesce(s.sophmate_version, '') = ''
  OR coalesce(s.wordpress_version, '') = '' OR coalesce(s.php_version, '') = '' OR coalesce(s.active_theme, '') = '' OR os.setup_owner = 0)`;

interface Case {
  label: string;
  input: Record<string, unknown>;
  where: string;
  order: string;
  params?: Record<string, unknown>;
}

function cases(raw: Database.Database): Case[] {
  const probe = raw.prepare('SELECT name, client_id FROM sites WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, id LIMIT 1 OFFSET 4321').get() as
    { name: string; client_id: string } | undefined;
  const name = probe?.name ?? 'Shop';
  const word = name.split(' ')[0]!;
  const live = raw.prepare('SELECT count(*) AS n FROM sites WHERE archived_at IS NULL').get() as { n: number };
  const deep = Math.max(0, live.n - 1000);
  const like = (t: string) => `%${t.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const byName = 's.name COLLATE NOCASE, s.id';
  return [
    { label: 'all active, by name', input: {}, where: 's.archived_at IS NULL', order: byName },
    {
      label: `search "${word}" (name, client, URLs)`,
      input: { search: word },
      where: `s.archived_at IS NULL AND ${SEARCH}`,
      order: byName,
      params: { like: like(word) },
    },
    { label: 'search an exact site name', input: { search: name }, where: `s.archived_at IS NULL AND ${SEARCH}`, order: byName, params: { like: like(name) } },
    {
      label: 'search that matches nothing',
      input: { search: 'zzqqxx' },
      where: `s.archived_at IS NULL AND ${SEARCH}`,
      order: byName,
      params: { like: like('zzqqxx') },
    },
    {
      label: 'stages pilot + adoption, by client',
      input: { stages: ['pilot', 'adoption'], sort: 'client' },
      where: `s.archived_at IS NULL AND s.stage IN ('pilot', 'adoption')`,
      order: `c.name COLLATE NOCASE, ${byName}`,
    },
    { label: 'incomplete setup only', input: { incompleteOnly: true }, where: `s.archived_at IS NULL AND ${INCOMPLETE}`, order: byName },
    {
      label: 'PHP 8.1, by WordPress desc',
      input: { phpVersion: '8.1', sort: 'wordpressVersion', direction: 'desc' },
      where: `s.archived_at IS NULL AND (s.php_version = '8.1' OR s.php_version LIKE '8.1.%')`,
      order: `s.wordpress_version DESC NULLS LAST, ${byName}`,
    },
    {
      label: 'owner gaps only, by gaps',
      input: { ownerGapsOnly: true, sort: 'ownerGaps' },
      where: 's.archived_at IS NULL AND os.assigned < 10',
      order: `os.assigned DESC, ${byName}`,
    },
    {
      label: `deep page (offset ${deep.toLocaleString('en')}), by updated`,
      input: { sort: 'updatedAt', offset: deep },
      where: 's.archived_at IS NULL',
      order: `s.updated_at, ${byName}`,
      params: { offset: deep },
    },
    {
      label: 'blocked only',
      input: { blockedOnly: true },
      where: 's.archived_at IS NULL AND s.id IN (SELECT site_id FROM site_readiness WHERE blocked = 1 AND active = 1)',
      order: byName,
    },
    { label: 'archived', input: { archived: 'archived' }, where: 's.archived_at IS NOT NULL', order: byName },
    {
      label: 'one client',
      input: { clientId: probe?.client_id ?? '' },
      where: 's.archived_at IS NULL AND s.client_id = @client',
      order: byName,
      params: { client: probe?.client_id ?? '' },
    },
  ];
}

const section: Section = async ({ session, raw, iterations, report }: BenchEnv) => {
  registerSqlFunctions(raw);
  for (const c of cases(raw)) {
    const params = { offset: 0, ...c.params };
    const page = raw.prepare(`SELECT ${ROW} WHERE ${c.where} ORDER BY ${c.order} LIMIT 100 OFFSET @offset`);
    const count = raw.prepare(`SELECT count(*) AS n FROM sites s JOIN site_owner_stats os ON os.site_id = s.id WHERE ${c.where}`).pluck();
    const bind = (stmt: Database.Statement) => Object.fromEntries(Object.entries(params).filter(([k]) => stmt.source.includes(`@${k}`)));
    const baseline = () => ({ rows: page.all(bind(page)) as { id: string }[], total: count.get(bind(count)) as number });
    const input = { limit: 100, ...c.input };
    const service = async () => {
      const r = await session.dispatch('sites.list', input);
      if (!r.ok) throw new Error(`${c.label}: ${r.error.message}`);
      return r.value as { rows: { id: string }[]; total: number };
    };
    const [mine, theirs] = [await service(), baseline()];
    const same = mine.total === theirs.total && mine.rows.map((r) => r.id).join() === theirs.rows.map((r) => r.id).join();
    if (!same) report.note(`  ${c.label}: the baseline gives other rows (${theirs.total} vs ${mine.total}); its ratio is not comparable`);
    const base = await time(baseline, iterations);
    const samples = await time(service, iterations);
    report.add(SECTION, c.label, samples, {
      baseline: { label: 'hand-written page + count', samples: base },
      target: TARGET,
      detail: `${mine.total.toLocaleString('en')} matches`,
    });
  }
};

export default section;
