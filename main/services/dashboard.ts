import { sql } from 'drizzle-orm';
import { fixPlace } from '@core/domain/blocker-fix';
import { ROLLOUT_STAGES } from '@core/domain/stages';
import type { HandlerContext } from '../rpc/context';
import { portfolioFlags } from './findings-flags';
import { reasonKey } from './readiness-batch';
import { storedBlockedIds, storedCounts, type ReadinessCounts } from './readiness-store';

export { reasonKey };

/**
 * The portfolio view from readiness figures: the stored ones (readiness-store.ts) for the Dashboard,
 * or every site evaluated now (`evaluatedCounts`) as the reference the stored ones must always equal.
 * Pauses and incidents are counted here, straight from their tables (few rows: each query starts from
 * them, CROSS JOIN keeping SQLite from starting at the sites).
 */
export function portfolioOf(ctx: Pick<HandlerContext, 'db'>, readiness: ReadinessCounts) {
  const byStage = ROLLOUT_STAGES.map((stage) => ({ stage, count: readiness.byStage[stage] }));
  const counts = ctx.db.get<{ pausedSites: number; incidentSites: number; incidents: number }>(
    sql`SELECT
          (SELECT count(DISTINCT sp.site_id) FROM site_pauses sp CROSS JOIN sites s ON s.id = sp.site_id WHERE sp.resumed_at IS NULL AND s.archived_at IS NULL) AS pausedSites,
          (SELECT count(DISTINCT i.site_id) FROM incidents i CROSS JOIN sites s ON s.id = i.site_id WHERE i.status = 'open' AND s.archived_at IS NULL) AS incidentSites,
          (SELECT count(*) FROM incidents i JOIN sites s ON s.id = i.site_id WHERE i.status = 'open' AND s.archived_at IS NULL) AS incidents`,
  )!;
  const paused = ctx.db.all<{ siteId: string; siteName: string; reason: string; pausedAt: string }>(
    sql`SELECT sp.site_id AS siteId, s.name AS siteName, sp.reason, sp.paused_at AS pausedAt FROM site_pauses sp CROSS JOIN sites s ON s.id = sp.site_id
        WHERE sp.resumed_at IS NULL AND s.archived_at IS NULL ORDER BY sp.paused_at DESC LIMIT 50`,
  );
  const openIncidents = ctx.db.all<{ id: string; siteId: string; siteName: string; title: string; severity: string; occurredAt: string }>(
    sql`SELECT i.id, i.site_id AS siteId, s.name AS siteName, i.title, i.severity, i.occurred_at AS occurredAt FROM incidents i CROSS JOIN sites s ON s.id = i.site_id
        WHERE i.status = 'open' AND s.archived_at IS NULL ORDER BY CASE i.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, i.occurred_at DESC LIMIT 50`,
  );
  const topReasons = [...readiness.reasons.entries()]
    .sort((a, b) => b[1].sites - a[1].sites || b[1].sole - a[1].sole || a[0].localeCompare(b[0]))
    .map(([reason, n]) => ({ reason, sites: n.sites, onlyReasonSites: n.sole, fix: fixPlace(reason) }));
  // Operators to escalate: computed from the findings (few rows, read by index), not stored.
  const flags = portfolioFlags(ctx);
  return {
    byStage,
    blocked: readiness.blocked,
    topReasons,
    ownerGaps: readiness.ownerGaps,
    incomplete: readiness.incomplete,
    pausedSites: counts.pausedSites,
    paused,
    incidentSites: counts.incidentSites,
    openIncidentCount: counts.incidents,
    openIncidents,
    repeatFlagCount: flags.length,
    repeatFlags: flags.slice(0, 20),
  };
}

/** `dashboard.portfolio`: the portfolio as the Dashboard shows it, from stored readiness. */
export function dashboardPortfolio(ctx: HandlerContext) {
  return portfolioOf(ctx, storedCounts(ctx));
}

/**
 * Ids of active sites whose next stage a readiness gate blocks (the Sites list's "Blocked only"); with
 * `reason`, only those blocked for that reason as the Dashboard groups it (a reason's click-through).
 */
export function blockedSiteIds(ctx: HandlerContext, reason?: string): string[] {
  return storedBlockedIds(ctx, reason === undefined ? undefined : reasonKey(reason));
}
