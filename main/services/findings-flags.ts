/**
 * `findings.flags`: repeat flags (the same operator and category often enough within the playbook's
 * window, core/activity/repeats.ts) over findings not dismissed, per site or across the portfolio,
 * each naming the site's incident-escalation owner. Only operators still on an active site count.
 * Findings are few and indexed by site and operator, so this reads them all in one query.
 */
import { sql } from 'drizzle-orm';
import type { FindingRuleSettings, RepeatFlag } from '@core/contract/findings';
import { repeatFlags } from '@core/activity/repeats';
import type { FindingCategory, FindingStatus } from '@core/activity/vocabulary';
import type { Responsibility } from '@core/domain/responsibilities';
import type { OperatorRole } from '@core/playbook/schema';
import { inList } from '@db/queries/sql';
import type { HandlerContext } from '../rpc/context';
import { findingRuleSettings } from './findings-settings';
import { requireSite } from './records';

/** The responsibility whose owner a repeat flag goes to. */
export const FLAG_RESPONSIBILITY: Responsibility = 'incident_escalation';

/** The workspace's finding-rule settings (the playbook's, findings-settings.ts). */
export function ruleSettings(ctx: Pick<HandlerContext, 'db'>): FindingRuleSettings {
  return findingRuleSettings(ctx);
}

interface Counted {
  siteId: string;
  siteName: string;
  operatorId: string;
  operatorName: string;
  role: OperatorRole;
  category: FindingCategory;
  occurredAt: string;
  status: FindingStatus;
  /** The finding's activity rows, joined by U+001F (null for a finding recorded by hand). */
  eventIds: string | null;
}

function flagsOf(ctx: Pick<HandlerContext, 'db'>, rows: Counted[]): RepeatFlag[] {
  const settings = ruleSettings(ctx);
  const bySite = new Map<string, Counted[]>();
  for (const r of rows) bySite.set(r.siteId, [...(bySite.get(r.siteId) ?? []), r]);
  const siteIds = [...bySite.keys()];
  const owners = new Map(
    siteIds.length
      ? ctx.db
          .all<{ siteId: string; name: string; email: string | null }>(
            sql`SELECT a.site_id AS siteId, p.name, p.email FROM owner_assignments a JOIN people p ON p.id = a.owner_id
                WHERE a.site_id IN ${inList(siteIds)} AND a.responsibility = ${FLAG_RESPONSIBILITY} AND a.archived_at IS NULL`,
          )
          .map((o) => [o.siteId, o])
      : [],
  );
  const out: RepeatFlag[] = [];
  for (const [siteId, list] of bySite) {
    const ops = new Map(list.map((r) => [r.operatorId, r]));
    const owner = owners.get(siteId);
    const counted = list.map((r) => ({ ...r, eventIds: r.eventIds ? r.eventIds.split('\u001f') : [] }));
    for (const f of repeatFlags(counted, settings)) {
      const op = ops.get(f.operatorId)!;
      out.push({
        siteId,
        siteName: op.siteName,
        operatorId: f.operatorId,
        operatorName: op.operatorName,
        role: op.role,
        category: f.category,
        count: f.count,
        threshold: settings.repeatThreshold,
        windowDays: settings.repeatWindowDays,
        lastAt: f.lastAt,
        escalationOwner: { responsibility: FLAG_RESPONSIBILITY, name: owner?.name ?? null, email: owner?.email ?? null },
      });
    }
  }
  // The most repeated first, then the latest.
  return out.sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt) || a.siteName.localeCompare(b.siteName));
}

// Findings are few: each query starts from them (CROSS JOIN keeps SQLite from starting at the operators or sites).
// Only operators still on the site count, as in the import's matching: operator, person and site not archived.
const COUNTED = sql`SELECT f.site_id AS siteId, s.name AS siteName, f.operator_id AS operatorId, p.name AS operatorName, o.role,
    f.category, f.occurred_at AS occurredAt, f.status,
    (SELECT group_concat(fe.event_id, char(31)) FROM finding_events fe WHERE fe.finding_id = f.id) AS eventIds
  FROM findings f
  CROSS JOIN operators o ON o.id = f.operator_id AND o.site_id = f.site_id AND o.archived_at IS NULL
  CROSS JOIN people p ON p.id = o.person_id AND p.archived_at IS NULL
  CROSS JOIN sites s ON s.id = f.site_id AND s.archived_at IS NULL`;

/** One site's repeat flags. */
export function siteFlags(ctx: Pick<HandlerContext, 'db'>, siteId: string): RepeatFlag[] {
  return flagsOf(ctx, ctx.db.all<Counted>(sql`${COUNTED} WHERE f.site_id = ${siteId} AND f.status <> 'dismissed'`));
}

/** Every active site's repeat flags, most repeated first. */
export function portfolioFlags(ctx: Pick<HandlerContext, 'db'>): RepeatFlag[] {
  return flagsOf(ctx, ctx.db.all<Counted>(sql`${COUNTED} WHERE f.status <> 'dismissed'`));
}

/** `findings.flags`: one site's flags, or the whole portfolio's. */
export function listFlags(ctx: HandlerContext, input: { siteId?: string | undefined }): RepeatFlag[] {
  if (!input.siteId) return portfolioFlags(ctx);
  requireSite(ctx, input.siteId);
  return siteFlags(ctx, input.siteId);
}
