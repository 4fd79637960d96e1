/**
 * Stored readiness (docs/ARCHITECTURE.md, "Stored readiness"): each site's result of readiness-batch.ts
 * kept in `site_readiness` and `site_blocking_reasons`, so the Dashboard and the Sites list's "Blocked
 * only" read stored rows instead of evaluating every gate of every site.
 *
 * - Triggers (migration 0011) mark a row dirty whenever any program writes a fact it depends on.
 * - `refreshReadiness` recomputes the dirty rows, and those the clock has moved out of, inside every
 *   write transaction just before it commits (installed by the session through `atEveryCommit`), and
 *   once at open for what a migration or another program left dirty.
 * - Reads never write: rows still dirty (another program wrote since) or out of their time are
 *   evaluated in memory, so a read answers exactly what evaluating every site would.
 */
import { sql, type SQL } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { GATE_CHECKLIST_ITEMS, GATE_ITEMS, SOP_CELL_COUNT } from '@core/domain/readiness';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { ROLLOUT_STAGES, type RolloutStage } from '@core/domain/stages';
import type { WritableDb } from '@db/client';
import { hasTable } from '@db/queries/connection';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { writeTransaction } from './change-log';
import { evaluateSites } from './readiness-batch';

/** The Dashboard's figures over the active sites. */
export interface ReadinessCounts {
  byStage: Record<RolloutStage, number>;
  blocked: number;
  ownerGaps: number;
  incomplete: number;
  /** Per reason (as grouped): the sites it blocks, and those it alone blocks. */
  reasons: Map<string, { sites: number; sole: number }>;
}

/** What one site adds to the counts. */
interface Contribution {
  active: boolean;
  stage: RolloutStage | null;
  blocked: boolean;
  ownerGaps: number;
  incomplete: boolean;
  reasonKeys: string[];
}

function emptyCounts(): ReadinessCounts {
  return {
    byStage: Object.fromEntries(ROLLOUT_STAGES.map((s) => [s, 0])) as Record<RolloutStage, number>,
    blocked: 0,
    ownerGaps: 0,
    incomplete: 0,
    reasons: new Map(),
  };
}

function count(counts: ReadinessCounts, c: Contribution, sign: 1 | -1): void {
  if (!c.active || c.stage === null) return;
  counts.byStage[c.stage] += sign;
  if (c.ownerGaps > 0) counts.ownerGaps += sign;
  if (c.incomplete) counts.incomplete += sign;
  if (!c.blocked) return;
  counts.blocked += sign;
  for (const key of c.reasonKeys) {
    const r = counts.reasons.get(key) ?? { sites: 0, sole: 0 };
    r.sites += sign;
    if (c.reasonKeys.length === 1) r.sole += sign;
    if (r.sites === 0) counts.reasons.delete(key);
    else counts.reasons.set(key, r);
  }
}

/** The reference: every site evaluated now, nothing stored read. */
export function evaluatedCounts(ctx: Pick<HandlerContext, 'db' | 'clock'>): ReadinessCounts {
  const counts = emptyCounts();
  for (const r of evaluateSites(ctx, 'all').values()) count(counts, r, 1);
  return counts;
}

/** A session on a workspace opened with an older schema (tests of migrations) has no stored readiness. */
/**
 * The version of what a stored row holds for the same data: bump it whenever a gate rule, a reason's
 * words, `reasonKey` or what a site's figures count changes (tests/unit/readiness-rules.test.ts fails
 * until you do, when the sources of those rules change). Together with the rules' data below it is the
 * fingerprint a workspace records; rows stored under another fingerprint (an older or newer app) are
 * not trusted: reads evaluate every site, and the next write or open recomputes them all.
 */
export const READINESS_RULES_VERSION = 2;

