/**
 * Reviews: planned by cadence rules (site created, pilot started, hosting changed, operator added in
 * pilot or adoption, periodic RRULE), then done with notes or skipped with a reason; finishing one plans the
 * next. Due days are calendar days in the workspace time zone (core/domain/cadence.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ParsedInputOf } from '../../core/contract/index';
import type { Review } from '../../core/contract/reviews';
import { OVERRIDE_REASON_MIN_LENGTH, visibleLength } from '../../core/contract/fields';
import {
  addLocalDays,
  daysBetween,
  describeHostingChange,
  describeRrule,
  earliestSnooze,
  effectiveDue,
  firstWeekDue,
  localDate,
  nextPeriodicAfter,
  nextPeriodicDue,
  REVIEW_KIND_LABEL,
  REVIEW_OWNER_RESPONSIBILITIES,
  reviewState,
  upcomingOccurrences,
  type LocalDate,
  type ReviewKind,
} from '../../core/domain/cadence';
import type { FirstWeekFact } from '../../core/domain/readiness';
import type { RolloutStage } from '../../core/domain/stages';
import { ErrorCode, WorkbenchError } from '../../core/errors';
import type { WritableDb } from '../../db/client';
import { newId } from '../../db/ids';
import { gateOverrides, reviewOperators, reviews, reviewSchedules } from '../../db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange, writeTransaction, type ChangeRecord } from './change-log';
import { likePattern, notFound, refused, refusedOn, searchMatch, staleVersion } from './errors';
import { currentCadences } from './playbook-items';
import { getSettings } from './settings';

type Tx = WritableDb;

const OPEN = sql`r.done_at IS NULL AND r.skipped_at IS NULL`;
const EFFECTIVE = sql`max(r.due_on, coalesce(r.snoozed_until, r.due_on))`;

/** The workspace playbook's current default cadence for a kind of review (edited and imported like SOPs). */
function cadence(ctx: Pick<HandlerContext, 'db'>, kind: ReviewKind) {
  return currentCadences(ctx).find((c) => c.kind === kind)!;
}

export function defaultRrule(ctx: Pick<HandlerContext, 'db'>): string {
  return cadence(ctx, 'periodic').rrule ?? 'FREQ=MONTHLY;INTERVAL=3';
}

/** Today's date in the workspace time zone (the zone reviews are due in), that zone, and the clock's instant. Not the `.ics` calendar of `reviews.calendar`. */
export function workspaceToday(ctx: Pick<HandlerContext, 'db' | 'clock'>): { today: LocalDate; timeZone: string; now: Date } {
  const timeZone = getSettings(ctx).timeZone;
  const now = ctx.clock.now();
  return { today: localDate(now, timeZone), timeZone, now };
}

// ---------------------------------------------------------------------------------------------
// Reading

interface ReviewRow {
  id: string;
  site_id: string;
  site_name: string;
  client_name: string;
  kind: ReviewKind;
  reason: string;
  due_on: string;
  owner_id: string | null;
  owner_explicit: number;
  owner_name: string | null;
  owner_email: string | null;
  snoozed_until: string | null;
  done_at: string | null;
  done_by: string | null;
  notes: string | null;
  findings: string | null;
  skipped_at: string | null;
  skipped_by: string | null;
  skip_reason: string | null;
  version: number;
}

/**
 * A review without an explicit owner follows the site's owner matrix (REVIEW_OWNER_RESPONSIBILITIES):
 * reassigning a responsibility moves its open reviews with it. `r.eff_owner` is that effective owner.
 */
const OWNER_RANK = `CASE rv.kind ${Object.entries(REVIEW_OWNER_RESPONSIBILITIES)
  .map(([kind, rs]) => `WHEN '${kind}' THEN CASE oa.responsibility ${rs.map((r, i) => `WHEN '${r}' THEN ${i}`).join(' ')} END`)
  .join(' ')} END`;
