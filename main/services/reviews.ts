/**
 * Reviews, reading: the review lists (by day or owner, with counts), a site's reviews and cadence, and
 * the facts other rules read from reviews. Planning reviews is in reviews-plan.ts; completing,
 * skipping, snoozing, assigning and a site's cadence in reviews-lifecycle.ts. Reviews are planned by
 * cadence rules (site created, pilot started, hosting changed, operator added in pilot or adoption,
 * periodic RRULE), then done with notes or skipped with a reason; finishing one plans the next. Due
 * days are calendar days in the workspace time zone (core/domain/cadence.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { Review } from '@core/contract/reviews';
import {
  addLocalDays,
  daysBetween,
  effectiveDue,
  localDate,
  REVIEW_OWNER_RESPONSIBILITIES,
  reviewStateOn,
  upcomingOccurrences,
  type LocalDate,
  type ReviewKind,
} from '@core/domain/cadence';
import type { FirstWeekFact } from '@core/domain/readiness';
import { allOf, inList, likePattern, live, searchMatch } from '@db/queries/sql';
import type { HandlerContext } from '../rpc/context';
import { notFound } from './errors';
import { currentCadences } from './playbook-items';
import { requireSite } from './records';
import { getSettings } from './settings';

/** An open review: neither done nor skipped. */
export const OPEN = sql`r.done_at IS NULL AND r.skipped_at IS NULL`;
const EFFECTIVE = sql`max(r.due_on, coalesce(r.snoozed_until, r.due_on))`;

/** The workspace playbook's current default cadence for a kind of review (edited and imported like SOPs). */
export function cadence(ctx: Pick<HandlerContext, 'db'>, kind: ReviewKind) {
  return currentCadences(ctx).find((c) => c.kind === kind)!;
}

export function defaultRrule(ctx: Pick<HandlerContext, 'db'>): string {
  return cadence(ctx, 'periodic').rrule ?? 'FREQ=MONTHLY;INTERVAL=3';
}

