/**
 * `npm run seed -- --sites N --workspace FILE [--seed S] [--append] [--batch N]`: a realistic, deterministic
 * portfolio for demos, screenshots and tests (`--profile scale` writes an agency at full size for
 * benchmarks instead: scripts/seed/scale.ts; `--help` tells both). It goes through the same services as the app
 * (rules, constraints, change log) in short transactions of whole clients and sites (`inBatches`), so
 * the app, the CLI or another window can still save between batches, and a seed stopped midway
 * leaves whole sites only.
 */
import { sql } from 'drizzle-orm';
import type { RolloutStage } from '@core/domain/stages';
import { silentLogger, writerOf, type Clock } from '@main/rpc/context';
import { createClient } from '@main/services/clients';
import { createPerson } from '@main/services/people';
import { skipReview } from '@main/services/reviews-lifecycle';
import { openSession } from '@main/session';
import { seedArgs } from './seed/args';
import { inBatches, SEED_BATCH_SITES, SEED_BUSY_TIMEOUT_MS } from './seed/batches';
import { DAY_MS, type SeedClient, type SeedEnv, type SeedSummary } from './seed/env';
import { CLIENT_A, CLIENT_B, FIRST, LAST, randomSource, TLDS } from './seed/portfolio-data';
import { seedScale } from './seed/scale';
import { completeSeededReview, seedSite } from './seed/site';
import { catchUpBackups } from './seed/site-records';
import { parse, seedBranding, seedFormerClient, seedRunbookTemplate, seedSopRevision } from './seed/workspace-steps';

export type { SeedSummary } from './seed/env';

export interface SeedOptions {
  sites: number;
  seed?: number;
  append?: boolean;
  /** Time of the seeded changes; defaults to now. */
  now?: Date;
  /** Sites (or clients) per transaction at most (default SEED_BATCH_SITES). */
  batchSites?: number;
}