const MATRIX_OWNER = sql.raw(`(SELECT oa.owner_id FROM owner_assignments oa JOIN people mp ON mp.id = oa.owner_id
  WHERE oa.site_id = rv.site_id AND oa.archived_at IS NULL AND mp.active = 1 AND mp.archived_at IS NULL AND ${OWNER_RANK} IS NOT NULL
  ORDER BY ${OWNER_RANK} LIMIT 1)`);

const REVIEWS = sql`(SELECT rv.*, coalesce(rv.owner_id, ${MATRIX_OWNER}) AS eff_owner FROM reviews rv)`;

const FROM = sql`FROM ${REVIEWS} r JOIN sites s ON s.id = r.site_id JOIN clients c ON c.id = s.client_id LEFT JOIN people p ON p.id = r.eff_owner`;

const SELECT = sql`SELECT r.id, r.site_id, s.name AS site_name, c.name AS client_name, r.kind, r.reason, r.due_on, r.eff_owner AS owner_id,
  r.owner_id IS NOT NULL AS owner_explicit, p.name AS owner_name, p.email AS owner_email, r.snoozed_until, r.done_at, r.done_by, r.notes, r.findings,
  r.skipped_at, r.skipped_by, r.skip_reason, r.version
  ${FROM}`;

function toReviews(ctx: HandlerContext, rows: ReviewRow[], today: LocalDate, timeZone: string, now: Date): Review[] {
  const waiting = new Map<string, { id: string; name: string }[]>();
  const ids = rows.filter((r) => r.kind === 'before_new_users').map((r) => r.id);
  if (ids.length) {
    const links = ctx.db.all<{ review_id: string; id: string; name: string }>(
      sql`SELECT ro.review_id, o.id, p.name FROM review_operators ro JOIN operators o ON o.id = ro.operator_id JOIN people p ON p.id = o.person_id
          WHERE ro.review_id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) AND o.archived_at IS NULL ORDER BY p.name COLLATE NOCASE`,
    );
    for (const l of links) waiting.set(l.review_id, [...(waiting.get(l.review_id) ?? []), { id: l.id, name: l.name }]);
  }
  return rows.map((r) => {
    const timing = { dueOn: r.due_on, snoozedUntil: r.snoozed_until, doneAt: r.done_at, skippedAt: r.skipped_at };
    return {
      id: r.id,
      siteId: r.site_id,
      siteName: r.site_name,
      clientName: r.client_name,
      kind: r.kind,
      reason: r.reason,
      dueOn: r.due_on,
      state: reviewState(timing, now, timeZone),
      daysLate: daysBetween(effectiveDue(timing), today),
      ownerId: r.owner_id,
      ownerFollowsMatrix: r.owner_explicit !== 1,
      ownerName: r.owner_name,
      ownerEmail: r.owner_email,
      snoozedUntil: r.snoozed_until,
      doneAt: r.done_at,
      doneBy: r.done_by,
      notes: r.notes,
      findings: r.findings,
      skippedAt: r.skipped_at,
      skippedBy: r.skipped_by,
      skipReason: r.skip_reason,
      waitingOperators: waiting.get(r.id) ?? [],
      version: r.version,
    };
  });
}

export function getReview(ctx: HandlerContext, id: string): Review {
  const row = ctx.db.get<ReviewRow>(sql`${SELECT} WHERE r.id = ${id}`);
  if (!row) throw notFound('Review', id);
  const { today, timeZone, now } = workspaceToday(ctx);
  return toReviews(ctx, [row], today, timeZone, now)[0]!;
}

function stateCondition(state: Review['state'], today: LocalDate, upcomingUntil: LocalDate | null, finishedSince: LocalDate | null): SQL {
  // Due or finished on that day or later (a review finished long after its due day is kept by its finish).
  const since = finishedSince ? sql` AND (${EFFECTIVE} >= ${finishedSince} OR coalesce(r.done_at, r.skipped_at) >= ${finishedSince})` : sql``;
  switch (state) {
    case 'overdue':
      return sql`(${OPEN} AND ${EFFECTIVE} < ${today})`;
    case 'due':
      return sql`(${OPEN} AND ${EFFECTIVE} = ${today})`;
    case 'upcoming':
      return upcomingUntil ? sql`(${OPEN} AND ${EFFECTIVE} > ${today} AND ${EFFECTIVE} <= ${upcomingUntil})` : sql`(${OPEN} AND ${EFFECTIVE} > ${today})`;
    case 'done':
      return sql`(r.done_at IS NOT NULL${since})`;
    case 'skipped':
      return sql`(r.skipped_at IS NOT NULL${since})`;
  }
}

