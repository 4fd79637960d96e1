/**
 * `npm run bench [-- --sites N] [--workspace FILE] [--only a,b] [--json FILE]`: seeds the scale
 * profile (10,000 sites unless told) into a temporary workspace, or copies an already seeded one
 * given with --workspace, then runs every section in tests/bench/sections/ (or those named with
 * --only) and prints each figure's median and p95, its ratio to a hand-written better-sqlite3
 * baseline measured in the same run, and whether the target is met. The figures are also written
 * as JSON (reports/bench.json unless --json says where). Prints figures; asserts nothing.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { seedScale } from '../../scripts/seed/scale';
import { Report, type Section } from './lib';

const SECTIONS_DIR = path.join(import.meta.dirname, 'sections');

async function main() {
  const { values } = parseArgs({
    options: {
      sites: { type: 'string', default: process.env.BENCH_SITES ?? '10000' },
      workspace: { type: 'string' },
      only: { type: 'string' },
      json: { type: 'string', default: path.join('reports', 'bench.json') },
      iterations: { type: 'string', default: process.env.BENCH_ITERATIONS ?? '30' },
    },
  });
  const iterations = Number(values.iterations);
  const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;
  const names = fs
    .readdirSync(SECTIONS_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const unknown = only ? [...only].filter((n) => !names.includes(n)) : [];
  if (unknown.length) {
    console.error(`--only: no section named ${unknown.join(', ')}. Sections: ${names.join(', ')}.`);
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-bench-'));
  const report = new Report();
  try {
    const file = path.join(dir, 'bench.sqlite');
    if (values.workspace) {
      // SQLite's online backup: a consistent copy that includes what is still in the -wal file.
      const source = new Database(path.resolve(values.workspace), { readonly: true, fileMustExist: true });
      try {
        await source.backup(file);
      } finally {
        source.close();
      }
      report.note(`workspace: a copy of ${values.workspace}`);
    } else {
      const s = seedScale(file, { sites: Number(values.sites), seed: 7 });
      report.note(
        `seed (scale profile): ${s.clients} clients, ${s.sites} sites, ${s.people} people, ${s.operators} operators, ${s.changes} change-log rows, ${s.activityRows} activity rows`,
      );
      report.value('seed', `seed ${s.sites} sites (scale profile)`, s.ms / 1000, 's', { target: { median: 15 } });
    }
    for (const name of names) {
      if (only && !only.has(name)) continue;
      const section = ((await import(path.join(SECTIONS_DIR, `${name}.ts`))) as { default: Section }).default;
      const sectionDir = fs.mkdtempSync(path.join(dir, `${name}-`));
      const session = openSession(file, { log: silentLogger, checkOutput: false, actor: 'bench' });
      const raw = new Database(file, { readonly: true });
      try {
        await section({ file, dir: sectionDir, session, raw, iterations, report });
      } catch (e) {
        report.note(`section ${name} failed: ${(e as Error).stack ?? String(e)}`);
        process.exitCode = 1;
      } finally {
        raw.close();
        session.close();
      }
    }
    const summary = report.summary();
    report.note(`\n${summary.figures} figures; ${summary.met} of ${summary.withTarget} targets met.`);
    for (const miss of summary.notMet) report.note(`  not met: ${miss}`);
    fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    fs.writeFileSync(
      values.json,
      JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, figures: report.figures, summary }, null, 2),
    );
    report.note(`figures written to ${values.json}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
