/**
 * `npm run bench`: seeds 10,000 sites into a temp workspace and measures `sites.list`
 * (filter + sort + one page of 100) through the real registry, next to a raw-SQLite baseline
 * in the same run. Prints figures; asserts nothing.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '@main/rpc/context';
import { reminderDigest, reminderFacts } from '@main/reminders/digest';
import { openSession } from '@main/session';
import { seedWorkspace } from '../../scripts/seed';

const SITES = Number(process.env.BENCH_SITES ?? 10_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

async function time(fn: () => unknown | Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn(); // warm caches and statements
  const out: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  try {
    const seeded = seedWorkspace(file, { sites: SITES, seed: 7 });
    console.log(
      `seed: ${seeded.sites} sites, ${seeded.clients} clients, ${seeded.people} people, ${seeded.assignments} owner assignments in ${(seeded.ms / 1000).toFixed(1)} s`,
    );

    const raw = new Database(file, { readonly: true });
    const rawStmt = raw.prepare('SELECT * FROM sites WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE LIMIT 100');
    const baseline = stats(await time(() => rawStmt.all()));
    raw.close();

    const session = openSession(file, { log: silentLogger, checkOutput: false });
    const probe = await session.dispatch('sites.list', { offset: 4321, limit: 1 });
    const someName = probe.ok ? (probe.value as { rows: { name: string }[] }).rows[0]!.name : 'shop';
    const cases: [string, unknown][] = [
      ['all active, sort by name, first page', { sort: 'name' }],
      [`search "${someName.split(' ')[0]}" (name/client/URLs)`, { search: someName.split(' ')[0] }],
      ['search exact site name', { search: someName }],
      ['stage pilot+adoption, sort by client', { stages: ['pilot', 'adoption'], sort: 'client' }],
      ['incomplete setup only, sort by name', { incompleteOnly: true }],
      ['PHP 8.1, sort by WordPress desc', { phpVersion: '8.1', sort: 'wordpressVersion', direction: 'desc' }],
      ['owner gaps only, sort by gaps', { ownerGapsOnly: true, sort: 'ownerGaps' }],
      ['deep page (offset 9,000), sort by updated', { sort: 'updatedAt', offset: Math.max(0, SITES - 1000) }],
    ];
    console.log(`\nsites.list through the registry, page of 100, ${ITERATIONS} runs each (ms)`);
    console.log(`raw SQLite baseline (SELECT * ... ORDER BY name LIMIT 100): median ${baseline.median.toFixed(2)}, p95 ${baseline.p95.toFixed(2)}`);
    for (const [label, input] of cases) {
      let total = 0;
      const s = stats(
        await time(async () => {
          const r = await session.dispatch('sites.list', { limit: 100, ...(input as object) });
          if (!r.ok) throw new Error(r.error.message);
          total = (r.value as { total: number }).total;
        }),
      );
      console.log(
        `${label.padEnd(48)} median ${s.median.toFixed(2).padStart(7)}  p95 ${s.p95.toFixed(2).padStart(7)}  ×${(s.median / baseline.median).toFixed(1).padStart(5)} baseline  (${total} matches)`,
      );
    }
    const portfolio = stats(
      await time(async () => {
        const r = await session.dispatch('dashboard.portfolio', {});
        if (!r.ok) throw new Error(r.error.message);
      }),
    );
    console.log(`\ndashboard.portfolio (gates evaluated for every active site): median ${portfolio.median.toFixed(1)} ms, p95 ${portfolio.p95.toFixed(1)} ms`);

    // Reviews: what the CLI digest and the reminder scheduler compute, on every open review.
    const open = (raw2: Database.Database) =>
      (raw2.prepare('SELECT count(*) AS n FROM reviews WHERE done_at IS NULL AND skipped_at IS NULL').get() as { n: number }).n;
    const rawDb = new Database(file, { readonly: true });
    const openCount = open(rawDb);
    const rawDue = stats(await time(() => rawDb.prepare("SELECT * FROM reviews WHERE done_at IS NULL AND skipped_at IS NULL AND due_on <= date('now')").all()));
    rawDb.close();
    let digestSize = '';
    const digest = stats(
      await time(() => {
        const d = reminderDigest(session.ctx, { withinDays: 7 });
        digestSize = `${d.overdue.length} overdue, ${d.due.length} due today, ${d.upcoming.length} upcoming in 7 days`;
      }),
    );
    const facts = stats(await time(() => reminderFacts(session.ctx)));
    const summary = stats(
      await time(async () => {
        const r = await session.dispatch('reviews.summary', {});
        if (!r.ok) throw new Error(r.error.message);
      }),
    );
    const page = stats(
      await time(async () => {
        const r = await session.dispatch('reviews.list', { states: ['overdue', 'due', 'upcoming'], withinDays: 30, groupBy: 'owner', limit: 200 });
        if (!r.ok) throw new Error(r.error.message);
      }),
    );
    const calendar = stats(
      await time(async () => {
        const r = await session.dispatch('reviews.calendar', {});
        if (!r.ok) throw new Error(r.error.message);
      }),
    );
    console.log(
      `\nreviews on ${SITES} sites (${openCount} open), ${ITERATIONS} runs each (ms); raw SQLite baseline (open reviews due by today): median ${rawDue.median.toFixed(2)}`,
    );
    console.log(`reminder digest, --within 7d (${digestSize})`.padEnd(90) + ` median ${digest.median.toFixed(1)}  p95 ${digest.p95.toFixed(1)}`);
    console.log('scheduler check facts (due + overdue + settings)'.padEnd(90) + ` median ${facts.median.toFixed(1)}  p95 ${facts.p95.toFixed(1)}`);
    console.log('reviews.summary (nav badge counts)'.padEnd(90) + ` median ${summary.median.toFixed(1)}  p95 ${summary.p95.toFixed(1)}`);
    console.log(
      'reviews.list, open within 30 days, grouped by owner, page of 200'.padEnd(90) + ` median ${page.median.toFixed(1)}  p95 ${page.p95.toFixed(1)}`,
    );
    console.log('reviews.calendar (.ics of every review)'.padEnd(90) + ` median ${calendar.median.toFixed(1)}  p95 ${calendar.p95.toFixed(1)}`);

    // Documents: one site's four documents in each format, through the registry (snapshot, model, render, record).
    const docSite =
      (session.workspace.sqlite.prepare('SELECT site_id AS id FROM generated_documents WHERE final = 1 LIMIT 1').get() as { id: string } | undefined)?.id ??
      (session.workspace.sqlite.prepare("SELECT id FROM sites WHERE stage = 'adoption' LIMIT 1").get() as { id: string }).id;
    console.log(`\ndocuments of one seeded site (draft), ${ITERATIONS} runs each (ms): median / p95, size`);
    for (const kind of ['rollback_plan', 'support_path', 'sop_pack', 'handover_runbook'] as const) {
      const cells: string[] = [];
      for (const format of ['md', 'html', 'pdf'] as const) {
        let size = 0;
        const st = stats(
          await time(async () => {
            const r = await session.dispatch('documents.generate', { siteId: docSite, kind, format, final: false });
            if (!r.ok) throw new Error(r.error.message);
            size = (r.value as { content: string }).content.length;
          }),
        );
        cells.push(`${format} ${st.median.toFixed(1).padStart(6)} / ${st.p95.toFixed(1).padStart(6)}  ${(size / 1024).toFixed(0).padStart(4)} KB`);
      }
      console.log(`${kind.padEnd(18)} ${cells.join('   ')}`);
    }
    session.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
