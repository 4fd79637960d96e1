/**
 * `findings.firstWeek`: what the first-week review screen shows for a site: its first-week review
 * (the open one, else the last finished), the imports, the five things it looks at with their events,
 * findings and what the reviewer found, findings per operator, the repeat flags and the settings.
 */
import { sql } from 'drizzle-orm';
import type { FirstWeek } from '@core/contract/findings';
import { REVIEW_AREA_KINDS, REVIEW_AREAS, type ActivityKind, type FindingCategory, type FindingStatus, type ReviewArea } from '@core/activity/vocabulary';
import type { HandlerContext } from '../rpc/context';
import { findingsByOperator, siteFindings } from './findings';
import { ruleSettings, siteFlags } from './findings-flags';
import { whoReader } from './identity';
import { requireSite } from './records';

const AREA_OF_KIND = new Map<ActivityKind, ReviewArea>(REVIEW_AREAS.flatMap((a) => REVIEW_AREA_KINDS[a].map((k) => [k, a] as const)));

/**
 * The area a finding belongs to: that of its first row's kind; a finding without rows (recorded by
 * hand) by its category: approvals, prompts, else the audit records.
 */
export function findingArea(firstKind: ActivityKind | null, category: FindingCategory): ReviewArea {
  if (firstKind) return AREA_OF_KIND.get(firstKind) ?? 'audit_records';
  if (category === 'approval_misunderstanding') return 'approvals';
  if (category === 'unsafe_prompt' || category === 'skipped_context') return 'prompts';
  return 'audit_records';
}

export interface FirstWeekReviewRow {
  id: string;
  version: number;
  due_on: string;
  done_at: string | null;
  done_by: string | null;
  skipped_at: string | null;
  notes: string | null;
}

/** The site's open first-week review, else the last one done or skipped. */
export function firstWeekReview(ctx: Pick<HandlerContext, 'db'>, siteId: string): FirstWeekReviewRow | null {
  return (
    ctx.db.get<FirstWeekReviewRow>(
      sql`SELECT id, version, due_on, done_at, done_by, skipped_at, notes FROM reviews WHERE site_id = ${siteId} AND kind = 'first_week'
          ORDER BY (done_at IS NULL AND skipped_at IS NULL) DESC, coalesce(done_at, skipped_at) DESC, id DESC LIMIT 1`,
    ) ?? null
  );
}

/** Events, findings (all and open) and what was found, per area, in REVIEW_AREAS order. */
export function areaFigures(ctx: HandlerContext, siteId: string, reviewId: string | null): FirstWeek['areas'] {
  const events = new Map(
    ctx.db
      .all<{ kind: ActivityKind; n: number }>(sql`SELECT kind, count(*) AS n FROM activity_events WHERE site_id = ${siteId} GROUP BY kind`)
      .map((r) => [r.kind, r.n]),
  );
  const found = new Map(
    reviewId
      ? ctx.db
          .all<{ area: ReviewArea; found: string }>(sql`SELECT area, found FROM review_area_notes WHERE review_id = ${reviewId}`)
          .map((r) => [r.area, r.found])
      : [],
  );
  const findingRows = ctx.db.all<{ category: FindingCategory; status: FindingStatus; firstKind: ActivityKind | null }>(
    sql`SELECT f.category, f.status, (SELECT e.kind FROM finding_events fe JOIN activity_events e ON e.id = fe.event_id
          WHERE fe.finding_id = f.id ORDER BY e.occurred_at, e.id LIMIT 1) AS firstKind
        FROM findings f WHERE f.site_id = ${siteId}`,
  );
  return REVIEW_AREAS.map((area) => {
    const mine = findingRows.filter((f) => findingArea(f.firstKind, f.category) === area);
    return {
      area,
      events: REVIEW_AREA_KINDS[area].reduce((n, k) => n + (events.get(k) ?? 0), 0),
      findings: mine.filter((f) => f.status !== 'dismissed').length,
      openFindings: mine.filter((f) => f.status === 'open').length,
      found: found.get(area) ?? null,
    };
  });
}

export function firstWeekOf(ctx: HandlerContext, siteId: string): FirstWeek {
  requireSite(ctx, siteId);
  const review = firstWeekReview(ctx, siteId);
  const counts = ctx.db.get<{ imports: number; events: number }>(
    sql`SELECT (SELECT count(*) FROM activity_imports WHERE site_id = ${siteId}) AS imports, (SELECT count(*) FROM activity_events WHERE site_id = ${siteId}) AS events`,
  )!;
  const all = siteFindings(ctx, siteId);
  const flags = siteFlags(ctx, siteId);
  const who = whoReader(ctx);
  return {
    siteId,
    reviewId: review?.id ?? null,
    reviewVersion: review?.version ?? null,
    reviewState: !review ? 'none' : review.done_at ? 'done' : review.skipped_at ? 'skipped' : 'open',
    dueOn: review?.due_on ?? null,
    doneAt: review?.done_at ?? null,
    doneBy: review?.done_by ? who(review.done_by) : null,
    notes: review?.notes ?? null,
    imports: counts.imports,
    events: counts.events,
    areas: areaFigures(ctx, siteId, review?.id ?? null),
    byOperator: findingsByOperator(all, flags),
    flags,
    openFindings: all.filter((f) => f.status === 'open').length,
    settings: ruleSettings(ctx),
  };
}
