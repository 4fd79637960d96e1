/**
 * Reviews in the scale profile, planned and finished as main/services/reviews-plan.ts and
 * reviews-lifecycle.ts do (the same cadence rules from core/domain/cadence.ts, the same rows and
 * history entries), on the seed's in-memory view of each site instead of reading it back.
 */
import { REVIEW_AREA_LABEL, type ReviewArea } from '@core/activity/vocabulary';
import {
  addLocalDays,
  describeRrule,
  localDate,
  nextPeriodicAfter,
  nextPeriodicDue,
  REVIEW_KIND_LABEL,
  REVIEW_OWNER_RESPONSIBILITIES,
  type ReviewKind,
} from '@core/domain/cadence';
import type { Responsibility } from '@core/domain/responsibilities';
import type { OpenReview, ScaleEnv, ScaleSite } from './scale-env';

const days = new Map<string, string>();
/**
 * The workspace's day at `at`. Time zones differ from UTC by whole quarter hours, so the day is the
 * same all through a quarter hour: it is worked out once per quarter hour, not once per record.
 */
export function today(env: ScaleEnv, at: string): string {
  const quarter = Math.floor(Date.parse(at) / 900_000);
  const key = `${env.refs.timeZone} ${quarter}`;
  let day = days.get(key);
  if (day === undefined) {
    day = localDate(new Date(quarter * 900_000), env.refs.timeZone);
    days.set(key, day);
  }
  return day;
}

/** Plans a review, or joins the open one of the same kind (planReview in reviews-plan.ts). */
export function planReview(env: ScaleEnv, site: ScaleSite, at: string, kind: ReviewKind, reason: string, dueOn: string, operatorId?: string): void {
  const { w } = env;
  const existing = site.open.get(kind);
  if (existing) {
    const joined = existing.reason.includes(reason) ? existing.reason : `${existing.reason}; then ${reason}`;
    const due = dueOn < existing.dueOn ? dueOn : existing.dueOn;
    if (joined !== existing.reason || due !== existing.dueOn) {
      existing.version++;
      w.update('reviews', existing.id, { reason: joined, due_on: due, updated_at: at, version: existing.version });
      existing.reason = joined;
      existing.dueOn = due;
    }
    if (operatorId) {
      w.insert('review_operators', { id: env.w.id(at), created_at: at, updated_at: at, version: 1, review_id: existing.id, operator_id: operatorId });
      existing.operators.push(operatorId);
    }
    w.change(at, {
      entity: 'review',
      entityId: existing.id,
      siteId: site.id,
      action: 'review-extend',
      summary: `${REVIEW_KIND_LABEL[kind]} of “${site.name}” (due ${due}) now also covers: ${reason}`,
    });
    return;
  }
  const id = env.w.id(at);
  w.insert('reviews', { id, created_at: at, updated_at: at, version: 1, site_id: site.id, kind, reason, due_on: dueOn });
  const review: OpenReview = { id, kind, reason, dueOn, version: 1, createdAt: at, operators: [] };
  if (operatorId) {
    w.insert('review_operators', { id: env.w.id(at), created_at: at, updated_at: at, version: 1, review_id: id, operator_id: operatorId });
    review.operators.push(operatorId);
  }
  site.open.set(kind, review);
  if (kind === 'first_week') site.firstWeek = { dueOn, doneAt: null, doneBy: null, skippedAt: null, skipReason: null };
  w.change(at, {
    entity: 'review',
    entityId: id,
    siteId: site.id,
    action: 'review-plan',
    summary: `${REVIEW_KIND_LABEL[kind]} of “${site.name}” planned for ${dueOn}: ${reason}`,
    after: { kind, dueOn },
  });
}

/** The review's owner by the owner matrix, kept when it is finished (REVIEW_OWNER_RESPONSIBILITIES). */
function matrixOwner(site: ScaleSite, kind: ReviewKind): string | null {
  for (const r of REVIEW_OWNER_RESPONSIBILITIES[kind]) {
    const a = site.owners.get(r as Responsibility);
    if (a) return a.owner.id;
  }
  return null;
}

