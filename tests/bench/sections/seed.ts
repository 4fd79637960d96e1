/**
 * Seeding the scale profile (scripts/seed/scale.ts) at BENCH_SEED_SITES sites (10,000 unless told)
 * into a fresh workspace: the whole seed, the first open with its migrations and the last open
 * included, target under 15 s. Baseline: the same rows, read back from the seeded workspace, inserted
 * into a fresh migrated workspace with one prepared better-sqlite3 statement per table in one
 * transaction, with no sealing, no validation and no foreign-key checks (the playbook's ids differ
 * between the two workspaces). The activity file is timed apart.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { seedScale } from '../../../scripts/seed/scale';
import type { Section } from '../lib';

/** What the seed writes for its sites, parents first (the playbook and settings come with every workspace). */
const TABLES = [
  'clients',
  'people',
  'sites',
  'owner_assignments',
  'reviews',
  'operators',
  'review_operators',
  'training_signoffs',
  'scenario_draws',
  'scenario_draw_items',
  'scenario_checks',
  'scenario_check_answers',
  'site_checklist_items',
  'site_pauses',
  'site_pause_workflows',
  'incidents',
  'incident_events',
  'change_log',
];

/** Inserts the seeded workspace's rows into a fresh workspace as plainly as better-sqlite3 can; answers ms. */
function rawInsert(seeded: string, target: string): { ms: number; rows: number } {
  openSession(target, { log: silentLogger, actor: 'bench', checkOutput: false }).close();
  const src = new Database(seeded, { readonly: true });
  const db = new Database(target);
  try {
    // The fresh workspace's own history (the playbook's installation) comes first: the copied rows follow it.
    const offset = (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM change_log').get() as { n: number }).n;
    const firstSeq = (src.prepare(`SELECT min(seq) AS n FROM change_log WHERE entity NOT IN ('sop', 'settings')`).get() as { n: number }).n;
    const data = TABLES.map((table) => {
      const stmt = src.prepare(table === 'change_log' ? `SELECT * FROM change_log WHERE seq >= ${firstSeq}` : `SELECT * FROM ${table}`);
      return { table, columns: stmt.columns().map((c) => c.name), rows: stmt.raw().all() as unknown[][] };
    });
    db.pragma('foreign_keys = OFF');
    db.pragma('cache_size = -262144');
    db.pragma('journal_mode = MEMORY');
    const seqAt = data.find((d) => d.table === 'change_log')!.columns.indexOf('seq');
    const started = performance.now();
    db.transaction(() => {
      for (const { table, columns, rows } of data) {
        const insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        if (table === 'change_log') for (const row of rows) insert.run(row.map((v, k) => (k === seqAt ? (v as number) - firstSeq + 1 + offset : v)));
        else for (const row of rows) insert.run(row);
      }
    })();
    db.pragma('journal_mode = WAL');
    return { ms: performance.now() - started, rows: data.reduce((n, d) => n + d.rows.length, 0) };
  } finally {
    src.close();
    db.close();
  }
}

const section: Section = async ({ dir, report }) => {
  const sites = Number(process.env.BENCH_SEED_SITES ?? 10_000);
  const file = path.join(dir, 'seeded.sqlite');
  const s = seedScale(file, { sites, seed: 11 });
  const raw = rawInsert(file, path.join(dir, 'raw.sqlite'));
  report.value('seed', `seed --profile scale, ${sites} sites (first and last open included)`, s.ms / 1000, 's', {
    baseline: { label: `the same ${raw.rows} rows, raw inserts in one transaction`, value: raw.ms / 1000 },
    target: { median: 15 },
    detail: `${s.clients} clients, ${s.people} people, ${s.operators} operators, ${s.changes} change-log rows`,
  });
  report.value('seed', `activity export, ${s.activityRows} rows (${path.basename(s.activityFile)})`, s.activityMs / 1000, 's');
};

export default section;
