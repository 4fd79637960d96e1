/**
 * Reviews, lifecycle: what people do to a planned review (complete it, skip it, snooze it, assign it)
 * and to a site's periodic cadence. Finishing a review plans the next one (reviews-plan.ts); reading
 * reviews is in reviews.ts.
 */
import { sql } from 'drizzle-orm';
import { REVIEW_AREA_LABEL, REVIEW_AREAS } from '@core/activity/vocabulary';
import type { ParsedInputOf } from '@core/contract/index';
import type { Review } from '@core/contract/reviews';
import { OVERRIDE_REASON_MIN_LENGTH, visibleLength } from '@core/contract/fields';
import {
  addLocalDays,
  daysBetween,
  describeRrule,
  earliestSnooze,
  effectiveDue,
  nextPeriodicDue,
  REVIEW_KIND_LABEL,
  type LocalDate,
} from '@core/domain/cadence';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { WritableDb } from '@db/client';
import { newId } from '@db/ids';
import { gateOverrides, reviews, reviewSchedules } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange, type ChangeRecord } from './change-log';
import { notFound, refused, refusedOn, staleVersion } from './errors';
import { assertNoOpenFindings } from './findings';
import { requireSiteForWrite } from './records';
import { defaultRrule, getReview, openReview, scheduleOf, siteSchedule, workspaceToday } from './reviews';
import { ensureNextPlanned } from './reviews-plan';

type Tx = WritableDb;

function openForChange(ctx: HandlerContext, id: string, version: number): Review {
  const r = getReview(ctx, id);
  if (r.version !== version) throw staleVersion('Review of', r.siteName);
  if (r.state === 'done' || r.state === 'skipped') throw refused(`This ${REVIEW_KIND_LABEL[r.kind].toLowerCase()} of “${r.siteName}” is already ${r.state}.`);
  return r;
}

/** The gate name under which an early first-week review is listed with the other overrides. */
export const EARLY_FIRST_WEEK_GATE = 'First-week review';

/**
 * Finishes a review (done or skipped) and plans the next. `also` writes what a kind records beside
 * the review in the same transaction (the first-week review's area notes, reviews-first-week.ts).
 */
