/**
 * The portfolio import: a generated sites sheet of 10,000 rows (500 clients, three owner columns naming
 * 60 people by email, versions and host) sent through uploads.* into the seeded workspace, then
 * portfolio.dryRun (read and plan every row), portfolio.import (plan again, then write through the
 * services in batches of one transaction each: clients, sites, people, owner assignments, each with
 * its history row) and a second dry run of the same file (every row unchanged). Baseline:
 * better-sqlite3 inserting the stored clients, sites, people and assignments into tables of the same
 * schema, in one transaction, in the same run.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Channel, InputOf, OutputOf } from '@core/contract/index';
import type { PortfolioMappingInput } from '@core/contract/portfolio';
import { newId } from '@db/ids';
import type { Section } from '../lib';

const ROWS = 10_000;
const CLIENTS = 500;
const PEOPLE = 60;
const HEADER = [
  'Client',
  'Site',
  'Production URL',
  'SophMate version',
  'WordPress version',
  'PHP version',
  'Host',
  'Hosting owner',
  'Primary owner',
  'Backups owner',
];
const HOSTS = ['Kinsta', 'WP Engine', 'SiteGround', 'Cloudways'];

function sheet(tag: string): string {
  const email = (i: number) => `owner.${i % PEOPLE}.${tag}@agency.bench.test`;
  const lines = [HEADER.join(',')];
  for (let i = 0; i < ROWS; i++) {
    lines.push(
      [
        `Import client ${tag} ${i % CLIENTS}`,
        `Imported site ${i}`,
        `site-${i}.${tag}.import.bench.test`,
        `2.${i % 6}.${i % 3}`,
        `6.${i % 7}`,
        `8.${i % 4}`,
        HOSTS[i % HOSTS.length]!,
        email(i),
        email(i + 7),
        i % 2 === 0 ? email(i + 13) : '',
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

const section: Section = async ({ session, raw, dir, report }) => {
  const call = async <C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> => {
    const r = await session.dispatch(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as OutputOf<C>;
  };
  const tag = newId().toLowerCase().slice(-8);
  const text = sheet(tag);
  const { uploadId } = await call('uploads.begin', { fileName: 'portfolio.csv', size: Buffer.byteLength(text) });
  const chunk = 1024 * 1024;
  for (let i = 0, seq = 0; i < text.length; i += chunk, seq++) await call('uploads.append', { uploadId, seq, text: text.slice(i, i + chunk) });
  await call('uploads.finish', { uploadId });
  const inspected = await call('portfolio.inspect', { uploadId });
  const mapping: PortfolioMappingInput = inspected.mapping;

  const t0 = performance.now();
  const dry = await call('portfolio.dryRun', { jobId: newId(), uploadId, mapping });
  const dryMs = performance.now() - t0;
  const t1 = performance.now();
  const done = await call('portfolio.import', { jobId: newId(), uploadId, mapping, confirm: true, saveMappingAs: null });
  const importMs = performance.now() - t1;

  // The same file again: every row is found and unchanged, nothing is written.
  const { uploadId: again } = await call('uploads.begin', { fileName: 'portfolio.csv', size: Buffer.byteLength(text) });
  for (let i = 0, seq = 0; i < text.length; i += chunk, seq++) await call('uploads.append', { uploadId: again, seq, text: text.slice(i, i + chunk) });
  await call('uploads.finish', { uploadId: again });
  const t2 = performance.now();
  const second = await call('portfolio.dryRun', { jobId: newId(), uploadId: again, mapping });
  const secondMs = performance.now() - t2;

  // Baseline: the stored rows the import wrote, inserted by hand into tables of the same schema.
  const like = `%.${tag}.import.bench.test`;
  const tables: [string, string][] = [
    ['clients', `SELECT * FROM clients WHERE name LIKE 'Import client ${tag} %'`],
    ['sites', `SELECT * FROM sites WHERE production_url LIKE '${like}'`],
    ['people', `SELECT * FROM people WHERE email LIKE '%.${tag}@agency.bench.test'`],
    ['owner_assignments', `SELECT oa.* FROM owner_assignments oa JOIN sites s ON s.id = oa.site_id WHERE s.production_url LIKE '${like}'`],
  ];
  const base = new Database(path.join(dir, 'raw.sqlite'));
  base.pragma('journal_mode = WAL');
  base.pragma('synchronous = FULL');
  base.pragma('foreign_keys = OFF');
  const data = tables.map(([table, query]) => {
    for (const s of raw.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('table', 'index') AND sql IS NOT NULL").all(table) as {
      sql: string;
    }[])
      base.exec(s.sql);
    return { table, rows: raw.prepare(query).all() as Record<string, unknown>[] };
  });
  const tb = performance.now();
  base.transaction(() => {
    for (const { table, rows } of data) {
      if (rows.length === 0) continue;
      const cols = Object.keys(rows[0]!);
      const insert = base.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
      for (const r of rows) insert.run(r);
    }
  })();
  const rawMs = performance.now() - tb;
  base.close();

  const perSecond = (ms: number) => `${Math.round(ROWS / (ms / 1000)).toLocaleString('en')} rows/s`;
  report.add('portfolio-import', `portfolio.dryRun of ${ROWS.toLocaleString('en')} site rows (new records)`, [dryMs], {
    target: { median: 15_000 },
    detail: perSecond(dryMs),
  });
  report.add('portfolio-import', `portfolio.import of ${ROWS.toLocaleString('en')} site rows (+ clients, people, owners)`, [importMs], {
    baseline: { label: 'better-sqlite3: INSERT the stored rows in one transaction', samples: [rawMs] },
    target: { median: 60_000 },
    detail: `${perSecond(importMs)}; includes planning again`,
  });
  report.add('portfolio-import', `portfolio.dryRun of the same ${ROWS.toLocaleString('en')} rows again (all unchanged)`, [secondMs], {
    target: { median: 15_000 },
    detail: perSecond(secondMs),
  });
  const c = done.counts;
  report.note(
    `portfolio-import: ${done.imported} rows written, ${done.bad} bad; added ${c.clients.add} clients, ${c.sites.add} sites, ${c.people.add} people, ${c.owners.add} owner assignments; dry run ${dry.good} good; second dry run ${second.unchanged} unchanged`,
  );
};

export default section;
