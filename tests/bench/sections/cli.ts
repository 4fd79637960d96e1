/**
 * The command-line tool as a user starts it: `rollout-workbench info` (bin/rollout-workbench.mjs running
 * the compiled build in out/cli) as a child process, start to exit. Baseline: `node -e` with
 * better-sqlite3 opening the same file, running the same quick check and printing the same figures
 * from hand-written SQL (stored readiness where the workspace has it), also start to exit. Node's own
 * start (`node -e 0`) is printed for scale.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Section } from '../lib';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'bin/rollout-workbench.mjs');

/** What `info` prints, in SQL: file and schema, records, stages and attention, reviews, incidents, last change. */
const BASELINE = `
const Database = require('better-sqlite3');
const fs = require('node:fs');
const file = process.argv[1];
const db = new Database(file, { fileMustExist: true });
const one = (q, ...a) => db.prepare(q).get(...a);
if (db.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('damaged');
const out = { bytes: fs.statSync(file).size, userVersion: db.pragma('user_version', { simple: true }), schema: one('SELECT count(*) AS n FROM __drizzle_migrations').n };
for (const t of ['sites', 'clients', 'people']) out[t] = one('SELECT sum(archived_at IS NULL) AS active, sum(archived_at IS NOT NULL) AS archived FROM ' + t);
const stored = one("SELECT 1 AS y FROM sqlite_master WHERE name = 'site_readiness'");
out.stages = db.prepare(stored
  ? 'SELECT stage, count(*) AS n, sum(blocked) AS blocked, sum(owner_gaps > 0) AS gaps, sum(incomplete) AS incomplete FROM site_readiness WHERE active = 1 GROUP BY stage'
  : 'SELECT stage, count(*) AS n FROM sites WHERE archived_at IS NULL GROUP BY stage').all();
out.paused = one('SELECT count(*) AS n FROM sites s WHERE s.archived_at IS NULL AND EXISTS (SELECT 1 FROM site_pauses p WHERE p.site_id = s.id AND p.resumed_at IS NULL)').n;
out.incidents = one("SELECT count(*) AS n, count(DISTINCT i.site_id) AS sites FROM incidents i JOIN sites s ON s.id = i.site_id WHERE i.status = 'open' AND s.archived_at IS NULL");
const today = new Date().toISOString().slice(0, 10);
const week = new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10);
out.reviews = one("SELECT sum(e < ?) AS overdue, sum(e = ?) AS due, sum(e > ? AND e <= ?) AS upcoming FROM (SELECT max(r.due_on, coalesce(r.snoozed_until, r.due_on)) AS e FROM reviews r JOIN sites s ON s.id = r.site_id WHERE r.done_at IS NULL AND r.skipped_at IS NULL AND s.archived_at IS NULL AND s.stage <> 'retired')", today, today, today, week);
out.last = one('SELECT at, actor, summary FROM change_log ORDER BY seq DESC LIMIT 1');
console.log(JSON.stringify(out));
db.close();
`;

function timedRun(args: string[], cwd: string): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.slice(0, 2).join(' ')} exited with ${r.status}: ${r.stderr}`);
  return ms;
}

const section: Section = async ({ file, iterations, report }) => {
  const runs = Math.max(3, Math.min(iterations, 10));
  const times = (args: string[]) => {
    timedRun(args, ROOT); // warm-up: the file in the OS cache, and the CLI built if it was missing or stale
    return Array.from({ length: runs }, () => timedRun(args, ROOT));
  };
  report.add('cli', 'node -e 0 (Node starting and exiting, for scale)', times(['-e', '0']));
  const baseline = times(['-e', BASELINE, file]);
  report.add('cli', 'rollout-workbench info (compiled, child process)', times([BIN, 'info', '--workspace', file]), {
    baseline: { label: 'node -e: better-sqlite3 open + quick_check + the same figures', samples: baseline },
    target: { median: 300 },
  });
  report.add('cli', 'rollout-workbench info --json (compiled, child process)', times([BIN, 'info', '--workspace', file, '--json']), {
    baseline: { label: 'node -e: better-sqlite3 open + quick_check + the same figures', samples: baseline },
    target: { median: 300 },
  });
};

export default section;
