import { sql } from 'drizzle-orm';
import { nextStage, transitionCheck, type ItemStatus, type ReadinessFacts } from '@core/domain/readiness';
import { RESPONSIBILITIES, type Responsibility } from '@core/domain/responsibilities';
import { fixPlace } from '@core/domain/blocker-fix';
import { missingSetupFields } from '@core/domain/setup-record';
import { ROLLOUT_STAGES, type RolloutStage } from '@core/domain/stages';
import { currentChecklist } from './playbook-items';
import type { HandlerContext } from '../rpc/context';
import { allSopsPublished, rollbackDocFacts } from './readiness';
import { firstWeekFacts } from './reviews';
import { getSettings } from './settings';

/** Owner names and figures removed, so the same reason on many sites counts as one. */
export function reasonKey(reason: string): string {
  return reason
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/last verified \d+ days ago/, 'verified too long ago')
    .replace(/ on \d{4}-\d{2}-\d{2}\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The portfolio view: gates are evaluated for every active site in a handful of queries (all sites,
 * all live owner assignments, all checklist records), not one round of queries per site.
 */
export function portfolio(ctx: HandlerContext) {
  const sites = ctx.db.all<{
    id: string;
    name: string;
    stage: RolloutStage;
    production_url: string;
    staging_url: string | null;
    sophmate_version: string | null;
    wordpress_version: string | null;
    php_version: string | null;
    active_theme: string | null;
  }>(
    sql`SELECT id, name, stage, production_url, staging_url, sophmate_version, wordpress_version, php_version, active_theme FROM sites WHERE archived_at IS NULL`,
  );
  const owners = ctx.db.all<{
    site_id: string;
    responsibility: Responsibility;
    owner_name: string;
    active: number;
    archived_at: string | null;
    verified_at: string | null;
  }>(
    sql`SELECT oa.site_id, oa.responsibility, p.name AS owner_name, p.active, p.archived_at, oa.verified_at
        FROM owner_assignments oa JOIN people p ON p.id = oa.owner_id JOIN sites s ON s.id = oa.site_id
        WHERE oa.archived_at IS NULL AND s.archived_at IS NULL`,
  );
  const manual = ctx.db.all<{ site_id: string; item_id: string; status: ItemStatus; evidence: string | null; reason: string | null }>(
    sql`SELECT site_id, item_id, status, evidence, reason FROM site_checklist_items WHERE kind = 'checklist'`,
  );
  const firstWeekBySite = firstWeekFacts(ctx, 'all');
  const rollbackDocs = rollbackDocFacts(ctx, 'all');
  const ownersBySite = new Map<string, typeof owners>();
  for (const o of owners) ownersBySite.set(o.site_id, [...(ownersBySite.get(o.site_id) ?? []), o]);
  const manualBySite = new Map<string, ReadinessFacts['manual']>();
  for (const m of manual) {
    const cur = manualBySite.get(m.site_id) ?? {};
    cur[m.item_id] = { status: m.status, evidence: m.evidence, reason: m.reason };
    manualBySite.set(m.site_id, cur);
  }
  const sopsComplete = allSopsPublished(ctx);
  const now = ctx.clock.now().toISOString();
  const maxAge = getSettings(ctx).verificationMaxAgeDays;
  const checklist = currentChecklist(ctx);

  const reasonCounts = new Map<string, number>();
  /** Sites a reason alone blocks: fixing it there unblocks them. */
  const soleCounts = new Map<string, number>();
  const blockedIds: string[] = [];
  /** Each blocked site's reasons, as grouped on the Dashboard (reasonKey). */
  const reasonsBySite = new Map<string, Set<string>>();
  let blocked = 0;
  let ownerGaps = 0;
  let incomplete = 0;
  for (const s of sites) {
    const list = ownersBySite.get(s.id) ?? [];
    const ownerFacts = Object.fromEntries(
      RESPONSIBILITIES.map((r) => {
        const a = list.find((o) => o.responsibility === r);
        return [
          r,
          {
            assigned: Boolean(a),
            ownerName: a?.owner_name ?? null,
            ownerActive: Boolean(a && a.active === 1 && !a.archived_at),
            verifiedAt: a?.verified_at ?? null,
          },
        ];
      }),
    ) as ReadinessFacts['owners'];
    const missingSetup = missingSetupFields({
      productionUrl: s.production_url,
      stagingUrl: s.staging_url,
      sophmateVersion: s.sophmate_version,
      wordpressVersion: s.wordpress_version,
      phpVersion: s.php_version,
      activeTheme: s.active_theme,
      hasSetupOwner: ownerFacts.setup.assigned,
    });
    if (missingSetup.length) incomplete++;
    if (list.length < RESPONSIBILITIES.length) ownerGaps++;
    const next = nextStage(s.stage);
    if (!next) continue;
    const check = transitionCheck(
      s.stage,
      next,
      {
        now,
        maxVerificationAgeDays: maxAge,
        missingSetup,
        owners: ownerFacts,
        sopsComplete,
        manual: manualBySite.get(s.id) ?? {},
        firstWeek: firstWeekBySite.get(s.id) ?? null,
        rollbackDoc: rollbackDocs.get(s.id) ?? { finalAt: null, changedAt: null },
      },
      checklist,
    );
    if (check.ok) continue;
    blocked++;
    blockedIds.push(s.id);
    const keys = new Set(check.reasons.map(reasonKey));
    reasonsBySite.set(s.id, keys);
    for (const key of keys) reasonCounts.set(key, (reasonCounts.get(key) ?? 0) + 1);
    if (keys.size === 1) for (const key of keys) soleCounts.set(key, (soleCounts.get(key) ?? 0) + 1);
  }
  const byStage = ROLLOUT_STAGES.map((stage) => ({ stage, count: sites.filter((s) => s.stage === stage).length }));
  const counts = ctx.db.get<{ pausedSites: number; incidentSites: number; incidents: number }>(
    sql`SELECT
          (SELECT count(*) FROM sites s WHERE s.archived_at IS NULL AND EXISTS (SELECT 1 FROM site_pauses sp WHERE sp.site_id = s.id AND sp.resumed_at IS NULL)) AS pausedSites,
          (SELECT count(*) FROM sites s WHERE s.archived_at IS NULL AND EXISTS (SELECT 1 FROM incidents i WHERE i.site_id = s.id AND i.status = 'open')) AS incidentSites,
          (SELECT count(*) FROM incidents i JOIN sites s ON s.id = i.site_id WHERE i.status = 'open' AND s.archived_at IS NULL) AS incidents`,
  )!;
  const paused = ctx.db.all<{ siteId: string; siteName: string; reason: string; pausedAt: string }>(
    sql`SELECT sp.site_id AS siteId, s.name AS siteName, sp.reason, sp.paused_at AS pausedAt FROM site_pauses sp JOIN sites s ON s.id = sp.site_id
        WHERE sp.resumed_at IS NULL AND s.archived_at IS NULL ORDER BY sp.paused_at DESC LIMIT 50`,
  );
  const openIncidents = ctx.db.all<{ id: string; siteId: string; siteName: string; title: string; severity: string; occurredAt: string }>(
    sql`SELECT i.id, i.site_id AS siteId, s.name AS siteName, i.title, i.severity, i.occurred_at AS occurredAt FROM incidents i JOIN sites s ON s.id = i.site_id
        WHERE i.status = 'open' AND s.archived_at IS NULL ORDER BY CASE i.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, i.occurred_at DESC LIMIT 50`,
  );
  const topReasons = [...reasonCounts.entries()]
    .sort((a, b) => b[1] - a[1] || (soleCounts.get(b[0]) ?? 0) - (soleCounts.get(a[0]) ?? 0) || a[0].localeCompare(b[0]))
    .map(([reason, n]) => ({ reason, sites: n, onlyReasonSites: soleCounts.get(reason) ?? 0, fix: fixPlace(reason) }));
  return {
    byStage,
    blocked,
    topReasons,
    ownerGaps,
    incomplete,
    pausedSites: counts.pausedSites,
    paused,
    incidentSites: counts.incidentSites,
    openIncidentCount: counts.incidents,
    openIncidents,
    blockedIds,
    reasonsBySite,
  };
}

/** `dashboard.portfolio`: the portfolio as the Dashboard shows it, without the per-site lists the Sites filters use. */
export function dashboardPortfolio(ctx: HandlerContext) {
  const { blockedIds: _ids, reasonsBySite: _reasons, ...rest } = portfolio(ctx);
  return rest;
}

/**
 * Ids of active sites whose next stage a readiness gate blocks (the Sites list's "Blocked only"); with
 * `reason`, only those blocked for that reason as the Dashboard groups it (a reason's click-through).
 */
export function blockedSiteIds(ctx: HandlerContext, reason?: string): string[] {
  const p = portfolio(ctx);
  if (reason === undefined) return p.blockedIds;
  const key = reasonKey(reason);
  return p.blockedIds.filter((id) => p.reasonsBySite.get(id)?.has(key));
}
