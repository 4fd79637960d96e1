/**
 * Reviews, planning: the cadence rules that plan a review when something happens to a site (created,
 * hosting changed, pilot started, retired or brought back, operator added once the pilot has begun),
 * and the next periodic review after one ends. Each is called inside the transaction of the change
 * that triggers it. Reading reviews is in reviews.ts; finishing and editing them in reviews-lifecycle.ts.
 */
import { sql } from 'drizzle-orm';
import {
  addLocalDays,
  describeHostingChange,
  describeRrule,
  firstWeekDue,
  localDate,
  nextPeriodicAfter,
  nextPeriodicDue,
  REVIEW_KIND_LABEL,
  type LocalDate,
  type ReviewKind,
} from '@core/domain/cadence';
import type { RolloutStage } from '@core/domain/stages';
import type { WritableDb } from '@db/client';
import { newId } from '@db/ids';
import { reviewOperators, reviews } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { recordChange, writeTransaction } from './change-log';
import { cadence, OPEN, openReview, siteSchedule, workspaceToday } from './reviews';

type Tx = WritableDb;

interface PlanInput {
  siteId: string;
  siteName: string;
  kind: ReviewKind;
  reason: string;
  dueOn: LocalDate;
  operatorId?: string;
}

/**
 * Plans a review, or joins the open review of the same kind (a second hosting change is added to its
 * reason and keeps the earlier due day; a second new operator waits for the same review).
 */
export function planReview(tx: Tx, ctx: WriteContext, at: string, p: PlanInput): string {
  const existing = openReview(ctx, p.siteId, p.kind);
  if (existing) {
    const reason = existing.reason.includes(p.reason) ? existing.reason : `${existing.reason}; then ${p.reason}`;
    const dueOn = p.dueOn < existing.due_on ? p.dueOn : existing.due_on;
    if (reason !== existing.reason || dueOn !== existing.due_on) {
      tx.update(reviews)
        .set({ reason, dueOn, updatedAt: at, version: existing.version + 1 })
        .where(sql`id = ${existing.id}`)
        .run();
    }
    if (p.operatorId)
      tx.insert(reviewOperators)
        .values({ id: newId(), createdAt: at, updatedAt: at, reviewId: existing.id, operatorId: p.operatorId })
        .onConflictDoNothing()
        .run();
    recordChange(tx, ctx, at, {
      entity: 'review',
      entityId: existing.id,
      siteId: p.siteId,
      action: 'review-extend',
      summary: `${REVIEW_KIND_LABEL[p.kind]} of “${p.siteName}” (due ${dueOn}) now also covers: ${p.reason}`,
    });
    return existing.id;
  }
  const id = newId();
  // Not stored: until someone assigns it, the review follows the owner matrix.
  tx.insert(reviews).values({ id, createdAt: at, updatedAt: at, siteId: p.siteId, kind: p.kind, reason: p.reason, dueOn: p.dueOn }).run();
  if (p.operatorId) tx.insert(reviewOperators).values({ id: newId(), createdAt: at, updatedAt: at, reviewId: id, operatorId: p.operatorId }).run();
  recordChange(tx, ctx, at, {
    entity: 'review',
    entityId: id,
    siteId: p.siteId,
    action: 'review-plan',
    summary: `${REVIEW_KIND_LABEL[p.kind]} of “${p.siteName}” planned for ${p.dueOn}: ${p.reason}`,
    after: { kind: p.kind, dueOn: p.dueOn },
  });
  return id;
}

function offset(ctx: Pick<HandlerContext, 'db'>, kind: ReviewKind): number {
  return cadence(ctx, kind).offsetDays ?? 0;
}

export function onSiteCreated(tx: Tx, ctx: WriteContext, at: string, site: { id: string; name: string }): void {
  const { today } = workspaceToday(ctx);
  planReview(tx, ctx, at, {
    siteId: site.id,
    siteName: site.name,
    kind: 'initial_setup',
    reason: 'The site was created.',
    dueOn: addLocalDays(today, offset(ctx, 'initial_setup')),
  });
}

type HostingFacts = { host: string | null; phpVersion: string | null; wordpressVersion: string | null; sophmateVersion: string | null };

export function onSiteEdited(
  tx: Tx,
  ctx: WriteContext,
  at: string,
  site: { id: string; name: string; stage: RolloutStage },
  before: HostingFacts,
  after: HostingFacts,
): void {
  if (site.stage === 'retired') return;
  const change = describeHostingChange(before, after);
  if (!change) return;
  const { today } = workspaceToday(ctx);
  planReview(tx, ctx, at, {
    siteId: site.id,
    siteName: site.name,
    kind: 'hosting_change',
    reason: change,
    dueOn: addLocalDays(today, offset(ctx, 'hosting_change')),
  });
}

