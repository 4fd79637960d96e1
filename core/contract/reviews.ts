import { z } from 'zod';
import { REVIEW_AREAS } from '../activity/vocabulary';
import { REVIEW_KINDS } from '../playbook/schema';
import { Id, LocalDateField, optionalNote, overrideReasonField, requiredNote, Timestamp } from './fields';

export const REVIEW_STATES = ['upcoming', 'due', 'overdue', 'done', 'skipped'] as const;
export const ReviewState = z.enum(REVIEW_STATES);

export const Review = z.object({
  id: Id,
  siteId: Id,
  siteName: z.string(),
  clientName: z.string(),
  kind: z.enum(REVIEW_KINDS),
  reason: z.string(),
  dueOn: z.string(),
  state: ReviewState,
  /** Days past due (overdue), 0 when due today, negative when upcoming. */
  daysLate: z.number().int(),
  ownerId: Id.nullable(),
  /** True while nobody assigned the review: its owner is the site's owner for that kind of review. */
  ownerFollowsMatrix: z.boolean(),
  ownerName: z.string().nullable(),
  ownerEmail: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  doneAt: Timestamp.nullable(),
  doneBy: z.string().nullable(),
  notes: z.string().nullable(),
  findings: z.string().nullable(),
  skippedAt: Timestamp.nullable(),
  skippedBy: z.string().nullable(),
  skipReason: z.string().nullable(),
  /** Operators whose access waits for this (before-new-users) review. */
  waitingOperators: z.array(z.object({ id: Id, name: z.string() })),
  version: z.number().int(),
});
export type Review = z.infer<typeof Review>;

export const ReviewCounts = z.object({ overdue: z.number().int(), due: z.number().int(), upcoming: z.number().int() });

export const ReviewList = z.object({
  today: z.string(),
  timeZone: z.string(),
  rows: z.array(Review),
  total: z.number().int(),
  /** Open reviews in the whole portfolio (for the owner filter applied), whatever the state filter. */
  counts: ReviewCounts,
});

export const ReviewSchedule = z.object({
  siteId: Id,
  rrule: z.string(),
  /** True when the site follows the playbook's default cadence. */
  isDefault: z.boolean(),
  defaultRrule: z.string(),
  startOn: z.string(),
  next: z.array(z.string()),
});

const Rrule = z
  .string({ error: 'Recurrence is required.' })
  .trim()
  .regex(/^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*$/, { error: 'Write the recurrence as an RFC 5545 rule such as FREQ=MONTHLY;INTERVAL=3.' });

const Versioned = z.object({ id: Id, version: z.number().int() });

export const reviewsContract = {
  'reviews.list': {
    input: z.object({
      siteId: Id.optional(),
      states: z.array(ReviewState).default(['due', 'overdue']),
      ownerId: Id.optional(),
      unassigned: z.boolean().default(false),
      kinds: z.array(z.enum(REVIEW_KINDS)).optional(),
      /** Upcoming reviews only within this many days (open states only). */
      withinDays: z.number().int().min(0).max(3660).optional(),
      search: z.string().trim().max(200).optional(),
      groupBy: z.enum(['date', 'owner']).default('date'),
      limit: z.number().int().min(1).max(1000).default(200),
      offset: z.number().int().min(0).default(0),
    }),
    output: ReviewList,
  },
  'reviews.forSite': { input: z.object({ siteId: Id }), output: z.object({ reviews: z.array(Review), schedule: ReviewSchedule }) },
  'reviews.complete': {
    input: Versioned.extend({
      notes: requiredNote('Notes', 4000),
      findings: optionalNote('Findings', 4000),
      /** Needed to finish a first-week review before its week is over. */
      overrideReason: overrideReasonField(),
    }),
    output: z.object({ review: Review, next: Review.nullable() }),
  },
  /**
   * Completes a first-week review from its review screen: what was found in each of the five things it
   * looks at, and notes. Refused while a finding of the site is still open (confirm or dismiss it first).
   */
  'reviews.completeFirstWeek': {
    input: Versioned.extend({
      areas: z
        .array(z.object({ area: z.enum(REVIEW_AREAS), found: requiredNote('What was found', 2000) }))
        .length(REVIEW_AREAS.length, { error: `Say what was found in each of the ${REVIEW_AREAS.length} things the review looks at.` }),
      notes: requiredNote('Notes', 4000),
      overrideReason: overrideReasonField(),
    }),
    output: z.object({ review: Review, next: Review.nullable() }),
  },
  'reviews.skip': { input: Versioned.extend({ reason: requiredNote('Reason', 1000) }), output: z.object({ review: Review, next: Review.nullable() }) },
  'reviews.snooze': { input: Versioned.extend({ until: LocalDateField }), output: Review },
  /** ownerId null: follow the site's owner matrix again. */
  'reviews.assign': { input: Versioned.extend({ ownerId: Id.nullable() }), output: Review },
  'reviews.setSchedule': { input: z.object({ siteId: Id, rrule: Rrule.nullable() }), output: ReviewSchedule },
  'reviews.summary': { input: z.object({ ownerId: Id.optional() }).default({}), output: ReviewCounts.extend({ today: z.string() }) },
  'reviews.calendar': {
    input: z.object({ ownerId: Id.optional() }).default({}),
    output: z.object({ fileName: z.string(), content: z.string(), events: z.number().int() }),
  },
} as const;