export function finishReview(
  ctx: WriteContext,
  input: { id: string; version: number },
  how: 'done' | 'skipped',
  fields: { notes?: string; findings?: string | null; reason?: string; overrideReason?: string | null },
  also?: (tx: Tx, at: string, review: Review) => void,
) {
  let nextId: string | null = null;
  mutate(ctx, 'review', (tx, at) => {
    const r = openForChange(ctx, input.id, input.version);
    // A first-week review is done only once each of its findings is confirmed or dismissed.
    if (how === 'done' && r.kind === 'first_week') assertNoOpenFindings(ctx, r.siteId, r.siteName);
    // Operators' access waits for a before-new-users review: skipping it lets them in unreviewed, so it is an override.
    if (how === 'skipped' && r.kind === 'before_new_users' && r.waitingOperators.length > 0) {
      if (visibleLength(fields.reason ?? '') < OVERRIDE_REASON_MIN_LENGTH) {
        throw refusedOn(
          'reason',
          `Skipping this review lets ${r.waitingOperators.map((o) => o.name).join(', ')} in without it: say why in at least ${OVERRIDE_REASON_MIN_LENGTH} characters.`,
        );
      }
      tx.insert(gateOverrides)
        .values({
          id: newId(),
          createdAt: at,
          updatedAt: at,
          siteId: r.siteId,
          gate: SKIPPED_BEFORE_NEW_USERS_GATE,
          action: `Before-new-users review skipped; waiting: ${r.waitingOperators.map((o) => o.name).join(', ')}`,
          reasons: `Their access waited for the review (due ${r.dueOn}).`,
          overrideReason: fields.reason!,
          actor: ctx.actor,
          at,
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
          throw new WorkbenchError(
            ErrorCode.REFUSED,
            `The first week of “${r.siteName}” is not over until ${r.dueOn}: review it then, or give an override reason.`,
            {
              issues: [{ path: 'overrideReason', message: `The week ends on ${r.dueOn}: say why the review cannot wait, or finish it then.` }],
            },
          );
        }
        tx.insert(gateOverrides)
          .values({
            id: newId(),
            createdAt: at,
            updatedAt: at,
            siteId: r.siteId,
            gate: EARLY_FIRST_WEEK_GATE,
            action: `First-week review finished on ${today}, before its week was over (${r.dueOn})`,
            reasons: `The first week of the pilot ends on ${r.dueOn}.`,
            overrideReason: fields.overrideReason,
            actor: ctx.actor,
            at,
          })
          .run();
      }
    }
    also?.(tx, at, r);
    // A finished review keeps the owner it had, whatever the owner matrix says later.
    const set =
      how === 'done'
        ? { doneAt: at, doneBy: ctx.actor, notes: fields.notes!, findings: fields.findings ?? null, ownerId: r.ownerId }
        : { skippedAt: at, skippedBy: ctx.actor, skipReason: fields.reason!, ownerId: r.ownerId };
    tx.update(reviews)
      .set({ ...set, updatedAt: at, version: r.version + 1 })
      .where(sql`id = ${r.id}`)
      .run();
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

/**
 * Completes any review but the first-week one, which is completed only from its own screen
 * (`reviews.completeFirstWeek`, reviews-first-week.ts) with a note on each of the five things it
 * looks at: completing it here would leave its report without them. Refused before anything is written.
 */
export function completeReview(ctx: WriteContext, input: ParsedInputOf<'reviews.complete'>) {
  const r = getReview(ctx, input.id);
  if (r.kind === 'first_week') {
    const areas = REVIEW_AREAS.map((a) => REVIEW_AREA_LABEL[a].toLowerCase());
    throw refused(
      `The first-week review of “${r.siteName}” is completed from its own screen (site > First week), which asks what was found in ${areas.slice(0, -1).join(', ')} and ${areas.at(-1)}.`,
    );
  }
  return finishReview(ctx, input, 'done', { notes: input.notes, findings: input.findings, overrideReason: input.overrideReason });
}

export function skipReview(ctx: WriteContext, input: ParsedInputOf<'reviews.skip'>) {
  return finishReview(ctx, input, 'skipped', { reason: input.reason });
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
function recordEdit(
  tx: Tx,
  ctx: WriteContext,
  at: string,
  change: ChangeRecord & { before: unknown; after: unknown },
  nothingChanged: () => WorkbenchError,
  write: () => void,
): void {
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
      () =>
        tx
          .update(reviews)
          .set({ snoozedUntil: input.until, updatedAt: at, version: r.version + 1 })
          .where(sql`id = ${r.id}`)
          .run(),
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
      const p = ctx.db.get<{ name: string; active: number; archived_at: string | null }>(
        sql`SELECT name, active, archived_at FROM people WHERE id = ${input.ownerId}`,
      );
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
      () =>
        invalid('ownerId', input.ownerId ? `The review is already assigned to ${name}: choose someone else.` : 'The review already follows the owner matrix.'),
      () =>
        tx
          .update(reviews)
          .set({ ownerId: input.ownerId, updatedAt: at, version: r.version + 1 })
          .where(sql`id = ${r.id}`)
          .run(),
    );
    return { id: r.id };
  });
  return getReview(ctx, input.id);
}

export function setSchedule(ctx: WriteContext, input: ParsedInputOf<'reviews.setSchedule'>) {
  mutate(ctx, 'review', (tx, at) => {
    const site = requireSiteForWrite(ctx, input.siteId, 'changing its cadence');
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
      () =>
        invalid(
          'rrule',
          `Periodic reviews of “${site.name}” already follow ${describeRrule(rrule)}${open ? ` and the next is due ${firstDue}` : ''}: nothing to change.`,
        ),
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
            .onConflictDoUpdate({
              target: reviewSchedules.siteId,
              set: { rrule, startOn: today, archivedAt: null, updatedAt: at, version: sql`${reviewSchedules.version} + 1` },
            })
            .run();
        }
        // The open periodic review moves to the new cadence's first day.
        if (open)
          tx.update(reviews)
            .set({ dueOn: firstDue, reason: `Cadence ${describeRrule(rrule)}.`, updatedAt: at, version: open.version + 1 })
            .where(sql`id = ${open.id}`)
            .run();
      },
    );
    return { id: site.id };
  });
  return scheduleOf(ctx, input.siteId);
}