export const READINESS_RULES_FINGERPRINT = createHash('sha256')
  .update(JSON.stringify([READINESS_RULES_VERSION, GATE_ITEMS, GATE_CHECKLIST_ITEMS, RESPONSIBILITIES, SOP_CELL_COUNT]))
  .digest('hex')
  .slice(0, 16);

const RULES_KEY = 'readiness.rules';

const hasTableStore = (ctx: Pick<HandlerContext, 'db'>) => hasTable(ctx.db, 'site_readiness');

/** The rows were computed by these rules (the workspace records the fingerprint they were computed under). */
function rulesCurrent(ctx: Pick<HandlerContext, 'db'>): boolean {
  return ctx.db.get<{ value: string }>(sql`SELECT value FROM workspace_meta WHERE key = ${RULES_KEY}`)?.value === JSON.stringify(READINESS_RULES_FINGERPRINT);
}

/** Stored rows that reads may use: the table exists and holds these rules' results. */
const hasStore = (ctx: Pick<HandlerContext, 'db'>) => hasTableStore(ctx) && rulesCurrent(ctx);

/** Under other rules' rows: every row is marked for recomputation and the fingerprint recorded, in the caller's transaction. */
function adoptRules(tx: WritableDb, ctx: Pick<HandlerContext, 'db' | 'clock'>): void {
  if (rulesCurrent(ctx)) return;
  tx.run(sql`UPDATE site_readiness SET dirty = 1 WHERE dirty = 0`);
  tx.run(sql`INSERT INTO workspace_meta (key, value, updated_at) VALUES (${RULES_KEY}, ${JSON.stringify(READINESS_RULES_FINGERPRINT)}, ${ctx.clock.now().toISOString()})
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Rows to recompute: dirty, or the clock is outside the span they hold for. Index reads only. */
function staleIds(ctx: Pick<HandlerContext, 'db'>, now: string): string[] {
  return [...new Set(ctx.db.all<{ site_id: string }>(staleRows(sql`site_id`, now)).map((r) => r.site_id))];
}

/** The rows that do not hold at `now`: one partial index read per condition (an OR would scan the table), a row possibly twice. */
function staleRows(columns: SQL, now: string): SQL {
  return sql`SELECT ${columns} FROM site_readiness WHERE dirty = 1
    UNION ALL SELECT ${columns} FROM site_readiness WHERE valid_until < ${now}
    UNION ALL SELECT ${columns} FROM site_readiness WHERE valid_from >= ${now}`;
}

/**
 * Recomputes the stored rows that no longer hold and marks them clean. Runs inside a write
 * transaction (every commit, and at open); costs one index read when nothing is stale.
 */
export function refreshReadiness(tx: WritableDb, ctx: Pick<HandlerContext, 'db' | 'clock'>): number {
  if (!hasTableStore(ctx)) return 0;
  adoptRules(tx, ctx);
  const ids = staleIds(ctx, ctx.clock.now().toISOString());
  if (!ids.length) return 0;
  const results = evaluateSites(ctx, ids);
  const rows = [...results.values()].map((r) => [
    r.siteId,
    r.active ? 1 : 0,
    r.stage,
    r.blocked ? 1 : 0,
    r.reasonKeys.length === 1 ? r.reasonKeys[0] : null,
    r.ownerGaps,
    r.incomplete ? 1 : 0,
    r.validFrom,
    r.validUntil,
  ]);
  const reasons = [...results.values()].flatMap((r) => r.reasonKeys.map((key) => [r.siteId, key]));
  const idList = JSON.stringify(ids);
  tx.run(sql`DELETE FROM site_blocking_reasons WHERE site_id IN (SELECT value FROM json_each(${idList}))`);
  // A row whose site is gone (deleted by another program with foreign keys off) goes too.
  const gone = ids.filter((id) => !results.has(id));
  if (gone.length) tx.run(sql`DELETE FROM site_readiness WHERE site_id IN (SELECT value FROM json_each(${JSON.stringify(gone)}))`);
  tx.run(sql`UPDATE site_readiness SET
      active = json_extract(j.value, '$[1]'), stage = json_extract(j.value, '$[2]'), blocked = json_extract(j.value, '$[3]'),
      sole_reason = json_extract(j.value, '$[4]'), owner_gaps = json_extract(j.value, '$[5]'), incomplete = json_extract(j.value, '$[6]'),
      valid_from = json_extract(j.value, '$[7]'), valid_until = json_extract(j.value, '$[8]'), dirty = 0
    FROM json_each(${JSON.stringify(rows)}) AS j WHERE site_readiness.site_id = json_extract(j.value, '$[0]')`);
  if (reasons.length) {
    tx.run(sql`INSERT INTO site_blocking_reasons (site_id, reason_key)
      SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${JSON.stringify(reasons)})`);
  }
  return ids.length;
}

/**
 * At open: gives every site its row (a row can only be missing if another program removed it) and
 * brings the stale rows up to date, for what a migration, an import or another program left dirty.
 * Writes nothing when everything holds.
 */
export function refreshReadinessAtOpen(ctx: WriteContext): void {
  if (!hasTableStore(ctx)) return;
  const missing = missingIds(ctx);
  // Only what a write left behind: rows that merely aged are evaluated by reads and refreshed by the
  // next write, so a read-only command does not take the write lock for them.
  const dirty = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM site_readiness WHERE dirty = 1`)!.n;
  if (!missing.length && !dirty && rulesCurrent(ctx)) return;
  writeTransaction(ctx, (tx) => {
    if (missing.length) {
      tx.run(sql`INSERT INTO site_readiness (site_id) SELECT value FROM json_each(${JSON.stringify(missing)}) WHERE true
                 ON CONFLICT (site_id) DO UPDATE SET dirty = 1`);
    }
    refreshReadiness(tx, ctx);
  });
}