export interface ReviewQuery {
  siteId?: string | undefined;
  states: Review['state'][];
  ownerId?: string | undefined;
  unassigned?: boolean | undefined;
  kinds?: ReviewKind[] | undefined;
  withinDays?: number | undefined;
  search?: string | undefined;
  /** Done and skipped reviews only when due (effective day) or finished from this day on (the calendar's window). */
  finishedSince?: LocalDate | undefined;
}

function whereFor(q: ReviewQuery, today: LocalDate): SQL {
  const upcomingUntil = q.withinDays === undefined ? null : addLocalDays(today, q.withinDays);
  const parts: SQL[] = [sql`s.archived_at IS NULL`];
  // Reviews of a site are shown on the site whatever its stage; portfolio lists leave retired sites out.
  if (q.siteId) parts.push(sql`r.site_id = ${q.siteId}`);
  else parts.push(sql`s.stage <> 'retired'`);
  const states = q.states.length ? q.states : (['overdue', 'due', 'upcoming', 'done', 'skipped'] as const);
  parts.push(sql`(${sql.join(states.map((s) => stateCondition(s, today, upcomingUntil, q.finishedSince ?? null)), sql` OR `)})`);
  if (q.unassigned) parts.push(sql`r.eff_owner IS NULL`);
  else if (q.ownerId) parts.push(sql`r.eff_owner = ${q.ownerId}`);
  if (q.kinds?.length) parts.push(sql`r.kind IN (${sql.join(q.kinds.map((k) => sql`${k}`), sql`, `)})`);
  if (q.search) {
    const like = likePattern(q.search);
    parts.push(sql`(${searchMatch(sql`s.name`, like)} OR ${searchMatch(sql`c.name`, like)} OR ${searchMatch(sql`r.reason`, like)} OR ${searchMatch(sql`p.name`, like)})`);
  }
  return sql.join(parts, sql` AND `);
}

/** Open reviews first by the day they are due, then finished ones newest first. */
const ORDER_BY_DATE = sql`ORDER BY (${OPEN}) DESC, CASE WHEN ${OPEN} THEN ${EFFECTIVE} END ASC, coalesce(r.done_at, r.skipped_at) DESC, s.name COLLATE NOCASE, r.id`;
const ORDER_BY_OWNER = sql`ORDER BY (r.eff_owner IS NOT NULL), p.name COLLATE NOCASE, r.eff_owner, (${OPEN}) DESC, CASE WHEN ${OPEN} THEN ${EFFECTIVE} END ASC, coalesce(r.done_at, r.skipped_at) DESC, s.name COLLATE NOCASE, r.id`;

