/** Saved views of the Sites list: a name and the list's filters. */
import { z } from 'zod';
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

/** A view's filters as a URL query (`stage=pilot&gaps=1`). */
const ViewQuery = z
  .string()
  .max(2000)
  .refine((q) => !q.includes('token='), { error: 'A view cannot store an access token.' })
  .superRefine((q, ctx) => {
    for (const message of viewQueryProblems(q)) ctx.addIssue({ code: 'custom', message });
  })
  .meta({ title: 'View filters' });

export const viewsContract = {
  'views.list': { input: z.object({}).default({}), output: z.array(SavedView) },
  'views.save': {
    input: z.object({ name: requiredText('View name', 80), query: ViewQuery }),
    output: z.array(SavedView),
  },
  /** Replaces a saved view's filters with the list's current ones (its name stays). */
  'views.update': { input: z.object({ id: Id, query: ViewQuery }), output: z.array(SavedView) },
  'views.remove': { input: z.object({ id: Id }), output: z.array(SavedView) },
} as const;
