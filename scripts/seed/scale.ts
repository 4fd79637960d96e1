/**
 * The scale profile of `npm run seed -- --profile scale [--sites N] --workspace FILE`: an agency at
 * full size, in seconds. Per 10,000 sites: 2,000 clients, 30,000 people, about 70,000 operators and
 * the history all of it leaves (each record's entries as its service writes them: about 50 per site,
 * of which 2 for each operator alone, added and joining a before-new-users review), plus 1,000,000 rows of first-week SophMate activity in
 * `<workspace>.activity.jsonl` (scale-activity.ts), which a site's First week tab imports.
 *
 * The demo profile (scripts/seed.ts) calls the services one record at a time, which takes minutes
 * at this size. This one writes the same rows with prepared statements in one transaction, and keeps
 * every site's state in memory, so each history entry says what the service would have said: the
 * rules (setup record, cadences, readiness and access gates, scenario draws and marks) are core's,
 * the playbook and settings are read through the services, each change-log row is sealed with
 * db/history-seal.ts, and the few workspace-wide steps (branding, an SOP revision, incidents) go
 * through the services themselves. It fills an empty workspace only; it is opened once more at the
 * end, so whatever opening keeps up to date is brought up to date then. A seed stopped midway leaves
 * a file to delete, not a workspace: its one transaction keeps no journal on disk.
 */
import { sql } from 'drizzle-orm';
import { silentLogger, writerOf, type Clock } from '@main/rpc/context';
import { openSession } from '@main/session';
import { DAY_MS, type SeedEnv } from './env';
import { randomSource } from './portfolio-data';
import { writeActivityFile } from './scale-activity';
import { readRefs, type ScaleEnv, type ScaleSite } from './scale-env';
import { seedScalePeople } from './scale-people';
import { catchUpFirstWeeks, seedScaleSite } from './scale-site';
import { ScaleWriter } from './scale-writer';
import { seedIncident } from './site-records';
import { catchUpRunbooks } from './scale-runbook';
import { parse, seedBranding, seedFormerClient, seedRunbookTemplate, seedSopRevision } from './workspace-steps';

/** What the profile holds per site (the issue asks for these per 10,000 sites). */
export const SCALE_PER_SITE = { clients: 0.2, people: 3, operators: 7, activityRows: 100 } as const;
/** The stages that have operators (pilot, adoption, paused, retired): their share of sites, from STAGES in portfolio-data.ts. */
const OPERATOR_STAGE_SHARE = 0.58;

export interface ScaleSummary {
  clients: number;
  sites: number;
  people: number;
  operators: number;
  changes: number;
  activityRows: number;
  activityFile: string;
  /** Seeding the workspace, opening it once more included; the activity file not. */
  ms: number;
  /** Writing the activity file. */
  activityMs: number;
}

export interface ScaleOptions {
  sites: number;
  seed?: number;
  /** The seed's present; defaults to now. Sites are created over the year before it. */
  now?: Date;
}

export const activityFileOf = (file: string) => `${file}.activity.jsonl`;

export function seedScale(file: string, opts: ScaleOptions): ScaleSummary {
  const started = performance.now();
  if (!Number.isInteger(opts.sites) || opts.sites < 1) throw new Error(`sites must be a whole number of sites, 1 or more (got ${opts.sites}).`);
  const random = randomSource(opts.seed ?? 1);
  const end = (opts.now ?? new Date()).getTime();
  const firstSiteAt = end - 365 * DAY_MS;
  const time = { tick: firstSiteAt - 5 * DAY_MS };
  const clock: Clock = { now: () => new Date((time.tick += 997)) };
  const session = openSession(file, { log: silentLogger, clock, actor: 'demo seed', checkOutput: false });
  const sites: ScaleSite[] = [];
  let changes = 0;
  try {
    const existing = session.ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM sites`)!.n;
    if (existing > 0)
      throw new Error(
        `${file} already has ${existing} sites: the scale profile fills an empty workspace only. Choose a new file, or add to this one with the default profile (--append).`,
      );
    const ctx = writerOf(session.ctx);
    seedBranding(ctx);
    seedRunbookTemplate(ctx);
    const sqlite = session.workspace.sqlite;
    // Ids draw from a stream of their own, so adding a record elsewhere does not change what each site gets.
    const w = new ScaleWriter(sqlite, session.ctx.actor, session.ctx.device, randomSource((opts.seed ?? 1) + 0x9e3779b9).rand);
    // One long transaction over a growing file: a large page cache keeps the indexes it updates in
    // memory, and the file is written in place (its rollback journal in memory) rather than copied
    // through the write-ahead log. The workspace is back in WAL mode before anything else opens it.
    sqlite.pragma('cache_size = -262144');
    sqlite.pragma('journal_mode = MEMORY');
    const env: ScaleEnv = {
      ...random,
      w,
      refs: readRefs(session.ctx),
      actor: session.ctx.actor,
      time,
      next: () => new Date((time.tick += 997)).toISOString(),
      end,
      endDay: new Date(end).toISOString().slice(0, 10),
      firstSiteAt,
      agency: [],
      counts: { clients: 0, sites: 0, people: 0, operators: 0 },
    };
    const targetOperators = Math.round(opts.sites * SCALE_PER_SITE.operators);
    sqlite
      .transaction(() => {
        const clients = seedScalePeople(env, opts.sites, Math.max(1, Math.round(opts.sites * SCALE_PER_SITE.clients)), opts.sites * SCALE_PER_SITE.people);
        for (let i = 0; i < opts.sites; i++) {
          // Operators per site with operators, steered so the portfolio ends near its target.
          const left = Math.max(1, (opts.sites - i) * OPERATOR_STAGE_SHARE);
          const mean = Math.max(1, (targetOperators - env.counts.operators) / left);
          sites.push(seedScaleSite(env, clients, i, opts.sites, mean));
        }
        catchUpFirstWeeks(env, sites);
        catchUpRunbooks(env, sites);
      })
      .immediate();
    sqlite.pragma('journal_mode = WAL');
    // The rest goes through the services, at the seed's present.
    seedSopRevision(ctx);
    const seedEnv: SeedEnv = {
      ...random,
      ctx,
      parse,
      clock,
      time,
      end,
      endDay: env.endDay,
      firstSiteAt,
      agency: env.agency.map((p) => p.id),
      summary: { clients: 0, sites: 0, people: 0, assignments: 0, operators: 0, ms: 0 },
    };
    for (const site of sites)
      if (!site.archivedAt && (site.stage === 'pilot' || site.stage === 'adoption') && random.rand() < 0.015) seedIncident(seedEnv, site.id);
    seedFormerClient(ctx);
    changes = session.ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM change_log`)!.n;
    const counts = env.counts;
    session.close();
    // Opened once more, as the app would open it next.
    openSession(file, { log: silentLogger, actor: 'demo seed', checkOutput: false }).close();
    const ms = Math.round(performance.now() - started);
    const activityStarted = performance.now();
    const activityFile = activityFileOf(file);
    const activityRows = writeActivityFile(activityFile, sites, opts.sites * SCALE_PER_SITE.activityRows, random);
    return {
      clients: counts.clients + 1,
      sites: counts.sites,
      people: counts.people,
      operators: counts.operators,
      changes,
      activityRows,
      activityFile,
      ms,
      activityMs: Math.round(performance.now() - activityStarted),
    };
  } catch (e) {
    if (session.workspace.sqlite.open) session.close();
    throw e;
  }
}