export function queryReviews(ctx: HandlerContext, q: ReviewQuery, page?: { limit: number; offset: number; groupBy: 'date' | 'owner' }) {
  const { today, timeZone, now } = workspaceToday(ctx);
  const where = whereFor(q, today);
  const order = page?.groupBy === 'owner' ? ORDER_BY_OWNER : ORDER_BY_DATE;
  const limit = page ? sql`LIMIT ${page.limit} OFFSET ${page.offset}` : sql``;
  const rows = ctx.db.all<ReviewRow>(sql`${SELECT} WHERE ${where} ${order} ${limit}`);
  const total = page
    ? ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n ${FROM} WHERE ${where}`)!.n
    : rows.length;
  return { today, timeZone, rows: toReviews(ctx, rows, today, timeZone, now), total };
}

/** Overdue, due today and upcoming-within-7-days counts of open reviews (optionally one owner's). */
export function reviewCounts(ctx: HandlerContext, ownerId?: string) {
  const { today } = workspaceToday(ctx);
  const week = addLocalDays(today, 7);
  const source = ownerId ? sql`${REVIEWS} r` : sql`reviews r`;
  const owner = ownerId ? sql`AND r.eff_owner = ${ownerId}` : sql``;
  const c = ctx.db.get<{ overdue: number | null; due: number | null; upcoming: number | null }>(sql`
    SELECT sum(e < ${today}) AS overdue, sum(e = ${today}) AS due, sum(e > ${today} AND e <= ${week}) AS upcoming
    FROM (SELECT ${EFFECTIVE} AS e FROM ${source} JOIN sites s ON s.id = r.site_id
          WHERE ${OPEN} AND s.archived_at IS NULL AND s.stage <> 'retired' ${owner})`)!;
  return { today, overdue: c.overdue ?? 0, due: c.due ?? 0, upcoming: c.upcoming ?? 0 };
}

export function listReviews(ctx: HandlerContext, input: ParsedInputOf<'reviews.list'>) {
  const result = queryReviews(ctx, input, { limit: input.limit, offset: input.offset, groupBy: input.groupBy });
  const counts = reviewCounts(ctx, input.unassigned ? undefined : input.ownerId);
  return { ...result, counts: { overdue: counts.overdue, due: counts.due, upcoming: counts.upcoming } };
}

function siteSchedule(ctx: HandlerContext, siteId: string): { rrule: string; startOn: LocalDate; isDefault: boolean } {
  const own = ctx.db.get<{ rrule: string; start_on: string }>(sql`SELECT rrule, start_on FROM review_schedules WHERE site_id = ${siteId} AND archived_at IS NULL`);
  if (own) return { rrule: own.rrule, startOn: own.start_on, isDefault: false };
  const site = ctx.db.get<{ created_at: string }>(sql`SELECT created_at FROM sites WHERE id = ${siteId}`);
  if (!site) throw notFound('Site', siteId);
  return { rrule: defaultRrule(ctx), startOn: localDate(new Date(site.created_at), getSettings(ctx).timeZone), isDefault: true };
}

export function scheduleOf(ctx: HandlerContext, siteId: string) {
  const s = siteSchedule(ctx, siteId);
  const { today } = workspaceToday(ctx);
  return { siteId, rrule: s.rrule, isDefault: s.isDefault, defaultRrule: defaultRrule(ctx), startOn: s.startOn, next: upcomingOccurrences(s.rrule, s.startOn, today, 4) };
}

export function reviewsForSite(ctx: HandlerContext, siteId: string) {
  if (!ctx.db.get(sql`SELECT 1 FROM sites WHERE id = ${siteId}`)) throw notFound('Site', siteId);
  const { rows } = queryReviews(ctx, { siteId, states: [] });
  return { reviews: rows, schedule: scheduleOf(ctx, siteId) };
}

/** Open reviews an operator's SophMate access waits for (before-new-users reviews of their site). */
export function reviewsBlockingOperator(ctx: Pick<HandlerContext, 'db'>, operatorId: string): { dueOn: string }[] {
  return ctx.db.all<{ dueOn: string }>(
    sql`SELECT r.due_on AS dueOn FROM review_operators ro JOIN reviews r ON r.id = ro.review_id WHERE ro.operator_id = ${operatorId} AND ${OPEN}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Planning (called inside the transaction of the change that triggers it)

function openReview(ctx: Pick<HandlerContext, 'db'>, siteId: string, kind: ReviewKind) {
  return ctx.db.get<{ id: string; reason: string; due_on: string; version: number }>(
    sql`SELECT id, reason, due_on, version FROM reviews r WHERE site_id = ${siteId} AND kind = ${kind} AND ${OPEN}`,
  );
}

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
      tx.update(reviews).set({ reason, dueOn, updatedAt: at, version: existing.version + 1 }).where(sql`id = ${existing.id}`).run();
    }
    if (p.operatorId) tx.insert(reviewOperators).values({ id: newId(), createdAt: at, updatedAt: at, reviewId: existing.id, operatorId: p.operatorId }).onConflictDoNothing().run();
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
  planReview(tx, ctx, at, { siteId: site.id, siteName: site.name, kind: 'initial_setup', reason: 'The site was created.', dueOn: addLocalDays(today, offset(ctx, 'initial_setup')) });
}

