/**
 * Readiness of many sites at once, as the Dashboard counts it: whether a gate blocks each site's next
 * stage and why (grouped by `reasonKey`), its owner gaps and whether its setup record is incomplete.
 * The facts of any number of sites are read in a handful of queries (sites, live owner assignments,
 * checklist records, first-week reviews, rollback documents, backups and rehearsals), never one round
 * of queries per site.
 * Stored readiness (readiness-store.ts) keeps these results per site; this is how they are computed.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nextStage, transitionCheck, type ItemStatus, type ReadinessFacts } from '@core/domain/readiness';
import { RESPONSIBILITIES, type Responsibility } from '@core/domain/responsibilities';
import { currencyFlips } from '@core/domain/rollback-currency';
import { missingSetupFields } from '@core/domain/setup-record';
import type { RolloutStage } from '@core/domain/stages';
import type { HandlerContext } from '../rpc/context';
import { currentChecklist } from './playbook-items';
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

/** One site's readiness as the Dashboard counts it, and the span of time over which it holds. */
export interface SiteReadiness {
  siteId: string;
  /** Not archived: only active sites count on the Dashboard, and only they are evaluated for blocking. */
  active: boolean;
  stage: RolloutStage;
  blocked: boolean;
  /** The blocking reasons as the Dashboard groups them, each once, in the order the gates give them. */
  reasonKeys: string[];
  /** Responsibilities without a live owner assignment. */
  ownerGaps: number;
  incomplete: boolean;
  /**
   * The result holds while the clock is after `validFrom` and not after `validUntil` (null: no bound):
   * the moments an owner verification, the last backup or the last passed restore rehearsal of the
   * site becomes too old (or a future-dated one starts to count): the facts that change with time.
   */
  validFrom: string | null;
  validUntil: string | null;
}

const DAY = 86_400_000;
/** The largest time a Date can hold; a verification expiring later never expires. */
const MAX_TIME = 8.64e15;
/** Above this many sites, every site's facts are read (cheaper than a long list of ids). */
const BY_ID_LIMIT = 500;

type OwnerRow = {
  site_id: string;
  responsibility: Responsibility;
  owner_name: string;
  active: number;
  archived_at: string | null;
  verified_at: string | null;
};

/** Evaluates the given sites (or every site, archived ones included), as of `ctx.clock`. */
export function evaluateSites(ctx: Pick<HandlerContext, 'db' | 'clock'>, siteIds: string[] | 'all'): Map<string, SiteReadiness> {
  const out = new Map<string, SiteReadiness>();
  if (siteIds !== 'all' && siteIds.length === 0) return out;
  const byId = siteIds !== 'all' && siteIds.length <= BY_ID_LIMIT ? siteIds : null;
  const only = (column: SQL) => (byId ? sql`AND ${column} IN (SELECT value FROM json_each(${JSON.stringify(byId)}))` : sql``);
  const wanted = siteIds === 'all' ? null : new Set(siteIds);

  const sites = ctx.db.all<{
    id: string;
    stage: RolloutStage;
    archived_at: string | null;
    production_url: string;
    staging_url: string | null;
    sophmate_version: string | null;
    wordpress_version: string | null;
    php_version: string | null;
    active_theme: string | null;
  }>(
    sql`SELECT id, stage, archived_at, production_url, staging_url, sophmate_version, wordpress_version, php_version, active_theme
        FROM sites WHERE 1 = 1 ${only(sql`id`)}`,
  );
  const owners = ctx.db.all<OwnerRow>(
    sql`SELECT oa.site_id, oa.responsibility, p.name AS owner_name, p.active, p.archived_at, oa.verified_at
        FROM owner_assignments oa JOIN people p ON p.id = oa.owner_id
        WHERE oa.archived_at IS NULL ${only(sql`oa.site_id`)}`,
  );
  const manual = ctx.db.all<{ site_id: string; item_id: string; status: ItemStatus; evidence: string | null; reason: string | null }>(
    sql`SELECT site_id, item_id, status, evidence, reason FROM site_checklist_items WHERE kind = 'checklist' ${only(sql`site_id`)}`,
  );
  const firstWeekBySite = firstWeekFacts(ctx, byId ?? 'all');
  const rollbackDocs = rollbackDocFacts(ctx, byId ?? 'all');
  const ownersBySite = new Map<string, OwnerRow[]>();
  for (const o of owners) {
    const list = ownersBySite.get(o.site_id);
    if (list) list.push(o);
    else ownersBySite.set(o.site_id, [o]);
  }
  const manualBySite = new Map<string, ReadinessFacts['manual']>();
  for (const m of manual) {
    const cur = manualBySite.get(m.site_id) ?? {};
    cur[m.item_id] = { status: m.status, evidence: m.evidence, reason: m.reason };
    manualBySite.set(m.site_id, cur);
  }
  const sopsComplete = allSopsPublished(ctx);
  const nowMs = ctx.clock.now().getTime();
  const now = new Date(nowMs).toISOString();
  const maxAge = getSettings({ db: ctx.db }).verificationMaxAgeDays;
  const checklist = currentChecklist(ctx);

  for (const s of sites) {
    if (wanted && !wanted.has(s.id)) continue;
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
    const result: SiteReadiness = {
      siteId: s.id,
      active: s.archived_at === null,
      stage: s.stage,
      blocked: false,
      reasonKeys: [],
      ownerGaps: RESPONSIBILITIES.length - list.length,
      incomplete: missingSetup.length > 0,
      validFrom: null,
      validUntil: null,
    };
    out.set(s.id, result);
    const next = nextStage(s.stage);
    if (!result.active || !next) continue;
    const rollbackDoc = rollbackDocs.get(s.id);
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
        rollbackDoc,
      },
      checklist,
    );
    Object.assign(result, validity(Object.values(ownerFacts), maxAge, currencyFlips(rollbackDoc), nowMs));
    if (check.ok) continue;
    result.blocked = true;
    result.reasonKeys = [...new Set(check.reasons.map(reasonKey))];
  }
  return out;
}

/**
 * When the gates' answer for this site next changes by time alone, and when it last did: an owner
 * verification counts until it is more than `maxAge` days old (ownerProblem in core/domain/readiness.ts),
 * a backup and a passed restore rehearsal from their day until they are too old (`currencyFlips`,
 * each the first instant of a new answer).
 */
function validity(owners: ReadinessFacts['owners'][Responsibility][], maxAge: number, currency: number[], nowMs: number) {
  // The first instant of each new answer; the row holds while the clock is after `from` and not after `until`.
  const starts: number[] = [...currency];
  for (const o of owners) {
    if (!o.ownerActive || !o.verifiedAt) continue;
    // Still counts at exactly maxAge days, no longer a millisecond later.
    starts.push(Date.parse(o.verifiedAt) + maxAge * DAY + 1);
  }
  let from: number | null = null;
  let until: number | null = null;
  for (const start of starts) {
    const last = start - 1;
    if (!Number.isFinite(last) || Math.abs(last) > MAX_TIME) continue;
    if (start > nowMs) until = until === null ? last : Math.min(until, last);
    else from = from === null ? last : Math.max(from, last);
  }
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return { validFrom: iso(from), validUntil: iso(until) };
}