export function onStageChanged(tx: Tx, ctx: WriteContext, at: string, site: { id: string; name: string }, from: RolloutStage, to: RolloutStage): void {
  if (to === 'retired') {
    const open = ctx.db.all<{ id: string; version: number }>(sql`SELECT id, version FROM reviews r WHERE site_id = ${site.id} AND ${OPEN}`);
    for (const r of open) {
      tx.update(reviews)
        .set({ skippedAt: at, skippedBy: ctx.actor, skipReason: 'The site was retired.', updatedAt: at, version: r.version + 1 })
        .where(sql`id = ${r.id}`)
        .run();
    }
    if (open.length)
      recordChange(tx, ctx, at, {
        entity: 'review',
        entityId: site.id,
        siteId: site.id,
        action: 'review-skip',
        summary: `${open.length} open review(s) of “${site.name}” skipped: the site was retired`,
      });
    return;
  }
  if (to === 'pilot' && !ctx.db.get(sql`SELECT 1 FROM reviews WHERE site_id = ${site.id} AND kind = 'first_week'`)) {
    const { now, timeZone } = workspaceToday(ctx);
    planReview(tx, ctx, at, {
      siteId: site.id,
      siteName: site.name,
      kind: 'first_week',
      reason: `The pilot started on ${localDate(now, timeZone)}.`,
      dueOn: firstWeekDue(now, timeZone, offset(ctx, 'first_week')),
    });
  }
  if (from === 'retired') ensureNextPlanned(tx, ctx, at, site);
}

export function onOperatorAdded(
  tx: Tx,
  ctx: WriteContext,
  at: string,
  site: { id: string; name: string; stage: RolloutStage },
  operator: { id: string; label: string },
): void {
  // The guidance asks for a review before adding any new SophMate users, so once the pilot has begun
  // (pilot, adoption, and a paused or retired rollout that may come back) every new operator waits for one.
  if (site.stage === 'planning' || site.stage === 'setup') return;
  const { today } = workspaceToday(ctx);
  planReview(tx, ctx, at, {
    siteId: site.id,
    siteName: site.name,
    kind: 'before_new_users',
    reason: `New operator: ${operator.label}`,
    dueOn: addLocalDays(today, offset(ctx, 'before_new_users')),
    operatorId: operator.id,
  });
}

/**
 * After a review ends, the site's cadence goes on: the next periodic review is planned unless an
 * initial-setup or periodic review is still open. Returns the id of the review planned, if any.
 */
export function ensureNextPlanned(
  tx: Tx,
  ctx: WriteContext,
  at: string,
  site: { id: string; name: string },
  finished?: { kind: ReviewKind; dueOn: LocalDate },
): string | null {
  const stage = ctx.db.get<{ stage: RolloutStage; archived_at: string | null }>(sql`SELECT stage, archived_at FROM sites WHERE id = ${site.id}`);
  if (!stage || stage.stage === 'retired' || stage.archived_at) return null;
  if (ctx.db.get(sql`SELECT 1 FROM reviews r WHERE site_id = ${site.id} AND kind IN ('initial_setup', 'periodic') AND ${OPEN}`)) return null;
  const { today } = workspaceToday(ctx);
  const schedule = siteSchedule(ctx, site.id);
  const dueOn =
    finished?.kind === 'periodic'
      ? nextPeriodicAfter(schedule.rrule, schedule.startOn, finished.dueOn, today)
      : nextPeriodicDue(schedule.rrule, schedule.startOn, today);
  return planReview(tx, ctx, at, { siteId: site.id, siteName: site.name, kind: 'periodic', reason: `Cadence ${describeRrule(schedule.rrule)}.`, dueOn });
}

/** Sites without any planned cadence review (created before reviews existed, or brought back) get one. */
export function ensureCadencePlanned(ctx: WriteContext): number {
  const unplanned = () =>
    ctx.db.all<{ id: string; name: string }>(sql`
      SELECT s.id, s.name FROM sites s WHERE s.archived_at IS NULL AND s.stage <> 'retired'
        AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.site_id = s.id AND r.kind IN ('initial_setup', 'periodic') AND ${OPEN})`);
  if (unplanned().length === 0) return 0;
  const at = ctx.clock.now().toISOString();
  // Looked at again under the write lock (taken at BEGIN): another window may have planned them meanwhile.
  return writeTransaction(ctx, (tx) => {
    const missing = unplanned();
    for (const s of missing) ensureNextPlanned(tx, ctx, at, s);
    return missing.length;
  });
}