type HostingFacts = { host: string | null; phpVersion: string | null; wordpressVersion: string | null; sophmateVersion: string | null };

export function onSiteEdited(tx: Tx, ctx: WriteContext, at: string, site: { id: string; name: string; stage: RolloutStage }, before: HostingFacts, after: HostingFacts): void {
  if (site.stage === 'retired') return;
  const change = describeHostingChange(before, after);
  if (!change) return;
  const { today } = workspaceToday(ctx);
  planReview(tx, ctx, at, { siteId: site.id, siteName: site.name, kind: 'hosting_change', reason: change, dueOn: addLocalDays(today, offset(ctx, 'hosting_change')) });
}

export function onStageChanged(tx: Tx, ctx: WriteContext, at: string, site: { id: string; name: string }, from: RolloutStage, to: RolloutStage): void {
  if (to === 'retired') {
    const open = ctx.db.all<{ id: string; version: number }>(sql`SELECT id, version FROM reviews r WHERE site_id = ${site.id} AND ${OPEN}`);
    for (const r of open) {
      tx.update(reviews).set({ skippedAt: at, skippedBy: ctx.actor, skipReason: 'The site was retired.', updatedAt: at, version: r.version + 1 }).where(sql`id = ${r.id}`).run();
    }
    if (open.length) recordChange(tx, ctx, at, { entity: 'review', entityId: site.id, siteId: site.id, action: 'review-skip', summary: `${open.length} open review(s) of “${site.name}” skipped: the site was retired` });
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

export function onOperatorAdded(tx: Tx, ctx: WriteContext, at: string, site: { id: string; name: string; stage: RolloutStage }, operator: { id: string; label: string }): void {
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
function ensureNextPlanned(tx: Tx, ctx: WriteContext, at: string, site: { id: string; name: string }, finished?: { kind: ReviewKind; dueOn: LocalDate }): string | null {
  const stage = ctx.db.get<{ stage: RolloutStage; archived_at: string | null }>(sql`SELECT stage, archived_at FROM sites WHERE id = ${site.id}`);
  if (!stage || stage.stage === 'retired' || stage.archived_at) return null;
  if (ctx.db.get(sql`SELECT 1 FROM reviews r WHERE site_id = ${site.id} AND kind IN ('initial_setup', 'periodic') AND ${OPEN}`)) return null;
  const { today } = workspaceToday(ctx);
  const schedule = siteSchedule(ctx, site.id);
  const dueOn = finished?.kind === 'periodic' ? nextPeriodicAfter(schedule.rrule, schedule.startOn, finished.dueOn, today) : nextPeriodicDue(schedule.rrule, schedule.startOn, today);
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


// ---------------------------------------------------------------------------------------------
// Lifecycle

function openForChange(ctx: HandlerContext, id: string, version: number): Review {
  const r = getReview(ctx, id);
  if (r.version !== version) throw staleVersion('Review of', r.siteName);
  if (r.state === 'done' || r.state === 'skipped') throw refused(`This ${REVIEW_KIND_LABEL[r.kind].toLowerCase()} of “${r.siteName}” is already ${r.state}.`);
  return r;
}

/** The gate name under which an early first-week review is listed with the other overrides. */
export const EARLY_FIRST_WEEK_GATE = 'First-week review';

function finish(ctx: WriteContext, input: { id: string; version: number }, how: 'done' | 'skipped', fields: { notes?: string; findings?: string | null; reason?: string; overrideReason?: string | null }) {
  let nextId: string | null = null;
  mutate(ctx, 'review', (tx, at) => {
    const r = openForChange(ctx, input.id, input.version);
    // Operators' access waits for a before-new-users review: skipping it lets them in unreviewed, so it is an override.
    if (how === 'skipped' && r.kind === 'before_new_users' && r.waitingOperators.length > 0) {
      if (visibleLength(fields.reason ?? '') < OVERRIDE_REASON_MIN_LENGTH) {
        throw refusedOn('reason', `Skipping this review lets ${r.waitingOperators.map((o) => o.name).join(', ')} in without it: say why in at least ${OVERRIDE_REASON_MIN_LENGTH} characters.`);
      }
      tx.insert(gateOverrides)
        .values({
          id: newId(), createdAt: at, updatedAt: at, siteId: r.siteId, gate: SKIPPED_BEFORE_NEW_USERS_GATE,
          action: `Before-new-users review skipped; waiting: ${r.waitingOperators.map((o) => o.name).join(', ')}`,
          reasons: `Their access waited for the review (due ${r.dueOn}).`, overrideReason: fields.reason!, actor: ctx.actor, at,
        })
        .run();
    }
    // The first week cannot be reviewed before it has happened: finishing early unlocks adoption, so it takes a recorded override.
    if (how === 'done' && r.kind === 'first_week') {
      const { today, now } = workspaceToday(ctx);
      // The due day is a calendar day in the workspace time zone; the elapsed time since the pilot
      // began is checked too, so moving the time zone cannot end the week early.
      const plannedAt = ctx.db.get<{ created_at: string }>(sql`SELECT created_at FROM reviews WHERE id = ${r.id}`)!.created_at;
      const weekBegun = Date.parse(plannedAt);
      if (today < r.dueOn || now.getTime() < weekBegun + (daysBetween(plannedAt.slice(0, 10), r.dueOn) - 1) * 86_400_000) {
        if (!fields.overrideReason) {
          throw new WorkbenchError(ErrorCode.REFUSED, `The first week of “${r.siteName}” is not over until ${r.dueOn}: review it then, or give an override reason.`, {
            issues: [{ path: 'overrideReason', message: `The week ends on ${r.dueOn}: say why the review cannot wait, or finish it then.` }],
          });
        }
        tx.insert(gateOverrides)
          .values({
            id: newId(), createdAt: at, updatedAt: at, siteId: r.siteId, gate: EARLY_FIRST_WEEK_GATE,
            action: `First-week review finished on ${today}, before its week was over (${r.dueOn})`,
            reasons: `The first week of the pilot ends on ${r.dueOn}.`, overrideReason: fields.overrideReason, actor: ctx.actor, at,
          })
          .run();
      }
    }
    // A finished review keeps the owner it had, whatever the owner matrix says later.
    const set =
      how === 'done'
        ? { doneAt: at, doneBy: ctx.actor, notes: fields.notes!, findings: fields.findings ?? null, ownerId: r.ownerId }
        : { skippedAt: at, skippedBy: ctx.actor, skipReason: fields.reason!, ownerId: r.ownerId };
    tx.update(reviews).set({ ...set, updatedAt: at, version: r.version + 1 }).where(sql`id = ${r.id}`).run();
    const label = REVIEW_KIND_LABEL[r.kind];
    recordChange(tx, ctx, at, {
      entity: 'review',
      entityId: r.id,
      siteId: r.siteId,
      action: how === 'done' ? 'review-done' : 'review-skip',
      summary:
        how === 'done'
          ? `${label} of “${r.siteName}” (due ${r.dueOn}) done${fields.findings ? ` with findings: ${fields.findings}` : ''}`
          : `${label} of “${r.siteName}” (due ${r.dueOn}) skipped: ${fields.reason}`,
      after: set,
    });
    nextId = ensureNextPlanned(tx, ctx, at, { id: r.siteId, name: r.siteName }, { kind: r.kind, dueOn: r.dueOn });
    return { id: r.id };
  });
  return { review: getReview(ctx, input.id), next: nextId ? getReview(ctx, nextId) : null };
}

export function completeReview(ctx: WriteContext, input: ParsedInputOf<'reviews.complete'>) {
  return finish(ctx, input, 'done', { notes: input.notes, findings: input.findings, overrideReason: input.overrideReason });
}

export function skipReview(ctx: WriteContext, input: ParsedInputOf<'reviews.skip'>) {
  return finish(ctx, input, 'skipped', { reason: input.reason });
}

/** The gate under which skipping a review that operators wait for is listed with the other overrides. */
export const SKIPPED_BEFORE_NEW_USERS_GATE = 'Before-new-users review';

function invalid(path: string, message: string): WorkbenchError {
  return new WorkbenchError(ErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });
}

/**
 * Records an edit of a review or its cadence, with what it was and what it becomes. An edit whose
 * before and after are the same changed nothing: it is refused (and its transaction rolled back), so
 * history and the answer never report as done what did not happen.
 */
function recordEdit(tx: Tx, ctx: WriteContext, at: string, change: ChangeRecord & { before: unknown; after: unknown }, nothingChanged: () => WorkbenchError, write: () => void): void {
  // Refused before anything is written, so a refusal never touches the workspace.
  if (JSON.stringify(change.before) === JSON.stringify(change.after)) throw nothingChanged();
  write();
  recordChange(tx, ctx, at, change);
}

export function snoozeReview(ctx: WriteContext, input: ParsedInputOf<'reviews.snooze'>): Review {
  mutate(ctx, 'review', (tx, at) => {
    const r = openForChange(ctx, input.id, input.version);
    const { today } = workspaceToday(ctx);
    const due = effectiveDue(r);
    const earliest = earliestSnooze(r, today);
    if (input.until <= today) throw invalid('until', `Snooze until a day after today (${today}).`);
    // Snoozing moves a review later: a day on or before the one it is already due on would change nothing.
    if (input.until < earliest) {
      throw invalid('until', `This review is already due on ${due}, so snoozing it until ${input.until} would change nothing: choose ${earliest} or later.`);
    }
    if (input.until > addLocalDays(today, 365)) throw invalid('until', 'Snooze for at most a year; plan the cadence on the site instead.');
    recordEdit(
      tx,
      ctx,
      at,
      {
        entity: 'review',
        entityId: r.id,
        siteId: r.siteId,
        action: 'review-snooze',
        summary: `${REVIEW_KIND_LABEL[r.kind]} of “${r.siteName}” (due ${due}) snoozed until ${input.until}`,
        before: { dueOn: due },
        after: { dueOn: effectiveDue({ dueOn: r.dueOn, snoozedUntil: input.until }) },
      },
      () => invalid('until', `This review is already due on ${due}: choose ${earliest} or later.`),
      () => tx.update(reviews).set({ snoozedUntil: input.until, updatedAt: at, version: r.version + 1 }).where(sql`id = ${r.id}`).run(),
    );
    return { id: r.id };
  });
  return getReview(ctx, input.id);
}

export function assignReview(ctx: WriteContext, input: ParsedInputOf<'reviews.assign'>): Review {
  mutate(ctx, 'review', (tx, at) => {
    const r = openForChange(ctx, input.id, input.version);
    let name = 'the owner matrix';
    if (input.ownerId) {
      const p = ctx.db.get<{ name: string; active: number; archived_at: string | null }>(sql`SELECT name, active, archived_at FROM people WHERE id = ${input.ownerId}`);
      if (!p) throw notFound('Person', input.ownerId);
      if (p.archived_at || p.active !== 1) throw invalid('ownerId', `${p.name} is not an active person: choose someone else.`);
      name = p.name;
    }
    recordEdit(
      tx,
      ctx,
      at,
      {
        entity: 'review',
        entityId: r.id,
        siteId: r.siteId,
        action: 'review-assign',
        summary: input.ownerId
          ? `${REVIEW_KIND_LABEL[r.kind]} of “${r.siteName}” assigned to ${name} (was ${r.ownerName ?? 'nobody'})`
          : `${REVIEW_KIND_LABEL[r.kind]} of “${r.siteName}” follows the owner matrix again (was ${r.ownerName ?? 'nobody'})`,
        before: { ownerId: r.ownerFollowsMatrix ? null : r.ownerId },
        after: { ownerId: input.ownerId },
      },
      () => invalid('ownerId', input.ownerId ? `The review is already assigned to ${name}: choose someone else.` : 'The review already follows the owner matrix.'),
      () => tx.update(reviews).set({ ownerId: input.ownerId, updatedAt: at, version: r.version + 1 }).where(sql`id = ${r.id}`).run(),
    );
    return { id: r.id };
  });
  return getReview(ctx, input.id);
}

export function setSchedule(ctx: WriteContext, input: ParsedInputOf<'reviews.setSchedule'>) {
  mutate(ctx, 'review', (tx, at) => {
    const site = ctx.db.get<{ id: string; name: string; archived_at: string | null }>(sql`SELECT id, name, archived_at FROM sites WHERE id = ${input.siteId}`);
    if (!site) throw notFound('Site', input.siteId);
    if (site.archived_at) throw refused(`“${site.name}” is archived: restore it before changing its cadence.`);
    const { today } = workspaceToday(ctx);
    const before = siteSchedule(ctx, site.id);
    const rrule = input.rrule ?? defaultRrule(ctx);
    let firstDue: LocalDate;
    try {
      firstDue = nextPeriodicDue(rrule, today, today);
    } catch (e) {
      throw invalid('rrule', (e as Error).message);
    }
    const open = openReview(ctx, site.id, 'periodic');
    recordEdit(
      tx,
      ctx,
      at,
      {
        entity: 'review',
        entityId: site.id,
        siteId: site.id,
        action: input.rrule === null ? 'review-schedule-reset' : 'review-schedule',
        summary: `Periodic reviews of “${site.name}”: ${describeRrule(rrule)}${input.rrule === null ? ' (the playbook default; the site’s own cadence is archived)' : ''} (was ${describeRrule(before.rrule)}${before.isDefault ? ', the playbook default' : ''})${open ? `; next due ${firstDue}` : ''}`,
        before: { rrule: before.rrule, ownCadence: !before.isDefault, nextDue: open?.due_on ?? null },
        after: { rrule, ownCadence: input.rrule !== null, nextDue: open ? firstDue : null },
      },
      () => invalid('rrule', `Periodic reviews of “${site.name}” already follow ${describeRrule(rrule)}${open ? ` and the next is due ${firstDue}` : ''}: nothing to change.`),
      () => {
        // Back to the playbook default: the site's own cadence is archived, never deleted, so it stays on
        // record; setting an own cadence again brings the row back.
        if (input.rrule === null) {
          tx.update(reviewSchedules)
            .set({ archivedAt: at, updatedAt: at, version: sql`${reviewSchedules.version} + 1` })
            .where(sql`site_id = ${site.id} AND archived_at IS NULL`)
            .run();
        } else {
          tx.insert(reviewSchedules)
            .values({ id: newId(), createdAt: at, updatedAt: at, siteId: site.id, rrule, startOn: today })
            .onConflictDoUpdate({ target: reviewSchedules.siteId, set: { rrule, startOn: today, archivedAt: null, updatedAt: at, version: sql`${reviewSchedules.version} + 1` } })
            .run();
        }
        // The open periodic review moves to the new cadence's first day.
        if (open) tx.update(reviews).set({ dueOn: firstDue, reason: `Cadence ${describeRrule(rrule)}.`, updatedAt: at, version: open.version + 1 }).where(sql`id = ${open.id}`).run();
      },
    );
    return { id: site.id };
  });
  return scheduleOf(ctx, input.siteId);
}

/** For the first-week checklist item, per site: its latest first-week review. One query for any number of sites. */
export function firstWeekFacts(ctx: Pick<HandlerContext, 'db'>, siteIds: string[] | 'all'): Map<string, FirstWeekFact> {
  const filter = siteIds === 'all' ? sql`` : sql`AND site_id IN (${sql.join(siteIds.map((id) => sql`${id}`), sql`, `)})`;
  const rows = ctx.db.all<{ site_id: string; due_on: string; done_at: string | null; done_by: string | null; skipped_at: string | null; skip_reason: string | null }>(
    sql`SELECT site_id, due_on, done_at, done_by, skipped_at, skip_reason FROM reviews WHERE kind = 'first_week' ${filter} ORDER BY created_at, id`,
  );
  // Later rows overwrite earlier ones: the latest review of each site wins.
  return new Map(rows.map((r) => [r.site_id, { dueOn: r.due_on, doneAt: r.done_at, doneBy: r.done_by, skippedAt: r.skipped_at, skipReason: r.skip_reason }]));
}
