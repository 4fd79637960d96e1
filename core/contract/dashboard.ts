import { z } from 'zod';
import { FIX_PLACES } from '../domain/blocker-fix';
import { ROLLOUT_STAGES } from '../domain/stages';
import { textProblems } from '../domain/text-rules';
import { Id, requiredText, Timestamp } from './fields';

/**
 * A view's filters are one line of `key=value` pairs whose values are what was typed in one-line
 * filter fields: the one-line text rule holds for the query as stored and for each decoded pair
 * (a percent-encoded NUL or line break is the same character once the view is opened).
 */
function viewQueryProblems(query: string): string[] {
  const label = 'A filter of this view';
  const raw = textProblems(label, query, 'one-line');
  if (raw.length > 0) return raw;
  const decoded = new Set<string>();
  for (const [key, value] of new URLSearchParams(query)) {
    for (const problem of textProblems(label, `${key}=${value}`, 'one-line')) decoded.add(problem);
  }
  return [...decoded];
}

export const SavedView = z.object({ id: Id, name: z.string(), query: z.string(), createdAt: Timestamp });

export const Portfolio = z.object({
  byStage: z.array(z.object({ stage: z.enum(ROLLOUT_STAGES), count: z.number().int() })),
  /** Active sites whose next stage is blocked by a readiness gate. */
  blocked: z.number().int(),
  /**
   * Every reason that blocks a next stage, most sites first (owner names and figures removed so
   * reasons group; the text is what the Sites list's `reason` filter takes), with the sites it is the
   * only reason for and where it is fixed.
   */
  topReasons: z.array(z.object({ reason: z.string(), sites: z.number().int(), onlyReasonSites: z.number().int(), fix: z.enum(FIX_PLACES) })),
  ownerGaps: z.number().int(),
  incomplete: z.number().int(),
  /** Active sites with high-risk activity paused by a pause record (not the rollout stage Paused). */
  pausedSites: z.number().int(),
  /** The latest of those pauses (at most 50). */
  paused: z.array(z.object({ siteId: Id, siteName: z.string(), reason: z.string(), pausedAt: Timestamp })),
  /** Active sites with at least one open incident, and how many open incidents they have. */
  incidentSites: z.number().int(),
  openIncidentCount: z.number().int(),
  /** The most severe and latest of those incidents (at most 50). */
  openIncidents: z.array(z.object({ id: Id, siteId: Id, siteName: z.string(), title: z.string(), severity: z.string(), occurredAt: Timestamp })),
});

/** A view's filters as a URL query (`stage=pilot&gaps=1`). */
const ViewQuery = z
  .string()
  .max(2000)
  .refine((q) => !q.includes('token='), { error: 'A view cannot store an access token.' })
  .superRefine((q, ctx) => {
    for (const message of viewQueryProblems(q)) ctx.addIssue({ code: 'custom', message });
  })
  .meta({ title: 'View filters' });

export const dashboardContract = {
  'dashboard.portfolio': { input: z.object({}).default({}), output: Portfolio },
  'views.list': { input: z.object({}).default({}), output: z.array(SavedView) },
  'views.save': {
    input: z.object({ name: requiredText('View name', 80), query: ViewQuery }),
    output: z.array(SavedView),
  },
  /** Replaces a saved view's filters with the list's current ones (its name stays). */
  'views.update': { input: z.object({ id: Id, query: ViewQuery }), output: z.array(SavedView) },
  'views.remove': { input: z.object({ id: Id }), output: z.array(SavedView) },
} as const;