export function seedWorkspace(file: string, opts: SeedOptions): SeedSummary {
  const started = performance.now();
  const random = randomSource(opts.seed ?? 1);
  const { rand, pick } = random;
  // Sites are created over the year before `now` (so cadences spread out), each change a second apart.
  const end = (opts.now ?? new Date()).getTime();
  const firstSiteAt = end - 365 * DAY_MS;
  const time = { tick: firstSiteAt - 5 * DAY_MS };
  const clock: Clock = { now: () => new Date((time.tick += 997)) };
  const endDay = new Date(end).toISOString().slice(0, 10);
  const session = openSession(file, { log: silentLogger, clock, actor: 'demo seed', checkOutput: false });
  const ctx = writerOf(session.ctx);
  const existing = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM sites`)!;
  if (existing.n > 0 && !opts.append) {
    session.close();
    throw new Error(`${file} already has ${existing.n} sites. Use --append to add more, or choose a new file.`);
  }

  const summary: SeedSummary = { clients: 0, sites: 0, people: 0, assignments: 0, operators: 0, ms: 0 };
  const runId = existing.n > 0 ? `-${Date.now().toString(36)}` : '';
  // The seed owns the workspace it fills: it batches its own transactions on the connection (scripts/seed/batches.ts).
  const sqlite = session.workspace.sqlite;
  sqlite.pragma(`busy_timeout = ${SEED_BUSY_TIMEOUT_MS}`);
  inBatches(sqlite, opts.batchSites ?? SEED_BATCH_SITES, (unitDone) => {
    seedBranding(ctx);
    seedRunbookTemplate(ctx);
    const clientCount = Math.max(1, Math.round(opts.sites / 8));
    const agency: string[] = [];
    const usedEmails = new Set<string>();
    const person = (org: 'agency' | 'client', clientId: string | null, domain: string) => {
      const first = pick(FIRST);
      const last = pick(LAST);
      let email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${domain}`;
      for (let i = 2; usedEmails.has(email); i++) email = email.replace(/(\d*)@/, `${i}@`);
      usedEmails.add(email);
      const p = createPerson(
        ctx,
        parse('people.create', {
          name: `${first} ${last}`,
          email: runId ? email.replace('@', `${runId}@`) : email,
          organisation: org,
          clientId,
          phone: rand() < 0.6 ? `+44 20 7946 ${String(Math.floor(rand() * 9000) + 1000)}` : '',
          active: rand() > 0.04,
        }),
      );
      summary.people++;
      return p;
    };
    const agencyCount = Math.max(4, Math.min(60, Math.round(opts.sites / 40)));
    for (let i = 0; i < agencyCount; i++) {
      const p = person('agency', null, 'brightpath-agency.com');
      if (p.active) agency.push(p.id);
    }
    const clients: SeedClient[] = [];
    const usedNames = new Set<string>();
    for (let i = 0; i < clientCount; i++) {
      let name = `${pick(CLIENT_A)} ${pick(CLIENT_B)}`;
      for (let n = 2; usedNames.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
      usedNames.add(name);
      const c = createClient(
        ctx,
        parse('clients.create', {
          name: runId ? `${name}${runId}` : name,
          notes: rand() < 0.3 ? 'Signed the AI addendum; prefers email updates on Fridays.' : '',
        }),
      );
      summary.clients++;
      const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '') + (runId ? runId.slice(1) : '');
      const staff: string[] = [];
      const staffCount = 1 + Math.floor(rand() * 3);
      for (let s = 0; s < staffCount; s++) {
        const p = person('client', c.id, `${slug}.${pick(TLDS)}`);
        if (p.active) staff.push(p.id);
      }
      clients.push({ id: c.id, slug, staff, name });
      unitDone();
    }
    const env: SeedEnv = { ...random, ctx, parse, clock, time, end, endDay, firstSiteAt, agency, summary };
    for (let i = 0; i < opts.sites; i++) {
      seedSite(env, clients, i, opts.sites);
      unitDone();
    }
    // First weeks are reviewed once they are over (never before: that takes an override), so they are
    // caught up at the end, when the seed's clock has reached the present.
    time.tick = Math.max(time.tick, end - 60_000);
    const firstWeeks = ctx.db.all<{
      id: string;
      version: number;
      stage: RolloutStage;
    }>(sql`SELECT r.id, r.version, s.stage FROM reviews r JOIN sites s ON s.id = r.site_id
        WHERE r.kind = 'first_week' AND r.done_at IS NULL AND r.skipped_at IS NULL AND r.due_on <= ${endDay} ORDER BY r.id`);
    for (const r of firstWeeks) {
      const roll = rand();
      if (roll < (r.stage === 'pilot' ? 0.75 : 0.95)) {
        completeSeededReview(
          { ctx, parse, rand },
          { ...r, kind: 'first_week' },
          'Prompts, rejected plans, support drafts and approvals of the first week reviewed',
        );
      } else if (roll < 0.98) {
        skipReview(ctx, parse('reviews.skip', { id: r.id, version: r.version, reason: 'Covered by the client’s own onboarding review' }));
      }
      unitDone();
    }
    catchUpBackups(env, unitDone);
    seedSopRevision(ctx);
    if (clients.length > 20) {
      seedFormerClient(ctx, runId);
      summary.clients++;
    }
  });
  session.close();
  summary.ms = Math.round(performance.now() - started);
  return summary;
}

function main() {
  const { file, profile, sites, seed, append, batchSites } = seedArgs();
  try {
    if (profile === 'scale') {
      const s = seedScale(file, { sites, seed });
      console.log(
        `Seeded ${file} (scale profile): ${s.clients} clients, ${s.sites} sites, ${s.people} people, ${s.operators} operators, ${s.changes} change-log rows in ${(s.ms / 1000).toFixed(1)} s`,
      );
      console.log(`Wrote ${s.activityRows} rows of first-week activity to ${s.activityFile} in ${(s.activityMs / 1000).toFixed(1)} s`);
      return;
    }
    const s = seedWorkspace(file, { sites, seed, append, batchSites });
    console.log(
      `Seeded ${file}: ${s.clients} clients, ${s.sites} sites, ${s.people} people, ${s.assignments} owner assignments, ${s.operators} operators in ${(s.ms / 1000).toFixed(1)} s`,
    );
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
}

if (process.argv[1] && /seed\.(ts|js)$/.test(process.argv[1])) main();
