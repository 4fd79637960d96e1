/**
 * `reviews.completeFirstWeek`: the first-week review completed from its screen: what was found in
 * each of the five things it looks at (review_area_notes), and the review done with its notes and a
 * plain summary of its findings, through the same completion as every review (reviews-lifecycle.ts),
 * which also refuses while a finding is open.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import { FINDING_CATEGORIES, FINDING_CATEGORY_LABEL, REVIEW_AREA_LABEL, REVIEW_AREAS, type FindingCategory } from '@core/activity/vocabulary';
import { REVIEW_KIND_LABEL } from '@core/domain/cadence';
import { newId } from '@db/ids';
import { reviewAreaNotes } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { recordChange } from './change-log';
import { refused, refusedOn } from './errors';
import { getReview } from './reviews';
import { finishReview } from './reviews-lifecycle';

/** The findings of a site by category, in plain words, for the review's `findings` text that every reader shows. */
export function findingsSummary(ctx: HandlerContext, siteId: string): string {
  const rows = ctx.db.all<{ category: FindingCategory; status: string; n: number }>(
    sql`SELECT category, status, count(*) AS n FROM findings WHERE site_id = ${siteId} GROUP BY category, status`,
  );
  if (rows.length === 0) return 'No findings.';
  const parts = FINDING_CATEGORIES.flatMap((c) => {
    const of = rows.filter((r) => r.category === c);
    if (!of.length) return [];
    const confirmed = of.find((r) => r.status === 'confirmed')?.n ?? 0;
    const dismissed = of.find((r) => r.status === 'dismissed')?.n ?? 0;
    const open = of.find((r) => r.status === 'open')?.n ?? 0;
    const detail = [confirmed && `${confirmed} confirmed`, dismissed && `${dismissed} dismissed`, open && `${open} open`].filter(Boolean).join(', ');
    return [`${FINDING_CATEGORY_LABEL[c]}: ${detail}`];
  });
  return `${parts.join('; ')}.`;
}

export function completeFirstWeek(ctx: WriteContext, input: ParsedInputOf<'reviews.completeFirstWeek'>) {
  const r = getReview(ctx, input.id);
  if (r.kind !== 'first_week') {
    throw refused(`This review is the ${REVIEW_KIND_LABEL[r.kind].toLowerCase()} of “${r.siteName}”, not its first-week review: complete it from Reviews.`);
  }
  const missing = REVIEW_AREAS.filter((a) => !input.areas.some((x) => x.area === a));
  if (missing.length) {
    throw refusedOn('areas', `Say what was found in ${missing.map((a) => REVIEW_AREA_LABEL[a]).join(', ')}: each of the five things needs its note.`);
  }
  return finishReview(
    ctx,
    input,
    'done',
    { notes: input.notes, findings: findingsSummary(ctx, r.siteId), overrideReason: input.overrideReason },
    (tx, at, review) => {
      for (const area of REVIEW_AREAS) {
        const found = input.areas.find((x) => x.area === area)!.found;
        tx.insert(reviewAreaNotes).values({ id: newId(), createdAt: at, updatedAt: at, reviewId: review.id, area, found }).run();
      }
      recordChange(tx, ctx, at, {
        entity: 'review',
        entityId: review.id,
        siteId: review.siteId,
        action: 'review-areas',
        summary: `First-week review of “${review.siteName}”: ${REVIEW_AREAS.map((a) => `${REVIEW_AREA_LABEL[a]}: ${input.areas.find((x) => x.area === a)!.found}`).join('; ')}`,
        after: Object.fromEntries(input.areas.map((x) => [x.area, x.found])),
      });
    },
  );
}