/** Sites without a stored row; a count first, so the usual answer (none) costs two index counts. */
function missingIds(ctx: Pick<HandlerContext, 'db'>): string[] {
  const c = ctx.db.get<{ sites: number; rows: number }>(sql`SELECT (SELECT count(*) FROM sites) AS sites, (SELECT count(*) FROM site_readiness) AS rows`)!;
  if (c.sites === c.rows) return [];
  return ctx.db.all<{ id: string }>(sql`SELECT id FROM sites s WHERE NOT EXISTS (SELECT 1 FROM site_readiness r WHERE r.site_id = s.id)`).map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Reading

interface StoredRow {
  site_id: string;
  active: number;
  stage: RolloutStage | null;
  blocked: number;
  owner_gaps: number;
  incomplete: number;
}

/**
 * The rows that cannot be trusted as stored (dirty, out of their time, for a site that is gone, or
 * missing), with what they stored, and each such site evaluated now.
 */
function unsettled(ctx: Pick<HandlerContext, 'db' | 'clock'>) {
  const now = ctx.clock.now().toISOString();
  const stored = ctx.db.all<StoredRow>(staleRows(sql`site_id, active, stage, blocked, owner_gaps, incomplete`, now));
  const c = ctx.db.get<{ sites: number; rows: number }>(sql`SELECT (SELECT count(*) FROM sites) AS sites, (SELECT count(*) FROM site_readiness) AS rows`)!;
  if (c.sites !== c.rows) {
    // Only another program can get here (rows removed, or sites deleted with foreign keys off).
    stored.push(
      ...ctx.db.all<StoredRow>(
        sql`SELECT site_id, active, stage, blocked, owner_gaps, incomplete FROM site_readiness r
            WHERE NOT EXISTS (SELECT 1 FROM sites s WHERE s.id = r.site_id)`,
      ),
    );
  }
  const byId = new Map(stored.map((r) => [r.site_id, r]));
  const ids = [...new Set([...byId.keys(), ...(c.sites !== c.rows ? missingIds(ctx) : [])])];
  const storedReasons = new Map<string, string[]>();
  if (byId.size) {
    const rows = ctx.db.all<{ site_id: string; reason_key: string }>(
      sql`SELECT site_id, reason_key FROM site_blocking_reasons WHERE site_id IN (SELECT value FROM json_each(${JSON.stringify([...byId.keys()])}))`,
    );
    for (const r of rows) storedReasons.set(r.site_id, [...(storedReasons.get(r.site_id) ?? []), r.reason_key]);
  }
  const asStored = [...byId.values()].map((r): Contribution => ({
    active: r.active === 1,
    stage: r.stage,
    blocked: r.blocked === 1,
    ownerGaps: r.owner_gaps,
    incomplete: r.incomplete === 1,
    reasonKeys: storedReasons.get(r.site_id) ?? [],
  }));
  return { ids: new Set(ids), asStored, now: evaluateSites(ctx, ids) };
}

/** The Dashboard's figures from the stored rows, with the rows that do not hold evaluated now. */
export function storedCounts(ctx: Pick<HandlerContext, 'db' | 'clock'>): ReadinessCounts {
  if (!hasStore(ctx)) return evaluatedCounts(ctx);
  const counts = emptyCounts();
  const totals = ctx.db.all<{ stage: RolloutStage | null; n: number; blocked: number; gaps: number; incomplete: number }>(
    sql`SELECT stage, count(*) AS n, sum(blocked) AS blocked, sum(owner_gaps > 0) AS gaps, sum(incomplete) AS incomplete
        FROM site_readiness WHERE active = 1 GROUP BY stage`,
  );
  for (const t of totals) {
    if (t.stage !== null && t.stage in counts.byStage) counts.byStage[t.stage] += t.n;
    counts.blocked += t.blocked;
    counts.ownerGaps += t.gaps;
    counts.incomplete += t.incomplete;
  }
  const sole = new Map(
    ctx.db
      .all<{ key: string; n: number }>(sql`SELECT sole_reason AS key, count(*) AS n FROM site_readiness WHERE sole_reason IS NOT NULL GROUP BY sole_reason`)
      .map((r) => [r.key, r.n]),
  );
  for (const r of ctx.db.all<{ key: string; n: number }>(sql`SELECT reason_key AS key, sites AS n FROM site_blocking_reason_counts WHERE sites > 0`)) {
    counts.reasons.set(r.key, { sites: r.n, sole: sole.get(r.key) ?? 0 });
  }
  const u = unsettled(ctx);
  for (const s of u.asStored) count(counts, s, -1);
  for (const r of u.now.values()) count(counts, r, 1);
  return counts;
}

/**
 * Ids of the active sites whose next stage a gate blocks; with `key`, only those blocked for that
 * reason (as grouped). In no particular order.
 */
export function storedBlockedIds(ctx: Pick<HandlerContext, 'db' | 'clock'>, key?: string): string[] {
  if (!hasStore(ctx)) {
    return [...evaluateSites(ctx, 'all').values()]
      .filter((r) => r.active && r.blocked && (key === undefined || r.reasonKeys.includes(key)))
      .map((r) => r.siteId);
  }
  const rows =
    key === undefined
      ? ctx.db.all<{ site_id: string }>(sql`SELECT site_id FROM site_readiness WHERE blocked = 1 AND active = 1`)
      : ctx.db.all<{ site_id: string }>(
          sql`SELECT r.site_id FROM site_blocking_reasons b JOIN site_readiness r ON r.site_id = b.site_id
              WHERE b.reason_key = ${key} AND r.blocked = 1 AND r.active = 1`,
        );
  const u = unsettled(ctx);
  const ids = rows.map((r) => r.site_id).filter((id) => !u.ids.has(id));
  for (const r of u.now.values()) {
    if (r.active && r.blocked && (key === undefined || r.reasonKeys.includes(key))) ids.push(r.siteId);
  }
  return ids;
}