/** Today's date in the workspace time zone (the zone reviews are due in), that zone, and the clock's instant. Not the `.ics` calendar of `reviews.calendar`. */
export function workspaceToday(ctx: Pick<HandlerContext, 'db' | 'clock'>): { today: LocalDate; timeZone: string; now: Date } {
  // Only the zone: without the device, the settings skip finding who "you" are.
  const timeZone = getSettings({ db: ctx.db }).timeZone;
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
// The owner of one responsibility, when an active person holds it: one probe of the unique index of
// live assignments (owner_assignments_one_per_responsibility), so a portfolio of reviews stays cheap.
const responsibilityOwner = (responsibility: string) =>
  `(SELECT oa.owner_id FROM owner_assignments oa JOIN people mp ON mp.id = oa.owner_id
    WHERE oa.site_id = rv.site_id AND oa.responsibility = '${responsibility}' AND oa.archived_at IS NULL AND mp.active = 1 AND mp.archived_at IS NULL)`;
// The first responsibility of the kind's list that an active person holds.
const MATRIX_OWNER = sql.raw(
  `CASE rv.kind ${Object.entries(REVIEW_OWNER_RESPONSIBILITIES)
    .map(([kind, rs]) => `WHEN '${kind}' THEN ${rs.length === 1 ? responsibilityOwner(rs[0]!) : `coalesce(${rs.map(responsibilityOwner).join(', ')})`}`)
    .join(' ')} END`,
);

const REVIEWS = sql`(SELECT rv.*, coalesce(rv.owner_id, ${MATRIX_OWNER}) AS eff_owner FROM reviews rv)`;

const FROM = sql`FROM ${REVIEWS} r JOIN sites s ON s.id = r.site_id JOIN clients c ON c.id = s.client_id LEFT JOIN people p ON p.id = r.eff_owner`;

const SELECT = sql`SELECT r.id, r.site_id, s.name AS site_name, c.name AS client_name, r.kind, r.reason, r.due_on, r.eff_owner AS owner_id,
  r.owner_id IS NOT NULL AS owner_explicit, p.name AS owner_name, p.email AS owner_email, r.snoozed_until, r.done_at, r.done_by, r.notes, r.findings,
  r.skipped_at, r.skipped_by, r.skip_reason, r.version`;

function toReviews(ctx: HandlerContext, rows: ReviewRow[], today: LocalDate): Review[] {
  const waiting = new Map<string, { id: string; name: string }[]>();
  const ids = rows.filter((r) => r.kind === 'before_new_users').map((r) => r.id);
  if (ids.length) {
    const links = ctx.db.all<{ review_id: string; id: string; name: string }>(
      sql`SELECT ro.review_id, o.id, p.name FROM review_operators ro JOIN operators o ON o.id = ro.operator_id JOIN people p ON p.id = o.person_id
          WHERE ro.review_id IN ${inList(ids)} AND ${live('o')} ORDER BY p.name COLLATE NOCASE`,
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
      state: reviewStateOn(timing, today),
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
  const row = ctx.db.get<ReviewRow>(sql`${SELECT} ${FROM} WHERE r.id = ${id}`);
  if (!row) throw notFound('Review', id);
  return toReviews(ctx, [row], workspaceToday(ctx).today)[0]!;
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
  const parts: SQL[] = [live('s')];
  // Reviews of a site are shown on the site whatever its stage; portfolio lists leave retired sites out.
  if (q.siteId) parts.push(sql`r.site_id = ${q.siteId}`);
  else parts.push(sql`s.stage <> 'retired'`);
  const states = q.states.length ? q.states : (['overdue', 'due', 'upcoming', 'done', 'skipped'] as const);
  // Open states only: said once outside the OR, with the latest due day that can match (a snooze only
  // moves a review later), so the open reviews' index on due_on (reviews_open_due) finds them.
  if (states.every((st) => st === 'overdue' || st === 'due' || st === 'upcoming')) {
    parts.push(OPEN);
    const last = states.includes('upcoming') ? upcomingUntil : today;
    if (last !== null) parts.push(sql`r.due_on <= ${last}`);
  }
  parts.push(
    sql`(${sql.join(
      states.map((s) => stateCondition(s, today, upcomingUntil, q.finishedSince ?? null)),
      sql` OR `,
    )})`,
  );
  if (q.unassigned) parts.push(sql`r.eff_owner IS NULL`);
  else if (q.ownerId) parts.push(sql`r.eff_owner = ${q.ownerId}`);
  if (q.kinds?.length) parts.push(sql`r.kind IN ${inList(q.kinds)}`);
  if (q.search) {
    const like = likePattern(q.search);
    parts.push(
      sql`(${searchMatch(sql`s.name`, like)} OR ${searchMatch(sql`c.name`, like)} OR ${searchMatch(sql`r.reason`, like)} OR ${searchMatch(sql`p.name`, like)})`,
    );
  }
  return allOf(parts);
}

/** Open reviews first by the day they are due, then finished ones newest first. */
const ORDER_BY_DATE = sql`ORDER BY (${OPEN}) DESC, CASE WHEN ${OPEN} THEN ${EFFECTIVE} END ASC, coalesce(r.done_at, r.skipped_at) DESC, s.name COLLATE NOCASE, r.id`;
const ORDER_BY_OWNER = sql`ORDER BY (r.eff_owner IS NOT NULL), p.name COLLATE NOCASE, r.eff_owner, (${OPEN}) DESC, CASE WHEN ${OPEN} THEN ${EFFECTIVE} END ASC, coalesce(r.done_at, r.skipped_at) DESC, s.name COLLATE NOCASE, r.id`;

export function queryReviews(ctx: HandlerContext, q: ReviewQuery, page?: { limit: number; offset: number; groupBy: 'date' | 'owner' }) {
  const { today, timeZone } = workspaceToday(ctx);
  const where = whereFor(q, today);
  const order = page?.groupBy === 'owner' ? ORDER_BY_OWNER : ORDER_BY_DATE;
  const limit = page ? sql`LIMIT ${page.limit} OFFSET ${page.offset}` : sql``;
  // A page counts every match in the same pass; only a page past the end asks again.
  const rows = ctx.db.all<ReviewRow & { matches: number }>(
    sql`${SELECT}, ${page ? sql`count(*) OVER ()` : sql`NULL`} AS matches ${FROM} WHERE ${where} ${order} ${limit}`,
  );
  const total = page ? (rows[0]?.matches ?? ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n ${FROM} WHERE ${where}`)!.n) : rows.length;
  return { today, timeZone, rows: toReviews(ctx, rows, today), total };
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
          WHERE ${OPEN} AND r.due_on <= ${week} AND s.archived_at IS NULL AND s.stage <> 'retired' ${owner})`)!;
  return { today, overdue: c.overdue ?? 0, due: c.due ?? 0, upcoming: c.upcoming ?? 0 };
}

export function listReviews(ctx: HandlerContext, input: ParsedInputOf<'reviews.list'>) {
  const result = queryReviews(ctx, input, { limit: input.limit, offset: input.offset, groupBy: input.groupBy });
  const counts = reviewCounts(ctx, input.unassigned ? undefined : input.ownerId);
  return { ...result, counts: { overdue: counts.overdue, due: counts.due, upcoming: counts.upcoming } };
}

export function siteSchedule(ctx: HandlerContext, siteId: string): { rrule: string; startOn: LocalDate; isDefault: boolean } {
  const own = ctx.db.get<{ rrule: string; start_on: string }>(
    sql`SELECT rrule, start_on FROM review_schedules WHERE site_id = ${siteId} AND archived_at IS NULL`,
  );
  if (own) return { rrule: own.rrule, startOn: own.start_on, isDefault: false };
  const site = ctx.db.get<{ created_at: string }>(sql`SELECT created_at FROM sites WHERE id = ${siteId}`);
  if (!site) throw notFound('Site', siteId);
  return { rrule: defaultRrule(ctx), startOn: localDate(new Date(site.created_at), getSettings(ctx).timeZone), isDefault: true };
}

export function scheduleOf(ctx: HandlerContext, siteId: string) {
  const s = siteSchedule(ctx, siteId);
  const { today } = workspaceToday(ctx);
  return {
    siteId,
    rrule: s.rrule,
    isDefault: s.isDefault,
    defaultRrule: defaultRrule(ctx),
    startOn: s.startOn,
    next: upcomingOccurrences(s.rrule, s.startOn, today, 4),
  };
}

export function reviewsForSite(ctx: HandlerContext, siteId: string) {
  requireSite(ctx, siteId);
  const { rows } = queryReviews(ctx, { siteId, states: [] });
  return { reviews: rows, schedule: scheduleOf(ctx, siteId) };
}

/** Open reviews an operator's SophMate access waits for (before-new-users reviews of their site). */
export function reviewsBlockingOperator(ctx: Pick<HandlerContext, 'db'>, operatorId: string): { dueOn: string }[] {
  return ctx.db.all<{ dueOn: string }>(
    sql`SELECT r.due_on AS dueOn FROM review_operators ro JOIN reviews r ON r.id = ro.review_id WHERE ro.operator_id = ${operatorId} AND ${OPEN}`,
  );
}

/** The open review of a kind on a site, if any (at most one per kind is open). */
export function openReview(ctx: Pick<HandlerContext, 'db'>, siteId: string, kind: ReviewKind) {
  return ctx.db.get<{ id: string; reason: string; due_on: string; version: number }>(
    sql`SELECT id, reason, due_on, version FROM reviews r WHERE site_id = ${siteId} AND kind = ${kind} AND ${OPEN}`,
  );
}

/** For the first-week checklist item, per site: its latest first-week review. One query for any number of sites. */
export function firstWeekFacts(ctx: Pick<HandlerContext, 'db'>, siteIds: string[] | 'all'): Map<string, FirstWeekFact> {
  const filter = siteIds === 'all' ? sql`` : sql`AND site_id IN ${inList(siteIds)}`;
  const rows = ctx.db.all<{
    site_id: string;
    due_on: string;
    done_at: string | null;
    done_by: string | null;
    skipped_at: string | null;
    skip_reason: string | null;
  }>(sql`SELECT site_id, due_on, done_at, done_by, skipped_at, skip_reason FROM reviews WHERE kind = 'first_week' ${filter} ORDER BY created_at, id`);
  // Later rows overwrite earlier ones: the latest review of each site wins.
  return new Map(rows.map((r) => [r.site_id, { dueOn: r.due_on, doneAt: r.done_at, doneBy: r.done_by, skippedAt: r.skipped_at, skipReason: r.skip_reason }]));
}
