/**
 * The first-week activity import: 100,000 rows of a generated week (JSON Lines, one site with five
 * operators, tests/fixtures/activity/generate.ts) sent through uploads.* and imported with
 * activity.import (read, map, mask, dedupe, match, insert, run the finding rules, one transaction),
 * each run on a new site. Baseline: better-sqlite3 inserting the same stored rows into an
 * activity_events table of the same schema and indexes, in one transaction, in the same run.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Channel, InputOf, OutputOf } from '@core/contract/index';
import { newId } from '@db/ids';
import { GENERATED_MAPPING, GENERATED_OPERATORS, generateActivityJsonl } from '../../fixtures/activity/generate';
import type { Section } from '../lib';

const ROWS = 100_000;

const section: Section = async ({ session, raw, dir, iterations, report }) => {
  const call = async <C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> => {
    const r = await session.dispatch(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as OutputOf<C>;
  };
  const runs = Math.max(1, Math.min(iterations, 3));
  const importMs: number[] = [];
  const rawMs: number[] = [];
  let last: OutputOf<'activity.import'> | null = null;
  for (let run = 0; run < runs; run++) {
    const client = await call('clients.create', { name: `Bench activity client ${run} ${newId()}` });
    const url = `https://activity-${run}-${newId().toLowerCase()}.bench.test`;
    const site = await call('sites.create', { name: `Bench activity site ${run} ${newId()}`, clientId: client.id, productionUrl: url });
    for (const o of GENERATED_OPERATORS) {
      const p = await call('people.create', { name: o.name, email: `${run}.${newId().toLowerCase()}.${o.email}`, organisation: 'client', clientId: client.id });
      await call('operators.add', { siteId: site.id, personId: p.id, role: o.role });
    }
    const text = generateActivityJsonl(ROWS, 15 + run, url);
    const { uploadId } = await call('uploads.begin', { fileName: 'week.jsonl', size: Buffer.byteLength(text) });
    const chunk = 1024 * 1024;
    for (let i = 0, seq = 0; i < text.length; i += chunk, seq++) await call('uploads.append', { uploadId, seq, text: text.slice(i, i + chunk) });
    await call('uploads.finish', { uploadId });

    const started = performance.now();
    last = await call('activity.import', { jobId: newId(), siteId: site.id, uploadId, mapping: GENERATED_MAPPING, actors: [] });
    importMs.push(performance.now() - started);

    // The baseline: the same stored rows, inserted by hand into the same table shape.
    const rows = raw.prepare('SELECT * FROM activity_events WHERE import_id = ?').all(last.importId) as Record<string, unknown>[];
    const schema = raw.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'activity_events' AND sql IS NOT NULL").all() as { sql: string }[];
    const base = new Database(path.join(dir, `raw-${run}.sqlite`));
    base.pragma('journal_mode = WAL');
    base.pragma('synchronous = FULL');
    base.pragma('foreign_keys = OFF');
    for (const s of schema) base.exec(s.sql);
    const cols = Object.keys(rows[0]!);
    const insert = base.prepare(`INSERT INTO activity_events (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
    const t0 = performance.now();
    base.transaction(() => {
      for (const r of rows) insert.run(r);
    })();
    rawMs.push(performance.now() - t0);
    base.close();
  }
  const median = [...importMs].sort((a, b) => a - b)[Math.floor(importMs.length / 2)]!;
  const rawMedian = [...rawMs].sort((a, b) => a - b)[Math.floor(rawMs.length / 2)]!;
  const f = last!.findings;
  report.add('activity-import', `activity.import of ${ROWS.toLocaleString('en')} JSON Lines rows (new site each run)`, importMs, {
    baseline: { label: 'better-sqlite3: INSERT the same rows in one transaction', samples: rawMs },
    target: { median: 3000, ratio: 2 },
    detail: `${Math.round(ROWS / (median / 1000)).toLocaleString('en')} rows/s; raw insert ${Math.round(ROWS / (rawMedian / 1000)).toLocaleString('en')} rows/s`,
  });
  report.note(
    `activity-import: ${last!.imported} rows imported, ${last!.duplicates} duplicates, ${last!.bad} bad; findings ${f.total} (${Object.entries(f.byCategory)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
  );
};

export default section;