/** The next periodic review once none is open (ensureNextPlanned in reviews-plan.ts). */
export function ensureNextPlanned(env: ScaleEnv, site: ScaleSite, at: string, finished?: { kind: ReviewKind; dueOn: string }): void {
  if (site.stage === 'retired' || site.archivedAt) return;
  if (site.open.has('initial_setup') || site.open.has('periodic')) return;
  const day = today(env, at);
  const startOn = today(env, site.createdAt);
  const rrule = env.refs.rrule;
  const dueOn = finished?.kind === 'periodic' ? nextPeriodicAfter(rrule, startOn, finished.dueOn, day) : nextPeriodicDue(rrule, startOn, day);
  planReview(env, site, at, 'periodic', `Cadence ${describeRrule(rrule)}.`, dueOn);
}

/**
 * Finishes the open review of `kind` (finishReview in reviews-lifecycle.ts), done with notes or
 * skipped with a reason. A first-week review is done only with what was found in each of its five
 * areas (`areas`), written first as completeFirstWeek (reviews-first-week.ts) does.
 */
export function finishReview(
  env: ScaleEnv,
  site: ScaleSite,
  kind: ReviewKind,
  how: 'done' | 'skipped',
  text: string,
  findings: string | null = null,
  areas: readonly { area: ReviewArea; found: string }[] = [],
): void {
  const r = site.open.get(kind);
  if (!r) return;
  if (how === 'done' && kind === 'first_week' && areas.length === 0) throw new Error('A first-week review is done with a note on each of its five areas.');
  const { w, actor } = env;
  const at = env.next();
  if (how === 'done' && kind === 'first_week') {
    for (const { area, found } of areas) {
      w.insert('review_area_notes', { id: w.id(at), created_at: at, updated_at: at, version: 1, review_id: r.id, area, found });
    }
    w.change(at, {
      entity: 'review',
      entityId: r.id,
      siteId: site.id,
      action: 'review-areas',
      summary: `First-week review of “${site.name}”: ${areas.map((a) => `${REVIEW_AREA_LABEL[a.area]}: ${a.found}`).join('; ')}`,
      after: Object.fromEntries(areas.map((a) => [a.area, a.found])),
    });
  }
  const ownerId = matrixOwner(site, kind);
  const set = how === 'done' ? { doneAt: at, doneBy: actor, notes: text, findings, ownerId } : { skippedAt: at, skippedBy: actor, skipReason: text, ownerId };
  r.version++;
  w.update(
    'reviews',
    r.id,
    how === 'done'
      ? { done_at: at, done_by: actor, notes: text, findings, owner_id: ownerId, updated_at: at, version: r.version }
      : { skipped_at: at, skipped_by: actor, skip_reason: text, owner_id: ownerId, updated_at: at, version: r.version },
  );
  site.open.delete(kind);
  if (kind === 'first_week' && site.firstWeek) {
    site.firstWeek = how === 'done' ? { ...site.firstWeek, doneAt: at, doneBy: actor } : { ...site.firstWeek, skippedAt: at, skipReason: text };
  }
  const label = REVIEW_KIND_LABEL[kind];
  w.change(at, {
    entity: 'review',
    entityId: r.id,
    siteId: site.id,
    action: how === 'done' ? 'review-done' : 'review-skip',
    summary:
      how === 'done'
        ? `${label} of “${site.name}” (due ${r.dueOn}) done${findings ? ` with findings: ${findings}` : ''}`
        : `${label} of “${site.name}” (due ${r.dueOn}) skipped: ${text}`,
    after: set,
  });
  ensureNextPlanned(env, site, at, { kind, dueOn: r.dueOn });
}

/** Every open review of a retired site is skipped, in one history entry (onStageChanged in reviews-plan.ts). */
export function skipForRetirement(env: ScaleEnv, site: ScaleSite, at: string): void {
  const open = [...site.open.values()];
  for (const r of open) {
    r.version++;
    env.w.update('reviews', r.id, { skipped_at: at, skipped_by: env.actor, skip_reason: 'The site was retired.', updated_at: at, version: r.version });
    if (r.kind === 'first_week' && site.firstWeek) site.firstWeek = { ...site.firstWeek, skippedAt: at, skipReason: 'The site was retired.' };
  }
  site.open.clear();
  if (open.length)
    env.w.change(at, {
      entity: 'review',
      entityId: site.id,
      siteId: site.id,
      action: 'review-skip',
      summary: `${open.length} open review(s) of “${site.name}” skipped: the site was retired`,
    });
}

export const dueAfter = (env: ScaleEnv, at: string, kind: ReviewKind) => addLocalDays(today(env, at), env.refs.offsets[kind]);
